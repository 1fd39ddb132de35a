"""PostgreSQL must answer `?search=` from the GIN indexes of migration 0004, not by scanning."""

import pytest
from django.db import connection

from briefings.filtersets import BriefFilterSet, ClaimFilterSet, CommentFilterSet
from briefings.models import Brief, Claim, Comment

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN indexes exist only on PostgreSQL"),
]


@pytest.mark.parametrize(
    ("filterset", "model", "index"),
    [
        (BriefFilterSet, Brief, "brief_search_gin"),
        (ClaimFilterSet, Claim, "claim_search_gin"),
        (CommentFilterSet, Comment, "comment_search_gin"),
    ],
)
def test_search_uses_the_gin_index(filterset, model, index):
    queryset = filterset({"search": "border"}, model.objects.all()).qs
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # tiny test tables would otherwise be scanned
        plan = queryset.explain()
    assert index in plan, plan
