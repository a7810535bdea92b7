"""vernly.cli"""
