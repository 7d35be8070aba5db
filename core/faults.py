"""Named points where tests make a long write fail, to prove a failure leaves the data whole
(publishing a board, computing a cycle).

`checkpoint("publish:before-switch")` does nothing unless the setting FAULT_POINTS names that
point (tests set it); then it raises, or with "sleep:N" pauses N seconds so a test can kill the
worker there."""
import time

from django.conf import settings


class InjectedFault(RuntimeError):
    pass


def checkpoint(name: str) -> None:
    action = getattr(settings, "FAULT_POINTS", {}).get(name)
    if not action:
        return
    if action.startswith("sleep:"):
        time.sleep(float(action.split(":", 1)[1]))
        return
    raise InjectedFault(f"injected fault at {name}")
