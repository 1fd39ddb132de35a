"""Briefs through the HTTP API: shapes, nested create (all or nothing), workflow actions."""

import pytest

from briefings.models import Brief, Claim, Comment
from tests.api.conftest import (
    absolute,
    actor_ref,
    assert_error,
    brief_ref,
    claim_ref,
    iso,
    location_ref,
    url,
    user_ref,
)
from tests.factories import BRIEF_BODY, make_actor, make_brief, make_claim, make_comment, make_location

pytestmark = pytest.mark.django_db

QUOTE = "Volunteer brigades took the village of Tal Hamra"


def brief_payload(**overrides) -> dict:
    return {
        "title": "Brigades take Tal Hamra",
        "summary": "Gains south of the crossing.",
        "body": BRIEF_BODY,
        "published_at": "2024-05-30T09:00:00Z",
        "language": "en",
        **overrides,
    }


def test_brief_detail_golden(viewer_client, editor):
    publisher = make_actor(name="Ridge Monitor", kind="media_outlet")
    brigades = make_actor(name="Northern Ridge Brigades")
    village = make_location(name="Tal Hamra")
    brief = make_brief(
        title="Brigades take Tal Hamra",
        summary="Gains south of the crossing.",
        publisher=publisher,
        source_url="https://monitor.example.org/briefs/1",
        actors=[brigades],
        locations=[village],
        created_by=editor,
        updated_by=editor,
    )
    claim = make_claim(brief=brief, quote=QUOTE, span_start=0, span_end=len(QUOTE), actors=[brigades])
    comment = make_comment(brief=brief, claim=claim, author=editor)
    brief.refresh_from_db()
    claim.refresh_from_db()

    response = viewer_client.get(url("briefs", brief.pk))

    assert response.status_code == 200
    assert response["ETag"].startswith('"1-')
    assert response.json() == {
        "id": str(brief.pk),
        "url": absolute("briefs", brief.pk),
        "display": "Brigades take Tal Hamra",
        "title": "Brigades take Tal Hamra",
        "slug": brief.slug,
        "summary": "Gains south of the crossing.",
        "body": BRIEF_BODY,
        "published_at": None,
        "publisher": actor_ref(publisher),
        "source_url": "https://monitor.example.org/briefs/1",
        "language": "en",
        "status": "draft",
        "actors": [actor_ref(brigades)],
        "locations": [location_ref(village)],
        "claim_count": 1,
        "comment_count": 1,
        "created_by": user_ref(editor),
        "updated_by": user_ref(editor),
        "version": 1,
        "created_at": iso(brief.created_at),
        "updated_at": iso(brief.updated_at),
        "claims": [
            {
                "id": str(claim.pk),
                "url": absolute("claims", claim.pk),
                "display": "Volunteer brigades captured Tal Hamra.",
                "statement": "Volunteer brigades captured Tal Hamra.",
                "quote": QUOTE,
                "span_start": 0,
                "span_end": len(QUOTE),
                "kind": "territorial_change",
                "occurred_start": None,
                "occurred_end": None,
                "claimant": None,
                "claimant_text": "",
                "actors": [{"actor": actor_ref(brigades), "role": "subject"}],
                "locations": [],
                "source_reliability": "",
                "credibility": None,
                "assessment": "reported",
                "links": [],
                "version": 1,
                "created_at": iso(claim.created_at),
                "updated_at": iso(claim.updated_at),
            }
        ],
        "comments": [
            {
                "id": str(comment.pk),
                "url": absolute("comments", comment.pk),
                "display": str(comment),
                "claim": claim_ref(claim),
                "kind": "analysis",
                "body": comment.body,
                "author": user_ref(editor),
                "version": 1,
                "created_at": iso(comment.created_at),
                "updated_at": iso(comment.updated_at),
            }
        ],
    }


def test_brief_list_item_has_no_embedded_claims(anonymous_client):
    brief = make_brief(status="published")
    make_claim(brief=brief)
    body = anonymous_client.get(url("briefs")).json()
    assert body["count"] == 1 and body["next"] is None and body["previous"] is None
    item = body["results"][0]
    assert "claims" not in item and "comments" not in item
    assert (item["id"], item["claim_count"], item["comment_count"]) == (str(brief.pk), 1, 0)


def test_create_brief_with_nested_claims_and_comments(analyst_client, analyst):
    brigades = make_actor(name="Northern Ridge Brigades")
    village = make_location(name="Tal Hamra")
    payload = brief_payload(
        actors=[str(brigades.pk)],
        locations=[str(village.pk)],
        claims=[
            {
                "statement": "Volunteer brigades captured Tal Hamra.",
                "quote": QUOTE,
                "kind": "territorial_change",
                "occurred_start": "2024-05-28",
                "occurred_end": "2024-05-28",
                "actors": [{"actor": str(brigades.pk), "role": "subject"}],
                "locations": [str(village.pk)],
                "source_reliability": "C",
                "credibility": 3,
            },
            {"statement": "The brigades hold the road.", "kind": "statement", "claimant_text": "the brigades"},
        ],
        comments=[{"kind": "analysis", "body": "The road gives the brigades a supply route."}],
    )

    response = analyst_client.post(url("briefs"), payload, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    brief = Brief.objects.get(pk=body["id"])
    assert (brief.status, brief.created_by, brief.updated_by) == ("draft", analyst, analyst)
    assert body["created_by"] == user_ref(analyst)
    assert sorted(claim["statement"] for claim in body["claims"]) == [
        "The brigades hold the road.",
        "Volunteer brigades captured Tal Hamra.",
    ]
    captured = brief.claims.get(kind="territorial_change")
    # The quote alone located its span in the body.
    assert (captured.span_start, captured.span_end) == (0, len(QUOTE))
    assert list(captured.actor_roles.values_list("actor_id", "role")) == [(brigades.pk, "subject")]
    assert list(captured.locations.all()) == [village]
    assert brief.comments.get().author == analyst
    assert body["actors"] == [actor_ref(brigades)]
    assert body["locations"] == [location_ref(village)]


def test_nested_create_is_all_or_nothing(analyst_client):
    payload = brief_payload(
        claims=[
            {"statement": "Valid claim.", "kind": "statement"},
            {"statement": "Bad span.", "quote": "Volunteer", "span_start": 5, "span_end": 14},
        ],
        comments=[{"kind": "analysis", "body": "Fine comment."}],
    )

    response = analyst_client.post(url("briefs"), payload, format="json")

    assert_error(response, status=400, code="invalid", attr="claims.1.span_end")
    assert not Brief.objects.exists()
    assert not Claim.objects.exists()
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("nested", "attr"),
    [
        ({"claims": [{"statement": "Quote not in body.", "quote": "no such words"}]}, "claims.0.quote"),
        (
            {"claims": [{"statement": "x", "actors": [{"actor": "not-a-uuid", "role": "subject"}]}]},
            "claims.0.actors.0.actor",
        ),
        ({"claims": [{"statement": "x", "kind": "rumour"}]}, "claims.0.kind"),
        ({"comments": [{"kind": "analysis", "body": ""}]}, "comments.0.body"),
        ({"title": ""}, "title"),
        ({"source_url": "ftp://example.org/brief"}, "source_url"),
        ({"language": "english please"}, "language"),
    ],
)
def test_nested_validation_errors_name_the_path(analyst_client, nested, attr):
    response = analyst_client.post(url("briefs"), brief_payload(**nested), format="json")
    assert_error(response, status=400, attr=attr)
    assert not Brief.objects.exists()


def test_nested_claims_with_duplicate_actor_roles_roll_back(analyst_client):
    actor = make_actor()
    role = {"actor": str(actor.pk), "role": "subject"}
    response = analyst_client.post(
        url("briefs"), brief_payload(claims=[{"statement": "x", "actors": [role, role]}]), format="json"
    )
    assert_error(response, status=400, attr="claims.0.actors.1.non_field_errors")
    assert not Brief.objects.exists()


def test_server_owned_brief_fields_are_ignored(analyst_client, editor):
    payload = brief_payload(status="published", slug="forged", version=7, created_by=editor.pk, updated_by=editor.pk)
    response = analyst_client.post(url("briefs"), payload, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["version"], body["created_by"]["username"]) == ("draft", 1, "analyst")
    assert body["slug"] != "forged"

    response = analyst_client.patch(url("briefs", body["id"]), {"status": "published", "title": "New"}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["title"]) == ("draft", "New")


def test_update_replaces_mentions_and_sets_updated_by(editor_client, editor, analyst):
    old, new = make_actor(), make_actor()
    brief = make_brief(actors=[old], created_by=analyst)
    response = editor_client.patch(url("briefs", brief.pk), {"actors": [str(new.pk)]}, format="json")
    assert response.status_code == 200
    assert response.json()["actors"] == [actor_ref(new)]
    assert response.json()["created_by"] == user_ref(analyst)
    assert response.json()["updated_by"] == user_ref(editor)


def test_nested_claims_are_refused_on_update(analyst_client):
    brief = make_brief()
    response = analyst_client.patch(url("briefs", brief.pk), {"claims": []}, format="json")
    assert_error(response, status=400, attr="claims")


# Workflow


def test_submit_publish_retract(analyst_client, editor_client):
    brief = make_brief()

    response = analyst_client.post(url("briefs", brief.pk, "submit"))
    assert response.status_code == 200
    assert response.json()["status"] == "review"
    assert response.json()["version"] == 2
    assert response["ETag"].startswith('"2-')

    response = editor_client.post(url("briefs", brief.pk, "publish"))
    assert (response.status_code, response.json()["status"]) == (200, "published")

    response = editor_client.post(url("briefs", brief.pk, "retract"))
    assert (response.status_code, response.json()["status"]) == (200, "retracted")
    assert brief_ref(Brief.objects.get(pk=brief.pk))["title"] == brief.title


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("review", "submit"),
        ("published", "submit"),
        ("published", "publish"),
        ("draft", "retract"),
        ("retracted", "publish"),
    ],
)
def test_invalid_transition_is_409(editor_client, status, action):
    brief = make_brief(status=status)
    assert_error(editor_client.post(url("briefs", brief.pk, action)), status=409, code="invalid_transition")
    brief.refresh_from_db()
    assert brief.status == status


@pytest.mark.parametrize("action", ["publish", "retract"])
def test_publish_and_retract_need_the_publish_permission(analyst_client, action):
    brief = make_brief(status="published" if action == "retract" else "review")
    assert_error(analyst_client.post(url("briefs", brief.pk, action)), status=403, code="permission_denied")


def test_workflow_needs_change_permission(viewer_client, outsider_client, anonymous_client):
    brief = make_brief(status="draft")
    assert_error(viewer_client.post(url("briefs", brief.pk, "submit")), status=403)
    assert_error(outsider_client.post(url("briefs", brief.pk, "submit")), status=403)
    response = anonymous_client.post(url("briefs", brief.pk, "submit"))
    assert_error(response, status=401)
    assert response["WWW-Authenticate"] == "Token"


def test_workflow_on_unknown_brief_is_404(editor_client):
    assert_error(editor_client.post(url("briefs", "7d3b9e1f-2c58-4a06-8f4d-b6e0a2c9d175", "publish")), status=404)


def test_delete_brief_cascades_to_claims_and_comments(editor_client):
    brief = make_brief()
    make_claim(brief=brief)
    make_comment(brief=brief)
    assert editor_client.delete(url("briefs", brief.pk)).status_code == 204
    assert not Claim.objects.exists() and not Comment.objects.exists()
