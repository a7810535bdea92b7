"""vernly.policy"""
