"""vernly.engine"""
