"""The benchmark's raw baseline answers exactly what the API answers, so the bench ratio compares like with like;
and the API's read fast path (row readers) answers the same bytes as its serializers.

Run against a generated data set (drafts and published briefs, shared actors and locations,
claim links across briefs) with a few hand-set values the generator leaves empty (brief
authors), as the anonymous caller the benchmark plays.
"""

import datetime as dt
import re

import pytest
from django.core.management import call_command

from bench.load import LoadResult, median
from briefings.choices import BriefStatus, CommentKind
from briefings.models import Actor, Brief, ClaimActor, Comment, Location
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench_urls(settings):
    settings.ROOT_URLCONF = "bench.urls"


@pytest.fixture
def world(bench_urls):
    call_command("generate_data", briefs=40, seed=11, no_progress=True, no_history=True, stdout=None)
    author = make_user("bench-author")
    published = Brief.objects.filter(status=BriefStatus.PUBLISHED).order_by("id")
    assert published.count() >= 10 and Brief.objects.exclude(status=BriefStatus.PUBLISHED).exists()
    for brief in published[:5]:
        brief.created_by = brief.updated_by = author
        brief.save()
    return published


def both(client, raw_path: str, api_path: str) -> tuple:
    raw, api = client.get(raw_path), client.get(api_path)
    assert raw.status_code == api.status_code == 200, (raw.content[:200], api.content[:200])
    return raw.json(), api.json()


def assert_same(client, raw_path: str, api_path: str) -> dict:
    raw, api = both(client, raw_path, api_path)
    for key in ("next", "previous"):  # page links point at the view that answered
        if raw.get(key):
            raw[key] = raw[key].replace("/bench/raw/", "/api/v1/")
    assert raw == api
    return api


@pytest.mark.parametrize("query", ["", "?limit=7", "?limit=7&offset=7", "?limit=7&offset=21", "?offset=500"])
def test_raw_brief_list_is_the_api_brief_list(anonymous_client, world, query):
    body = assert_same(anonymous_client, f"/bench/raw/briefs/{query}", f"/api/v1/briefs/{query}")
    assert body["count"] == world.count()


def test_raw_brief_list_applies_the_same_filters(anonymous_client, world):
    actor_id = ClaimActor.objects.values_list("actor_id", flat=True).order_by("actor_id").first()
    country = Location.objects.filter(parent__isnull=True).order_by("id").first()
    word = world.first().title.split()[0]
    for query in (f"?actor={actor_id}", f"?location={country.pk}", f"?search={word}"):
        body = assert_same(anonymous_client, f"/bench/raw/briefs/{query}", f"/api/v1/briefs/{query}")
        assert body["count"] > 0, query


def test_raw_brief_detail_is_the_api_brief_detail(anonymous_client, world):
    for brief in world[:8]:
        body = assert_same(anonymous_client, f"/bench/raw/briefs/{brief.pk}/", f"/api/v1/briefs/{brief.pk}/")
        assert len(body["claims"]) == brief.claims.count()
    draft = Brief.objects.exclude(status=BriefStatus.PUBLISHED).first()
    assert anonymous_client.get(f"/bench/raw/briefs/{draft.pk}/").status_code == 404


@pytest.mark.parametrize("query", ["", "?limit=50", "?limit=100&offset=50", "?kind=attack"])
def test_raw_claim_list_is_the_api_claim_list(anonymous_client, world, query):
    body = assert_same(anonymous_client, f"/bench/raw/claims/{query}", f"/api/v1/claims/{query}")
    assert body["results"] or query == "?kind=attack"


def test_raw_claim_list_filtered_by_actor_and_location_is_the_api_one(anonymous_client, world):
    actor_id = ClaimActor.objects.values_list("actor_id", flat=True).order_by("actor_id").first()
    region = Location.objects.filter(parent__isnull=False, children__isnull=False).order_by("id").first()
    for query in (f"?actor={actor_id}", f"?location={region.pk}", f"?actor={actor_id}&role=subject"):
        assert_same(anonymous_client, f"/bench/raw/claims/{query}", f"/api/v1/claims/{query}")
    body = assert_same(
        anonymous_client, f"/bench/raw/claims/?location={region.pk}", f"/api/v1/claims/?location={region.pk}"
    )
    assert body["count"] > 0


@pytest.mark.parametrize("query", ["", "?limit=50", "?limit=7&offset=7", "?limit=7&offset=21", "?offset=500"])
def test_raw_comment_list_is_the_api_comment_list(anonymous_client, varied_world, query):
    body = assert_same(anonymous_client, f"/bench/raw/comments/{query}", f"/api/v1/comments/{query}")
    # Notes and comments on drafts stay hidden from the anonymous caller on both sides.
    visible = Comment.objects.filter(brief__status=BriefStatus.PUBLISHED, kind=CommentKind.ANALYSIS)
    assert body["count"] == visible.count() < Comment.objects.count()
    assert body["results"] or query == "?offset=500"


def test_raw_comment_list_applies_the_same_filters(anonymous_client, varied_world, analyst):
    on_claim = Comment.objects.filter(
        brief__status=BriefStatus.PUBLISHED, kind=CommentKind.ANALYSIS, claim__isnull=False
    ).order_by("id")
    claim_id = on_claim.first().claim_id
    # A long word: a short one may be a stop word to PostgreSQL's full-text search.
    word = max(re.findall(r"[A-Za-z]+", " ".join(on_claim.values_list("body", flat=True))), key=len)
    queries = (
        f"?brief={varied_world.first().pk}",
        f"?claim={claim_id}",
        f"?author={analyst.pk}",
        f"?search={word}&limit=10&offset=2",
        "?kind=analysis&limit=5&offset=5",
    )
    for query in queries:
        body = assert_same(anonymous_client, f"/bench/raw/comments/{query}", f"/api/v1/comments/{query}")
        assert body["results"], query
    body = assert_same(anonymous_client, "/bench/raw/comments/?kind=note", "/api/v1/comments/?kind=note")
    assert body["count"] == 0


def test_raw_actor_search_and_locations_geojson_are_the_api_ones(anonymous_client, world):
    actor = Actor.objects.filter(aliases__isnull=False).order_by("id").first()
    alias = actor.aliases.order_by("id").first().name
    for query in ("", f"?search={alias}", "?limit=500"):
        assert_same(anonymous_client, f"/bench/raw/actors/{query}", f"/api/v1/actors/{query}")
    raw, api = (anonymous_client.get(path) for path in ("/bench/raw/locations/geojson/", "/api/v1/locations/geojson/"))
    assert raw["Content-Type"] == api["Content-Type"] == "application/geo+json"
    assert raw.json() == api.json() and api.json()["features"]


def test_load_result_percentiles_and_rate():
    result = LoadResult(requests=4, errors=0, seconds=2.0, latencies_ms=[4.0, 1.0, 3.0, 2.0])
    assert (result.requests_per_second, result.percentile(0.5), result.percentile(0.99)) == (2.0, 3.0, 4.0)
    assert median([3.0, 1.0, 2.0]) == 2.0


# The API's read fast path (briefings.api.serializers.rows) against its serializers


@pytest.fixture
def serializer_path(monkeypatch):
    """Turn the row readers off: lists and brief detail go through the ModelSerializers again."""

    def disable():
        from briefings.api.views import BriefViewSet, ClaimViewSet, CommentViewSet

        for viewset in (BriefViewSet, ClaimViewSet, CommentViewSet):
            monkeypatch.setattr(viewset, "row_reader", None)

    return disable


@pytest.fixture
def varied_world(world, analyst):
    """The generated world plus what the generator leaves out: notes, comments on claims, dated claims."""
    brief = world.first()
    claim = brief.claims.order_by("id").first()
    Comment.objects.create(brief=brief, kind=CommentKind.NOTE, body="Staff only: check the casualty figure.")
    Comment.objects.create(brief=brief, claim=claim, author=analyst, kind=CommentKind.ANALYSIS, body="Plausible.")
    claim.occurred_start, claim.occurred_end, claim.credibility = dt.date(2024, 3, 1), dt.date(2024, 3, 4), 2
    claim.save()
    return world


def paths_of(world) -> list[str]:
    draft = Brief.objects.exclude(status=BriefStatus.PUBLISHED).order_by("id").first()
    actor_id = ClaimActor.objects.values_list("actor_id", flat=True).order_by("actor_id").first()
    return [
        "/api/v1/briefs/?limit=500",
        "/api/v1/briefs/?limit=5&offset=5&ordering=title",
        f"/api/v1/briefs/?actor={actor_id}",
        "/api/v1/claims/?limit=500",
        f"/api/v1/claims/?actor={actor_id}&limit=20&offset=3",
        "/api/v1/comments/?limit=500",
        f"/api/v1/comments/?brief={world.first().pk}&ordering=-created_at",
        *(f"/api/v1/briefs/{brief.pk}/" for brief in [*world[:6], draft]),
    ]


@pytest.mark.parametrize("caller", ["anonymous_client", "viewer_client"])
def test_row_readers_answer_the_serializers_bytes(request, varied_world, serializer_path, caller):
    client = request.getfixturevalue(caller)
    paths = paths_of(varied_world)
    fast = [client.get(path) for path in paths]
    serializer_path()
    slow = [client.get(path) for path in paths]
    for path, fast_response, slow_response in zip(paths, fast, slow, strict=True):
        assert fast_response.status_code == slow_response.status_code, path
        assert fast_response.content == slow_response.content, path
        assert fast_response.get("ETag") == slow_response.get("ETag"), path
    statuses = [response.status_code for response in fast]
    assert statuses[-1] == (404 if caller == "anonymous_client" else 200)
    assert set(statuses[:-1]) == {200}


def test_brief_detail_fast_path_keeps_conditional_get_and_404s(anonymous_client, world):
    brief = world.first()
    response = anonymous_client.get(f"/api/v1/briefs/{brief.pk}/")
    again = anonymous_client.get(f"/api/v1/briefs/{brief.pk}/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert (again.status_code, again["ETag"], again.content) == (304, response["ETag"], b"")
    assert anonymous_client.get("/api/v1/briefs/not-a-uuid/").status_code == 404
    assert anonymous_client.get(f"/api/v1/briefs/{brief.pk}/?status=draft").status_code == 404


def test_pages_read_by_id_answer_the_same_bytes_at_any_offset(anonymous_client, world, serializer_path):
    paths = [
        "/api/v1/briefs/?limit=4&offset=9",
        "/api/v1/claims/?limit=30&offset=100&ordering=-updated_at",
        "/api/v1/comments/?limit=7&offset=3&ordering=-created_at",
    ]
    fast = [anonymous_client.get(path).content for path in paths]
    serializer_path()
    assert fast == [anonymous_client.get(path).content for path in paths]
    assert all(b'"results":[{' in body for body in fast)


# Keyset sync: move `updated_since` forward instead of growing `offset` (README, "Sync")


def sync_all(client, resource: str, *, page_size: int) -> list[dict]:
    """The README's recipe: order by (updated_at, id); the offset only skips rows of the boundary timestamp."""
    received, since, seen_at_since = [], None, 0
    for _ in range(1000):  # bounded: a broken recipe fails instead of looping
        params = {"ordering": "updated_at,id", "limit": page_size}
        if since is not None:
            params.update(updated_since=since, offset=seen_at_since)
        body = client.get(f"/api/v1/{resource}/", params).json()
        results = body["results"]
        received += results
        if body["next"] is None:
            return received
        last = results[-1]["updated_at"]
        if last == since:
            seen_at_since += len(results)
        else:
            since, seen_at_since = last, sum(1 for row in results if row["updated_at"] == last)
    raise AssertionError("sync did not finish")


@pytest.mark.parametrize("resource", ["briefs", "claims"])
def test_keyset_sync_sees_every_record_exactly_once(anonymous_client, world, resource):
    from briefings.models import Claim

    # Bulk-generated rows share one timestamp; a few edits spread others out, as real traffic does.
    for claim in Claim.objects.order_by("id")[:25]:
        claim.save()
    for brief in world[:4]:
        brief.save()
    records = sync_all(anonymous_client, resource, page_size=7)
    ids = [record["id"] for record in records]
    expected = anonymous_client.get(f"/api/v1/{resource}/", {"limit": 1}).json()["count"]
    assert len(ids) == len(set(ids)) == expected
    assert [record["updated_at"] for record in records] == sorted(record["updated_at"] for record in records)


def test_keyset_sync_order_is_served_by_the_updated_id_index():
    from django.db import connection

    from briefings.models import Claim

    queryset = Claim.objects.filter(updated_at__gte=dt.datetime(2024, 1, 1, tzinfo=dt.UTC)).order_by("updated_at", "id")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # an empty table would be scanned
        plan = queryset[:50].explain()
    assert "claim_updated_id_idx" in plan, plan


@pytest.mark.parametrize("limit", [5, 500])
def test_comment_list_reads_three_queries_whatever_the_page_size(
    anonymous_client, world, limit, django_assert_num_queries
):
    # The count, the page's ids, then their rows with their brief, claim and author joined in.
    with django_assert_num_queries(3):
        body = anonymous_client.get(f"/api/v1/comments/?limit={limit}").json()
    assert len(body["results"]) == min(limit, body["count"]) and body["count"] > 5
