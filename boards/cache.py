"""The public boards' cache: a cache that is down (Redis stopped) must never take the public
pages down with it, so every call here swallows cache errors and the caller falls back to the
database snapshot."""
from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict

from django.core.cache import cache

log = logging.getLogger(__name__)
TTL = 3600  # keys name immutable content (a version, a feedback revision): nothing goes stale
# The live pointer is the one mutable entry: deleted when it changes, and short-lived besides, so
# a change made while the cache could not be reached shows within seconds.
POINTER_TTL = 5


def _key(*parts) -> str:
    return "board:" + ":".join(str(p) for p in parts)


# Entries other than the live pointer name immutable content, so each process also keeps the
# most recent ones in memory: a hot public page then costs no round trip to Redis.
LOCAL_ENTRIES = 128
_local: OrderedDict = OrderedDict()
_local_lock = threading.Lock()


def _remember(key: str, value) -> None:
    with _local_lock:
        _local[key] = value
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


# The live pointer is also kept in memory, for LOCAL_POINTER_TTL seconds only.
LOCAL_POINTER_TTL = 1.0
_pointers: dict = {}


def get(*parts):
    key = _key(*parts)
    immutable = parts[0] != "live"
    if immutable:
        with _local_lock:
            if key in _local:
                _local.move_to_end(key)
                return _local[key]
    else:
        held = _pointers.get(key)
        if held is not None and held[0] > time.monotonic():
            return held[1]
    try:
        value = cache.get(key)
    except Exception:  # the cache is an optimisation: any failure is a miss
        log.warning("board cache unavailable (get)", exc_info=False)
        return None
    if immutable and value is not None:
        _remember(key, value)
    elif value is not None:
        _pointers[key] = (time.monotonic() + LOCAL_POINTER_TTL, value)
    return value


def put(value, *parts, ttl: int = TTL) -> None:
    key = _key(*parts)
    if parts[0] != "live":
        _remember(key, value)
    else:
        _pointers[key] = (time.monotonic() + LOCAL_POINTER_TTL, value)
    try:
        cache.set(key, value, ttl)
    except Exception:
        log.warning("board cache unavailable (set)", exc_info=False)



def forget_live(code: str, year: int) -> None:
    """Drop the cached live pointer of a board (after it changed)."""
    _pointers.pop(_key("live", code, year), None)
    try:
        cache.delete(_key("live", code, year))
    except Exception:
        log.warning("board cache unavailable (delete)", exc_info=False)


def clear_local() -> None:
    """Forget what this process keeps in memory (tests start from a clean slate)."""
    with _local_lock:
        _local.clear()
    _pointers.clear()
