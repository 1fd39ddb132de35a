"""List filters through the HTTP API: parameter names of DESIGN.md section 3, results, errors, query counts.

The FilterSets' semantics are covered in depth by tests/test_filtersets.py; here each parameter
is exercised once through its endpoint, together with what only the API adds: visibility
(filters never reveal what the caller may not see), the JSON error shape naming the parameter,
constant query counts and the parameters' documentation in the served OpenAPI schema.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from briefings.choices import ActorKind, ActorRelationKind, BriefStatus, ClaimActorRole, CommentKind, LocationKind
from briefings.models import ActorRelation
from tests.api.conftest import assert_error, url
from tests.factories import (
    make_actor,
    make_actor_alias,
    make_brief,
    make_claim,
    make_comment,
    make_location,
    make_location_alias,
)


@pytest.fixture
def catalog(db):
    """A published, a draft and a review brief over a small actor set and location tree."""
    c = SimpleNamespace()
    c.front = make_actor(name="Valley Defence Front", kind=ActorKind.ARMED_GROUP, country="IQ")
    make_actor_alias(c.front, "V.D.F.")
    c.brigade = make_actor(name="Northern Brigade", kind=ActorKind.ARMED_GROUP, country="IQ")
    c.agency = make_actor(name="Plains News Agency", kind=ActorKind.MEDIA_OUTLET, country="SY")
    ActorRelation.objects.create(source=c.brigade, kind=ActorRelationKind.MEMBER_OF, target=c.front)

    c.iraq = make_location(name="Iraq", kind=LocationKind.COUNTRY, country="IQ", longitude=43.7, latitude=33.2)
    c.province = make_location(name="Upper Plains", kind=LocationKind.REGION, parent=c.iraq)
    c.district = make_location(
        name="Tal Ba'ir", kind=LocationKind.DISTRICT, parent=c.province, longitude=41.7, latitude=36.0
    )
    make_location_alias(c.district, "Tell B\N{LATIN SMALL LETTER A WITH MACRON}\N{MODIFIER LETTER RIGHT HALF RING}ir")
    c.village = make_location(
        name="Khirbat Salim", kind=LocationKind.VILLAGE, parent=c.district, longitude=41.6, latitude=35.9
    )
    c.syria = make_location(name="Syria", kind=LocationKind.COUNTRY, country="SY", longitude=38.9, latitude=35.0)

    c.published = make_brief(
        title="Front takes Khirbat Salim",
        status=BriefStatus.PUBLISHED,
        published_at=datetime.datetime(2019, 3, 4, 9, 0, tzinfo=datetime.UTC),
        publisher=c.agency,
        actors=(c.front,),
        locations=(c.village,),
    )
    c.draft = make_brief(
        title="Brigade regroups",
        status=BriefStatus.DRAFT,
        published_at=datetime.datetime(2019, 3, 2, 9, 0, tzinfo=datetime.UTC),
        actors=(c.brigade,),
        locations=(c.province,),
    )
    c.review = make_brief(
        title="Crossing reopens",
        status=BriefStatus.REVIEW,
        published_at=datetime.datetime(2019, 3, 6, 9, 0, tzinfo=datetime.UTC),
        locations=(c.syria,),
    )
    c.capture = make_claim(
        brief=c.published,
        statement="The front captured Khirbat Salim.",
        actors=((c.front, ClaimActorRole.SUBJECT), (c.brigade, ClaimActorRole.TARGET)),
        locations=(c.village,),
        occurred_start=datetime.date(2019, 3, 1),
        occurred_end=datetime.date(2019, 3, 3),
        claimant=c.agency,
        credibility=2,
    )
    c.ambush = make_claim(
        brief=c.draft,
        statement="The brigade was ambushed near the district centre.",
        kind="attack",
        actors=((c.front, ClaimActorRole.TARGET),),
        locations=(c.district,),
        occurred_start=datetime.date(2019, 3, 5),
    )
    c.analysis = make_comment(brief=c.published, body="The capture opens the road west.")
    c.note = make_comment(brief=c.published, claim=c.capture, kind=CommentKind.NOTE, body="Second source pending.")
    return c


def listed(client, resource, params):
    """GET a list with query parameters; return the ids of its results (in list order) after checking the envelope."""
    response = client.get(url(resource), params)
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == len(body["results"])
    return [result["id"] for result in body["results"]]


def ids(*records):
    return [str(record.pk) for record in records]


# Results


def test_brief_filters(catalog, viewer_client):
    c = catalog
    assert listed(viewer_client, "briefs", {"status": "draft"}) == ids(c.draft)
    assert listed(viewer_client, "briefs", {"publisher": c.agency.pk}) == ids(c.published)
    assert listed(viewer_client, "briefs", {"actor": c.brigade.pk}) == ids(c.draft)
    # Newest first (the list's ordering); the village and the province both lie inside Iraq.
    assert listed(viewer_client, "briefs", {"location": c.iraq.pk}) == ids(c.published, c.draft)
    assert listed(viewer_client, "briefs", {"location": c.district.pk}) == ids(c.published)
    assert listed(viewer_client, "briefs", {"published_after": "2019-03-03T00:00:00Z"}) == ids(c.review, c.published)
    assert listed(viewer_client, "briefs", {"published_before": "2019-03-03T00:00:00Z"}) == ids(c.draft)
    assert listed(viewer_client, "briefs", {"search": "regroups"}) == ids(c.draft)
    assert listed(viewer_client, "briefs", {"location": c.iraq.pk, "ordering": "published_at"}) == ids(
        c.draft, c.published
    )


def test_claim_filters(catalog, viewer_client):
    c = catalog
    assert listed(viewer_client, "claims", {"brief": c.draft.pk}) == ids(c.ambush)
    assert listed(viewer_client, "claims", {"kind": "attack"}) == ids(c.ambush)
    assert listed(viewer_client, "claims", {"claimant": c.agency.pk}) == ids(c.capture)
    assert sorted(listed(viewer_client, "claims", {"actor": c.front.pk})) == sorted(ids(c.capture, c.ambush))
    assert listed(viewer_client, "claims", {"actor": c.front.pk, "role": "target"}) == ids(c.ambush)
    assert listed(viewer_client, "claims", {"actor": c.brigade.pk, "role": "subject"}) == []
    assert listed(viewer_client, "claims", {"location": c.province.pk, "role": "subject"}) == ids(c.capture)
    assert listed(viewer_client, "claims", {"occurred_after": "2019-03-03", "occurred_before": "2019-03-04"}) == ids(
        c.capture
    )
    assert listed(viewer_client, "claims", {"credibility": 2, "assessment": "reported"}) == ids(c.capture)
    assert listed(viewer_client, "claims", {"search": "ambushed"}) == ids(c.ambush)


def test_comment_filters(catalog, editor, editor_client):
    c = catalog
    c.note.author = editor
    c.note.save()
    assert listed(editor_client, "comments", {"kind": "note"}) == ids(c.note)
    assert listed(editor_client, "comments", {"claim": c.capture.pk}) == ids(c.note)
    assert listed(editor_client, "comments", {"brief": c.published.pk}) == ids(c.analysis, c.note)
    assert listed(editor_client, "comments", {"author": editor.pk}) == ids(c.note)
    assert listed(editor_client, "comments", {"search": "road"}) == ids(c.analysis)


def test_actor_filters(catalog, anonymous_client):
    c = catalog
    assert listed(anonymous_client, "actors", {"kind": "media_outlet"}) == ids(c.agency)
    assert listed(anonymous_client, "actors", {"country": "iq"}) == ids(c.brigade, c.front)
    assert listed(anonymous_client, "actors", {"related_to": c.front.pk}) == ids(c.brigade)
    assert listed(anonymous_client, "actors", {"related_to": c.brigade.pk}) == ids(c.front)
    assert listed(anonymous_client, "actors", {"search": "vdf"}) == ids(c.front)  # alias "V.D.F."
    assert listed(anonymous_client, "actors", {"search": "brigade"}) == ids(c.brigade)


def test_location_filters(catalog, anonymous_client):
    c = catalog
    assert listed(anonymous_client, "locations", {"kind": "country"}) == ids(c.iraq, c.syria)
    assert listed(anonymous_client, "locations", {"country": "SY"}) == ids(c.syria)
    assert listed(anonymous_client, "locations", {"parent": c.province.pk}) == ids(c.district)
    assert listed(anonymous_client, "locations", {"within": c.iraq.pk}) == ids(c.village, c.district, c.province)
    assert listed(anonymous_client, "locations", {"bbox": "41,35,42,37"}) == ids(c.village, c.district)
    assert listed(anonymous_client, "locations", {"search": "tal bair"}) == ids(c.district)  # name, normalized
    assert listed(anonymous_client, "locations", {"search": "tell bair"}) == ids(c.district)  # alias, diacritics


def test_updated_since_on_every_list(catalog, viewer_client):
    c = catalog
    checkpoint = datetime.datetime.now(tz=datetime.UTC)
    c.draft.title = "Brigade regroups north"
    c.draft.save()
    c.syria.save()
    assert listed(viewer_client, "briefs", {"updated_since": checkpoint.isoformat()}) == ids(c.draft)
    assert listed(viewer_client, "locations", {"updated_since": checkpoint.isoformat()}) == ids(c.syria)
    for resource in ("claims", "comments", "actors"):
        assert listed(viewer_client, resource, {"updated_since": checkpoint.isoformat()}) == []


# Visibility: a filter narrows what the caller may see, it never widens it.


def test_filters_do_not_reveal_unpublished_records_to_anonymous_callers(catalog, anonymous_client):
    c = catalog
    assert listed(anonymous_client, "briefs", {"status": "draft"}) == []
    assert listed(anonymous_client, "briefs", {"location": c.iraq.pk}) == ids(c.published)
    assert listed(anonymous_client, "claims", {"brief": c.draft.pk}) == []
    assert listed(anonymous_client, "claims", {"actor": c.front.pk}) == ids(c.capture)
    assert listed(anonymous_client, "comments", {"kind": "note"}) == []
    assert listed(anonymous_client, "comments", {"brief": c.published.pk}) == ids(c.analysis)


# Errors: 400 in the standard error shape, naming the parameter


@pytest.mark.parametrize(
    ("resource", "params", "code", "attr"),
    [
        ("briefs", {"status": "archived"}, "invalid_choice", "status"),
        ("briefs", {"publisher": "12"}, "invalid", "publisher"),
        ("briefs", {"location": "99999999999999999999999999"}, "invalid", "location"),
        ("briefs", {"published_after": "last week"}, "invalid", "published_after"),
        (
            "briefs",
            {"published_after": "2019-03-05T00:00:00Z", "published_before": "2019-03-01T00:00:00Z"},
            "invalid_window",
            "published_before",
        ),
        ("claims", {"role": "bystander"}, "invalid_choice", "role"),
        ("claims", {"credibility": "9"}, "invalid_choice", "credibility"),
        ("claims", {"occurred_before": "2019-02-30"}, "invalid", "occurred_before"),
        (
            "claims",
            {"occurred_after": "2019-03-05", "occurred_before": "2019-03-01"},
            "invalid_window",
            "occurred_before",
        ),
        ("comments", {"author": "99999999999999999999"}, "max_value", "author"),
        ("comments", {"author": "0"}, "min_value", "author"),
        ("comments", {"claim": "x"}, "invalid", "claim"),
        ("actors", {"country": "ZZ"}, "invalid_country", "country"),
        ("actors", {"related_to": "front"}, "invalid", "related_to"),
        ("locations", {"within": "1"}, "invalid", "within"),
        ("locations", {"bbox": "41,35,42"}, "invalid_bbox", "bbox"),
        ("locations", {"bbox": "41,35,42,91"}, "invalid_bbox", "bbox"),
        ("locations", {"updated_since": "2019-13-01T00:00:00Z"}, "invalid", "updated_since"),
    ],
)
def test_invalid_filter_values_are_400_naming_the_parameter(catalog, viewer_client, resource, params, code, attr):
    response = viewer_client.get(url(resource), params)
    body = assert_error(response, status=400, code=code, attr=attr)
    assert [error["attr"] for error in body["errors"]] == [attr]


def test_bad_bounding_box_error_body(catalog, anonymous_client):
    response = anonymous_client.get(url("locations"), {"bbox": "42,35,41,36"})
    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "errors": [
            {"code": "invalid_bbox", "detail": "Minimum values must not exceed maximum values.", "attr": "bbox"}
        ],
    }


def test_unknown_ids_match_nothing(catalog, viewer_client):
    unknown = "00000000-0000-4000-8000-000000000000"
    assert listed(viewer_client, "briefs", {"location": unknown}) == []
    assert listed(viewer_client, "claims", {"actor": unknown}) == []
    assert listed(viewer_client, "locations", {"within": unknown}) == []


# Query counts: filtered lists stay O(1) in the page size


def _query_count(client, resource, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(resource), params)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.mark.parametrize(
    ("resource", "params"),
    [
        ("briefs", {"location": "IRAQ", "search": "front", "actor": "FRONT"}),
        ("claims", {"location": "IRAQ", "actor": "FRONT", "role": "subject", "occurred_after": "2019-01-01"}),
        ("comments", {"brief": "PUBLISHED", "search": "road"}),
        ("actors", {"search": "vdf", "related_to": "BRIGADE"}),
        ("locations", {"within": "IRAQ", "bbox": "-180,-90,180,90", "search": "a"}),
    ],
)
def test_filtered_list_query_count_does_not_grow_with_the_page(catalog, viewer_client, resource, params):
    c = catalog
    for index in range(3):  # more matching rows than the small page holds
        make_brief(
            title=f"Front holds the road {index}",
            status=BriefStatus.PUBLISHED,
            actors=(c.front,),
            locations=(c.village,),
        )
        make_claim(
            brief=c.published,
            actors=(c.front,),
            locations=(c.village,),
            statement=f"Front advance {index}.",
            occurred_start=datetime.date(2019, 3, 1),
        )
        make_comment(brief=c.published, body=f"The road matters {index}.")
        brigade = make_actor(name=f"Reserve Brigade {index}")
        ActorRelation.objects.create(source=brigade, kind=ActorRelationKind.PART_OF, target=c.brigade)
        make_actor_alias(brigade, f"V.D.F. reserve {index}")
        make_location(name=f"Hamlet {index}", parent=c.village, longitude=41.6, latitude=35.9)
    replacements = {"IRAQ": c.iraq.pk, "FRONT": c.front.pk, "BRIGADE": c.brigade.pk, "PUBLISHED": c.published.pk}
    params = {key: replacements.get(value, value) for key, value in params.items()}

    small = _query_count(viewer_client, resource, {**params, "limit": 1})
    large = _query_count(viewer_client, resource, {**params, "limit": 100})
    assert small == large
    assert len(listed(viewer_client, resource, {**params, "limit": 100})) >= 2


# OpenAPI: every filter is a documented, typed query parameter of its list


@pytest.fixture(scope="module")
def list_parameters(django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        resource: {
            parameter["name"]: parameter for parameter in schema["paths"][f"/api/v1/{resource}/"]["get"]["parameters"]
        }
        for resource in ("briefs", "claims", "comments", "actors", "locations")
    }


@pytest.mark.parametrize(
    ("resource", "names"),
    [
        ("briefs", ["status", "publisher", "actor", "location", "published_after", "published_before"]),
        (
            "claims",
            [
                *("brief", "kind", "actor", "role", "claimant", "location", "occurred_after", "occurred_before"),
                *("source_reliability", "credibility", "assessment"),
            ],
        ),
        ("comments", ["brief", "claim", "kind", "author"]),
        ("actors", ["kind", "country", "related_to"]),
        ("locations", ["kind", "country", "parent", "within", "bbox"]),
    ],
)
def test_schema_documents_the_filters_of_each_list(list_parameters, resource, names):
    parameters = list_parameters[resource]
    expected = {*names, "search", "ordering", "updated_since", "limit", "offset"}
    assert set(parameters) == expected
    for name in expected:
        assert parameters[name]["in"] == "query"
        assert parameters[name]["description"], name


def test_schema_types_reference_and_enum_filters(list_parameters):
    claims = list_parameters["claims"]
    assert claims["actor"]["schema"] == {"type": "string", "format": "uuid"}
    assert claims["role"]["schema"] == {"type": "string", "enum": ["mentioned", "subject", "target"]}
    assert claims["credibility"]["schema"] == {"type": "integer", "enum": [1, 2, 3, 4, 5, 6]}
    assert claims["occurred_after"]["schema"] == {"type": "string", "format": "date"}
    assert list_parameters["briefs"]["published_after"]["schema"] == {"type": "string", "format": "date-time"}
    assert list_parameters["comments"]["author"]["schema"] == {"type": "integer"}
