"""Cadre records: supervision information and error tolerance (SPEC section 12)."""
