"""What cycles announce to the apps above them, which own the consequences (pledges owns due
dates). Sent inside the service's transaction, so a receiver's writes commit or roll back with it."""
from django.dispatch import Signal

# sent by cycles.services.cycle_update with `cycle` and `pledge_deadline` (a date)
pledge_deadline_changed = Signal()
