"""Consent: the ledger of choices, the banner's catalogue, and the decision other systems ask."""
