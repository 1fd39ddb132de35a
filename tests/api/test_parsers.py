"""Unit tests of the JSON parser's defences (the HTTP-level corpus lives with the resources)."""

import io

import pytest
from rest_framework.exceptions import ParseError

from briefings.api.exceptions import RequestTooLarge
from briefings.api.parsers import SafeJSONParser, json_depth_exceeds


def parse(raw: bytes):
    return SafeJSONParser().parse(io.BytesIO(raw))


def test_parses_plain_json():
    assert parse(b'{"title": "x", "n": [1, 2]}') == {"title": "x", "n": [1, 2]}


@pytest.mark.parametrize(
    "raw",
    [b"{", b'{"a": NaN}', b'{"a": Infinity}', b'{"a": "\xff"}', b"", b"[" * 100_000 + b"]" * 100_000],
    ids=["truncated", "nan", "infinity", "invalid-utf8", "empty", "nested-100k"],
)
def test_rejects_bad_json_with_parse_error(raw):
    with pytest.raises(ParseError):
        parse(raw)


def test_rejects_nesting_beyond_the_configured_depth(settings):
    settings.BRIEFINGS_MAX_JSON_DEPTH = 5
    assert parse(b"[[[[[1]]]]]") == [[[[[1]]]]]
    with pytest.raises(ParseError, match="deeper than 5"):
        parse(b"[[[[[[1]]]]]]")


def test_rejects_bodies_over_the_limit(settings):
    settings.BRIEFINGS_MAX_BODY_BYTES = 10
    with pytest.raises(RequestTooLarge):
        parse(b'{"title": "more than ten bytes"}')


def test_depth_check_counts_objects_and_arrays():
    assert not json_depth_exceeds({"a": [{"b": 1}]}, limit=3)
    assert json_depth_exceeds({"a": [{"b": [1]}]}, limit=3)
