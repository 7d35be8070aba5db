"""The public boards' cache: a cache that is down (Redis stopped) must never take the public
pages down with it, so every call here swallows cache errors and the caller falls back to the
database snapshot."""
from __future__ import annotations

import logging

from django.core.cache import cache

log = logging.getLogger(__name__)
TTL = 3600  # keys name immutable content (a version, a feedback revision): nothing goes stale


def _key(*parts) -> str:
    return "board:" + ":".join(str(p) for p in parts)


def get(*parts):
    try:
        return cache.get(_key(*parts))
    except Exception:  # the cache is an optimisation: any failure is a miss
        log.warning("board cache unavailable (get)", exc_info=False)
        return None


def put(value, *parts, ttl: int = TTL) -> None:
    try:
        cache.set(_key(*parts), value, ttl)
    except Exception:
        log.warning("board cache unavailable (set)", exc_info=False)

