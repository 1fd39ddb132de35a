"""POST /api/v1/briefs/ingest/: raw text in, a draft brief with suggestions and matches out (DESIGN.md section 4)."""

# ruff: noqa: RUF001

from pathlib import Path

import pytest

from briefings.models import Actor, Brief, Comment, Location
from briefings.services.matching import clear_registry_matcher
from tests.api.conftest import absolute, actor_ref, assert_error, iso, location_ref, url, user_ref

pytestmark = pytest.mark.django_db

MYANMAR = (Path(__file__).resolve().parent.parent / "fixtures" / "briefs" / "myanmar_sittwe.txt").read_text()
BODY = MYANMAR.split("\n\n")[0]


@pytest.fixture(autouse=True)
def fresh_registry_matcher():
    clear_registry_matcher()
    yield
    clear_registry_matcher()


@pytest.fixture
def registry() -> dict:
    records = {
        "msr": Actor.objects.create(name="Mekong Security Review", kind="organization"),
        "arakan_army": Actor.objects.create(name="Arakan Army", kind="armed_group"),
        "zaw_min_tun": Actor.objects.create(name="Zaw Min Tun", kind="person"),
        "sittwe": Location.objects.create(name="Sittwe", kind="city"),
        "rakhine": Location.objects.create(name="Rakhine State", kind="region"),
    }
    records["msr"].aliases.create(name="MSR")
    records["arakan_army"].aliases.create(name="AA")
    return records


def test_ingest_creates_a_draft_and_returns_it_with_suggestions_and_matches(analyst_client, analyst, registry):
    text = f"{BODY}\n\nComment: The AA now holds most of the roads into Sittwe.\n\n{MYANMAR.split(chr(10) * 2)[1]}"
    response = analyst_client.post(
        url("briefs", action="ingest"),
        {"text": text, "publisher": str(registry["msr"].pk), "published_at": "2024-02-08T09:00:00Z"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    brief = Brief.objects.get()
    comment = Comment.objects.get()
    arakan_army, zaw_min_tun = registry["arakan_army"], registry["zaw_min_tun"]
    sittwe, rakhine = registry["sittwe"], registry["rakhine"]
    first = BODY[:116]
    second = BODY[117:238]
    fourth = BODY[312:]
    assert response["ETag"].startswith('"1-')
    assert response.json() == {
        "id": str(brief.pk),
        "url": absolute("briefs", brief.pk),
        "display": brief.title,
        "title": (
            "Fighting between the Arakan Army (AA) and the Tatmadaw spread to the outskirts of Sittwe on Tuesday, "
            "residents said"
        ),
        "slug": brief.slug,
        "summary": "",
        "body": BODY,
        "published_at": "2024-02-08T09:00:00Z",
        "publisher": actor_ref(registry["msr"]),
        "source_url": "",
        "language": "en",
        "status": "draft",
        "actors": [actor_ref(arakan_army), actor_ref(zaw_min_tun)],
        "locations": [location_ref(rakhine), location_ref(sittwe)],
        "claim_count": 0,
        "comment_count": 1,
        "created_by": user_ref(analyst),
        "updated_by": user_ref(analyst),
        "version": 1,
        "created_at": iso(brief.created_at),
        "updated_at": iso(brief.updated_at),
        "claims": [],
        "comments": [
            {
                "id": str(comment.pk),
                "url": absolute("comments", comment.pk),
                "display": str(comment),
                "claim": None,
                "kind": "analysis",
                "body": "The AA now holds most of the roads into Sittwe.",
                "author": user_ref(analyst),
                "version": 1,
                "created_at": iso(comment.created_at),
                "updated_at": iso(comment.updated_at),
            }
        ],
        "suggested_claims": [
            {
                "statement": first,
                "quote": first,
                "span_start": 0,
                "span_end": 116,
                "kind": "armed_clash",
                "claimant": None,
                "claimant_text": "residents",
                "actors": [{"actor": str(arakan_army.pk), "role": "mentioned"}],
                "locations": [str(sittwe.pk)],
                "occurred_start": "2024-02-06",
                "occurred_end": "2024-02-06",
                "source": "body",
            },
            {
                "statement": second,
                "quote": second,
                "span_start": 117,
                "span_end": 238,
                "kind": "territorial_change",
                "claimant": str(arakan_army.pk),
                "claimant_text": "AA",
                "actors": [{"actor": str(arakan_army.pk), "role": "subject"}],
                "locations": [],
                "occurred_start": None,
                "occurred_end": None,
                "source": "body",
            },
            {
                "statement": "Arakanese aid groups reported shortages of rice in camps near Kyaukphyu.",
                "quote": "Arakanese aid groups reported shortages of rice in camps near Kyaukphyu.",
                "span_start": 239,
                "span_end": 311,
                "kind": "other",
                "claimant": None,
                "claimant_text": "Arakanese aid groups",
                "actors": [],
                "locations": [],
                "occurred_start": None,
                "occurred_end": None,
                "source": "body",
            },
            {
                "statement": fourth,
                "quote": fourth,
                "span_start": 312,
                "span_end": 415,
                "kind": "statement",
                "claimant": str(zaw_min_tun.pk),
                "claimant_text": "Myanmar’s junta spokesman Zaw Min Tun",
                "actors": [{"actor": str(zaw_min_tun.pk), "role": "subject"}],
                "locations": [str(rakhine.pk)],
                "occurred_start": "2024-01-29",
                "occurred_end": "2024-02-04",
                "source": "body",
            },
        ],
        "matches": [
            {
                "kind": "actor",
                "id": str(arakan_army.pk),
                "name": "Arakan Army",
                "text": "Arakan Army",
                "start": 21,
                "end": 32,
            },
            {"kind": "actor", "id": str(arakan_army.pk), "name": "Arakan Army", "text": "AA", "start": 34, "end": 36},
            {"kind": "location", "id": str(sittwe.pk), "name": "Sittwe", "text": "Sittwe", "start": 82, "end": 88},
            {"kind": "actor", "id": str(arakan_army.pk), "name": "Arakan Army", "text": "AA", "start": 121, "end": 123},
            {
                "kind": "actor",
                "id": str(zaw_min_tun.pk),
                "name": "Zaw Min Tun",
                "text": "Zaw Min Tun",
                "start": 338,
                "end": 349,
            },
            {
                "kind": "location",
                "id": str(rakhine.pk),
                "name": "Rakhine State",
                "text": "Rakhine State",
                "start": 401,
                "end": 414,
            },
        ],
    }


def test_ingested_suggestion_can_be_posted_as_a_claim(analyst_client, registry):
    created = analyst_client.post(url("briefs", action="ingest"), {"text": BODY}, format="json").json()
    suggestion = created["suggested_claims"][1]
    payload = {key: value for key, value in suggestion.items() if key != "source"}

    response = analyst_client.post(url("claims"), {**payload, "brief": created["id"]}, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["quote"] == suggestion["quote"]


@pytest.mark.parametrize(
    ("payload", "attr", "code"),
    [
        ({}, "text", "required"),
        ({"text": ""}, "text", "blank"),
        ({"text": " \n\n "}, "text", "empty"),
        ({"text": "Comment: an assessment only."}, "text", "no_body"),
        ({"text": BODY, "source_url": "javascript:alert(1)"}, "source_url", None),
        ({"text": BODY, "publisher": "00000000-0000-0000-0000-000000000000"}, "publisher", "does_not_exist"),
        ({"text": BODY, "published_at": "last Tuesday"}, "published_at", "invalid"),
    ],
)
def test_ingest_rejects_invalid_input(analyst_client, payload, attr, code):
    response = analyst_client.post(url("briefs", action="ingest"), payload, format="json")
    assert_error(response, status=400, attr=attr, code=code)
    assert not Brief.objects.exists()


@pytest.mark.parametrize(("client_name", "status"), [("anonymous_client", 401), ("viewer_client", 403)])
def test_ingest_needs_the_permission_to_add_briefs(request, client_name, status):
    response = request.getfixturevalue(client_name).post(url("briefs", action="ingest"), {"text": BODY}, format="json")
    assert response.status_code == status
    assert not Brief.objects.exists()
