"""Signals other apps listen to (development raises a must-talk on a `warning` entry)."""
from django.dispatch import Signal

# Sent after the transaction that recorded a supervision entry commits, with `entry=` the
# records.models.SupervisionEntry (official, district, kind, severity, occurred_on, …).
supervision_entry_recorded = Signal()
