"""Actors through the HTTP API: shapes, child lists, validation, deletion."""

import pytest

from briefings.models import Actor, ActorRelation
from tests.api.conftest import absolute, actor_ref, assert_error, iso, url
from tests.factories import make_actor, make_claim

pytestmark = pytest.mark.django_db


def test_actor_detail_golden(anonymous_client):
    authority = make_actor(name="State of Valoria", kind="state", country="IQ")
    parent = make_actor(name="Ridge Coalition", kind="organization")
    actor = make_actor(name="Northern Ridge Brigades", description="Volunteer units.", wikidata_id="Q4242")
    actor.aliases.create(name="N.R.B.")
    actor.relations.create(kind="part_of", target=parent, title="largest unit")
    actor.designations.create(authority=authority, label="Listed armed group")
    actor.refresh_from_db()

    response = anonymous_client.get(url("actors", actor.pk))

    assert response.status_code == 200
    assert response["ETag"] == '"1"'
    assert response.json() == {
        "id": str(actor.pk),
        "url": absolute("actors", actor.pk),
        "display": "Northern Ridge Brigades",
        "name": "Northern Ridge Brigades",
        "kind": "armed_group",
        "description": "Volunteer units.",
        "country": "",
        "wikidata_id": "Q4242",
        "aliases": ["N.R.B."],
        "relations": [
            {"kind": "part_of", "target": actor_ref(parent), "title": "largest unit", "start": None, "end": None}
        ],
        "designations": [{"authority": actor_ref(authority), "label": "Listed armed group", "date": None}],
        "version": 1,
        "created_at": iso(actor.created_at),
        "updated_at": iso(actor.updated_at),
    }


def test_create_actor_with_children(analyst_client, analyst):
    authority = make_actor(name="State of Valoria", kind="state")
    payload = {
        "name": "Northern Ridge Brigades",
        "kind": "armed_group",
        "country": "IQ",
        "aliases": ["N.R.B.", "Ridge Brigades"],
        "relations": [{"kind": "backed_by", "target": str(authority.pk), "start": "2017-01-01", "end": "2019-12-31"}],
        "designations": [{"authority": str(authority.pk), "label": "Listed armed group", "date": "2019-03-01"}],
    }

    response = analyst_client.post(url("actors"), payload, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    actor = Actor.objects.get(pk=body["id"])
    assert sorted(body["aliases"]) == ["N.R.B.", "Ridge Brigades"]
    assert body["relations"] == [
        {"kind": "backed_by", "target": actor_ref(authority), "title": "", "start": "2017-01-01", "end": "2019-12-31"}
    ]
    assert body["designations"][0]["date"] == "2019-03-01"
    assert response["ETag"] == f'"{actor.version}"'
    assert actor.history.first().history_user == analyst


def test_server_owned_fields_in_payload_change_nothing(analyst_client):
    actor = make_actor(name="Ridge Coalition")
    forged = {
        "id": "00000000-0000-0000-0000-000000000001",
        "version": 99,
        "created_at": "2000-01-01T00:00:00Z",
        "updated_at": "2000-01-01T00:00:00Z",
        "name": "Ridge Coalition (renamed)",
    }

    response = analyst_client.patch(url("actors", actor.pk), forged, format="json")

    assert response.status_code == 200
    actor.refresh_from_db()
    body = response.json()
    assert (body["id"], body["version"], body["name"]) == (str(actor.pk), 2, "Ridge Coalition (renamed)")
    assert body["created_at"] == iso(actor.created_at) != "2000-01-01T00:00:00Z"
    created = analyst_client.post(url("actors"), {**forged, "kind": "person"}, format="json").json()
    assert created["id"] != forged["id"] and created["version"] == 1


def test_lists_replace_the_stored_ones(analyst_client):
    other = make_actor(name="Ridge Coalition")
    third = make_actor(name="Valley Front")
    actor = make_actor(name="Northern Ridge Brigades")
    actor.aliases.create(name="N.R.B.")
    actor.aliases.create(name="Old Name")
    actor.relations.create(kind="part_of", target=other)

    response = analyst_client.patch(
        url("actors", actor.pk),
        {"aliases": ["N.R.B.", "Ridge Brigades"], "relations": [{"kind": "opposes", "target": str(third.pk)}]},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert sorted(response.json()["aliases"]) == ["N.R.B.", "Ridge Brigades"]
    assert [(r.kind, r.target_id) for r in actor.relations.all()] == [("opposes", third.pk)]
    # An unchanged alias keeps its row (history shows only real changes).
    assert actor.aliases.get(name="N.R.B.").version == 1


def test_patch_without_lists_keeps_children(analyst_client):
    actor = make_actor()
    actor.aliases.create(name="N.R.B.")
    response = analyst_client.patch(url("actors", actor.pk), {"description": "Changed."}, format="json")
    assert response.status_code == 200
    assert response.json()["aliases"] == ["N.R.B."]


@pytest.mark.parametrize(
    ("payload", "attr"),
    [
        ({"country": "XX"}, "country"),
        ({"country": "iq"}, "country"),
        ({"wikidata_id": "12345"}, "wikidata_id"),
        ({"kind": "dragon"}, "kind"),
        ({"aliases": ["P.M.F.", "PMF"]}, "aliases.1"),
        ({"relations": [{"kind": "leads", "target": "00000000-0000-0000-0000-000000000000"}]}, "relations.0.target"),
        ({"relations": [{"kind": "leads", "target": None, "start": "2020-01-02"}]}, "relations.0.target"),
    ],
)
def test_invalid_actor_payloads_name_the_field(analyst_client, payload, attr):
    response = analyst_client.post(
        url("actors"), {"name": "Valley Front", "kind": "armed_group", **payload}, format="json"
    )
    assert_error(response, status=400, attr=attr)
    assert not Actor.objects.filter(name="Valley Front").exists()


def test_relation_dates_and_self_relation_are_validated(analyst_client):
    actor = make_actor()
    other = make_actor()
    backwards = {"kind": "leads", "target": str(other.pk), "start": "2020-01-02", "end": "2020-01-01"}
    response = analyst_client.patch(url("actors", actor.pk), {"relations": [backwards]}, format="json")
    assert_error(response, status=400, attr="relations.0.non_field_errors")
    response = analyst_client.patch(
        url("actors", actor.pk), {"relations": [{"kind": "leads", "target": str(actor.pk)}]}, format="json"
    )
    assert_error(response, status=400, attr="relations.0.non_field_errors")
    assert not ActorRelation.objects.exists()


def test_duplicate_wikidata_id_is_rejected(analyst_client):
    make_actor(wikidata_id="Q4242")
    response = analyst_client.post(
        url("actors"), {"name": "Twin", "kind": "person", "wikidata_id": "Q4242"}, format="json"
    )
    assert_error(response, status=400)


def test_delete_actor(editor_client):
    actor = make_actor()
    assert editor_client.delete(url("actors", actor.pk)).status_code == 204
    assert not Actor.objects.filter(pk=actor.pk).exists()


def test_deleting_an_actor_referenced_by_a_claim_is_409(editor_client):
    actor = make_actor()
    make_claim(actors=[actor])
    assert_error(editor_client.delete(url("actors", actor.pk)), status=409, code="protected")
    assert Actor.objects.filter(pk=actor.pk).exists()
