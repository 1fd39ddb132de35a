"""A corpus of hostile and malformed input against every write endpoint and every list.

Each request must be answered with a 4xx error in the standard JSON shape: never a 5xx, never an
HTML page, and nothing written. Operations that take no body (DELETE, workflow actions) get the
path corpus (unknown and malformed ids); the lists get the query corpus.
"""

import json

import pytest

from briefings.models import Actor, Brief, Claim, Comment, Location
from tests.api.conftest import url
from tests.reliability.conftest import UNKNOWN_ID, assert_json_client_error

pytestmark = pytest.mark.django_db

JSON = "application/json"
MULTIPART_BODY = b'--xyz\r\nContent-Disposition: form-data; name="name"\r\n\r\nDelta Front\r\n--xyz--\r\n'
DEEP = 100_000

# (case, raw body, content type, expected status): the same for every operation that reads a body.
RAW_BODIES = [
    ("malformed_json", b'{"name": "Delta', JSON, 400),
    ("trailing_garbage", b'{"name": "Delta"} }', JSON, 400),
    ("form_encoded", b"name=Delta+Front&kind=armed_group", "application/x-www-form-urlencoded", 415),
    ("multipart", MULTIPART_BODY, "multipart/form-data; boundary=xyz", 415),
    ("text_plain", b"name: Delta Front", "text/plain", 415),
    ("xml", b"<actor><name>Delta</name></actor>", "application/xml", 415),
    ("invalid_utf8", b'{"name": "Delta \xff\xfe Front"}', JSON, 400),
    ("lone_surrogate_escape", b'{"name": "\\ud800"}', JSON, 400),
    ("nan", b'{"name": "Delta", "latitude": NaN}', JSON, 400),
    ("infinity", b'{"name": "Delta", "latitude": Infinity}', JSON, 400),
    ("negative_infinity", b'{"name": "Delta", "credibility": -Infinity}', JSON, 400),
    ("top_level_array", b'[{"name": "Delta Front", "kind": "armed_group"}]', JSON, 400),
    ("top_level_string", b'"Delta Front"', JSON, 400),
    ("top_level_null", b"null", JSON, 400),
    ("nested_100k_arrays", b"[" * DEEP + b"]" * DEEP, JSON, 400),
    ("nested_100k_objects", b'{"a":' * DEEP + b"1" + b"}" * DEEP, JSON, 400),
]

COUNTS = (Actor, Location, Brief, Claim, Comment)


def _valid_bodies(world) -> dict[str, dict]:
    """A valid body per resource, the base the field-level corruptions start from."""
    return {
        "actors": {"name": "Delta Front", "kind": "armed_group"},
        "locations": {"name": "Wadi Saqr", "kind": "village", "latitude": 36.0, "longitude": 42.0},
        "briefs": {"title": "Delta Front shells the ridge road", "body": "Shelling was reported on Monday."},
        "claims": {"brief": str(world["brief"].pk), "statement": "Delta Front shelled the road.", "kind": "attack"},
        "comments": {"brief": str(world["brief"].pk), "kind": "analysis", "body": "The road is the supply line."},
    }


# Operations that read a JSON body: (name, method, path builder).
BODY_OPERATIONS = [
    *[(f"create {resource}", "post", resource, None) for resource in ("actors", "locations", "briefs", "claims")],
    ("create comments", "post", "comments", None),
    *[
        (f"{verb} {resource}", verb, resource, key)
        for resource, key in (
            ("actors", "actor"),
            ("locations", "location"),
            ("briefs", "draft"),
            ("claims", "claim"),
            ("comments", "comment"),
        )
        for verb in ("put", "patch")
    ],
    ("ingest", "post", "briefs/ingest", None),
    ("import stix", "post", "import/stix", None),
]


def _path(resource: str, key: str | None, world) -> str:
    return url(resource, world[key].pk) if key else f"/api/v1/{resource}/"


def _snapshot() -> tuple:
    return tuple(
        (model.objects.count(), max(model.objects.values_list("version", flat=True), default=0)) for model in COUNTS
    )


@pytest.mark.parametrize(
    ("operation", "method", "resource", "key"), BODY_OPERATIONS, ids=[op[0] for op in BODY_OPERATIONS]
)
@pytest.mark.parametrize(("case", "body", "content_type", "status"), RAW_BODIES, ids=[case[0] for case in RAW_BODIES])
def test_malformed_bodies_are_rejected(
    superuser_client, world, operation, method, resource, key, case, body, content_type, status
):
    before = _snapshot()
    response = getattr(superuser_client, method)(_path(resource, key, world), body, content_type=content_type)
    assert_json_client_error(response, status=status)
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("operation", "method", "resource", "key"), BODY_OPERATIONS, ids=[op[0] for op in BODY_OPERATIONS]
)
def test_bodies_over_the_limit_are_413(settings, superuser_client, world, operation, method, resource, key):
    settings.BRIEFINGS_MAX_BODY_BYTES = 1024
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = b'{"name": "' + b"x" * 4096 + b'"}'
    response = getattr(superuser_client, method)(_path(resource, key, world), body, content_type=JSON)
    assert_json_client_error(response, status=413)


def test_the_default_limit_refuses_three_mebibytes(superuser_client):
    body = b'{"name": "' + b"x" * (3 * 1024 * 1024) + b'", "kind": "person"}'
    response = superuser_client.post("/api/v1/actors/", body, content_type=JSON)
    assert_json_client_error(response, status=413)
    assert not Actor.objects.exists()


# Field-level corruptions of a valid body: (case, resource, change).
FIELD_CASES = [
    *[
        (f"nul_in_{field}", resource, {field: "Delta\x00Front"})
        for resource, field in (
            ("actors", "name"),
            ("actors", "description"),
            ("locations", "name"),
            ("briefs", "title"),
            ("briefs", "body"),
            ("claims", "statement"),
            ("comments", "body"),
        )
    ],
    ("nul_in_alias", "actors", {"aliases": ["D.F.\x00"]}),
    *[
        (f"overlong_{field}", resource, {field: "x" * 100_000})
        for resource, field in (
            ("actors", "name"),
            ("locations", "name"),
            ("briefs", "title"),
            ("briefs", "source_url"),
            ("claims", "claimant_text"),
        )
    ],
    ("overlong_alias", "actors", {"aliases": ["x" * 100_000]}),
    ("many_aliases_overlong", "locations", {"aliases": ["y" * 5000] * 50}),
    ("unknown_publisher", "briefs", {"publisher": UNKNOWN_ID}),
    ("malformed_publisher", "briefs", {"publisher": "not-an-id"}),
    ("integer_publisher", "briefs", {"publisher": 7}),
    ("unknown_mentioned_actor", "briefs", {"actors": [UNKNOWN_ID]}),
    ("malformed_mentioned_location", "briefs", {"locations": ["../../etc/passwd"]}),
    ("unknown_parent", "locations", {"parent": UNKNOWN_ID}),
    ("unknown_relation_target", "actors", {"relations": [{"kind": "allied_with", "target": UNKNOWN_ID}]}),
    ("unknown_brief", "claims", {"brief": UNKNOWN_ID}),
    ("malformed_brief", "comments", {"brief": "' OR 1=1 --"}),
    ("unknown_claim_actor", "claims", {"actors": [{"actor": UNKNOWN_ID, "role": "subject"}]}),
    ("unknown_link_target", "claims", {"links": [{"kind": "corroborates", "target": UNKNOWN_ID}]}),
    ("latitude_91", "locations", {"latitude": 91, "longitude": 42}),
    ("longitude_181", "locations", {"latitude": 36, "longitude": 181}),
    ("latitude_without_longitude", "locations", {"latitude": 36, "longitude": None}),
    ("latitude_as_string", "locations", {"latitude": "north"}),
    ("geonames_overflow", "locations", {"geonames_id": 10**30}),
    ("credibility_overflow", "claims", {"credibility": 10**30}),
    ("credibility_out_of_range", "claims", {"credibility": 7}),
    ("span_overflow", "claims", {"span_start": 2**63, "span_end": 2**64}),
    ("negative_span", "claims", {"quote": "x", "span_start": -5, "span_end": -4}),
    ("dates_reversed", "claims", {"occurred_start": "2024-05-30", "occurred_end": "2024-05-01"}),
    ("impossible_date", "claims", {"occurred_start": "2024-02-30"}),
    ("year_overflow", "briefs", {"published_at": "99999-01-01T00:00:00Z"}),
    ("javascript_url", "briefs", {"source_url": "javascript:alert(1)"}),
    ("file_url", "briefs", {"source_url": "file:///etc/passwd"}),
    ("unknown_enum", "actors", {"kind": "cabal"}),
    ("object_for_string", "actors", {"name": {"$ne": ""}}),
    ("list_for_string", "comments", {"body": ["a", "b"]}),
    ("bool_for_number", "locations", {"latitude": True}),
    ("country_not_iso", "actors", {"country": "XX"}),
    ("status_in_body_only_field_wrong_type", "briefs", {"language": 12}),
]


@pytest.mark.parametrize(("case", "resource", "change"), FIELD_CASES, ids=[case[0] for case in FIELD_CASES])
@pytest.mark.parametrize("method", ["post", "patch"])
def test_invalid_fields_are_400(superuser_client, world, case, resource, change, method):
    keys = {"actors": "actor", "locations": "location", "briefs": "draft", "claims": "claim", "comments": "comment"}
    before = _snapshot()
    body = {**_valid_bodies(world)[resource], **change}
    path = url(resource) if method == "post" else url(resource, world[keys[resource]].pk)
    response = getattr(superuser_client, method)(path, body, format="json")
    assert_json_client_error(response, status=400)
    assert _snapshot() == before


@pytest.mark.parametrize(
    "body",
    [
        {"text": "Fighting near the ridge.\x00"},
        {"text": "x" * 100, "publisher": UNKNOWN_ID},
        {"text": "x" * 100, "published_at": "yesterday"},
        {"text": "x" * 100, "title": "t" * 10_000},
        {"text": ""},
        {"text": 12},
        {},
    ],
    ids=["nul", "unknown_publisher", "bad_date", "overlong_title", "empty", "number", "missing"],
)
def test_ingest_rejects_invalid_fields(superuser_client, world, body):
    before = _snapshot()
    assert_json_client_error(superuser_client.post("/api/v1/briefs/ingest/", body, format="json"), status=400)
    assert _snapshot() == before


BAD_IDS = [UNKNOWN_ID, "not-a-uuid", "-6.39e-06", "9" * 400, "%00", "..%2F..%2Fadmin", "1' OR '1'='1"]
DETAIL_OPERATIONS = [
    *[
        (method, resource)
        for resource in ("actors", "locations", "briefs", "claims", "comments")
        for method in (
            "get",
            "put",
            "patch",
            "delete",
        )
    ],
    *[("get", f"{resource}/{{id}}/history") for resource in ("actors", "locations", "briefs", "claims", "comments")],
    *[("post", f"briefs/{{id}}/{action}") for action in ("submit", "publish", "retract")],
    ("get", "briefs/{id}/stix"),
]


@pytest.mark.parametrize(("method", "template"), DETAIL_OPERATIONS, ids=[f"{m} {t}" for m, t in DETAIL_OPERATIONS])
@pytest.mark.parametrize("bad_id", BAD_IDS, ids=["unknown", "malformed", "float", "huge", "nul", "traversal", "sql"])
def test_unknown_and_malformed_ids_in_the_path_are_json_404(superuser_client, method, template, bad_id):
    path = f"/api/v1/{template.replace('{id}', bad_id)}/" if "{id}" in template else f"/api/v1/{template}/{bad_id}/"
    response = getattr(superuser_client, method)(path, {"name": "x"}, format="json")
    assert_json_client_error(response, status=404)


LISTS = ["actors", "locations", "briefs", "claims", "comments", "claims/geojson", "locations/geojson"]
QUERY_CASES = [
    ("claims", "credibility=99999999999999999999"),
    ("claims", "credibility=-1"),
    ("comments", "author=99999999999999999999"),
    ("comments", "author=-3"),
    ("comments", "author=abc"),
    ("briefs", "publisher=99999999999999999999"),
    ("briefs", "status=deleted"),
    ("briefs", "published_after=2024-13-45"),
    ("briefs", "published_after=2024-06-01T00:00:00Z&published_before=2024-05-01T00:00:00Z"),
    ("claims", "occurred_after=0000-00-00"),
    ("claims", "brief=not-a-uuid"),
    ("locations", "bbox=0,91,10,95"),
    ("locations", "bbox=0,0,10"),
    ("locations", "bbox=nan,0,10,10"),
    ("locations", "within=%00"),
    ("actors", "country=ZZZ"),
    ("actors", "search=" + "x" * 5000),
    ("actors", "search=nul%00byte"),
    ("briefs", "search=nul%00byte"),
    ("claims", "search=nul%00byte"),
    *[(resource, "limit=-1") for resource in LISTS],
    *[(resource, "limit=abc") for resource in LISTS],
    *[(resource, "limit=0") for resource in LISTS],
    *[(resource, "offset=-5") for resource in LISTS],
    *[(resource, "offset=1.5") for resource in LISTS],
    *[(resource, "updated_since=") for resource in LISTS],
    *[(resource, "updated_since=not-a-date") for resource in LISTS],
]


@pytest.mark.parametrize(("resource", "query"), QUERY_CASES, ids=[f"{r}?{q[:40]}" for r, q in QUERY_CASES])
def test_invalid_query_parameters_are_400(superuser_client, world, resource, query):
    assert_json_client_error(superuser_client.get(f"/api/v1/{resource}/?{query}"), status=400)


@pytest.mark.parametrize("resource", LISTS)
@pytest.mark.parametrize("query", ["limit=" + "9" * 30, "offset=" + "9" * 30, "limit=100000&offset=" + "9" * 30])
def test_huge_page_windows_are_capped_not_errors(superuser_client, world, resource, query):
    """DESIGN: a larger limit is capped at 500; an offset past the end is an empty page."""
    response = superuser_client.get(f"/api/v1/{resource}/?{query}")
    assert response.status_code == 200, response.content[:300]


@pytest.mark.parametrize("resource", LISTS)
def test_unknown_query_parameters_are_ignored_consistently(superuser_client, world, resource):
    plain = superuser_client.get(f"/api/v1/{resource}/")
    with_unknown = superuser_client.get(f"/api/v1/{resource}/?colour=red&__proto__=x&status[$ne]=draft")
    assert plain.status_code == with_unknown.status_code == 200
    assert plain.content == with_unknown.content


@pytest.mark.parametrize(
    ("resource", "component", "change"),
    [
        ("briefs", "V1BriefsCreatePublisherErrorComponent", {"publisher": "not-an-id"}),
        ("actors", "V1ActorsCreateCountryErrorComponent", {"country": "XX"}),
        ("briefs", "V1BriefsCreateLanguageErrorComponent", {"language": "not a tag"}),
        (
            "actors",
            "V1ActorsCreateRelationsINDEXTargetErrorComponent",
            {"relations": [{"kind": "opposes", "target": 7}]},
        ),
    ],
)
def test_error_bodies_match_the_documented_error_components(superuser_client, world, resource, component, change):
    """Generated clients parse error bodies by the schema: each error's attr and code must be documented."""
    import re

    schema = json.loads(superuser_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content)
    documented = schema["components"]["schemas"][component]["properties"]
    response = superuser_client.post(url(resource), {**_valid_bodies(world)[resource], **change}, format="json")
    errors = assert_json_client_error(response, status=400)["errors"]
    attr_schema = documented["attr"]
    matching = [
        error
        for error in errors
        if error["attr"] in attr_schema.get("enum", []) or re.match(attr_schema.get("pattern", "^$"), error["attr"])
    ]
    assert matching, (errors, attr_schema)
    assert all(error["code"] in documented["code"]["enum"] for error in matching), (errors, documented["code"])
