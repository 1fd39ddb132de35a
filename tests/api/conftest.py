"""Helpers for the API tests: URLs, timestamps as the API renders them, error assertions."""

import pytest
from rest_framework import serializers

API = "/api/v1"
SERVER = "http://testserver"


def iso(value) -> str | None:
    """A datetime as the API renders it."""
    return serializers.DateTimeField().to_representation(value) if value is not None else None


def url(resource: str, pk=None, action: str | None = None) -> str:
    path = f"{API}/{resource}/"
    if pk is not None:
        path += f"{pk}/"
    if action:
        path += f"{action}/"
    return path


def absolute(resource: str, pk) -> str:
    return f"{SERVER}{url(resource, pk)}"


def actor_ref(actor) -> dict:
    return {
        "id": str(actor.pk),
        "url": absolute("actors", actor.pk),
        "display": actor.name,
        "name": actor.name,
        "kind": actor.kind,
    }


def location_ref(location) -> dict:
    return {
        "id": str(location.pk),
        "url": absolute("locations", location.pk),
        "display": location.name,
        "name": location.name,
        "kind": location.kind,
    }


def brief_ref(brief) -> dict:
    return {"id": str(brief.pk), "url": absolute("briefs", brief.pk), "display": brief.title, "title": brief.title}


def claim_ref(claim) -> dict:
    return {"id": str(claim.pk), "url": absolute("claims", claim.pk), "display": str(claim), "kind": claim.kind}


def user_ref(user) -> dict | None:
    return {"id": user.pk, "username": user.username} if user else None


def assert_error(response, *, status: int, code: str | None = None, attr: str | None = None) -> dict:
    """The response is a drf-standardized-errors body with `status`, and (if given) an error with `code`/`attr`."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"type", "errors"}
    if code is not None or attr is not None:
        pairs = [(error["code"], error["attr"]) for error in body["errors"]]
        assert any(
            (code is None or error_code == code) and (attr is None or error_attr == attr)
            for error_code, error_attr in pairs
        ), pairs
    return body


@pytest.fixture
def editor_client_with_user(editor, editor_client):
    return editor_client, editor
