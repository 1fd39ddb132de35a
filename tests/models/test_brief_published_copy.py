"""`brief_published` of claims and comments is their brief's status, copied: every writer keeps it true.

Anonymous claim and comment reads filter on the copy alone, so a stale copy would show a draft's or
a retracted brief's claims to anyone (or hide a published brief's): each writer is checked here.
"""

import pytest
from django.core.management import call_command

from briefings.choices import BriefStatus
from briefings.models import Brief, Claim, Comment
from briefings.services.stix import brief_to_stix_bundle, stix_bundle_import
from briefings.services.workflow import brief_publish, brief_retract
from tests.factories import make_brief, make_claim, make_comment

pytestmark = pytest.mark.django_db


def stale_copies() -> list:
    """Claims and comments whose copy disagrees with their brief's status (empty when every writer kept it)."""
    stale = []
    for model in (Claim, Comment):
        stale += model.objects.filter(brief_published=True).exclude(brief__status=BriefStatus.PUBLISHED)
        stale += model.objects.filter(brief_published=False, brief__status=BriefStatus.PUBLISHED)
    return stale


def visible_to_anonymous(client) -> set[str]:
    return {claim["id"] for claim in client.get("/api/v1/claims/?limit=500").json()["results"]}


def test_a_claim_takes_its_brief_status_when_saved():
    draft, published = make_brief(), make_brief(status=BriefStatus.PUBLISHED)
    assert (make_claim(brief=draft).brief_published, make_claim(brief=published).brief_published) == (False, True)
    assert stale_copies() == []


def test_publish_and_retract_update_the_claims_of_the_brief(editor, anonymous_client):
    brief, other = make_brief(status=BriefStatus.REVIEW), make_brief(status=BriefStatus.PUBLISHED)
    claims = {str(make_claim(brief=brief).pk) for _ in range(3)}
    bystander = str(make_claim(brief=other).pk)
    assert visible_to_anonymous(anonymous_client) == {bystander}

    brief_publish(brief=brief, user=editor)
    assert visible_to_anonymous(anonymous_client) == claims | {bystander}

    brief_retract(brief=Brief.objects.get(pk=brief.pk), user=editor)
    assert visible_to_anonymous(anonymous_client) == {bystander}
    assert stale_copies() == []


def test_publish_and_retract_update_the_comments_of_the_brief(editor, analyst, anonymous_client):
    brief = make_brief(status=BriefStatus.REVIEW)
    analysis = str(make_comment(brief=brief, author=analyst).pk)
    make_comment(brief=brief, author=analyst, kind="note")  # never shown to anonymous callers

    def shown() -> set[str]:
        return {comment["id"] for comment in anonymous_client.get("/api/v1/comments/").json()["results"]}

    assert shown() == set()
    brief_publish(brief=brief, user=editor)
    assert shown() == {analysis}
    brief_retract(brief=Brief.objects.get(pk=brief.pk), user=editor)
    assert shown() == set()
    assert stale_copies() == []


def test_workflow_actions_of_the_api_keep_the_copy(editor_client, anonymous_client):
    brief = make_brief(status=BriefStatus.REVIEW)
    claim = str(make_claim(brief=brief).pk)
    assert editor_client.post(f"/api/v1/briefs/{brief.pk}/publish/").status_code == 200
    assert claim in visible_to_anonymous(anonymous_client)
    assert editor_client.post(f"/api/v1/briefs/{brief.pk}/retract/").status_code == 200
    assert claim not in visible_to_anonymous(anonymous_client)


def test_a_claim_moved_to_another_brief_takes_that_brief_status(editor_client, anonymous_client):
    claim = make_claim(brief=make_brief())
    published = make_brief(status=BriefStatus.PUBLISHED)
    response = editor_client.patch(f"/api/v1/claims/{claim.pk}/", {"brief": str(published.pk)}, format="json")
    assert response.status_code == 200, response.content
    assert str(claim.pk) in visible_to_anonymous(anonymous_client)
    assert stale_copies() == []


def test_claims_created_through_the_api_inside_a_brief_follow_its_status(editor_client):
    body = {"title": "Brigades hold the crossing", "body": "The brigades said they hold the crossing.", "claims": []}
    body["claims"] = [{"statement": "The brigades hold the crossing.", "kind": "other"}]
    response = editor_client.post("/api/v1/briefs/", body, format="json")
    assert response.status_code == 201, response.content
    assert Claim.objects.get(brief_id=response.json()["id"]).brief_published is False
    assert stale_copies() == []


def test_the_copy_is_neither_in_the_api_nor_in_the_history(editor_client, analyst):
    brief = make_brief(status=BriefStatus.PUBLISHED)
    claim, comment = make_claim(brief=brief), make_comment(brief=brief, author=analyst)
    assert "brief_published" not in editor_client.get(f"/api/v1/claims/{claim.pk}/").json()
    assert "brief_published" not in editor_client.get(f"/api/v1/comments/{comment.pk}/").json()
    assert not hasattr(claim.history.first(), "brief_published")
    assert not hasattr(comment.history.first(), "brief_published")


def test_stix_import_of_a_published_brief_sets_the_copy(editor):
    brief = make_brief(status=BriefStatus.PUBLISHED)
    make_claim(brief=brief)
    bundle = brief_to_stix_bundle(brief=brief)
    Brief.objects.all().delete()
    stix_bundle_import(bundle=bundle, user=None)
    assert Claim.objects.get().brief_published is True
    assert stale_copies() == []


def test_generated_and_demo_data_carry_the_copy():
    call_command("generate_data", briefs=40, seed=7, no_progress=True, stdout=None)
    call_command("load_demo", stdout=None)
    statuses = set(Brief.objects.values_list("status", flat=True))
    assert BriefStatus.PUBLISHED in statuses and len(statuses) > 1  # both sides of the copy are exercised
    assert stale_copies() == []
