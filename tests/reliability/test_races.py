"""Races against the real server: gunicorn with 3 worker processes on a database of its own.

The database follows the suite's engine (DATABASE_URL): a migrated SQLite file, or a fresh
PostgreSQL database created for the module and dropped afterwards. The 10-writer ETag race on
one worker with 10 threads is in tests/api/test_conditional.py; here the writers land on
different processes.
"""

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 3
THREADS = 8
REQUESTS_PER_THREAD = 25
ANONYMOUS_RATE = 10

SETUP = """
from django.contrib.auth.models import Group, User
from rest_framework.authtoken.models import Token
from briefings.models import Actor
user = User.objects.create_user("racer")
user.groups.add(Group.objects.get(name="editor"))
reader = Token.objects.create(user=User.objects.create_user("reader"))  # no permissions: sees what anonymous sees
actor = Actor.objects.create(name="Ridge Brigades", kind="armed_group")
print(Token.objects.create(user=user).key, actor.pk, reader.key)
"""


def _manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=300, capture_output=True, text=True
    )
    return result.stdout


@contextlib.contextmanager
def _server_database(tmp_path):
    """A migrated database URL for the server, on the suite's engine; dropped afterwards (PostgreSQL)."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'server.sqlite3'}"
        return
    settings = connection.settings_dict
    name = f"reliability_race_{uuid.uuid4().hex[:8]}"
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    server = f"postgres://{settings['USER']}:{settings['PASSWORD']}@{host}:{port}"

    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """(base URL, editor token, actor id, reader token) of a running gunicorn; stopped and its database removed."""
    tmp_path = tmp_path_factory.mktemp("server")
    with _server_database(tmp_path) as database_url:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "BRIEFINGS_THROTTLE_USER": "",
            "BRIEFINGS_THROTTLE_ANON": f"{ANONYMOUS_RATE}/min",
            "REDIS_URL": "",
        }
        _manage(env, "migrate", "-v0")
        _manage(env, "createcachetable")
        token, actor_id, reader_token = _manage(env, "shell", "-c", SETUP).split()[-3:]
        port = _free_port()
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
            "config.wsgi",
        ]
        process = subprocess.Popen(command, cwd=ROOT, env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                with contextlib.suppress(OSError), urllib.request.urlopen(f"{base}/api/health/", timeout=5) as answer:
                    if answer.status == 200:
                        break
                assert process.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
            yield base, token, actor_id, reader_token
        finally:
            process.terminate()
            process.wait(timeout=30)


def _request(base: str, path: str, *, method: str = "GET", token: str | None = None, body=None, headers=None):
    """(status, headers, parsed JSON body) of one request on a new connection."""
    request = urllib.request.Request(
        f"{base}{path}",
        data=json.dumps(body).encode() if body is not None else None,
        method=method,
        headers={
            **({"Authorization": f"Token {token}"} if token else {}),
            **({"Content-Type": "application/json"} if body is not None else {}),
            **(headers or {}),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, json.loads(error.read() or b"null")


def _count(base: str, token: str, resource: str) -> int:
    status, _, body = _request(base, f"/api/v1/{resource}/?limit=1", token=token)
    assert status == 200
    return body["count"]


def test_concurrent_creates_on_several_workers_lose_nothing(server):
    base, token, _, _ = server
    actors_before, briefs_before = _count(base, token, "actors"), _count(base, token, "briefs")

    def writer(thread: int) -> list[tuple[int, str]]:
        results = []
        for index in range(REQUESTS_PER_THREAD):
            if index % 2:
                payload = {"title": f"Convoy report {thread}-{index}", "body": "A convoy crossed the bridge."}
                status, _, body = _request(base, "/api/v1/briefs/", method="POST", token=token, body=payload)
            else:
                payload = {"name": f"Brigade {thread}-{index}", "kind": "armed_group"}
                status, _, body = _request(base, "/api/v1/actors/", method="POST", token=token, body=payload)
            results.append((status, json.dumps(body)[:200]))
        return results

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = [result for batch in pool.map(writer, range(THREADS)) for result in batch]

    assert len(results) == THREADS * REQUESTS_PER_THREAD
    failures = [result for result in results if result[0] != 201]
    assert failures == []
    actors_made = THREADS * ((REQUESTS_PER_THREAD + 1) // 2)
    briefs_made = THREADS * (REQUESTS_PER_THREAD // 2)
    assert _count(base, token, "actors") == actors_before + actors_made
    assert _count(base, token, "briefs") == briefs_before + briefs_made


def test_concurrent_patches_with_one_etag_on_several_workers_have_one_winner(server):
    base, token, actor_id, _ = server
    _, headers, _ = _request(base, f"/api/v1/actors/{actor_id}/", token=token)
    etag = headers["ETag"]

    def patch(index: int) -> int:
        body = {"description": f"writer {index}"}
        path = f"/api/v1/actors/{actor_id}/"
        return _request(base, path, method="PATCH", token=token, body=body, headers={"If-Match": etag})[0]

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = sorted(pool.map(patch, range(10)))

    assert statuses == [200] + [412] * 9


def test_throttle_counts_are_shared_by_the_workers(server):
    """20 anonymous requests, each on a new connection (spread over the workers): exactly the rate passes."""
    base, _, _, _ = server
    responses = [_request(base, "/api/v1/locations/?limit=1") for _ in range(2 * ANONYMOUS_RATE)]
    statuses = [status for status, _, _ in responses]
    assert statuses == [200] * ANONYMOUS_RATE + [429] * ANONYMOUS_RATE
    for _status, headers, body in responses[ANONYMOUS_RATE:]:
        assert 0 < int(headers["Retry-After"]) <= 60
        assert body["type"] == "client_error" and body["errors"][0]["code"] == "throttled"


def test_claims_written_while_their_briefs_are_published_and_retracted_follow_them(server):
    """Claims created and moved during publish/retract: a reader sees exactly the published briefs' claims.

    Anonymous claim reads filter on a copy of the brief's status (`Claim.brief_published`), kept by
    the writers under a lock on the brief; a lost update here would show a retracted brief's claims.
    """
    base, token, _, reader = server
    briefs = []
    for index in range(6):
        payload = {"title": f"Crossing report {index}", "body": "Brigades reached the crossing."}
        status, _, body = _request(base, "/api/v1/briefs/", method="POST", token=token, body=payload)
        assert status == 201
        briefs.append(body["id"])

    def workflow() -> list[int]:
        steps = [(pk, "publish") for pk in briefs] + [(pk, "retract") for pk in briefs[:3]]
        return [_request(base, f"/api/v1/briefs/{pk}/{step}/", method="POST", token=token)[0] for pk, step in steps]

    def writer(thread: int) -> list[int]:
        statuses = []
        for index in range(12):
            payload = {"brief": briefs[(thread + index) % 6], "statement": f"Claim {thread}-{index}", "kind": "other"}
            status, _, body = _request(base, "/api/v1/claims/", method="POST", token=token, body=payload)
            statuses.append(status)
            if status == 201 and index % 3 == 0:  # and move it to another brief
                move = {"brief": briefs[(thread + index + 1) % 6]}
                path = f"/api/v1/claims/{body['id']}/"
                statuses.append(_request(base, path, method="PATCH", token=token, body=move)[0])
        return statuses

    with ThreadPoolExecutor(max_workers=5) as pool:
        flow = pool.submit(workflow)
        writes = [status for batch in pool.map(writer, range(4)) for status in batch]
    assert flow.result() == [200] * 9
    assert set(writes) <= {200, 201}

    _, _, shown = _request(base, "/api/v1/briefs/?limit=500", token=reader)
    _, _, claims = _request(base, "/api/v1/claims/?limit=500", token=reader)
    published = {brief["id"]: brief["claim_count"] for brief in shown["results"] if brief["id"] in briefs}
    assert sorted(published) == sorted(briefs[3:])
    assert {claim["brief"]["id"] for claim in claims["results"]} <= set(published)
    assert sum(1 for claim in claims["results"] if claim["brief"]["id"] in published) == sum(published.values())
