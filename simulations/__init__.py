"""What-if simulation of cycle settings, without any write (SPEC section 11)."""
