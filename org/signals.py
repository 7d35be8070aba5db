"""What org announces to the apps above it, which own the consequences (pledges owns due dates).
Sent inside the service's transaction, so a receiver's writes commit or roll back with it."""
from django.dispatch import Signal

# sent by org.services.official_update with `official` when its `appointed_on` changed
appointment_changed = Signal()
