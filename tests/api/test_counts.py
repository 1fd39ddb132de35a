"""List counts: exact below the threshold; a large count is remembered per query for a few seconds."""

import pytest

from briefings.api import counts
from briefings.choices import BriefStatus
from tests.factories import make_brief, make_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_threshold(settings):
    settings.BRIEFINGS_COUNT_CACHE_MIN_ROWS = 3
    settings.BRIEFINGS_COUNT_CACHE_SECONDS = 30
    counts.clear()
    yield
    counts.clear()


def claim_count(client, query: str = "") -> int:
    return client.get(f"/api/v1/claims/?limit=1{query}").json()["count"]


def test_counts_below_the_threshold_are_exact(anonymous_client):
    brief = make_brief(status=BriefStatus.PUBLISHED)
    make_claim(brief=brief)
    assert claim_count(anonymous_client) == 1
    make_claim(brief=brief)
    assert claim_count(anonymous_client) == 2


def test_a_large_count_is_remembered_per_query(small_threshold, anonymous_client, viewer_client):
    brief = make_brief(status=BriefStatus.PUBLISHED)
    for _ in range(3):
        make_claim(brief=brief)
    assert claim_count(anonymous_client) == 3
    make_claim(brief=brief)
    make_claim(brief=make_brief())  # a draft's claim: only staff see it
    assert claim_count(anonymous_client) == 3  # remembered
    assert claim_count(anonymous_client, "&kind=territorial_change") == 4  # another query: counted now
    assert claim_count(viewer_client) == 5  # another visibility, another query: never the anonymous count
    counts.clear()
    assert claim_count(anonymous_client) == 4


def test_counts_are_exact_when_the_cache_is_off(small_threshold, settings, anonymous_client):
    settings.BRIEFINGS_COUNT_CACHE_SECONDS = 0
    brief = make_brief(status=BriefStatus.PUBLISHED)
    for expected in range(1, 5):
        make_claim(brief=brief)
        assert claim_count(anonymous_client) == expected


def test_a_condition_that_matches_nothing_counts_zero_without_sql(small_threshold, django_assert_num_queries):
    from briefings.models import Claim

    with django_assert_num_queries(0):
        assert counts.list_count(Claim.objects.filter(pk__in=[])) == 0


def test_a_list_filtered_to_nothing_answers_an_empty_page(small_threshold, anonymous_client):
    # Found by schemathesis: an unknown location filters the list to nothing (`.none()`) before any SQL.
    response = anonymous_client.get("/api/v1/briefs/?location=e3e70682-c209-1cac-a29f-6fbed82c07cd")
    assert response.status_code == 200
    assert response.json()["count"] == 0
