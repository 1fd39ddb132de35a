"""List parameters of DESIGN.md section 3 through HTTP: one test per filter name, plus the shared
`search`, `ordering`, `updated_since`, `limit` and `offset`."""

import datetime

import pytest
from django.utils import timezone

from briefings.models import Actor, Brief, Claim
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

pytestmark = pytest.mark.django_db


def ids(client, resource, params) -> list[str]:
    response = client.get(url(resource), params)
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def as_ids(*records) -> set[str]:
    return {str(record.pk) for record in records}


@pytest.fixture
def places():
    """country > region > village, and an unrelated town."""
    country = make_location(name="Valoria", kind="country", country="IQ")
    region = make_location(name="Ridge Region", kind="region", parent=country, country="IQ")
    village = make_location(name="Tal Hamra", parent=region, latitude=36.2, longitude=42.1)
    town = make_location(name="Port Sela", kind="town", country="SY", latitude=35.0, longitude=36.0)
    return {"country": country, "region": region, "village": village, "town": town}


# Briefs


def test_briefs_status(viewer_client):
    draft, published = make_brief(status="draft"), make_brief(status="published")
    assert ids(viewer_client, "briefs", {"status": "published"}) == [str(published.pk)]
    assert ids(viewer_client, "briefs", {"status": "draft"}) == [str(draft.pk)]


def test_briefs_publisher(viewer_client):
    outlet = make_actor(kind="media_outlet")
    mine, _other = make_brief(publisher=outlet), make_brief()
    assert ids(viewer_client, "briefs", {"publisher": str(outlet.pk)}) == [str(mine.pk)]


def test_briefs_actor(viewer_client):
    actor = make_actor()
    mentioning, _other = make_brief(actors=[actor]), make_brief()
    assert ids(viewer_client, "briefs", {"actor": str(actor.pk)}) == [str(mentioning.pk)]


def test_briefs_location_includes_descendants(viewer_client, places):
    in_village = make_brief(locations=[places["village"]])
    make_brief(locations=[places["town"]])
    assert set(ids(viewer_client, "briefs", {"location": str(places["country"].pk)})) == as_ids(in_village)
    assert ids(viewer_client, "briefs", {"location": str(places["town"].pk)}) != [str(in_village.pk)]


def test_briefs_published_after_and_before(viewer_client):
    may = make_brief(published_at=datetime.datetime(2024, 5, 30, tzinfo=datetime.UTC))
    june = make_brief(published_at=datetime.datetime(2024, 6, 15, tzinfo=datetime.UTC))
    assert ids(viewer_client, "briefs", {"published_after": "2024-06-01T00:00:00Z"}) == [str(june.pk)]
    assert ids(viewer_client, "briefs", {"published_before": "2024-06-01T00:00:00Z"}) == [str(may.pk)]


def test_briefs_search(viewer_client):
    match = make_brief(title="Ceasefire talks resume in Sela")
    make_brief(title="Brigades advance")
    assert ids(viewer_client, "briefs", {"search": "ceasefire"}) == [str(match.pk)]


# Claims


def test_claims_brief(viewer_client):
    claim = make_claim()
    make_claim()
    assert ids(viewer_client, "claims", {"brief": str(claim.brief_id)}) == [str(claim.pk)]


def test_claims_kind(viewer_client):
    attack = make_claim(kind="attack")
    make_claim(kind="statement")
    assert ids(viewer_client, "claims", {"kind": "attack"}) == [str(attack.pk)]


def test_claims_actor_and_role(viewer_client):
    actor = make_actor()
    as_subject = make_claim(actors=[(actor, "subject")])
    as_target = make_claim(actors=[(actor, "target")])
    make_claim()
    assert set(ids(viewer_client, "claims", {"actor": str(actor.pk)})) == as_ids(as_subject, as_target)
    assert ids(viewer_client, "claims", {"actor": str(actor.pk), "role": "target"}) == [str(as_target.pk)]


def test_claims_role(viewer_client):
    mentioned = make_claim(actors=[(make_actor(), "mentioned")])
    make_claim(actors=[(make_actor(), "subject")])
    assert ids(viewer_client, "claims", {"role": "mentioned"}) == [str(mentioned.pk)]


def test_claims_claimant(viewer_client):
    agency = make_actor(kind="media_outlet")
    claimed = make_claim(claimant=agency)
    make_claim()
    assert ids(viewer_client, "claims", {"claimant": str(agency.pk)}) == [str(claimed.pk)]


def test_claims_location_includes_descendants(viewer_client, places):
    in_village = make_claim(locations=[places["village"]])
    make_claim(locations=[places["town"]])
    assert ids(viewer_client, "claims", {"location": str(places["region"].pk)}) == [str(in_village.pk)]


def test_claims_occurred_after_and_before_overlap(viewer_client):
    week = make_claim(occurred_start="2024-05-24", occurred_end="2024-05-30")
    day = make_claim(occurred_start="2024-06-10", occurred_end="2024-06-10")
    make_claim()
    assert set(ids(viewer_client, "claims", {"occurred_after": "2024-05-29"})) == as_ids(week, day)
    assert ids(viewer_client, "claims", {"occurred_before": "2024-05-25"}) == [str(week.pk)]
    assert ids(viewer_client, "claims", {"occurred_after": "2024-06-01", "occurred_before": "2024-06-30"}) == [
        str(day.pk)
    ]


def test_claims_source_reliability(viewer_client):
    graded = make_claim(source_reliability="B")
    make_claim(source_reliability="E")
    assert ids(viewer_client, "claims", {"source_reliability": "B"}) == [str(graded.pk)]


def test_claims_credibility(viewer_client):
    graded = make_claim(credibility=2)
    make_claim(credibility=5)
    assert ids(viewer_client, "claims", {"credibility": 2}) == [str(graded.pk)]


def test_claims_assessment(viewer_client):
    disputed = make_claim(assessment="disputed")
    make_claim()
    assert ids(viewer_client, "claims", {"assessment": "disputed"}) == [str(disputed.pk)]


def test_claims_search(viewer_client):
    match = make_claim(statement="Artillery shelled the crossing.")
    make_claim(statement="Brigades captured the village.")
    assert ids(viewer_client, "claims", {"search": "artillery"}) == [str(match.pk)]


# Comments


def test_comments_brief_claim_kind_author(viewer_client, analyst):
    brief = make_brief()
    claim = make_claim(brief=brief)
    on_claim = make_comment(brief=brief, claim=claim, author=analyst)
    note = make_comment(brief=brief, kind="note")
    other = make_comment()
    assert set(ids(viewer_client, "comments", {"brief": str(brief.pk)})) == as_ids(on_claim, note)
    assert ids(viewer_client, "comments", {"claim": str(claim.pk)}) == [str(on_claim.pk)]
    assert ids(viewer_client, "comments", {"kind": "note"}) == [str(note.pk)]
    assert ids(viewer_client, "comments", {"author": analyst.pk}) == [str(on_claim.pk)]
    assert str(other.pk) in ids(viewer_client, "comments", {"kind": "analysis"})


def test_comments_search(viewer_client):
    match = make_comment(body="The supply route matters most.")
    make_comment(body="Nothing to add.")
    assert ids(viewer_client, "comments", {"search": "supply"}) == [str(match.pk)]


# Actors


def test_actors_kind_and_country(anonymous_client):
    state = make_actor(kind="state", country="IQ")
    make_actor(kind="armed_group", country="SY")
    assert ids(anonymous_client, "actors", {"kind": "state"}) == [str(state.pk)]
    assert ids(anonymous_client, "actors", {"country": "IQ"}) == [str(state.pk)]


def test_actors_related_to_either_direction(anonymous_client):
    coalition = make_actor(name="Ridge Coalition")
    member, backer, _loner = make_actor(), make_actor(), make_actor()
    member.relations.create(kind="part_of", target=coalition)
    coalition.relations.create(kind="backed_by", target=backer)
    assert set(ids(anonymous_client, "actors", {"related_to": str(coalition.pk)})) == as_ids(member, backer)


def test_actors_search_matches_normalized_aliases(anonymous_client):
    forces = make_actor(name="Popular Mobilization Forces")
    make_actor_alias(forces, "P.M.F.")
    make_actor(name="Valley Front")
    assert ids(anonymous_client, "actors", {"search": "pmf"}) == [str(forces.pk)]
    assert ids(anonymous_client, "actors", {"search": "mobilization"}) == [str(forces.pk)]


# Locations


def test_locations_kind_country_parent(anonymous_client, places):
    assert ids(anonymous_client, "locations", {"kind": "town"}) == [str(places["town"].pk)]
    assert set(ids(anonymous_client, "locations", {"country": "IQ"})) == as_ids(places["country"], places["region"])
    assert ids(anonymous_client, "locations", {"parent": str(places["region"].pk)}) == [str(places["village"].pk)]


def test_locations_within(anonymous_client, places):
    assert set(ids(anonymous_client, "locations", {"within": str(places["country"].pk)})) == as_ids(
        places["region"], places["village"]
    )


def test_locations_bbox(anonymous_client, places):
    assert ids(anonymous_client, "locations", {"bbox": "41,35.5,43,37"}) == [str(places["village"].pk)]
    assert_error(anonymous_client.get(url("locations"), {"bbox": "1,2,3"}), status=400, attr="bbox")


def test_locations_search_matches_normalized_aliases(anonymous_client, places):
    district = make_location(name="Baaj District", kind="district")
    make_location_alias(district, "al-Ba'aj")
    assert ids(anonymous_client, "locations", {"search": "al baaj"}) == [str(district.pk)]


# Shared list parameters


@pytest.mark.parametrize("resource", ["briefs", "claims", "comments", "actors", "locations"])
def test_updated_since(viewer_client, resource):
    factory = {
        "briefs": make_brief,
        "claims": make_claim,
        "comments": make_comment,
        "actors": make_actor,
        "locations": make_location,
    }[resource]
    old = factory()
    type(old).objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(days=2))
    cutoff = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    new = factory()
    listed = ids(viewer_client, resource, {"updated_since": cutoff, "limit": 500})
    assert str(new.pk) in listed and str(old.pk) not in listed


def test_ordering(anonymous_client):
    make_actor(name="Bravo")
    make_actor(name="Alpha")
    make_actor(name="Charlie")
    names = [a["name"] for a in anonymous_client.get(url("actors"), {"ordering": "-name"}).json()["results"]]
    assert names == ["Charlie", "Bravo", "Alpha"]
    default = [a["name"] for a in anonymous_client.get(url("actors")).json()["results"]]
    assert default == ["Alpha", "Bravo", "Charlie"]


def test_limit_offset_and_cap(anonymous_client):
    for index in range(3):
        make_actor(name=f"Actor {index}")
    body = anonymous_client.get(url("actors"), {"limit": 1, "offset": 1}).json()
    assert body["count"] == 3
    assert [a["name"] for a in body["results"]] == ["Actor 1"]
    assert body["next"].endswith("limit=1&offset=2") and body["previous"].endswith("limit=1")
    Actor.objects.bulk_create(Actor(name=f"Bulk {index:03}", kind="person") for index in range(520))
    assert len(anonymous_client.get(url("actors"), {"limit": 1000}).json()["results"]) == 500
    assert len(anonymous_client.get(url("actors")).json()["results"]) == 50


@pytest.mark.parametrize(
    ("resource", "params", "attr"),
    [
        ("briefs", {"status": "lost"}, "status"),
        ("claims", {"actor": "not-a-uuid"}, "actor"),
        ("briefs", {"published_after": "yesterday"}, "published_after"),
        ("actors", {"updated_since": "soon"}, "updated_since"),
    ],
)
def test_invalid_filter_values_are_400(anonymous_client, resource, params, attr):
    assert_error(anonymous_client.get(url(resource), params), status=400, attr=attr)


def test_filters_compose_with_visibility_and_counts(anonymous_client):
    published = make_brief(status="published")
    make_claim(brief=published, kind="attack")
    make_claim(brief=make_brief(status="draft"), kind="attack")
    assert anonymous_client.get(url("claims"), {"kind": "attack"}).json()["count"] == 1
    assert Claim.objects.count() == 2 and Brief.objects.count() == 2
