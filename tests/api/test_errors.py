"""Error answers of the resource endpoints: always JSON in drf-standardized-errors' shape."""

import pytest

from briefings.models import Actor
from tests.api.conftest import assert_error, url
from tests.factories import make_actor

pytestmark = pytest.mark.django_db

RESOURCES = ["briefs", "claims", "comments", "actors", "locations"]


def test_malformed_json_is_400(analyst_client):
    response = analyst_client.generic("POST", url("actors"), b'{"name": "x",', content_type="application/json")
    assert_error(response, status=400, code="parse_error")


def test_non_json_body_is_415(analyst_client):
    response = analyst_client.generic(
        "POST", url("actors"), b"name=x&kind=person", content_type="application/x-www-form-urlencoded"
    )
    assert_error(response, status=415, code="unsupported_media_type")


def test_body_over_the_limit_is_413(settings, analyst_client):
    settings.BRIEFINGS_MAX_BODY_BYTES = 200
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 200
    payload = {"name": "x" * 150, "kind": "person", "description": "y" * 150}
    assert_error(analyst_client.post(url("actors"), payload, format="json"), status=413, code="request_too_large")
    assert not Actor.objects.exists()


def test_deeply_nested_json_is_400(analyst_client):
    body = b'{"name": "x", "kind": "person", "aliases": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    response = analyst_client.generic("POST", url("actors"), body, content_type="application/json")
    assert_error(response, status=400, code="parse_error")


@pytest.mark.parametrize("resource", RESOURCES)
def test_unknown_id_is_404(editor_client, resource):
    missing = url(resource, "5b0c1f7e-3d2a-4c1e-9a57-0d6b2f1c8e41")
    assert_error(editor_client.get(missing), status=404, code="not_found")
    assert_error(editor_client.patch(missing, {}, format="json"), status=404, code="not_found")
    assert_error(editor_client.delete(missing), status=404, code="not_found")
    assert_error(editor_client.get(f"{missing}history/"), status=404, code="not_found")


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("bad_id", ["not-a-uuid", "123", "-6.39e-06"])
def test_invalid_uuid_in_path_is_json_404(editor_client, resource, bad_id):
    assert_error(editor_client.get(url(resource, bad_id)), status=404, code="not_found")
    assert_error(editor_client.patch(url(resource, bad_id), {}, format="json"), status=404, code="not_found")


def test_method_not_allowed_is_json(editor_client):
    actor = make_actor()
    assert_error(editor_client.post(url("actors", actor.pk), {}, format="json"), status=405, code="method_not_allowed")
    assert_error(editor_client.delete(url("actors")), status=405)


def test_a_reference_to_an_unknown_id_is_400_naming_the_field(analyst_client):
    payload = {"title": "x", "body": "y", "publisher": "5b0c1f7e-3d2a-4c1e-9a57-0d6b2f1c8e41"}
    assert_error(
        analyst_client.post(url("briefs"), payload, format="json"), status=400, code="does_not_exist", attr="publisher"
    )


@pytest.mark.parametrize("value", [0, True, "P.M.F.", {"name": "P.M.F."}])
def test_wrong_types_are_rejected(analyst_client, value):
    response = analyst_client.post(url("actors"), {"name": "x", "kind": "person", "aliases": value}, format="json")
    assert_error(response, status=400, attr="aliases")
