"""OWASP API Security Top 10 (2023), one test or a small group per item, named by the item.

Object-level authorization in this product is by permission, not by owner: a draft, a review or
retracted brief and a staff note exist only for users holding the model's view permission. For
everyone else (anonymous callers, an authenticated user in no group) they must not exist: 404 in
detail, absent from every list, filter, search, export, history and STIX bundle.
"""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from briefings.choices import BriefStatus
from briefings.models import Actor, Brief, Comment
from tests.api.conftest import url
from tests.conftest import make_user
from tests.reliability.conftest import assert_json_client_error

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


# API1:2023 Broken Object Level Authorization


@pytest.mark.parametrize("client_name", ["anonymous_client", "outsider_client"])
def test_api1_hidden_records_are_404_in_every_detail(request, world, client_name):
    client = request.getfixturevalue(client_name)
    draft, draft_claim, note = world["draft"], world["draft_claim"], world["note"]
    paths = [
        url("briefs", draft.pk),
        url("briefs", draft.pk, "history"),
        url("briefs", draft.pk, "stix"),
        url("claims", draft_claim.pk),
        url("claims", draft_claim.pk, "history"),
        url("comments", note.pk),
        url("comments", note.pk, "history"),
    ]
    for path in paths:
        assert_json_client_error(client.get(path), status=404)


@pytest.mark.parametrize("client_name", ["anonymous_client", "outsider_client"])
def test_api1_hidden_records_are_absent_from_lists_filters_search_and_exports(request, world, client_name):
    client = request.getfixturevalue(client_name)
    draft = world["draft"]
    hidden = {str(draft.pk), str(world["draft_claim"].pk), str(world["note"].pk)}
    queries = [
        ("briefs", {}),
        ("briefs", {"status": "draft"}),
        ("briefs", {"search": "Unreleased"}),
        ("claims", {}),
        ("claims", {"brief": str(draft.pk)}),
        ("claims", {"search": "offensive stalled"}),
        ("comments", {}),
        ("comments", {"brief": str(draft.pk)}),
        ("comments", {"kind": "note"}),
        ("comments", {"search": "casualty"}),
    ]
    for resource, params in queries:
        response = client.get(url(resource), params)
        assert response.status_code == 200
        assert not {item["id"] for item in response.json()["results"]} & hidden, (resource, params)
    assert client.get(url("briefs"), {"status": "draft"}).json()["count"] == 0
    geojson = client.get("/api/v1/claims/geojson/", {"brief": str(draft.pk)})
    assert geojson.status_code == 200 and geojson.json()["features"] == []
    csv = b"".join(client.get("/api/v1/claims/export.csv").streaming_content).decode()
    assert str(world["draft_claim"].pk) not in csv and str(world["claim"].pk) in csv
    published_bundle = client.get(url("briefs", world["brief"].pk, "stix")).json()
    assert str(draft.pk) not in json.dumps(published_bundle)


def test_api1_the_second_user_cannot_change_or_delete_the_first_users_draft(editor_client, outsider_client, world):
    draft, note = world["draft"], world["note"]
    assert editor_client.get(url("briefs", draft.pk)).status_code == 200
    assert editor_client.get(url("comments", note.pk)).status_code == 200
    for method in ("put", "patch", "delete"):
        response = getattr(outsider_client, method)(url("briefs", draft.pk), {"title": "Taken over"}, format="json")
        assert response.status_code in (403, 404), response.content
        response = getattr(outsider_client, method)(url("comments", note.pk), {"body": "Taken over"}, format="json")
        assert response.status_code in (403, 404), response.content
    assert_json_client_error(outsider_client.post(url("briefs", draft.pk, "publish")))
    draft.refresh_from_db()
    assert (draft.title, draft.status, draft.version) == ("Unreleased assessment of the ridge offensive", "draft", 1)
    assert Comment.objects.get(pk=note.pk).body == "Internal: check the casualty figures."


# API2:2023 Broken Authentication


def test_api2_bad_tokens_and_anonymous_writes_are_401_with_www_authenticate(anonymous_client, world):
    for header in ("Token not-a-real-token", "Token ", "Bearer abc", "Basic YWRtaW46YWRtaW4="):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=header)
        response = client.get(url("actors"))
        if header.startswith("Token"):
            assert_json_client_error(response, status=401)
            assert response["WWW-Authenticate"] == "Token"
    for method, path in [
        ("post", url("actors")),
        ("patch", url("actors", world["actor"].pk)),
        ("delete", url("actors", world["actor"].pk)),
    ]:
        response = getattr(anonymous_client, method)(path, {"name": "x", "kind": "person"}, format="json")
        assert_json_client_error(response, status=401)
        assert response["WWW-Authenticate"] == "Token"
    assert Actor.objects.count() == 2


def test_api2_session_writes_need_the_csrf_token(editor, world):
    client = APIClient(enforce_csrf_checks=True)
    assert client.login(username="editor", password="correct-horse-battery")
    response = client.post(url("actors"), {"name": "Delta Front", "kind": "armed_group"}, format="json")
    body = assert_json_client_error(response, status=403)
    assert "CSRF" in body["errors"][0]["detail"]
    client.get("/admin/login/")  # sets the csrftoken cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        url("actors"), {"name": "Delta Front", "kind": "armed_group"}, format="json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 201


# API3:2023 Broken Object Property Level Authorization (mass assignment)


def test_api3_server_owned_fields_in_a_payload_change_nothing(editor_client, editor, world):
    other = make_user("someone-else")
    owned = {
        "id": "11111111-1111-4111-8111-111111111111",
        "status": "published",
        "version": 99,
        "created_by": other.pk,
        "updated_by": other.pk,
        "author": other.pk,
        "slug": "hijacked",
        "created_at": "2000-01-01T00:00:00Z",
        "updated_at": "2000-01-01T00:00:00Z",
    }
    created = editor_client.post(
        url("briefs"), {"title": "Delta Front advance", "body": "Text.", **owned}, format="json"
    )
    assert created.status_code == 201
    brief = Brief.objects.get(pk=created.json()["id"])
    assert str(brief.pk) != owned["id"] and brief.status == BriefStatus.DRAFT and brief.version == 1
    assert brief.slug != "hijacked" and brief.created_by == editor and brief.created_at.year > 2000
    for method in ("put", "patch"):
        response = getattr(editor_client, method)(
            url("briefs", brief.pk), {"title": "Delta Front advance", "body": "Text.", **owned}, format="json"
        )
        assert response.status_code == 200, response.content
    brief.refresh_from_db()
    assert (brief.status, brief.version, brief.updated_by, brief.slug != "hijacked") == ("draft", 3, editor, True)
    comment = editor_client.post(
        url("comments"), {"brief": str(brief.pk), "kind": "note", "body": "x", **owned}, format="json"
    )
    assert comment.status_code == 201 and comment.json()["author"]["id"] == editor.pk


# API4:2023 Unrestricted Resource Consumption


def test_api4_page_size_is_capped_at_500(anonymous_client, world):
    Actor.objects.bulk_create(Actor(name=f"Unit {index}", kind="armed_group") for index in range(510))
    response = anonymous_client.get(url("actors"), {"limit": 10**6})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 500
    assert "limit=500" in response.json()["next"]


def test_api4_body_over_the_limit_is_413(settings, editor_client):
    settings.BRIEFINGS_MAX_BODY_BYTES = 512
    response = editor_client.post(url("actors"), {"name": "x" * 1000, "kind": "person"}, format="json")
    assert_json_client_error(response, status=413)


@pytest.fixture
def shared_cache():
    cache.clear()
    yield cache
    cache.clear()


def test_api4_anonymous_callers_are_throttled_with_retry_after(settings, shared_cache, anonymous_client, world):
    settings.BRIEFINGS_THROTTLE_ANON = "3/min"
    statuses = [anonymous_client.get(url("actors")).status_code for _ in range(3)]
    throttled = anonymous_client.get(url("actors"))
    assert statuses == [200, 200, 200]
    assert_json_client_error(throttled, status=429)
    assert 0 < int(throttled["Retry-After"]) <= 60


# API5:2023 Broken Function Level Authorization


def test_api5_publish_and_retract_need_publish_brief(analyst_client, viewer_client, editor_client, world):
    review = Brief.objects.create(title="Ready for review", body="Text.")
    Brief.objects.filter(pk=review.pk).update(status=BriefStatus.REVIEW)
    assert_json_client_error(analyst_client.post(url("briefs", review.pk, "publish")), status=403)
    assert_json_client_error(analyst_client.post(url("briefs", world["brief"].pk, "retract")), status=403)
    assert_json_client_error(viewer_client.post(url("briefs", world["draft"].pk, "submit")), status=403)
    assert Brief.objects.get(pk=review.pk).status == BriefStatus.REVIEW
    assert editor_client.post(url("briefs", review.pk, "publish")).status_code == 200


def test_api5_a_viewer_cannot_write(viewer_client, world):
    assert_json_client_error(
        viewer_client.post(url("actors"), {"name": "x", "kind": "person"}, format="json"), status=403
    )
    assert_json_client_error(
        viewer_client.patch(url("actors", world["actor"].pk), {"name": "y"}, format="json"), status=403
    )
    assert_json_client_error(viewer_client.delete(url("locations", world["location"].pk)), status=403)
    assert_json_client_error(
        viewer_client.post("/api/v1/import/stix/", {"type": "bundle", "objects": []}, format="json"), status=403
    )


def test_api5_admin_pages_send_non_staff_to_the_login(client, viewer):
    client.force_login(viewer)
    for path in ("/admin/", "/admin/briefings/brief/", "/admin/auth/user/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), path


# API6:2023 Unrestricted Access to Sensitive Business Flows: publishing is the sensitive flow (API5);
# the workflow refuses invalid transitions instead of letting a caller skip review or re-publish.


def test_api6_workflow_transitions_cannot_be_skipped(editor_client, world):
    body = assert_json_client_error(editor_client.post(url("briefs", world["brief"].pk, "submit")), status=409)
    assert body["errors"][0]["code"] == "invalid_transition"
    assert_json_client_error(editor_client.post(url("briefs", world["draft"].pk, "retract")), status=409)


# API7:2023 Server Side Request Forgery


@pytest.fixture
def outbound_connections(monkeypatch):
    """Every non-loopback address a socket tries to reach during the test."""
    attempts = []
    original_connect = socket.socket.connect
    original_create = socket.create_connection

    def is_local(address) -> bool:
        host = address[0] if isinstance(address, tuple) else str(address)
        return host in ("localhost", "::1") or str(host).startswith("127.") or str(address).startswith("/")

    def connect(self, address):
        if not is_local(address):
            attempts.append(address)
            raise OSError("outbound connection blocked by the test")
        return original_connect(self, address)

    def create_connection(address, *args, **kwargs):
        if not is_local(address):
            attempts.append(address)
            raise OSError("outbound connection blocked by the test")
        return original_create(address, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    return attempts


def test_api7_source_urls_are_never_fetched(editor_client, world, outbound_connections):
    metadata = "http://169.254.169.254/latest/meta-data/"
    created = editor_client.post(
        url("briefs"), {"title": "Metadata", "body": "Text.", "source_url": metadata}, format="json"
    )
    assert created.status_code == 201
    brief_id = created.json()["id"]
    ingested = editor_client.post(
        "/api/v1/briefs/ingest/", {"text": "Shelling on Monday.", "source_url": metadata}, format="json"
    )
    assert ingested.status_code == 201
    bundle = editor_client.get(url("briefs", brief_id, "stix"))
    assert bundle.status_code == 200
    assert editor_client.post("/api/v1/import/stix/", bundle.json(), format="json").status_code == 200
    assert editor_client.get(url("briefs", brief_id)).json()["source_url"] == metadata
    assert outbound_connections == []


# API8:2023 Security Misconfiguration


def test_api8_check_deploy_passes_in_production_configuration():
    """The production check itself lives in tests/test_foundation.py; here it runs with CORS configured too."""
    env = {
        **os.environ,
        "DJANGO_SECURE_HTTPS": "true",
        "DJANGO_SECRET_KEY": "k" * 30 + "-reliability-production-check-" + "z" * 20,
        "DJANGO_ALLOWED_HOSTS": "briefings.example.org",
        "DJANGO_CORS_ALLOWED_ORIGINS": "https://dashboard.example.org",
        "DJANGO_DEBUG": "false",
    }
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_api8_security_headers_on_api_responses(anonymous_client, world):
    for response in (anonymous_client.get(url("actors")), anonymous_client.get(url("briefs", world["draft"].pk))):
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"


def test_api8_cors_is_closed_by_default_and_open_for_configured_origins(settings, anonymous_client, world):
    response = anonymous_client.get(url("actors"), HTTP_ORIGIN="https://evil.example.net")
    assert "Access-Control-Allow-Origin" not in response
    settings.CORS_ALLOWED_ORIGINS = ["https://dashboard.example.org"]
    response = anonymous_client.get(url("actors"), HTTP_ORIGIN="https://dashboard.example.org")
    assert response["Access-Control-Allow-Origin"] == "https://dashboard.example.org"
    response = anonymous_client.get(url("actors"), HTTP_ORIGIN="https://evil.example.net")
    assert "Access-Control-Allow-Origin" not in response


def test_api8_errors_do_not_leak_internals(anonymous_client):
    response = anonymous_client.get("/api/v1/briefs/not-a-uuid/")
    assert b"Traceback" not in response.content and b"django" not in response.content.lower()


# API9:2023 Improper Inventory Management


def _served_api_paths() -> set[str]:
    """Every route under /api/v1/ the URL resolver serves, as OpenAPI path templates."""
    import re

    def walk(patterns, prefix):
        for entry in patterns:
            pattern = str(entry.pattern).lstrip("^").rstrip("$").replace("\\.", ".")
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, prefix + pattern)
            elif isinstance(entry, URLPattern):
                yield prefix + pattern

    paths = set()
    for raw in walk(get_resolver().url_patterns, "/"):
        if not raw.startswith("/api/v1/") or "format" in raw or raw == "/api/v1/":
            continue
        path = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", raw)
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", path).replace("{pk}", "{id}")
        paths.add(path)
    return paths


def test_api9_the_schema_documents_every_route_the_api_serves(anonymous_client):
    schema = json.loads(anonymous_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").content)
    documented = set(schema["paths"])
    served = _served_api_paths()
    assert served, "no routes found"
    assert served <= documented, served - documented


# API10:2023 Unsafe Consumption of APIs: a hostile STIX bundle is rejected cleanly, nothing written.


HOSTILE_BUNDLES = {
    "not_a_bundle": {"type": "report", "objects": []},
    "objects_not_a_list": {"type": "bundle", "id": "bundle--4d5e6f70-8192-43a4-9b5c-6d7e8f901234", "objects": "x"},
    "unknown_required_type": {
        "type": "bundle",
        "id": "bundle--4d5e6f70-8192-43a4-9b5c-6d7e8f901234",
        "objects": [{"type": "x-evil", "id": "not-a-stix-id"}],
    },
    "huge_name": {
        "type": "bundle",
        "id": "bundle--4d5e6f70-8192-43a4-9b5c-6d7e8f901234",
        "objects": [
            {
                "type": "threat-actor",
                "spec_version": "2.1",
                "id": "threat-actor--1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
                "created": "2024-01-01T00:00:00Z",
                "modified": "2024-01-01T00:00:00Z",
                "name": "x" * 500_000,
            }
        ],
    },
    "nul_in_name": {
        "type": "bundle",
        "id": "bundle--4d5e6f70-8192-43a4-9b5c-6d7e8f901234",
        "objects": [
            {
                "type": "identity",
                "spec_version": "2.1",
                "id": "identity--1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
                "created": "2024-01-01T00:00:00Z",
                "modified": "2024-01-01T00:00:00Z",
                "name": "Delta\x00Front",
            }
        ],
    },
}


@pytest.mark.parametrize("name", sorted(HOSTILE_BUNDLES))
def test_api10_hostile_stix_bundles_are_rejected_cleanly(editor_client, name):
    response = editor_client.post("/api/v1/import/stix/", HOSTILE_BUNDLES[name], format="json")
    assert_json_client_error(response, status=400)
    assert not Actor.objects.exists()
