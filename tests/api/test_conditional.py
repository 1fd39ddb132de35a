"""Conditional requests: ETag on every detail, If-None-Match -> 304, If-Match -> 412 when stale."""

import contextlib
import json
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token

from briefings.models import Brief
from tests.api.conftest import assert_error, url
from tests.conftest import make_user
from tests.factories import make_actor, make_brief, make_claim, make_comment, make_location

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("resource", "factory"),
    [("actors", make_actor), ("locations", make_location), ("claims", make_claim), ("comments", make_comment)],
)
def test_etag_is_the_quoted_version(editor_client, resource, factory):
    record = factory()
    response = editor_client.get(url(resource, record.pk))
    assert response["ETag"] == '"1"'
    response = editor_client.patch(url(resource, record.pk), {}, format="json")
    assert response.status_code == 200
    assert response["ETag"] == '"2"'


def test_if_none_match_gives_304_with_empty_body(anonymous_client):
    actor = make_actor()
    etag = anonymous_client.get(url("actors", actor.pk))["ETag"]
    response = anonymous_client.get(url("actors", actor.pk), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response.content == b""
    assert anonymous_client.get(url("actors", actor.pk), HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304
    assert anonymous_client.get(url("actors", actor.pk), HTTP_IF_NONE_MATCH='"7"').status_code == 200


def test_stale_if_match_is_412_with_the_current_etag(editor_client):
    actor = make_actor(name="Ridge Brigades")
    assert (
        editor_client.patch(url("actors", actor.pk), {"name": "A"}, format="json", HTTP_IF_MATCH='"1"').status_code
        == 200
    )

    response = editor_client.patch(url("actors", actor.pk), {"name": "B"}, format="json", HTTP_IF_MATCH='"1"')

    assert_error(response, status=412, code="precondition_failed")
    assert response["ETag"] == '"2"'
    actor.refresh_from_db()
    assert actor.name == "A"


def test_if_match_star_matches_and_weak_tags_never_match(editor_client):
    actor = make_actor()
    assert editor_client.patch(url("actors", actor.pk), {}, format="json", HTTP_IF_MATCH="*").status_code == 200
    response = editor_client.put(
        url("actors", actor.pk), {"name": "X", "kind": "person"}, format="json", HTTP_IF_MATCH='W/"2"'
    )
    assert_error(response, status=412)
    response = editor_client.put(
        url("actors", actor.pk), {"name": "X", "kind": "person"}, format="json", HTTP_IF_MATCH='"9", "2"'
    )
    assert response.status_code == 200


def test_delete_honours_if_match(editor_client):
    actor = make_actor()
    assert_error(editor_client.delete(url("actors", actor.pk), HTTP_IF_MATCH='"5"'), status=412)
    assert editor_client.delete(url("actors", actor.pk), HTTP_IF_MATCH='"1"').status_code == 204


def test_brief_etag_changes_when_an_embedded_claim_or_comment_changes(editor_client):
    brief = make_brief()
    claim = make_claim(brief=brief)
    first = editor_client.get(url("briefs", brief.pk))["ETag"]

    editor_client.patch(url("claims", claim.pk), {"statement": "Reworded."}, format="json")
    second = editor_client.get(url("briefs", brief.pk))["ETag"]
    make_comment(brief=brief)
    third = editor_client.get(url("briefs", brief.pk))["ETag"]

    assert len({first, second, third}) == 3
    assert all(tag.startswith('"1-') for tag in (first, second, third))
    # The brief's If-Match check uses the same tag: the stale one fails, the current one passes.
    assert_error(editor_client.patch(url("briefs", brief.pk), {}, format="json", HTTP_IF_MATCH=first), status=412)
    assert editor_client.patch(url("briefs", brief.pk), {}, format="json", HTTP_IF_MATCH=third).status_code == 200
    assert editor_client.get(url("briefs", brief.pk), HTTP_IF_NONE_MATCH=third).status_code == 200


def test_workflow_response_carries_the_new_etag(editor_client):
    brief = make_brief(status="review")
    response = editor_client.post(url("briefs", brief.pk, "publish"))
    assert editor_client.get(url("briefs", brief.pk), HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert Brief.objects.get().version == 2


# The race: 10 writers holding the same ETag. Run against a real server process on a file database
# (pytest-django's in-memory SQLite uses shared-cache table locks that fail instead of waiting, so
# it cannot show how the deployed database serializes writers); on PostgreSQL against the test database.

RACE_SETUP = """
from django.contrib.auth.models import Group, User
from rest_framework.authtoken.models import Token
from briefings.models import Actor
user = User.objects.create_user("racer")
user.groups.add(Group.objects.get(name="editor"))
print(Token.objects.create(user=user).key, Actor.objects.create(name="Ridge Brigades", kind="armed_group").pk)
"""


def _database_url(tmp_path) -> tuple[str, str, str]:
    """A database for the server process, with an editor's token and an actor: (url, token, actor id)."""
    if connection.vendor == "sqlite":
        database_url = f"sqlite:///{tmp_path / 'race.sqlite3'}"
        env = {**os.environ, "DATABASE_URL": database_url}
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=120)
        output = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", RACE_SETUP],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=120,
            capture_output=True,
            text=True,
        ).stdout.split()
        return database_url, output[-2], output[-1]
    editor = make_user("racer", groups=("editor",))
    actor = make_actor(name="Ridge Brigades")
    database = connection.settings_dict
    database_url = (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    return database_url, Token.objects.create(user=editor).key, str(actor.pk)


@contextlib.contextmanager
def api_server(database_url: str):
    """gunicorn with 10 threads on a socket bound here: requests queue in its backlog until it accepts."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--bind",
        f"fd://{listener.fileno()}",
        "--workers",
        "1",
        "--threads",
        "10",
        "--log-level",
        "warning",
        "config.wsgi",
    ]
    env = {**os.environ, "DATABASE_URL": database_url, "BRIEFINGS_THROTTLE_USER": "", "BRIEFINGS_THROTTLE_ANON": ""}
    server = subprocess.Popen(command, cwd=ROOT, env=env, pass_fds=[listener.fileno()])
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        server.terminate()
        server.wait(timeout=30)
        listener.close()


def _patch(base: str, token: str, actor_id: str, index: int) -> int:
    request = urllib.request.Request(
        f"{base}{url('actors', actor_id)}",
        data=json.dumps({"description": f"writer {index}"}).encode(),
        method="PATCH",
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json", "If-Match": '"1"'},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_patches_with_one_etag_have_exactly_one_winner(tmp_path):
    """The row lock makes check-and-write atomic: of 10 writers with the same ETag, 1 wins and 9 get 412."""
    database_url, token, actor_id = _database_url(tmp_path)
    with api_server(database_url) as base, ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(lambda index: _patch(base, token, actor_id, index), range(10)))
        # The winner's write is visible to the next reader.
        check = urllib.request.Request(f"{base}{url('actors', actor_id)}", headers={"Authorization": f"Token {token}"})
        with urllib.request.urlopen(check, timeout=60) as response:
            assert response.headers["ETag"] == '"2"'

    assert sorted(statuses) == [200] + [412] * 9
