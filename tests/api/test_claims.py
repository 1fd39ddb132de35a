"""Claims through the HTTP API: shape, actor roles, locations, links, quote/span validation."""

import pytest

from briefings.models import Claim, ClaimLink
from tests.api.conftest import absolute, actor_ref, assert_error, brief_ref, claim_ref, iso, location_ref, url
from tests.factories import make_actor, make_brief, make_claim, make_location

pytestmark = pytest.mark.django_db

QUOTE = "Volunteer brigades took the village of Tal Hamra"


def test_claim_detail_golden(anonymous_client):
    brief = make_brief(status="published")
    claimant = make_actor(name="State News Agency", kind="media_outlet")
    brigades = make_actor(name="Northern Ridge Brigades")
    defenders = make_actor(name="Valley Front")
    village = make_location(name="Tal Hamra")
    earlier = make_claim(brief=brief, statement="The brigades massed south of the village.", kind="deployment")
    claim = make_claim(
        brief=brief,
        quote=QUOTE,
        span_start=0,
        span_end=len(QUOTE),
        occurred_start="2024-05-28",
        occurred_end="2024-05-28",
        claimant=claimant,
        claimant_text="a state news agency",
        source_reliability="C",
        credibility=3,
        assessment="corroborated",
        actors=[(brigades, "subject"), (defenders, "target")],
        locations=[village],
    )
    ClaimLink.objects.create(source=claim, target=earlier, kind="updates")
    claim.refresh_from_db()

    response = anonymous_client.get(url("claims", claim.pk))

    assert response.status_code == 200
    assert response["ETag"] == '"1"'
    assert response.json() == {
        "id": str(claim.pk),
        "url": absolute("claims", claim.pk),
        "display": "Volunteer brigades captured Tal Hamra.",
        "brief": brief_ref(brief),
        "statement": "Volunteer brigades captured Tal Hamra.",
        "quote": QUOTE,
        "span_start": 0,
        "span_end": len(QUOTE),
        "kind": "territorial_change",
        "occurred_start": "2024-05-28",
        "occurred_end": "2024-05-28",
        "claimant": actor_ref(claimant),
        "claimant_text": "a state news agency",
        "actors": [
            {"actor": actor_ref(brigades), "role": "subject"},
            {"actor": actor_ref(defenders), "role": "target"},
        ],
        "locations": [location_ref(village)],
        "source_reliability": "C",
        "credibility": 3,
        "assessment": "corroborated",
        "links": [{"kind": "updates", "target": claim_ref(earlier)}],
        "version": 1,
        "created_at": iso(claim.created_at),
        "updated_at": iso(claim.updated_at),
    }


def test_create_claim(analyst_client):
    brief = make_brief()
    brigades = make_actor()
    village = make_location()
    other = make_claim(brief=brief)
    payload = {
        "brief": str(brief.pk),
        "statement": "Volunteer brigades captured Tal Hamra.",
        "quote": QUOTE,
        "span_start": 0,
        "span_end": len(QUOTE),
        "kind": "territorial_change",
        "actors": [{"actor": str(brigades.pk), "role": "subject"}],
        "locations": [str(village.pk)],
        "links": [{"kind": "corroborates", "target": str(other.pk)}],
    }

    response = analyst_client.post(url("claims"), payload, format="json")

    assert response.status_code == 201, response.json()
    claim = Claim.objects.get(pk=response.json()["id"])
    assert list(claim.actor_roles.values_list("actor_id", "role")) == [(brigades.pk, "subject")]
    assert list(claim.locations.all()) == [village]
    assert list(claim.links.values_list("kind", "target_id")) == [("corroborates", other.pk)]


def test_update_replaces_roles_locations_and_links(analyst_client):
    first, second = make_actor(), make_actor()
    claim = make_claim(actors=[first], locations=[make_location()])
    response = analyst_client.patch(
        url("claims", claim.pk),
        {"actors": [{"actor": str(second.pk), "role": "mentioned"}], "locations": [], "links": []},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["actors"] == [{"actor": actor_ref(second), "role": "mentioned"}]
    assert response.json()["locations"] == []


@pytest.mark.parametrize(
    ("payload", "attr"),
    [
        ({"quote": "words the body never says"}, "quote"),
        ({"quote": "Volunteer", "span_start": 1, "span_end": 10}, "span_end"),
        ({"span_start": 0, "span_end": 9}, "quote"),
        ({"occurred_start": "2024-05-30", "occurred_end": "2024-05-01"}, "non_field_errors"),
        ({"credibility": 7}, "credibility"),
        ({"source_reliability": "G"}, "source_reliability"),
        ({"assessment": "likely"}, "assessment"),
        ({"actors": [{"actor": "00000000-0000-0000-0000-000000000000", "role": "subject"}]}, "actors.0.actor"),
        ({"actors": [{"actor": None, "role": "hero"}]}, "actors.0.role"),
        ({"locations": ["00000000-0000-0000-0000-000000000000"]}, "locations"),
        ({"brief": "00000000-0000-0000-0000-000000000000"}, "brief"),
    ],
)
def test_invalid_claim_payloads_name_the_field(analyst_client, payload, attr):
    brief = make_brief()
    response = analyst_client.post(url("claims"), {"brief": str(brief.pk), "statement": "x", **payload}, format="json")
    assert_error(response, status=400, attr=attr)
    assert not Claim.objects.exists()


def test_a_claim_cannot_link_to_itself(analyst_client):
    claim = make_claim()
    response = analyst_client.patch(
        url("claims", claim.pk), {"links": [{"kind": "updates", "target": str(claim.pk)}]}, format="json"
    )
    assert_error(response, status=400, attr="links.0.non_field_errors")
    assert not ClaimLink.objects.exists()
