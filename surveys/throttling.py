"""The rate limit of ballot submissions, shared by the public API and the phone page."""
from django.conf import settings

from core.throttling import AnonRateThrottle

DEFAULT_BALLOT_RATE = "60/min"


class BallotThrottle(AnonRateThrottle):
    """Ballot submissions per client address (REST_FRAMEWORK's "ballot" rate, API_THROTTLE_BALLOT,
    default 60/min: a meeting room of raters behind one address still gets through; guessing
    80-bit codes is hopeless anyway). Read per request, so tests can lower it."""

    scope = "ballot"

    def get_rate(self):
        return settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).get(self.scope, DEFAULT_BALLOT_RATE)

    def allow_request(self, request, view):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)
