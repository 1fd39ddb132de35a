"""The base viewset every resource shares: visibility, joins, atomic writes, ETags, history.

Resource viewsets only declare their queryset, serializer, filters and orderings; the
behaviour of DESIGN.md section 3 that is the same everywhere lives here once:

- strong ETags on every detail response; `If-None-Match` answers 304;
- PUT/PATCH/DELETE honour `If-Match`: the row is locked inside the write transaction
  (`SELECT ... FOR UPDATE` on PostgreSQL; SQLite's IMMEDIATE transactions serialize writers),
  then compared, so of two writers holding the same ETag exactly one wins and the other gets
  412 with the current ETag;
- every write runs in one transaction;
- `GET <resource>/{id}/history/` lists the changes of the record and its child rows;
- lists of a resource with a row reader (`briefings.api.serializers.rows`) are built from
  `.values()` rows instead of model instances + serializers: same JSON, ~2-3x the throughput.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from drf_spectacular.utils import extend_schema
from drf_standardized_errors.openapi_validation_errors import extend_validation_errors
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from briefings.api.exceptions import PreconditionFailed
from briefings.api.serializers import HistoryEntrySerializer
from briefings.api.serializers.rows import RowContext, RowQuery
from briefings.models.briefs import BriefChild
from briefings.services.history import record_history_list


def parse_entity_tags(header: str) -> list[str]:
    """The entity tags of an If-Match / If-None-Match header value (`*` kept as is)."""
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def if_match_passes(header: str | None, etag: str) -> bool:
    """RFC 9110 If-Match: strong comparison, so a weak (`W/`) tag never matches; `*` matches any."""
    if header is None:
        return True
    tags = parse_entity_tags(header)
    return "*" in tags or etag in tags


def if_none_match_hits(header: str | None, etag: str) -> bool:
    """RFC 9110 If-None-Match: weak comparison (`W/"3"` matches `"3"`)."""
    if header is None:
        return False
    tags = [tag.removeprefix("W/") for tag in parse_entity_tags(header)]
    return "*" in tags or etag in tags


class PageWindowSerializer(serializers.Serializer):
    """`limit` / `offset` of the history list, validated as the lists' filter forms validate them."""

    limit = serializers.IntegerField(min_value=1, required=False)
    offset = serializers.IntegerField(min_value=0, required=False)


_PAGE_WINDOW_CODES = ["invalid", "min_value", "max_string_length"]


# The history list has no filter form: its page window errors are declared for the schema here.
@extend_validation_errors(_PAGE_WINDOW_CODES, field_name="limit", actions=["history"])
@extend_validation_errors(_PAGE_WINDOW_CODES, field_name="offset", actions=["history"])
class BriefingsModelViewSet(viewsets.ModelViewSet):
    """CRUD with visibility, declared joins, conditional requests and history."""

    #: Owned child models and their foreign key to this record, for the history endpoint.
    history_children: tuple = ()

    #: Read fast path for `list`: a callable (RowContext) -> reader with `rows(queryset)` and
    #: `represent(rows)`. The serializer classes remain the contract (validation, schema, writes).
    row_reader = None

    def get_row_reader(self):
        """The row reader for this request, or None for the serializer path.

        A format suffix (`/briefs.json`) changes the URLs the serializers render: those requests,
        rare in practice, take the serializer path rather than a second URL scheme here.
        """
        if self.row_reader is None or self.format_kwarg:
            return None
        return self.row_reader(RowContext(self.request))

    def list(self, request, *args, **kwargs):
        reader = self.get_row_reader()
        if reader is None:
            return super().list(request, *args, **kwargs)
        filtered = self.filter_queryset(self.restrict(self.queryset.all()))
        # The page's ids come from `filtered`; its rows are then read by id alone, so the filters
        # (a search, a subtree of locations) are not evaluated a second time.
        rows = RowQuery(matching=filtered, rows=reader.rows(self.annotate_rows(self.queryset.all())))
        page = self.paginate_queryset(rows)
        if page is None:  # a view without pagination: the whole filtered list
            return Response(reader.represent(rows[:]))
        return self.get_paginated_response(reader.represent(page))

    def annotate_rows(self, queryset):
        """The annotations the row reader reads besides columns (e.g. counts); none by default."""
        return queryset

    def get_queryset(self):
        queryset = super().get_queryset()
        if getattr(self, "swagger_fake_view", False):
            return queryset
        if self.action == "history":
            # History reads its own tables: the row is only needed to check it exists and is visible.
            return self.restrict(queryset)
        return self.restrict(self.with_related(queryset))

    def with_related(self, queryset):
        """The joins (select_related / prefetch_related / annotations) this action's serializer reads."""
        return queryset

    def restrict(self, queryset):
        """Only the rows the caller may see; the others are 404 in detail and absent from lists."""
        return queryset

    def get_etag(self, instance) -> str:
        return f'"{instance.version}"'

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        etag = getattr(exc, "etag", None)
        if etag is not None:
            response["ETag"] = etag
        return response

    def detail_response(self, pk, *, status_code=status.HTTP_200_OK) -> Response:
        """The record as it is now in the database, with its ETag (after writes and workflow actions)."""
        instance = self.with_related(self.queryset.model._default_manager.all()).get(pk=pk)
        return Response(
            self.get_serializer(instance).data, status=status_code, headers={"ETag": self.get_etag(instance)}
        )

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        etag = self.get_etag(instance)
        if if_none_match_hits(request.headers.get("If-None-Match"), etag):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        return Response(self.get_serializer(instance).data, headers={"ETag": etag})

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            self.perform_create(serializer)
        return self.detail_response(serializer.instance.pk, status_code=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        with transaction.atomic():
            instance = self.get_locked_object()
            serializer = self.get_serializer(instance, data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            self.perform_update(serializer)
        return self.detail_response(instance.pk)

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            instance = self.get_locked_object()
            self.perform_destroy(instance)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def perform_destroy(self, instance):
        instance._history_user = self.request.user
        instance.delete()

    def get_locked_object(self):
        """Lock the row, re-read it, and check `If-Match` against its current ETag (inside a transaction)."""
        model = self.queryset.model
        lookup = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        try:
            if issubclass(model, BriefChild):
                model.lock_brief_of(lookup)  # the brief's row before the child's (see BriefChild)
            list(model._default_manager.select_for_update().filter(pk=lookup).values_list("pk", flat=True))
        except (DjangoValidationError, ValueError, TypeError) as exc:
            raise Http404 from exc
        instance = self.get_object()
        etag = self.get_etag(instance)
        if not if_match_passes(self.request.headers.get("If-Match"), etag):
            exc = PreconditionFailed()
            exc.etag = etag
            raise exc
        return instance

    @extend_schema(
        summary="Change history",
        description=(
            "Changes of this record and of the rows it owns, newest first. Each entry names the "
            "changed model and object, who changed it and the field changes against the previous state."
        ),
        responses=HistoryEntrySerializer(many=True),
        filters=False,
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def history(self, request, *args, **kwargs):
        instance = self.get_object()
        # A bad window is a 400 naming the parameter (the paginator would silently ignore it).
        PageWindowSerializer(data=request.query_params).is_valid(raise_exception=True)
        entries = record_history_list(instance=instance, children=self.history_children)
        page = self.paginate_queryset(entries)
        return self.get_paginated_response(HistoryEntrySerializer(page, many=True).data)
