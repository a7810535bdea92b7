"""vernly.connectors"""
