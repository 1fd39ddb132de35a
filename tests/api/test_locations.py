"""Locations through the HTTP API: shape, hierarchy, coordinates, aliases."""

import pytest

from briefings.models import Location
from tests.api.conftest import absolute, assert_error, iso, location_ref, url
from tests.factories import make_claim, make_location

pytestmark = pytest.mark.django_db


def test_location_detail_golden(anonymous_client):
    country = make_location(name="Iraq", kind="country", country="IQ")
    village = make_location(
        name="Tal Hamra", parent=country, latitude=36.21, longitude=42.08, precision="approximate", geonames_id=99123
    )
    village.aliases.create(name="Tell Hamra")
    village.refresh_from_db()

    response = anonymous_client.get(url("locations", village.pk))

    assert response.status_code == 200
    assert response["ETag"] == '"1"'
    assert response.json() == {
        "id": str(village.pk),
        "url": absolute("locations", village.pk),
        "display": "Tal Hamra",
        "name": "Tal Hamra",
        "kind": "village",
        "parent": location_ref(country),
        "latitude": 36.21,
        "longitude": 42.08,
        "precision": "approximate",
        "country": "",
        "geonames_id": 99123,
        "aliases": ["Tell Hamra"],
        "version": 1,
        "created_at": iso(village.created_at),
        "updated_at": iso(village.updated_at),
    }


def test_create_location_under_a_parent(analyst_client):
    district = make_location(name="Ridge District", kind="district")
    payload = {"name": "Tal Hamra", "kind": "village", "parent": str(district.pk), "aliases": ["Tell Hamra"]}

    response = analyst_client.post(url("locations"), payload, format="json")

    assert response.status_code == 201, response.json()
    created = Location.objects.get(pk=response.json()["id"])
    assert created.path == f"{district.path}{created.pk.hex}/"
    assert response.json()["parent"] == location_ref(district)
    assert response.json()["aliases"] == ["Tell Hamra"]


@pytest.mark.parametrize(
    ("payload", "attr"),
    [
        ({"latitude": 91, "longitude": 10}, "latitude"),
        ({"latitude": 10, "longitude": -181}, "longitude"),
        ({"latitude": 10}, "non_field_errors"),
        ({"precision": "vague"}, "precision"),
        ({"parent": "not-a-uuid"}, "parent"),
        ({"geonames_id": -4}, "geonames_id"),
    ],
)
def test_invalid_location_payloads_name_the_field(analyst_client, payload, attr):
    response = analyst_client.post(url("locations"), {"name": "Tal Hamra", "kind": "village", **payload}, format="json")
    assert_error(response, status=400, attr=attr)


def test_a_location_cannot_move_under_its_descendant(analyst_client):
    region = make_location(name="Ridge Region", kind="region")
    village = make_location(name="Tal Hamra", parent=region)
    response = analyst_client.patch(url("locations", region.pk), {"parent": str(village.pk)}, format="json")
    assert_error(response, status=400, attr="parent")


def test_moving_a_location_rewrites_descendant_paths(analyst_client):
    old_parent = make_location(name="Old District", kind="district")
    new_parent = make_location(name="New District", kind="district")
    town = make_location(name="Ridge Town", kind="town", parent=old_parent)
    village = make_location(name="Tal Hamra", parent=town)

    response = analyst_client.patch(url("locations", town.pk), {"parent": str(new_parent.pk)}, format="json")

    assert response.status_code == 200
    village.refresh_from_db()
    assert village.path.startswith(new_parent.path)


def test_deleting_a_location_used_by_a_claim_is_409(editor_client):
    village = make_location()
    make_claim(locations=[village])
    assert_error(editor_client.delete(url("locations", village.pk)), status=409, code="protected")
