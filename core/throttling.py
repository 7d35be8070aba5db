"""API throttles that fail open: when the cache (Redis) is down the API keeps answering rather
than turning every request into a 500. Login lockout (django-axes) keeps its state in the
database, so brute force stays bounded even then."""
import logging

from rest_framework import throttling

log = logging.getLogger(__name__)


class FailOpenMixin:
    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception:  # the cache is unreachable
            log.warning("throttle cache unavailable; request allowed", exc_info=False)
            return True


class AnonRateThrottle(FailOpenMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(FailOpenMixin, throttling.UserRateThrottle):
    pass
