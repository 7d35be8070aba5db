"""Public pages as stored, pre-compressed responses (issue 15: slow phones).

A public page is rendered ONCE per content (board version, feedback revision, language, address),
then compressed once with gzip and brotli; the three bodies, a validator (ETag) and the moment
they were made (Last-Modified) are kept in the boards cache under the content's key. A request
then only picks the encoding its Accept-Encoding allows, or answers 304 when the browser already
holds the content: no rendering and no compression per request.
"""
from __future__ import annotations

import gzip
import hashlib
import re

import brotli
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from . import cache

BROTLI_QUALITY = 11  # the best ratio: paid once per version, not per request
GZIP_LEVEL = 9
# Cookie: the language comes from the django_language cookie (core.middleware), so a shared
# cache must keep one copy per cookie as well as per encoding.
VARY = ("Accept-Encoding", "Cookie")
CACHE_CONTROL = "public, no-cache"  # always revalidate: a new version shows at once, else a 304
_TOKEN = re.compile(r"\s*([a-z0-9*-]+)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$", re.IGNORECASE)


def encode(html: str, now: float) -> dict:
    """The stored form of one page: its bodies per encoding, ETag and Last-Modified."""
    raw = html.encode()
    digest = hashlib.sha256(raw).hexdigest()[:32]
    return {
        "identity": raw,
        "gzip": gzip.compress(raw, compresslevel=GZIP_LEVEL, mtime=0),
        "br": brotli.compress(raw, quality=BROTLI_QUALITY),
        # Weak: the three encodings are the same content (RFC 9110 8.8.3).
        "etag": f'W/"{digest}"',
        "modified": int(now),
    }


def accepted(header: str) -> str:
    """The encoding to send for an Accept-Encoding header: br, else gzip, else identity."""
    weights = {}
    for part in (header or "").split(","):
        match = _TOKEN.match(part)
        if match:
            try:
                weights[match.group(1).lower()] = float(match.group(2) or 1)
            except ValueError:
                continue
    star = weights.get("*", 0)
    for name in ("br", "gzip"):
        if weights.get(name, star) > 0:
            return name
    return "identity"


def _fresh(request, entry: dict) -> bool:
    """True when the browser's copy is current (If-None-Match first, else If-Modified-Since)."""
    tags = request.headers.get("If-None-Match")
    if tags is not None:
        ours = entry["etag"].removeprefix("W/")
        return tags.strip() == "*" or ours in {t.strip().removeprefix("W/") for t in tags.split(",")}
    since = parse_http_date_safe(request.headers.get("If-Modified-Since") or "")
    return since is not None and entry["modified"] <= since


def respond(request, entry: dict, *, status: int = 200) -> HttpResponse:
    """The stored page for this request: 304 when fresh, else the best accepted encoding."""
    if status == 200 and request.method in ("GET", "HEAD") and _fresh(request, entry):
        response = HttpResponseNotModified()
    else:
        encoding = accepted(request.headers.get("Accept-Encoding", ""))
        response = HttpResponse(entry[encoding], status=status, content_type="text/html; charset=utf-8")
        if encoding != "identity":
            response["Content-Encoding"] = encoding
    response["ETag"] = quote_etag(entry["etag"]) if not entry["etag"].startswith("W/") else entry["etag"]
    response["Last-Modified"] = http_date(entry["modified"])
    response["Cache-Control"] = CACHE_CONTROL
    patch_vary_headers(response, VARY)
    return response


def stored(parts: tuple, make_html, now: float) -> dict:
    """The stored page named by `parts` (see boards.cache), made with `make_html()` on a miss."""
    entry = cache.get(*parts)
    if entry is None:
        entry = encode(str(make_html()), now)
        cache.put(entry, *parts)
    return entry
