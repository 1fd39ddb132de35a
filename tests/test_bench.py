"""The benchmark's raw baseline answers exactly what the API answers, so the bench ratio compares like with like.

Run against a generated data set (drafts and published briefs, shared actors and locations,
claim links across briefs) with a few hand-set values the generator leaves empty (brief
authors), as the anonymous caller the benchmark plays.
"""

import pytest
from django.core.management import call_command

from bench.load import LoadResult, median
from briefings.choices import BriefStatus
from briefings.models import Actor, Brief, ClaimActor, Location
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


@pytest.mark.parametrize("query", ["", "?limit=100&offset=50", "?kind=attack"])
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
