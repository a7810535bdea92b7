"""vernly.ledger"""
