"""API views: the five resources of DESIGN.md section 3 and the health check.

Each resource viewset declares its queryset joins, visibility, filters and orderings; the
shared behaviour (ETags, If-Match, atomic writes, history) is in `briefings.api.mixins`.
"""

import hashlib

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, connection
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from briefings import filtersets
from briefings.api import serializers as api_serializers
from briefings.api.ingest import BriefIngestMixin
from briefings.api.mixins import BriefingsModelViewSet, if_none_match_hits
from briefings.api.permissions import can_view_unpublished, visible_briefs, visible_claims, visible_comments
from briefings.api.schema import ErrorResponse409Serializer, crud_schema
from briefings.api.serializers.rows import BriefRows, ClaimRows, CommentRows, etag_source
from briefings.choices import CommentKind
from briefings.models import (
    Actor,
    ActorAlias,
    ActorDesignation,
    ActorRelation,
    Brief,
    BriefActor,
    BriefLocation,
    Claim,
    ClaimActor,
    ClaimLink,
    ClaimLocation,
    Comment,
    Location,
    LocationAlias,
)
from briefings.services.workflow import PUBLISH_PERMISSION, brief_publish, brief_retract, brief_submit


class HealthView(APIView):
    """Liveness and database reachability for load balancers and uptime checks."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []

    @extend_schema(
        summary="Service health",
        description="`database` is `ok` when a trivial query succeeds; the answer is 503 otherwise.",
        responses={
            200: inline_serializer("Health", {"status": serializers.CharField(), "database": serializers.CharField()}),
            503: inline_serializer(
                "HealthUnavailable", {"status": serializers.CharField(), "database": serializers.CharField()}
            ),
        },
        tags=["health"],
    )
    def get(self, request):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError:
            return Response({"status": "error", "database": "unavailable"}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
        return Response({"status": "ok", "database": "ok"})


def count_of(queryset, *, foreign_key: str) -> Coalesce:
    """Rows of `queryset` pointing at the outer row, as a correlated subquery (no JOIN + GROUP BY on the page)."""
    counted = (
        queryset.filter(**{foreign_key: OuterRef("pk")})
        .order_by()
        .values(foreign_key)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def claim_joins(queryset, *, user):
    """What a claim's representation reads, for claim lists and claims embedded in a brief.

    Links to claims the caller cannot see (in unpublished briefs) are left out.
    """
    links = ClaimLink.objects.select_related("target")
    if not can_view_unpublished(user, Claim):
        links = links.filter(target__brief_published=True)
    return queryset.select_related("claimant").prefetch_related(
        Prefetch("actor_roles", queryset=ClaimActor.objects.select_related("actor")),
        "locations",
        Prefetch("links", queryset=links),
    )


@extend_schema_view(**crud_schema("actor", "actors", serializer=api_serializers.ActorSerializer, example_key="actor"))
class ActorViewSet(BriefingsModelViewSet):
    queryset = Actor.objects.all()
    serializer_class = api_serializers.ActorSerializer
    filterset_class = filtersets.ActorFilterSet
    ordering_fields = ["name", "kind", "country", "created_at", "updated_at", "id"]
    ordering = ["name", "id"]
    history_children = ((ActorAlias, "actor"), (ActorRelation, "source"), (ActorDesignation, "actor"))

    def with_related(self, queryset):
        return queryset.prefetch_related(
            "aliases",
            Prefetch("relations", queryset=ActorRelation.objects.select_related("target")),
            Prefetch("designations", queryset=ActorDesignation.objects.select_related("authority")),
        )


@extend_schema_view(
    **crud_schema("location", "locations", serializer=api_serializers.LocationSerializer, example_key="location")
)
class LocationViewSet(BriefingsModelViewSet):
    queryset = Location.objects.all()
    serializer_class = api_serializers.LocationSerializer
    filterset_class = filtersets.LocationFilterSet
    ordering_fields = ["name", "kind", "country", "created_at", "updated_at", "id"]
    ordering = ["name", "id"]
    history_children = ((LocationAlias, "location"),)

    def with_related(self, queryset):
        return queryset.select_related("parent").prefetch_related("aliases")


def brief_etag(brief: Brief) -> str:
    """The brief's version plus a digest of its claims' and comments' versions.

    The detail embeds claims and comments, so its ETag must change when one of them does;
    GET and the If-Match check both use this function.
    """
    claims = Claim.objects.filter(brief_id=brief.pk).order_by().values_list("id", "version")
    comments = Comment.objects.filter(brief_id=brief.pk).order_by().values_list("id", "version")
    rows = sorted(f"{pk}:{version}" for pk, version in claims.union(comments, all=True))
    digest = hashlib.sha256(",".join(rows).encode()).hexdigest()[:12]
    return f'"{brief.version}-{digest}"'


@extend_schema_view(
    **crud_schema(
        "brief",
        "briefs",
        serializer=api_serializers.BriefSerializer,
        example_key="brief",
        # Nested claims and comments only on create: updates go through their own endpoints.
        update_serializer=api_serializers.BriefListSerializer,
    ),
)
class BriefViewSet(BriefIngestMixin, BriefingsModelViewSet):
    queryset = Brief.objects.all()
    row_reader = BriefRows
    filterset_class = filtersets.BriefFilterSet
    ordering_fields = ["published_at", "title", "status", "created_at", "updated_at", "id"]
    ordering = ["-published_at", "id"]
    history_children = ((BriefActor, "brief"), (BriefLocation, "brief"))
    action_permissions = {
        "submit": ["briefings.change_brief"],
        "publish": ["briefings.change_brief"],
        "retract": ["briefings.change_brief"],
    }

    def get_serializer_class(self):
        if self.action == "list":
            return api_serializers.BriefListSerializer
        return api_serializers.BriefSerializer

    def restrict(self, queryset):
        return visible_briefs(queryset, user=self.request.user)

    def with_counts(self, queryset):
        """`claim_count` (all claims) and `comment_count` (the comments the caller may see)."""
        comments = Comment.objects.all()
        if not can_view_unpublished(self.request.user, Comment):
            comments = comments.filter(kind=CommentKind.ANALYSIS)
        return queryset.annotate(
            claim_count=count_of(Claim.objects.all(), foreign_key="brief"),
            comment_count=count_of(comments, foreign_key="brief"),
        )

    def annotate_rows(self, queryset):
        return self.with_counts(queryset)

    def retrieve(self, request, *args, **kwargs):
        """The brief with its claims and comments, from rows (see `BriefRows`); 404 as `get_object` would."""
        reader = self.get_row_reader()
        if reader is None:
            return super().retrieve(request, *args, **kwargs)
        queryset = reader.rows(self.annotate_rows(self.filter_queryset(self.restrict(self.queryset.all()))))
        try:
            row = queryset.filter(pk=self.kwargs[self.lookup_url_kwarg or self.lookup_field]).first()
        except (DjangoValidationError, ValueError, TypeError):
            row = None  # a malformed id: not found, as DRF's get_object_or_404 answers
        if row is None:
            raise Http404
        self.check_object_permissions(request, row)
        etag = self.get_etag(etag_source(row))
        if if_none_match_hits(request.headers.get("If-None-Match"), etag):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        return Response(reader.detail(row), headers={"ETag": etag})

    def with_related(self, queryset):
        user = self.request.user
        comments = Comment.objects.all()
        if not can_view_unpublished(user, Comment):
            comments = comments.filter(kind=CommentKind.ANALYSIS)
        queryset = self.with_counts(queryset.select_related("publisher", "created_by", "updated_by"))
        queryset = queryset.prefetch_related("actors", "locations")
        if self.action == "list":
            return queryset
        return queryset.prefetch_related(
            Prefetch("claims", queryset=claim_joins(visible_claims(Claim.objects.all(), user=user), user=user)),
            Prefetch(
                "comments",
                queryset=visible_comments(comments, user=user).select_related("claim", "author"),
            ),
        )

    def get_etag(self, instance) -> str:
        return brief_etag(instance)

    def _transition(self, request, service):
        brief = self.get_object()
        service(brief=brief, user=request.user)
        return self.detail_response(brief.pk)

    @extend_schema(
        summary="Submit a draft for review",
        description="Moves a `draft` brief to `review`. Needs the change permission; 409 from any other status.",
        request=None,
        responses={200: api_serializers.BriefSerializer, 409: ErrorResponse409Serializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def submit(self, request, pk=None):
        return self._transition(request, brief_submit)

    @extend_schema(
        summary="Publish a brief",
        description=(
            f"Moves a `draft` or `review` brief to `published`. Needs `{PUBLISH_PERMISSION}` (403 without it); "
            "409 from any other status."
        ),
        request=None,
        responses={200: api_serializers.BriefSerializer, 409: ErrorResponse409Serializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def publish(self, request, pk=None):
        return self._transition(request, brief_publish)

    @extend_schema(
        summary="Retract a published brief",
        description=(
            f"Moves a `published` brief to `retracted`. Needs `{PUBLISH_PERMISSION}` (403 without it); "
            "409 from any other status."
        ),
        request=None,
        responses={200: api_serializers.BriefSerializer, 409: ErrorResponse409Serializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def retract(self, request, pk=None):
        return self._transition(request, brief_retract)


@extend_schema_view(**crud_schema("claim", "claims", serializer=api_serializers.ClaimSerializer, example_key="claim"))
class ClaimViewSet(BriefingsModelViewSet):
    queryset = Claim.objects.all()
    row_reader = ClaimRows
    serializer_class = api_serializers.ClaimSerializer
    filterset_class = filtersets.ClaimFilterSet
    ordering_fields = ["occurred_start", "occurred_end", "kind", "credibility", "created_at", "updated_at", "id"]
    ordering = ["brief_id", "span_start", "id"]
    history_children = ((ClaimActor, "claim"), (ClaimLocation, "claim"), (ClaimLink, "source"))

    def restrict(self, queryset):
        return visible_claims(queryset, user=self.request.user)

    def with_related(self, queryset):
        return claim_joins(queryset.select_related("brief"), user=self.request.user)


@extend_schema_view(
    **crud_schema("comment", "comments", serializer=api_serializers.CommentSerializer, example_key="comment")
)
class CommentViewSet(BriefingsModelViewSet):
    queryset = Comment.objects.all()
    row_reader = CommentRows
    serializer_class = api_serializers.CommentSerializer
    filterset_class = filtersets.CommentFilterSet
    ordering_fields = ["created_at", "updated_at", "kind", "id"]
    ordering = ["created_at", "id"]

    def restrict(self, queryset):
        return visible_comments(queryset, user=self.request.user)

    def with_related(self, queryset):
        return queryset.select_related("brief", "claim", "author")
