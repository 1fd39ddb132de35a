"""Pagination for every list: `?limit=&offset=`, default 50, capped at 500."""

from rest_framework import pagination


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    default_limit = 50
    max_limit = 500
