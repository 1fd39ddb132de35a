"""JSON-only request parsing that never turns hostile input into a 500."""

import orjson
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from briefings.api.exceptions import RequestTooLarge


def json_depth_exceeds(value, *, limit: int) -> bool:
    """True when arrays/objects nest deeper than `limit`.

    Iterative on purpose: a recursive walk would itself overflow on hostile input.
    """
    stack = [(value, 1)] if isinstance(value, (dict, list)) else []
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        children = node.values() if isinstance(node, dict) else node
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


class SafeJSONParser(JSONParser):
    """Strict JSON (RFC 8259): rejects NaN/Infinity, invalid UTF-8, oversize bodies and deep nesting.

    orjson raises on documents nested past its own recursion limit instead of overflowing the
    Python stack; the explicit depth limit keeps legitimate payloads far below that.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            raw = stream.read() if stream is not None else b""
        except RequestDataTooBig as exc:
            raise RequestTooLarge() from exc
        if len(raw) > settings.BRIEFINGS_MAX_BODY_BYTES:
            raise RequestTooLarge()
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc
        if json_depth_exceeds(data, limit=settings.BRIEFINGS_MAX_JSON_DEPTH):
            raise ParseError(f"JSON nested deeper than {settings.BRIEFINGS_MAX_JSON_DEPTH} levels.")
        return data
