"""Fixtures for the reliability and security tests: a small world of records and the error-shape check."""

import json
import uuid

import pytest

from briefings.choices import BriefStatus, CommentKind
from tests.conftest import make_user, token_client
from tests.factories import make_actor, make_brief, make_claim, make_comment, make_location

UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"


def assert_json_client_error(response, *, status: int | None = None) -> dict:
    """A 4xx answer in the standard error shape (JSON, never HTML, never a 5xx)."""
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:500])
    if status is not None:
        assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = json.loads(response.content)
    assert set(body) == {"type", "errors"}, body
    assert body["errors"] and all(set(error) == {"code", "detail", "attr"} for error in body["errors"]), body
    return body


@pytest.fixture
def world(db):
    """One record of each kind: a published brief with a claim and an analysis comment, a draft with a note."""
    publisher = make_actor(name="Ridge News Agency", kind="media_outlet")
    actor = make_actor(name="Northern Ridge Brigades")
    location = make_location(name="Tal Hamra", latitude=36.2, longitude=42.1)
    published = make_brief(
        title="Brigades hold the ridge road",
        status=BriefStatus.PUBLISHED,
        publisher=publisher,
        actors=[actor],
        locations=[location],
    )
    claim = make_claim(brief=published, actors=[actor], locations=[location])
    comment = make_comment(brief=published)
    draft = make_brief(title="Unreleased assessment of the ridge offensive", status=BriefStatus.DRAFT)
    draft_claim = make_claim(brief=draft, statement="The offensive stalled at the second ridge.")
    note = make_comment(brief=draft, kind=CommentKind.NOTE, body="Internal: check the casualty figures.")
    return {
        "publisher": publisher,
        "actor": actor,
        "location": location,
        "brief": published,
        "claim": claim,
        "comment": comment,
        "draft": draft,
        "draft_claim": draft_claim,
        "note": note,
    }


@pytest.fixture
def superuser(db):
    return make_user("root", is_staff=True, is_superuser=True)


@pytest.fixture
def superuser_client(superuser):
    return token_client(superuser)


def random_id() -> str:
    return str(uuid.uuid4())
