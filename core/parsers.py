"""The API's parsers: DRF's, refusing bodies nested deeper than any request of the API needs,
and multipart bodies with a file whose name is unusable (core/uploads.py).

Python's json module recurses once per level of nesting: 100,000 `[` raise RecursionError (a
500 from DRF's parser, which catches ValueError only), and a body just under the interpreter's
limit would still recurse through validation and error rendering. No body of the API nests
more than a few levels (a pledge's milestones: 3), so anything deeper than MAX_DEPTH is a 400.
"""
from django.http.multipartparser import MultiPartParserError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from . import uploads

MAX_DEPTH = 64
TOO_DEEP = format_lazy(_("JSON 嵌套层数过多（最多 {limit} 层）。"), limit=MAX_DEPTH)


def depth_exceeds(value, limit: int = MAX_DEPTH) -> bool:
    """True when `value` (parsed JSON) nests lists and objects more than `limit` levels deep;
    iterative, so it never recurses itself."""
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, (list, dict)):
            if level > limit:
                return True
            stack.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return False


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(TOO_DEEP) from None
        if depth_exceeds(data):
            raise ParseError(TOO_DEEP)
        return data


class MultiPartParser(parsers.MultiPartParser):
    """DRF's multipart parser on core.uploads' Django parser: a file named `..` is a 400
    naming it, not a file silently missing."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {})["request"]
        meta = {**request.META, "CONTENT_TYPE": media_type}
        try:
            data, files = uploads.MultiPartParser(meta, stream, request.upload_handlers,
                                                  parsers.get_encoding(parser_context)).parse()
        except uploads.UnusableFileName as exc:
            raise ParseError(str(exc)) from None
        except MultiPartParserError as exc:
            raise ParseError(f"Multipart form parse error - {exc}") from None
        return parsers.DataAndFiles(data, files)
