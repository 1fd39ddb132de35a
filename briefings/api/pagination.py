"""Pagination for every list: `?limit=&offset=`, default 50, capped at 500.

Malformed or negative values are rejected by the list's filter form (`BaseFilterSet`) with a 400
naming the parameter; the schema documents the bounds here.
"""

from rest_framework import pagination


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    default_limit = 50
    max_limit = 500

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        minimums = {self.limit_query_param: 1, self.offset_query_param: 0}
        for parameter in parameters:
            if parameter["name"] in minimums:
                parameter["schema"]["minimum"] = minimums[parameter["name"]]
        return parameters
