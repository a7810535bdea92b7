"""Data subject requests: lifecycle, verification, execution against the data map."""
