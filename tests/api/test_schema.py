"""The OpenAPI schema: valid without warnings, documented, and good enough to generate a working client."""

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from briefings.models import Brief

VENV_BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def schema_file(tmp_path_factory) -> Path:
    """The schema as `manage.py spectacular --validate --fail-on-warn` writes it (generated once per module)."""
    path = tmp_path_factory.mktemp("schema") / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    return path


def test_schema_validates_without_warnings(schema_file):
    schema = yaml.safe_load(schema_file.read_text())
    assert schema["openapi"].startswith("3.")


def test_every_resource_operation_is_documented(schema_file):
    schema = yaml.safe_load(schema_file.read_text())
    for path, operations in schema["paths"].items():
        if not path.startswith("/api/v1/"):
            continue
        for method, operation in operations.items():
            if method == "parameters":
                continue
            assert operation.get("summary"), (method, path)
            assert operation.get("description"), (method, path)
            assert "400" in operation["responses"] or method == "get" or method == "delete", (method, path)


def test_references_are_ids_in_requests_and_objects_in_responses(schema_file):
    components = yaml.safe_load(schema_file.read_text())["components"]["schemas"]
    assert components["ClaimRequest"]["properties"]["brief"] == {"type": "string", "format": "uuid"}
    assert components["Claim"]["properties"]["brief"] == {"$ref": "#/components/schemas/NestedBrief"}
    assert components["ClaimRequest"]["properties"]["locations"]["items"] == {"type": "string", "format": "uuid"}
    location_items = components["Claim"]["properties"]["locations"]["items"]
    assert {"$ref": "#/components/schemas/NestedLocation"} in [location_items, *location_items.get("allOf", [])]
    assert components["Brief"]["properties"]["publisher"]["allOf"] == [{"$ref": "#/components/schemas/NestedActor"}]
    assert set(components["NestedActor"]["properties"]) == {"id", "url", "display", "name", "kind"}


def test_conditional_and_workflow_errors_are_documented(schema_file):
    paths = yaml.safe_load(schema_file.read_text())["paths"]
    detail = paths["/api/v1/actors/{id}/"]
    assert {"304", "404"} <= set(detail["get"]["responses"])
    assert "412" in detail["patch"]["responses"] and "412" in detail["delete"]["responses"]
    assert "409" in detail["delete"]["responses"]
    assert "413" in paths["/api/v1/actors/"]["post"]["responses"]
    for action in ("submit", "publish", "retract"):
        assert {"200", "403", "404", "409"} <= set(paths[f"/api/v1/briefs/{{id}}/{action}/"]["post"]["responses"])
    request = paths["/api/v1/briefs/"]["post"]["requestBody"]["content"]
    assert list(request) == ["application/json"]
    assert request["application/json"]["examples"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_generated_client_creates_and_lists_briefs(schema_file, tmp_path, live_server, editor, monkeypatch):
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    package = tmp_path / "briefings_client"
    result = subprocess.run(
        [
            str(VENV_BIN / "openapi-python-client"),
            "generate",
            "--path",
            str(schema_file),
            "--output-path",
            str(package),
            "--meta",
            "none",
            "--fail-on-warning",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    monkeypatch.syspath_prepend(str(tmp_path))
    client_module = importlib.import_module("briefings_client.client")
    create = importlib.import_module("briefings_client.api.briefs.v1_briefs_create")
    listing = importlib.import_module("briefings_client.api.briefs.v1_briefs_list")
    models = importlib.import_module("briefings_client.models")

    token = Token.objects.create(user=editor)
    client = client_module.AuthenticatedClient(base_url=live_server.url, token=token.key, prefix="Token")
    body = models.BriefRequest(
        title="Brigades take Tal Hamra",
        body="Volunteer brigades took the village of Tal Hamra on Tuesday.",
        claims=[
            models.EmbeddedClaimRequest(
                statement="Volunteer brigades captured Tal Hamra.", quote="took the village of Tal Hamra"
            )
        ],
    )

    created = create.sync(client=client, body=body)

    assert isinstance(created, models.Brief), created
    assert created.status.value == "draft"
    assert created.claims[0].span_start == len("Volunteer brigades ")
    page = listing.sync(client=client, limit=10)
    assert page.count == 1
    assert str(page.results[0].id) == str(Brief.objects.get().pk)
    assert json.loads(json.dumps(page.to_dict()))["results"][0]["claim_count"] == 1
