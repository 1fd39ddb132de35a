"""GeoJSON FeatureCollections: RFC 7946 shape, [longitude, latitude] order, queryset filters, query counts."""

import datetime as dt
import json

import pytest

from briefings.models import Actor, Brief, Claim, ClaimLocation, Location
from briefings.services.geojson import claims_feature_collection, locations_feature_collection

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    syria = Location.objects.create(name="Syria", kind="country", country="SY", latitude=35.0, longitude=38.5)
    # Latitude and longitude far apart, so a swapped pair cannot pass unnoticed.
    deir = Location.objects.create(
        name="Deir ez-Zor", kind="city", parent=syria, latitude=35.33, longitude=40.14, precision="exact"
    )
    unplaced = Location.objects.create(name="Somewhere in the desert", kind="area", parent=syria)
    return {"syria": syria, "deir": deir, "unplaced": unplaced}


@pytest.fixture
def claims(places):
    outlet = Actor.objects.create(name="Euphrates Post", kind="media_outlet")
    brief = Brief.objects.create(
        title="Shelling near Deir ez-Zor",
        body="Shelling was reported.",
        published_at=dt.datetime(2022, 3, 1, tzinfo=dt.UTC),
    )
    shelling = Claim.objects.create(
        brief=brief,
        statement="Artillery hit the eastern district.",
        kind="attack",
        occurred_start=dt.date(2022, 2, 27),
        occurred_end=dt.date(2022, 2, 28),
        claimant=outlet,
        credibility=3,
        source_reliability="C",
    )
    for place in places.values():
        ClaimLocation.objects.create(claim=shelling, location=place)
    statement = Claim.objects.create(brief=brief, statement="Talks resume next week.", kind="statement")
    ClaimLocation.objects.create(claim=statement, location=places["syria"])
    return {"brief": brief, "shelling": shelling, "statement": statement, "outlet": outlet}


def test_location_feature_golden_and_coordinate_order(places):
    collection = locations_feature_collection(queryset=Location.objects.filter(pk=places["deir"].pk))
    deir, syria = places["deir"], places["syria"]
    assert collection == {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": str(deir.pk),
                "geometry": {"type": "Point", "coordinates": [40.14, 35.33]},
                "properties": {
                    "id": str(deir.pk),
                    "name": "Deir ez-Zor",
                    "kind": "city",
                    "precision": "exact",
                    "country": "",
                    "geonames_id": None,
                    "parent_id": str(syria.pk),
                    "parent_name": "Syria",
                },
            }
        ],
    }
    json.dumps(collection)  # JSON-ready without a custom encoder


def test_locations_without_coordinates_are_left_out_and_filters_hold(places):
    everything = locations_feature_collection(queryset=Location.objects.all())
    assert [feature["properties"]["name"] for feature in everything["features"]] == ["Deir ez-Zor", "Syria"]
    cities = locations_feature_collection(queryset=Location.objects.filter(kind="city"))
    assert [feature["properties"]["name"] for feature in cities["features"]] == ["Deir ez-Zor"]


def test_claim_features_one_per_located_place(claims, places):
    collection = claims_feature_collection(queryset=Claim.objects.filter(pk=claims["shelling"].pk))
    shelling, deir = claims["shelling"], places["deir"]
    assert [feature["properties"]["location_name"] for feature in collection["features"]] == ["Deir ez-Zor", "Syria"]
    assert collection["features"][0] == {
        "type": "Feature",
        "id": f"{shelling.pk}:{deir.pk}",
        "geometry": {"type": "Point", "coordinates": [40.14, 35.33]},
        "properties": {
            "claim_id": str(shelling.pk),
            "statement": "Artillery hit the eastern district.",
            "kind": "attack",
            "assessment": "reported",
            "source_reliability": "C",
            "credibility": 3,
            "occurred_start": "2022-02-27",
            "occurred_end": "2022-02-28",
            "brief_id": str(claims["brief"].pk),
            "brief_title": "Shelling near Deir ez-Zor",
            "brief_published_at": "2022-03-01T00:00:00+00:00",
            "claimant_id": str(claims["outlet"].pk),
            "claimant_name": "Euphrates Post",
            "claimant_text": "",
            "location_id": str(deir.pk),
            "location_name": "Deir ez-Zor",
            "location_kind": "city",
            "precision": "exact",
        },
    }
    json.dumps(collection)


def test_claim_features_follow_the_queryset_filter(claims):
    statements = claims_feature_collection(queryset=Claim.objects.filter(kind="statement"))
    assert {feature["properties"]["claim_id"] for feature in statements["features"]} == {str(claims["statement"].pk)}
    assert claims_feature_collection(queryset=Claim.objects.none()) == {"type": "FeatureCollection", "features": []}


def test_one_query_whatever_the_number_of_rows(claims, places, django_assert_num_queries):
    for number in range(30):
        claim = Claim.objects.create(brief=claims["brief"], statement=f"Claim {number}")
        ClaimLocation.objects.create(claim=claim, location=places["deir"])
    with django_assert_num_queries(1):
        assert len(claims_feature_collection(queryset=Claim.objects.all())["features"]) == 33
    with django_assert_num_queries(1):
        assert len(locations_feature_collection(queryset=Location.objects.all())["features"]) == 2
