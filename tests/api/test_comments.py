"""Comments through the HTTP API: shape, author from the request, claim of the same brief."""

import pytest

from briefings.models import Comment
from tests.api.conftest import absolute, assert_error, brief_ref, claim_ref, iso, url, user_ref
from tests.factories import make_brief, make_claim, make_comment

pytestmark = pytest.mark.django_db


def test_comment_detail_golden(anonymous_client, analyst):
    brief = make_brief(status="published")
    claim = make_claim(brief=brief)
    comment = make_comment(brief=brief, claim=claim, author=analyst, body="The road is a supply route.")

    response = anonymous_client.get(url("comments", comment.pk))

    assert response.status_code == 200
    assert response["ETag"] == '"1"'
    assert response.json() == {
        "id": str(comment.pk),
        "url": absolute("comments", comment.pk),
        "display": "Analysis: The road is a supply route.",
        "brief": brief_ref(brief),
        "claim": claim_ref(claim),
        "kind": "analysis",
        "body": "The road is a supply route.",
        "author": user_ref(analyst),
        "version": 1,
        "created_at": iso(comment.created_at),
        "updated_at": iso(comment.updated_at),
    }


def test_author_comes_from_the_request_user(analyst_client, analyst, editor):
    brief = make_brief()
    payload = {"brief": str(brief.pk), "kind": "note", "body": "Check the date.", "author": editor.pk}
    response = analyst_client.post(url("comments"), payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["author"] == user_ref(analyst)
    assert response.json()["claim"] is None
    assert Comment.objects.get().author == analyst


def test_edit_keeps_the_author(editor_client, analyst):
    comment = make_comment(author=analyst)
    response = editor_client.patch(url("comments", comment.pk), {"body": "Reworded."}, format="json")
    assert response.status_code == 200
    assert (response.json()["body"], response.json()["author"]) == ("Reworded.", user_ref(analyst))


def test_claim_of_another_brief_is_rejected(analyst_client):
    brief = make_brief()
    foreign_claim = make_claim()
    payload = {"brief": str(brief.pk), "claim": str(foreign_claim.pk), "kind": "analysis", "body": "x"}
    assert_error(analyst_client.post(url("comments"), payload, format="json"), status=400, attr="claim")


@pytest.mark.parametrize(
    ("payload", "attr"), [({"kind": "gossip"}, "kind"), ({"body": ""}, "body"), ({"brief": None}, "brief")]
)
def test_invalid_comment_payloads_name_the_field(analyst_client, payload, attr):
    brief = make_brief()
    response = analyst_client.post(
        url("comments"), {"brief": str(brief.pk), "kind": "analysis", "body": "x", **payload}, format="json"
    )
    assert_error(response, status=400, attr=attr)
