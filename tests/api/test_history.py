"""History endpoints: own rows plus owned child rows, newest first, with field changes and users."""

import pytest

from briefings.models import Actor
from tests.api.conftest import assert_error, url, user_ref
from tests.factories import make_actor, make_brief, make_claim, make_comment, make_location

pytestmark = pytest.mark.django_db


def test_actor_history_lists_own_and_child_changes(analyst_client, analyst):
    created = analyst_client.post(
        url("actors"), {"name": "Ridge Brigades", "kind": "armed_group", "aliases": ["R.B."]}, format="json"
    ).json()
    analyst_client.patch(
        url("actors", created["id"]), {"name": "Northern Ridge Brigades", "aliases": []}, format="json"
    )

    response = analyst_client.get(url("actors", created["id"], "history"))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4
    entries = [(entry["model"], entry["history_type"]) for entry in body["results"]]
    assert sorted(entries[:2]) == [("actor", "changed"), ("actoralias", "deleted")]
    assert sorted(entries[2:]) == [("actor", "created"), ("actoralias", "created")]
    changed = next(entry for entry in body["results"] if entry["history_type"] == "changed")
    assert changed["changes"] == [{"field": "name", "old": "Ridge Brigades", "new": "Northern Ridge Brigades"}]
    assert changed["history_user"] == user_ref(analyst)
    assert changed["object_id"] == created["id"]
    assert set(changed) == {
        "history_id",
        "history_date",
        "history_type",
        "history_user",
        "change_reason",
        "model",
        "object_id",
        "changes",
    }
    alias_created = next(e for e in body["results"] if e["model"] == "actoralias" and e["history_type"] == "created")
    assert {"field": "name", "old": None, "new": "R.B."} in alias_created["changes"]


def test_brief_history_shows_workflow_with_reason(editor_client, editor):
    brief = make_brief(status="review")
    editor_client.post(url("briefs", brief.pk, "publish"))
    results = editor_client.get(url("briefs", brief.pk, "history")).json()["results"]
    assert results[0]["change_reason"] == "publish"
    assert results[0]["changes"] == [
        {"field": "status", "old": "review", "new": "published"},
        {"field": "updated_by", "old": None, "new": editor.pk},
    ]


def test_history_of_claim_includes_deleted_children(analyst_client):
    location = make_location()
    claim = make_claim(locations=[location])
    analyst_client.patch(url("claims", claim.pk), {"locations": []}, format="json")
    results = analyst_client.get(url("claims", claim.pk, "history")).json()["results"]
    assert (results[0]["model"], results[0]["history_type"]) == ("claimlocation", "deleted")


@pytest.mark.parametrize("resource", ["actors", "locations", "briefs", "claims", "comments"])
def test_every_resource_has_paginated_history(viewer_client, resource):
    record = {
        "actors": make_actor,
        "locations": make_location,
        "briefs": make_brief,
        "claims": make_claim,
        "comments": make_comment,
    }[resource]()
    body = viewer_client.get(url(resource, record.pk, "history"), {"limit": 1}).json()
    assert body["count"] >= 1 and len(body["results"]) == 1
    assert body["results"][0]["history_type"] == "created"


def test_history_follows_visibility(anonymous_client, viewer_client):
    draft = make_brief(status="draft")
    assert_error(anonymous_client.get(url("briefs", draft.pk, "history")), status=404)
    assert viewer_client.get(url("briefs", draft.pk, "history")).status_code == 200


def test_history_query_count_is_constant(viewer_client, django_assert_num_queries):
    actor = make_actor()
    target = make_actor()
    for index in range(10):
        actor.aliases.create(name=f"Alias {index}")
        actor.relations.create(kind="opposes", target=target, title=f"t{index}")
        actor.name = f"Name {index}"
        actor.save()
    # auth token, the actor, its 4 history tables
    with django_assert_num_queries(6):
        body = viewer_client.get(url("actors", actor.pk, "history"), {"limit": 500}).json()
    assert body["count"] == 31
    assert Actor.objects.count() == 2
