"""Pagination for every list: `?limit=&offset=`, default 50, capped at 500.

Malformed or negative values are rejected by the list's filter form (`BaseFilterSet`) with a 400
naming the parameter; the schema documents the bounds here. Large counts may be a few seconds old
(`briefings.api.counts`).
"""

from django.conf import settings
from django.db.models import QuerySet
from rest_framework import pagination

from briefings.api.counts import list_count


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    default_limit = 50
    max_limit = 500

    def get_count(self, queryset):
        # Row lists (RowQuery) count through list_count themselves; history pages a Python list.
        return list_count(queryset) if isinstance(queryset, QuerySet) else super().get_count(queryset)

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = (
            f"Number of matching records: exact below {settings.BRIEFINGS_COUNT_CACHE_MIN_ROWS:,}; a larger count "
            f"may be up to {settings.BRIEFINGS_COUNT_CACHE_SECONDS} s old. To copy a table, page by `updated_since` "
            "(README, Sync) rather than by `count` and `offset`."
        )
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        minimums = {self.limit_query_param: 1, self.offset_query_param: 0}
        for parameter in parameters:
            if parameter["name"] in minimums:
                parameter["schema"]["minimum"] = minimums[parameter["name"]]
        return parameters
