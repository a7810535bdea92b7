"""vernly.notices"""
