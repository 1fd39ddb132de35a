"""Interop endpoints over HTTP: STIX export/import, GeoJSON, CSV; visibility, filters, errors, schema."""

import csv
import io
import json

import pytest
import stix2
from drf_spectacular.generators import SchemaGenerator

from briefings.choices import BriefStatus
from briefings.demo import demo_load
from briefings.models import Actor, Brief, Claim, ClaimLocation, Comment, Location
from briefings.services.csv_export import CLAIM_CSV_COLUMNS
from briefings.services.stix import EXTENSION_ID, brief_to_stix_bundle
from tests.api.conftest import API, assert_error
from tests.services.test_stix import empty_database, record_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    demo_load()
    return Brief.objects.get()


@pytest.fixture
def draft(demo):
    """An unpublished brief with one located claim: invisible to anonymous callers."""
    brief = Brief.objects.create(title="Unconfirmed movement", body="Convoys were seen.", status=BriefStatus.DRAFT)
    claim = Claim.objects.create(brief=brief, statement="Convoys moved north.", kind="deployment")
    ClaimLocation.objects.create(claim=claim, location=Location.objects.filter(latitude__isnull=False).first())
    return brief


def csv_rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


# STIX export


def test_stix_export_of_a_published_brief(anonymous_client, demo):
    response = anonymous_client.get(f"{API}/briefs/{demo.pk}/stix/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    bundle = response.json()
    stix2.parse(bundle, allow_custom=False)
    assert bundle == json.loads(json.dumps(brief_to_stix_bundle(brief=demo)))


def test_stix_export_honours_the_stix_media_type(anonymous_client, demo):
    response = anonymous_client.get(f"{API}/briefs/{demo.pk}/stix/", HTTP_ACCEPT="application/stix+json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/stix+json"


def test_stix_export_has_the_visibility_of_the_brief_detail(anonymous_client, viewer_client, draft):
    assert_error(anonymous_client.get(f"{API}/briefs/{draft.pk}/stix/"), status=404, code="not_found")
    assert viewer_client.get(f"{API}/briefs/{draft.pk}/stix/").status_code == 200
    assert_error(anonymous_client.get(f"{API}/briefs/not-a-uuid/stix/"), status=404, code="not_found")


def test_stix_export_query_count_is_fixed(anonymous_client, demo, django_assert_num_queries):
    with django_assert_num_queries(15):  # the brief, then the service's fixed 14
        anonymous_client.get(f"{API}/briefs/{demo.pk}/stix/")
    for number in range(10):
        Claim.objects.create(brief=demo, statement=f"More claim {number}")
    with django_assert_num_queries(15):
        anonymous_client.get(f"{API}/briefs/{demo.pk}/stix/")


# STIX import


@pytest.fixture
def demo_bundle(demo) -> dict:
    bundle = brief_to_stix_bundle(brief=demo)
    empty_database()
    return bundle


def import_stix(client, bundle):
    return client.post(f"{API}/import/stix/", bundle, format="json")


def test_import_needs_authentication_and_rights(anonymous_client, viewer_client, outsider_client, demo_bundle):
    assert_error(import_stix(anonymous_client, demo_bundle), status=401, code="not_authenticated")
    assert_error(import_stix(viewer_client, demo_bundle), status=403, code="permission_denied")
    assert_error(import_stix(outsider_client, demo_bundle), status=403, code="permission_denied")
    assert set(record_counts().values()) == {0}


def test_import_of_a_published_brief_needs_the_publish_permission(analyst_client, demo_bundle):
    assert_error(import_stix(analyst_client, demo_bundle), status=403, code="permission_denied")
    assert set(record_counts().values()) == {0}


def test_analysts_import_drafts(analyst_client, analyst, demo_bundle):
    report = next(obj for obj in demo_bundle["objects"] if obj["type"] == "report")
    report["extensions"][EXTENSION_ID]["status"] = "draft"
    response = import_stix(analyst_client, demo_bundle)
    assert response.status_code == 200, response.content
    brief = Brief.objects.get()
    assert (brief.status, brief.created_by) == ("draft", analyst)


def test_import_returns_counts_and_is_idempotent(editor_client, demo_bundle):
    first = import_stix(editor_client, demo_bundle)
    assert first.status_code == 200, first.content
    second = import_stix(editor_client, demo_bundle)
    assert second.status_code == 200
    counts = {name: value for name, value in first.json().items() if name != "skipped"}
    assert second.json() == {
        **{name: {"created": 0, "updated": 0, "unchanged": value["created"]} for name, value in counts.items()},
        "skipped": 0,
    }
    assert first.json()["briefs"] == {"created": 1, "updated": 0, "unchanged": 0}
    assert first.json()["claims"]["created"] == Claim.objects.count() > 0


def test_a_broken_bundle_is_a_400_naming_the_object_and_changes_nothing(editor_client, demo_bundle):
    broken = next(obj for obj in demo_bundle["objects"] if obj["type"] == "location")
    broken["latitude"] = 123.0
    index = demo_bundle["objects"].index(broken)

    body = assert_error(import_stix(editor_client, demo_bundle), status=400, attr=f"objects.{index}")

    assert broken["id"] in body["errors"][0]["detail"]
    assert "latitude" in body["errors"][0]["detail"]
    assert set(record_counts().values()) == {0}


@pytest.mark.parametrize("payload", [[], {"type": "indicator"}, {"type": "bundle", "objects": "none"}])
def test_payloads_that_are_not_bundles_are_400(editor_client, payload):
    assert_error(import_stix(editor_client, payload), status=400, attr="objects")


def test_malformed_json_is_400(editor_client):
    response = editor_client.post(f"{API}/import/stix/", "{nope", content_type="application/json")
    assert_error(response, status=400, code="parse_error")


# GeoJSON


def test_locations_geojson_filters_and_coordinate_order(anonymous_client, demo):
    response = anonymous_client.get(f"{API}/locations/geojson/", {"kind": "village"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    villages = Location.objects.filter(kind="village", latitude__isnull=False)
    features = response.json()["features"]
    assert {feature["properties"]["name"] for feature in features} == {village.name for village in villages}
    for feature in features:
        location = Location.objects.get(pk=feature["id"])
        assert feature["geometry"] == {"type": "Point", "coordinates": [location.longitude, location.latitude]}


def test_locations_geojson_takes_the_list_filters(anonymous_client, demo):
    iraq = Location.objects.get(kind="country", country="IQ")
    within = anonymous_client.get(f"{API}/locations/geojson/", {"within": str(iraq.pk)}).json()["features"]
    descendants = Location.objects.filter(path__startswith=iraq.path, latitude__isnull=False).exclude(pk=iraq.pk)
    assert {feature["id"] for feature in within} == {str(location.pk) for location in descendants}
    town = Location.objects.filter(latitude__isnull=False).exclude(kind="country").first()
    box = f"{town.longitude - 0.01},{town.latitude - 0.01},{town.longitude + 0.01},{town.latitude + 0.01}"
    in_box = anonymous_client.get(f"{API}/locations/geojson/", {"bbox": box}).json()["features"]
    assert str(town.pk) in {feature["id"] for feature in in_box}
    assert all(town.longitude - 0.01 <= f["geometry"]["coordinates"][0] <= town.longitude + 0.01 for f in in_box)


def test_invalid_filters_are_json_400_not_geojson(anonymous_client, demo):
    assert_error(anonymous_client.get(f"{API}/locations/geojson/", {"bbox": "1,2,3"}), status=400)
    assert_error(anonymous_client.get(f"{API}/claims/geojson/", {"kind": "nonsense"}), status=400)


def test_claims_geojson_visibility_and_filters(anonymous_client, viewer_client, demo, draft):
    anonymous = anonymous_client.get(f"{API}/claims/geojson/").json()["features"]
    viewer = viewer_client.get(f"{API}/claims/geojson/").json()["features"]
    draft_claims = {str(claim.pk) for claim in draft.claims.all()}
    assert draft_claims.isdisjoint({feature["properties"]["claim_id"] for feature in anonymous})
    assert draft_claims <= {feature["properties"]["claim_id"] for feature in viewer}
    assert {feature["properties"]["brief_title"] for feature in anonymous} == {demo.title}

    sightings = anonymous_client.get(f"{API}/claims/geojson/", {"kind": "sighting"}).json()["features"]
    assert sightings
    assert {feature["properties"]["kind"] for feature in sightings} == {"sighting"}


def test_claims_geojson_query_count_is_fixed(anonymous_client, demo, django_assert_num_queries):
    with django_assert_num_queries(1):
        anonymous_client.get(f"{API}/claims/geojson/")
    with django_assert_num_queries(1):
        anonymous_client.get(f"{API}/locations/geojson/")


# CSV


def test_claims_csv_rows_are_the_visible_claims(anonymous_client, demo, draft):
    response = anonymous_client.get(f"{API}/claims/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="claims.csv"'
    rows = csv_rows(response)
    assert [row["id"] for row in rows] == [str(pk) for pk in demo.claims.values_list("pk", flat=True)]
    assert list(rows[0]) == list(CLAIM_CSV_COLUMNS)


def test_claims_csv_takes_the_list_filters(anonymous_client, demo):
    pmf = Actor.objects.get(name="Popular Mobilization Forces")
    response = anonymous_client.get(f"{API}/claims/export.csv", {"actor": str(pmf.pk), "role": "subject"})
    expected = Claim.objects.filter(actor_roles__actor=pmf, actor_roles__role="subject").distinct()
    assert {row["id"] for row in csv_rows(response)} == {str(claim.pk) for claim in expected}
    assert expected.exists()


def test_claims_csv_with_format_parameter_and_accept_header(anonymous_client, demo):
    by_format = anonymous_client.get(f"{API}/claims/export.csv", {"format": "csv"})
    by_accept = anonymous_client.get(f"{API}/claims/export.csv", HTTP_ACCEPT="text/csv")
    assert by_format.status_code == by_accept.status_code == 200
    assert len(csv_rows(by_format)) == len(csv_rows(by_accept)) == demo.claims.count()


def test_claims_csv_errors_are_json(anonymous_client, demo):
    assert_error(
        anonymous_client.get(f"{API}/claims/export.csv", {"occurred_after": "not-a-date"}, HTTP_ACCEPT="text/csv"),
        status=400,
    )


def test_claims_csv_query_count_is_fixed(anonymous_client, demo, django_assert_num_queries):
    def count() -> int:
        with django_assert_num_queries(3) as context:
            b"".join(anonymous_client.get(f"{API}/claims/export.csv").streaming_content)
        return len(context.captured_queries)

    before = count()
    for number in range(15):
        Claim.objects.create(brief=demo, statement=f"Extra {number}")
    assert count() == before


def test_comments_stay_internal_in_every_export(anonymous_client, demo, admin_user):
    note = Comment.objects.create(brief=demo, kind="note", body="Internal only.", author=admin_user)
    bundle = anonymous_client.get(f"{API}/briefs/{demo.pk}/stix/").json()
    assert f"note--{note.pk}" not in {obj["id"] for obj in bundle["objects"]}


# OpenAPI


def test_schema_documents_the_interop_operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = schema["paths"]
    # GeoJSON by default, the same body as plain JSON for `Accept: application/json` / `?format=json`.
    for name in ("locations", "claims"):
        content = paths[f"{API}/{name}/geojson/"]["get"]["responses"]["200"]["content"]
        assert set(content) == {"application/geo+json", "application/json"}
        assert content["application/geo+json"] == content["application/json"]
    assert set(paths[f"{API}/claims/export.csv"]["get"]["responses"]["200"]["content"]) == {"text/csv"}
    assert set(paths[f"{API}/briefs/{{id}}/stix/"]["get"]["responses"]["200"]["content"]) == {
        "application/json",
        "application/stix+json",
    }
    import_operation = paths[f"{API}/import/stix/"]["post"]
    assert set(import_operation["requestBody"]["content"]) == {"application/json"}
    assert set(import_operation["responses"]["200"]["content"]["application/json"]["schema"].values()) == {
        "#/components/schemas/StixImportResult"
    }
    parameters = {parameter["name"] for parameter in paths[f"{API}/claims/geojson/"]["get"]["parameters"]}
    assert {"kind", "actor", "location", "occurred_after", "search", "ordering"} <= parameters
    assert "limit" not in parameters


@pytest.mark.parametrize("format_suffix", ["", "?format=csv", "?format=json"])
def test_export_csv_answers_405_to_unmapped_methods(editor_client, format_suffix):
    """A method the route does not map is a 405 whatever `?format=` says (the renderers do not hang on the action)."""
    for method in ("TRACE", "POST", "DELETE"):
        response = editor_client.generic(method, f"{API}/claims/export.csv{format_suffix}")
        assert_error(response, status=405)


@pytest.mark.parametrize("name", ["locations", "claims"])
def test_geojson_as_plain_json_on_request(anonymous_client, demo, name):
    """`?format=json` and `Accept: application/json` give the same FeatureCollection as `application/json`."""
    geojson = anonymous_client.get(f"{API}/{name}/geojson/")
    assert geojson["Content-Type"] == "application/geo+json"
    for response in (
        anonymous_client.get(f"{API}/{name}/geojson/", {"format": "json"}),
        anonymous_client.get(f"{API}/{name}/geojson/", HTTP_ACCEPT="application/json"),
    ):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert json.loads(response.content) == json.loads(geojson.content)


@pytest.mark.parametrize(
    ("envelope", "detail"),
    [
        ({"id": "bundle--4D5E6F70-8192-43A4-9B5C-6D7E8F901234"}, "lower-case uuid"),
        ({"id": "bundle--4d5e6f7081924 3a49b5c6d7e8f901234"}, "lower-case uuid"),
        ({"id": "bundle--4d5e6f70-8192-43a4-9b5c-6d7e8f901234", "x_note": 1}, "unexpected: x_note"),
    ],
)
def test_bundle_envelope_is_checked_as_documented(editor_client, envelope, detail):
    response = editor_client.post(f"{API}/import/stix/", {"type": "bundle", "objects": [], **envelope}, format="json")
    body = assert_error(response, status=400, attr="objects")
    assert detail in json.dumps(body)
