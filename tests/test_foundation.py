"""The skeleton's promises: health, one JSON error shape everywhere, production settings."""

import json
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import DatabaseError, connection

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


def assert_error(response, *, status: int, code: str):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = json.loads(response.content)
    assert set(body) == {"type", "errors"}
    assert body["errors"][0]["code"] == code, body
    return body


def test_health_reports_database_ok(anonymous_client):
    response = anonymous_client.get("/api/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_health_is_503_when_the_database_fails(anonymous_client):
    with mock.patch.object(connection, "cursor", side_effect=DatabaseError("connection refused")):
        response = anonymous_client.get("/api/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}


@pytest.mark.parametrize("path", ["/api/nope/", "/api/v1/nope/", "/api/v1/briefs/-6.39e-06/x/"])
def test_unknown_api_paths_are_json_404(anonymous_client, path):
    assert_error(anonymous_client.get(path), status=404, code="not_found")


def test_unknown_non_api_path_is_a_page(client):
    response = client.get("/definitely-not-here/")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")


def test_method_not_allowed_is_json(anonymous_client):
    assert_error(anonymous_client.post("/api/health/", {}, format="json"), status=405, code="method_not_allowed")


def test_server_error_under_api_is_json(anonymous_client):
    anonymous_client.raise_request_exception = False
    with mock.patch.object(connection, "cursor", side_effect=RuntimeError("boom")):
        response = anonymous_client.get("/api/health/")
    body = assert_error(response, status=500, code="error")
    assert "boom" not in json.dumps(body)


def test_docs_pages_use_only_local_assets(client):
    for path in ("/api/docs/", "/api/redoc/"):
        response = client.get(path)
        assert response.status_code == 200
        html = response.content.decode()
        assert "cdn." not in html and "unpkg" not in html and "jsdelivr" not in html
        assert "/static/drf_spectacular_sidecar/" in html


def test_schema_is_served(anonymous_client):
    response = anonymous_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert json.loads(response.content)["openapi"].startswith("3.")


def test_production_settings_pass_check_deploy():
    env = {
        **os.environ,
        "DJANGO_SECURE_HTTPS": "true",
        "DJANGO_SECRET_KEY": "x" * 20 + "production-only-secret-for-the-check-" + "y" * 20,
        "DJANGO_ALLOWED_HOSTS": "briefings.example.org",
        "DJANGO_DEBUG": "false",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_require_a_secret_key():
    env = {**os.environ, "DJANGO_SECURE_HTTPS": "true", "DJANGO_SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
