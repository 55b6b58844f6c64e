"""The API's JSON parser: bodies nested too deep are a 400 before parsing (bodies over
``DATA_UPLOAD_MAX_MEMORY_SIZE`` are refused before, by ``civic.api.exceptions``).

Python's JSON decoder recurses once per level; a body of a few kilobytes nested a few
thousand levels deep would raise ``RecursionError`` (a 500) in any endpoint, the anonymous
ones included. No civic payload nests more than a few levels.
"""

from __future__ import annotations

import re
from io import BytesIO

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32
_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"', re.S)
_BRACKETS = re.compile(rb"[^\[\]{}]+")


def nesting_depth(body: bytes, *, stop_above: int = MAX_DEPTH) -> int:
    """How deep arrays and objects nest in the JSON ``body`` (strings ignored); counting
    stops as soon as it exceeds ``stop_above``."""
    depth = deepest = 0
    for bracket in _BRACKETS.sub(b"", _STRINGS.sub(b'""', body)):
        depth += 1 if bracket in b"[{" else -1
        if depth > deepest:
            deepest = depth
            if deepest > stop_above:
                break
    return deepest


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        body = stream.read() if stream is not None else b""
        if nesting_depth(body) > MAX_DEPTH:
            raise ParseError(
                _("The JSON is nested too deeply (%(max)d levels at most).") % {"max": MAX_DEPTH}
            )
        return super().parse(BytesIO(body), media_type, parser_context)
