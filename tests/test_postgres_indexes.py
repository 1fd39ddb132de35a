"""PostgreSQL-only indexes: `?search=` answered from the GIN indexes of migration 0004, not by scanning,
and the covering index that keeps filtered claim lists index-only (migration 0007)."""

import pytest
from django.db import connection

from briefings.filtersets import BriefFilterSet, ClaimFilterSet, CommentFilterSet
from briefings.models import Brief, Claim, Comment

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="these indexes exist only on PostgreSQL"),
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


def test_claim_list_order_is_covered_by_the_id_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'briefings_claim' AND indexname LIKE 'claim_id_%%'"
        )
        definitions = [definition for (definition,) in cursor.fetchall()]
    # One index (the one it replaced is gone): the key `id`, then what a list counts and orders by.
    assert len(definitions) == 1
    assert definitions[0].endswith("(id) INCLUDE (brief_published, brief_id, span_start)"), definitions
