"""Ballots: surveys, one-time codes, anonymous ballots, aggregates and charts (SPEC section 10)."""
