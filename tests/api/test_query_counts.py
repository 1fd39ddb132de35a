"""No N+1: each list costs the same number of queries at page size 1 and 100, and brief detail is
constant in its number of claims. The pinned numbers are the declared joins of each viewset."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from briefings.models import ClaimLink
from tests.api.conftest import url
from tests.factories import make_actor, make_brief, make_claim, make_comment, make_location

pytestmark = pytest.mark.django_db

# Per request, as the viewer (token auth 1, permission lookups 2 for briefs/claims/comments).
EXPECTED_LIST_QUERIES = {
    # count + page + aliases + relations + designations
    "actors": 1 + 5,
    # count + page (with parent) + aliases
    "locations": 1 + 3,
    # permission lookups + count + page ids + page rows (with publisher, users, counts) + actors + locations
    "briefs": 1 + 2 + 5,
    # permission lookups + count + page ids + page rows (with brief, claimant) + roles + locations + links
    "claims": 1 + 2 + 6,
    # permission lookups + count + page ids + page rows (with brief, claim, author)
    "comments": 1 + 2 + 3,
}


@pytest.fixture
def dataset(analyst):
    """105 of everything, each record with the children its representation shows."""
    previous_actor = make_actor(name="Ridge Coalition", kind="organization")
    country = make_location(name="Valoria", kind="country")
    previous_claim = None
    for index in range(105):
        actor = make_actor(name=f"Brigade {index:03}")
        actor.aliases.create(name=f"B{index:03}")
        actor.relations.create(kind="part_of", target=previous_actor)
        actor.designations.create(authority=previous_actor, label="Listed")
        location = make_location(name=f"Village {index:03}", parent=country)
        location.aliases.create(name=f"V{index:03}")
        brief = make_brief(status="published", publisher=previous_actor, actors=[actor], locations=[location])
        brief.created_by = brief.updated_by = analyst
        brief.save()
        claim = make_claim(brief=brief, claimant=previous_actor, actors=[actor], locations=[location])
        if previous_claim is not None:
            ClaimLink.objects.create(source=claim, target=previous_claim, kind="updates")
        make_comment(brief=brief, claim=claim, author=analyst)
        previous_claim = claim


def count_queries(client, path, params) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(path, params)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("resource", list(EXPECTED_LIST_QUERIES))
def test_list_query_count_does_not_grow_with_page_size(viewer_client, dataset, resource):
    one = count_queries(viewer_client, url(resource), {"limit": 1})
    hundred = count_queries(viewer_client, url(resource), {"limit": 100})
    assert (one, hundred) == (EXPECTED_LIST_QUERIES[resource], EXPECTED_LIST_QUERIES[resource])


def test_anonymous_list_needs_no_auth_queries(anonymous_client, dataset):
    assert count_queries(anonymous_client, url("claims"), {"limit": 100}) == 6


def test_brief_detail_query_count_is_constant_in_claims(viewer_client, analyst, django_assert_num_queries):
    actor, location = make_actor(), make_location()
    brief = make_brief(actors=[actor], locations=[location])
    first = make_claim(brief=brief, actors=[actor], locations=[location])
    make_comment(brief=brief, claim=first, author=analyst)
    few = count_queries(viewer_client, url("briefs", brief.pk), {})
    for _ in range(60):
        claim = make_claim(brief=brief, claimant=actor, actors=[actor], locations=[location])
        ClaimLink.objects.create(source=claim, target=first, kind="corroborates")
        make_comment(brief=brief, claim=claim, author=analyst)
    # token + 2 permission lookups + brief + actors + locations + claims + roles + claim locations + links
    # + comments + ETag digest
    with django_assert_num_queries(12):
        response = viewer_client.get(url("briefs", brief.pk))
    assert len(response.json()["claims"]) == 61
    assert few == 12
