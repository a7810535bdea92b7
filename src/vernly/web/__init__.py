"""vernly.web"""
