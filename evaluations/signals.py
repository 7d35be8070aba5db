"""What evaluations announce to the apps above them, which own the consequences (boards owns
publishing). Sent inside the service's transaction, so a receiver's writes commit or roll back with
it; work that must see the committed change (a publish) is started with transaction.on_commit."""
from django.dispatch import Signal

# sent by evaluations.services.quarter_release with `cycle`, `quarter` and `actor`
quarter_released = Signal()
