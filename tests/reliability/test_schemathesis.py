"""Property-based tests of the whole API from its OpenAPI schema (schemathesis, in process).

Every operation of `/api/schema/` is called with generated requests, positive (schema-valid) and
negative, as a superuser, and every schemathesis check runs: no server error, status codes and
content types the schema documents, response bodies that match it, schema-valid requests
accepted, schema-violating ones rejected, authentication enforced. A stateful test then chains
operations through the links schemathesis infers (create, then read / change / delete the record).

The schema cannot say that a reference must name an existing record, that a box's minimum is
below its maximum, or which objects STIX 2.1 allows, so positive cases are brought in line with
those domain rules by the `map_case` hook below (data generation, not a relaxed check): ids in
bodies are replaced by ids of records made in the `references` fixture, `bbox` values are
clamped and ordered, STIX bundles carry a valid object.

Operations are separate pytest items, so `pytest -n 2` spreads them over workers.
"""

import datetime as dt
import itertools
import uuid

import pytest
import schemathesis
import stix2
from django.core.exceptions import ValidationError
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test
from rest_framework.authtoken.models import Token
from schemathesis.generation.modes import GenerationMode

from briefings.api.schema import EXAMPLE_IDS
from briefings.services.matching import normalize
from briefings.validators import validate_http_url
from config.wsgi import application
from tests.conftest import make_user
from tests.factories import make_actor, make_brief, make_claim, make_location
from tests.reliability.conftest import assert_json_client_error

EXAMPLES_PER_OPERATION = 50
STATEFUL_STEPS = 10
STATEFUL_EXAMPLES = 10

with override_settings(BRIEFINGS_THROTTLE_ANON=None, BRIEFINGS_THROTTLE_USER=None):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


def _fixed_ids(kind: str, *known: str) -> list[str]:
    """Three record ids of one kind: the schema examples' ids first, then stable made-up ones."""
    extra = [str(uuid.uuid5(uuid.NAMESPACE_URL, f"schemathesis/{kind}/{index}")) for index in range(3)]
    return [*known, *extra][:3]


# Ids of the records the `references` fixture creates, by kind. Fixed in advance: schemathesis draws
# its coverage-phase cases (through `map_case`) when the test is collected, before any fixture runs.
REFERENCES: dict[str, list[str]] = {
    "actor": _fixed_ids("actor", EXAMPLE_IDS["actor"], EXAMPLE_IDS["publisher"]),
    "location": _fixed_ids("location", EXAMPLE_IDS["location"], EXAMPLE_IDS["parent"]),
    "brief": _fixed_ids("brief", EXAMPLE_IDS["brief"]),
    "claim": _fixed_ids("claim", EXAMPLE_IDS["claim"]),
}

# Body keys holding a reference, and the kind of record each names. `target` names an actor in actor
# relations and a claim in claim links.
_REFERENCE_KEYS = {
    "publisher": "actor",
    "actor": "actor",
    "actors": "actor",
    "authority": "actor",
    "claimant": "actor",
    "location": "location",
    "locations": "location",
    "parent": "location",
    "brief": "brief",
    "claim": "claim",
}

# Windows whose lower bound must not follow the upper one (a 400 naming the upper parameter).
_ORDERED_QUERY_PAIRS = (("occurred_after", "occurred_before"), ("published_after", "published_before"))


_WIKIDATA_IDS = itertools.count(900_000_001)


def _is_uuid(value) -> bool:
    if not isinstance(value, str):
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _with_known_ids(node, *, target_kind: str, position: int = 0):
    """The body with every well-formed id under a reference key replaced by an existing record's id.

    Items of a list get distinct records (by position) and lists are cut to the number of records,
    so no generated list names one record twice (the unique rules on claim actors, links, ...).
    """
    if isinstance(node, list):
        size = len(REFERENCES["actor"])
        return [_with_known_ids(item, target_kind=target_kind, position=index) for index, item in enumerate(node)][
            :size
        ]
    if not isinstance(node, dict):
        return node
    result = {}
    if any(key in node for key in ("statement", "quote", "span_start", "span_end")):
        # A claim: its quote must be the brief body's text at its span; no quote, no span.
        node = {**node, "quote": ""} | {key: None for key in ("span_start", "span_end") if key in node}
    if isinstance(node.get("aliases"), list) and all(isinstance(name, str) for name in node["aliases"]):
        # One alias per spelling as the matcher normalizes it ("N.R.B." and "nrb" are the same alias).
        spellings = {}
        for name in node["aliases"]:
            spellings.setdefault(normalize(name), name)
        node = {**node, "aliases": list(spellings.values())}
    if isinstance(node.get("wikidata_id"), str) and node["wikidata_id"]:
        node = {**node, "wikidata_id": f"Q{next(_WIKIDATA_IDS)}"}  # unique per actor
    if ("latitude" in node or "longitude" in node) and (node.get("latitude") is None) != (
        node.get("longitude") is None
    ):
        node = {**node, "latitude": node.get("latitude") or 0.0, "longitude": node.get("longitude") or 0.0}
    for start, end in (("start", "end"), ("occurred_start", "occurred_end")):
        if isinstance(node.get(start), str) and isinstance(node.get(end), str) and node[start] > node[end]:
            node = {**node, start: node[end], end: node[start]}  # ISO dates: text order is date order
    for key, value in node.items():
        kind = _REFERENCE_KEYS.get(key) or (target_kind if key == "target" else None)
        if kind and _is_uuid(value):
            result[key] = REFERENCES[kind][position % len(REFERENCES[kind])]
        elif kind and isinstance(value, list) and all(_is_uuid(item) for item in value):
            result[key] = REFERENCES[kind][: len(value)]
        else:
            result[key] = _with_known_ids(value, target_kind=target_kind)
    return result


def _valid_bbox(value: str) -> str:
    """The generated `minlon,minlat,maxlon,maxlat` (schema pattern) clamped to WGS84 and ordered."""
    if not value.strip():
        return value  # empty: no filter
    lon1, lat1, lon2, lat2 = (float(part) for part in value.split(","))
    lon1, lon2 = sorted(max(-180.0, min(180.0, lon)) for lon in (lon1, lon2))
    lat1, lat2 = sorted(max(-90.0, min(90.0, lat)) for lat in (lat1, lat2))
    return ",".join(f"{number:.6f}" for number in (lon1, lat1, lon2, lat2))


def _ordered_windows(query: dict) -> dict:
    """Date windows with the lower bound first (generated dates and date-times are ISO 8601 strings)."""
    query = dict(query)
    for lower, upper in _ORDERED_QUERY_PAIRS:
        low, high = query.get(lower), query.get(upper)
        if isinstance(low, str) and isinstance(high, str):
            try:
                if _parse_instant(low) > _parse_instant(high):
                    query[lower], query[upper] = high, low
            except ValueError:
                continue
    return query


def _parse_instant(value: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _valid_url(value: str) -> str:
    """The generated URL if Django's validator takes it (`format: uri` allows hosts no DNS name can have)."""
    try:
        if value:
            validate_http_url(value)
    except ValidationError:
        return "https://briefs.example.org/generated"
    return value


def _stix_bundle(bundle: dict) -> dict:
    """The generated envelope with one valid STIX object (generated objects follow no type's rules)."""
    stamp = "2024-01-01T00:00:00.000Z"
    object_id = uuid.uuid5(uuid.NAMESPACE_URL, bundle["id"])
    threat_actor = {
        "type": "threat-actor",
        "spec_version": "2.1",
        "id": f"threat-actor--{object_id}",
        "created": stamp,
        "modified": stamp,
        "name": f"Generated group {str(object_id)[:8]}",
    }
    return {**bundle, "objects": [threat_actor]}


@schema.hook
def map_case(context, case):
    """Positive cases follow the domain rules the schema cannot express (see the module docstring)."""
    meta = case.meta
    if meta is not None and meta.generation.mode != GenerationMode.POSITIVE:
        return case
    path = case.operation.path
    if isinstance(case.body, dict | list):
        target_kind = "actor" if path.startswith("/api/v1/actors/") else "claim"
        case.body = _with_known_ids(case.body, target_kind=target_kind)
    if path == "/api/v1/briefs/" and isinstance(case.body, dict) and isinstance(case.body.get("comments"), list):
        # A new brief's comments can only be about its own new claims, whose ids nobody knows yet.
        comments = [{**item, "claim": None} if isinstance(item, dict) else item for item in case.body["comments"]]
        case.body = {**case.body, "comments": comments}
    if path == "/api/v1/locations/{id}/" and isinstance(case.body, dict) and case.body.get("parent"):
        # A known parent may be the location itself or one of its descendants: a cycle, refused with 400.
        case.body = {**case.body, "parent": None}
    if isinstance(case.body, dict) and isinstance(case.body.get("source_url"), str):
        case.body = {**case.body, "source_url": _valid_url(case.body["source_url"])}
    if path == "/api/v1/import/stix/" and isinstance(case.body, dict) and isinstance(case.body.get("id"), str):
        case.body = _stix_bundle(case.body)
    if isinstance(case.query, dict):
        query = _ordered_windows(case.query)
        if isinstance(query.get("bbox"), str):
            query["bbox"] = _valid_bbox(query["bbox"])
        case.query = query
    return case


@pytest.fixture
def references(db):
    """The records `REFERENCES` names (among them those of the schema's request examples), linked up."""
    actor_ids, location_ids, brief_ids, claim_ids = (
        [uuid.UUID(value) for value in REFERENCES[kind]] for kind in ("actor", "location", "brief", "claim")
    )
    actors = [
        make_actor(pk=actor_ids[0], name="Northern Ridge Brigades"),
        make_actor(pk=actor_ids[1], name="Ridge News Agency", kind="media_outlet"),
        make_actor(pk=actor_ids[2], name="Eastern Valley Militia"),
    ]
    district = make_location(pk=location_ids[1], name="Hamra District", kind="district", country="IQ")
    village = make_location(pk=location_ids[0], name="Tal Hamra", parent=district, latitude=36.2, longitude=42.1)
    make_location(pk=location_ids[2], name="Qasr Nur", latitude=35.1, longitude=43.4, country="IQ")
    brief = make_brief(pk=brief_ids[0], actors=actors[:1], locations=[village])
    make_brief(pk=brief_ids[1])
    make_brief(pk=brief_ids[2])
    make_claim(pk=claim_ids[0], brief=brief, actors=actors[:1], locations=[village])
    make_claim(pk=claim_ids[1], brief=brief)
    make_claim(pk=claim_ids[2], brief=brief)
    return REFERENCES


# The superuser's token key, created by the `superuser_token` fixture. Fixed: schemathesis asks the auth
# provider for it when it draws the coverage-phase cases, at collection time.
TOKEN_KEY = "5c4e3a7f0b9d2e61a8f47c3d9b0e2a5f6d1c8b47"


@schema.auth(refresh_interval=None)
class SuperuserToken:
    """Token authentication as a schemathesis auth provider, so its checks know the credentials are real
    (`ignored_auth` then also sends the request without them, and with invalid ones, expecting 401)."""

    def get(self, case, context):
        return TOKEN_KEY

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Token {data}"}


@pytest.fixture
def in_process_requests():
    """Requests through the WSGI app share the test's connection and transaction, as Django's test client's do.

    Django closes "old" connections when a request starts and finishes; with the PostgreSQL pool that
    hands the test's connection back mid-transaction. The test client detaches that handler; so do we.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def superuser_token(references, in_process_requests):
    user = make_user("fuzzer", is_staff=True, is_superuser=True)
    return Token.objects.create(user=user, key=TOKEN_KEY).key


@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api(case, superuser_token):
    case.call_and_validate()


def test_stateful(superuser_token):
    """Chains of calls along the inferred links (a created record is then read, changed, deleted)."""
    run_state_machine_as_test(
        schema.as_state_machine(),
        settings=settings(
            max_examples=STATEFUL_EXAMPLES,
            stateful_step_count=STATEFUL_STEPS,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        ),
    )


def test_generation_hooks_follow_domain_rules():
    """The hook's helpers: distinct known ids, ordered in-range boxes and windows, a bundle stix2 accepts."""
    saved = dict(REFERENCES)
    REFERENCES.update(actor=["a1", "a2", "a3"], location=["l1", "l2", "l3"], brief=["b1"], claim=["c1", "c2"])
    try:
        title = str(uuid.uuid4())
        body = {
            "publisher": str(uuid.uuid4()),
            "actors": [str(uuid.uuid4())] * 2,
            "claims": [{"links": [{"target": str(uuid.uuid4())}, {"target": str(uuid.uuid4())}]}] * 5,
            "title": title,
        }
        assert _with_known_ids(body, target_kind="claim") == {
            "publisher": "a1",
            "actors": ["a1", "a2"],
            "claims": [{"links": [{"target": "c1"}, {"target": "c2"}]}] * 3,
            "title": title,
        }
    finally:
        REFERENCES.update(saved)
    assert _valid_bbox("200,-95,-10.5,3") == "-10.500000,-90.000000,180.000000,3.000000"
    assert _valid_bbox("") == ""
    window = _ordered_windows({"occurred_after": "2189-05-17", "occurred_before": "0179-02-18", "kind": "x"})
    assert window == {"occurred_after": "0179-02-18", "occurred_before": "2189-05-17", "kind": "x"}
    bundle = _stix_bundle({"type": "bundle", "id": f"bundle--{uuid.uuid4()}"})
    stix2.parse(bundle, allow_custom=False, version="2.1")


@pytest.mark.parametrize(
    ("path", "body", "attr", "code"),
    [
        ("/api/v1/locations/", {"name": "Tal Hamra", "kind": "village", "parent": ""}, "parent", "invalid"),
        ("/api/v1/locations/", {"name": "Tal Hamra", "kind": "village", "aliases": [0]}, "aliases.0", "invalid"),
        ("/api/v1/briefs/", {"title": "Ridge road", "body": "Text.", "locations": {}}, "locations", "not_a_list"),
        ("/api/v1/briefs/", {"title": "Ridge road", "body": "Text.", "language": "english"}, "language", None),
        ("/api/v1/briefs/ingest/", {"text": "Text.", "source_url": "ftp://example.org/x"}, "source_url", "invalid"),
    ],
)
def test_findings_stay_fixed(superuser_client, path, body, attr, code):
    """Schema-violating values schemathesis found accepted (or crashing the server) are 400s naming the field."""
    response = superuser_client.post(path, body, format="json")
    errors = assert_json_client_error(response, status=400)["errors"]
    assert any(error["attr"] == attr and code in (None, error["code"]) for error in errors), errors


def test_blank_source_reliability_is_accepted(superuser_client, references):
    """The blank grade the schema allows (`BlankEnum`) is taken, not refused as an invalid choice."""
    claim = REFERENCES["claim"][0]
    response = superuser_client.patch(f"/api/v1/claims/{claim}/", {"source_reliability": ""}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["source_reliability"] == ""


def test_history_rejects_a_negative_offset(superuser_client, references):
    location = REFERENCES["location"][0]
    response = superuser_client.get(f"/api/v1/locations/{location}/history/", {"offset": -1})
    assert {(error["attr"], error["code"]) for error in assert_json_client_error(response, status=400)["errors"]} == {
        ("offset", "min_value")
    }


def test_date_time_filters_take_any_offset_python_reads(superuser_client, references):
    """Offsets beyond PostgreSQL's +-15:59 are converted to UTC first; a time before year 1 in UTC is a 400."""
    response = superuser_client.get("/api/v1/briefs/", {"updated_since": "0323-06-23T17:13:56-19:21"})
    assert response.status_code == 200, response.content
    assert response.json()["count"] == len(REFERENCES["brief"])
    response = superuser_client.get("/api/v1/briefs/", {"updated_since": "0001-01-01T00:00:00+05:00"})
    errors = assert_json_client_error(response, status=400)["errors"]
    assert [(error["attr"], error["code"]) for error in errors] == [("updated_since", "invalid")]
