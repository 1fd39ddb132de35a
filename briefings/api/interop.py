"""Interop endpoints (DESIGN.md section 5): STIX 2.1 export/import, GeoJSON and CSV.

The views subclass the resource viewsets, so visibility (`restrict`), filters, orderings and
permissions are exactly those of the lists and details they mirror; the work is done by the
services in `briefings.services.stix`, `.geojson` and `.csv_export`. `urlpatterns` is included
by `briefings.api.urls` before the router's routes (else `claims/geojson/` would be read as a
claim id).

Errors on these endpoints are always JSON (the standard error shape), whatever media type the
success response has.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, StreamingHttpResponse
from django.urls import path, re_path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from briefings.api.renderers import FastJSONRenderer
from briefings.api.schema import AutoSchema
from briefings.api.views import BriefViewSet, ClaimViewSet, LocationViewSet
from briefings.choices import Assessment, ClaimKind, CoordinatePrecision, LocationKind, SourceReliability
from briefings.services.csv_export import claims_csv_lines
from briefings.services.geojson import claims_feature_collection, locations_feature_collection
from briefings.services.stix import (
    STIX_BUNDLE_ID_PATTERN,
    StixImportError,
    brief_to_stix_bundle,
    stix_bundle_import,
)

# Renderers: they name the media types for content negotiation and the schema.


class GeoJSONRenderer(FastJSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"


class StixRenderer(FastJSONRenderer):
    media_type = "application/stix+json"
    format = "stix"


class CSVRenderer(FastJSONRenderer):
    """Negotiation only: the CSV views stream their own response; error bodies are re-rendered as JSON."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"


class JSONErrorsMixin:
    """Errors in the standard JSON shape, even when the success media type is GeoJSON, STIX or CSV."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        self.request.accepted_renderer = FastJSONRenderer()
        self.request.accepted_media_type = FastJSONRenderer.media_type
        return response


# Schema components (documentation of the bodies the services build). Values are documented as
# strings listing their choices: enum components here would collide with the resources' `kind` enums.


def _one_of(choices, **kwargs) -> serializers.CharField:
    return serializers.CharField(help_text="One of: " + ", ".join(f"`{value}`" for value in choices.values), **kwargs)


def _constant(value: str) -> serializers.CharField:
    return serializers.CharField(help_text=f'Always "{value}".')


_geometry = inline_serializer(
    "GeoJSONPoint",
    {
        "type": _constant("Point"),
        "coordinates": serializers.ListField(
            child=serializers.FloatField(), min_length=2, max_length=2, help_text="[longitude, latitude], WGS84."
        ),
    },
)


def _feature_collection(name: str, properties: dict) -> serializers.Serializer:
    feature = inline_serializer(
        f"{name}Feature",
        {
            "type": _constant("Feature"),
            "id": serializers.CharField(),
            "geometry": _geometry,
            "properties": inline_serializer(f"{name}FeatureProperties", properties),
        },
    )
    return inline_serializer(
        f"{name}FeatureCollection",
        {
            "type": _constant("FeatureCollection"),
            "features": serializers.ListField(child=feature),
        },
    )


LocationFeatureCollection = _feature_collection(
    "Location",
    {
        "id": serializers.UUIDField(),
        "name": serializers.CharField(),
        "kind": _one_of(LocationKind),
        "precision": _one_of(CoordinatePrecision),
        "country": serializers.CharField(allow_blank=True),
        "geonames_id": serializers.IntegerField(allow_null=True),
        "parent_id": serializers.UUIDField(allow_null=True),
        "parent_name": serializers.CharField(allow_null=True),
    },
)

ClaimFeatureCollection = _feature_collection(
    "Claim",
    {
        "claim_id": serializers.UUIDField(),
        "statement": serializers.CharField(),
        "kind": _one_of(ClaimKind),
        "assessment": _one_of(Assessment),
        "source_reliability": _one_of(SourceReliability, allow_blank=True),
        "credibility": serializers.IntegerField(allow_null=True, min_value=1, max_value=6),
        "occurred_start": serializers.DateField(allow_null=True),
        "occurred_end": serializers.DateField(allow_null=True),
        "brief_id": serializers.UUIDField(),
        "brief_title": serializers.CharField(),
        "brief_published_at": serializers.DateTimeField(allow_null=True),
        "claimant_id": serializers.UUIDField(allow_null=True),
        "claimant_name": serializers.CharField(allow_null=True),
        "claimant_text": serializers.CharField(allow_blank=True),
        "location_id": serializers.UUIDField(),
        "location_name": serializers.CharField(),
        "location_kind": _one_of(LocationKind),
        "precision": _one_of(CoordinatePrecision),
    },
)

_import_counts = inline_serializer(
    "StixImportCounts",
    {
        "created": serializers.IntegerField(),
        "updated": serializers.IntegerField(),
        "unchanged": serializers.IntegerField(),
    },
)

StixImportResult = inline_serializer(
    "StixImportResult",
    {
        **dict.fromkeys(
            ("actors", "locations", "briefs", "claims", "comments", "actor_relations", "actor_designations"),
            _import_counts,
        ),
        "skipped": serializers.IntegerField(help_text="STIX objects that describe nothing stored here."),
    },
)

StixImportErrorResponse = inline_serializer(
    "StixImportErrorResponse",
    {
        "type": serializers.ChoiceField(
            choices=["validation_error", "client_error"],
            help_text="`validation_error` for an invalid bundle or object, `client_error` for a body that is not JSON.",
        ),
        "errors": serializers.ListField(
            child=inline_serializer(
                "StixImportError",
                {
                    "code": serializers.CharField(),
                    "detail": serializers.CharField(),
                    "attr": serializers.CharField(
                        allow_null=True, help_text="`objects` or `objects.<index>` of the offending object."
                    ),
                },
            )
        ),
    },
)

# The import's request body: the envelope the importer checks itself (`type`, a `bundle--<uuid>` id
# and nothing else at the top level, as stix2 without custom properties demands), objects as STIX
# objects, each validated by stix2 against its type's rules (too many to restate here).
STIX_BUNDLE_SCHEMA = {
    "type": "object",
    "properties": {
        "type": {"type": "string", "enum": ["bundle"]},
        "id": {"type": "string", "pattern": STIX_BUNDLE_ID_PATTERN, "description": "`bundle--<uuid>`."},
        "objects": {
            "type": "array",
            "description": "STIX 2.1 objects; each must be valid for its type (custom properties only in extensions).",
            "items": {
                "type": "object",
                "properties": {
                    "type": {"type": "string"},
                    "id": {"type": "string", "description": "`<type>--<uuid>`."},
                    "spec_version": {"type": "string", "enum": ["2.1"]},
                },
                "required": ["type", "id", "spec_version"],
            },
        },
    },
    "required": ["type", "id"],
    "additionalProperties": False,
}

# The list filters validate `limit` and `offset` (BaseFilterSet); these exports are not paginated.
UNPAGINATED = [OpenApiParameter("limit", exclude=True), OpenApiParameter("offset", exclude=True)]

_GEOJSON_NOTE = (
    "RFC 7946 FeatureCollection, coordinates `[longitude, latitude]`. Takes the same filters, search and "
    "ordering as the list; not paginated."
)


def _geojson_responses(collection) -> dict:
    """GeoJSON by default; the same body as `application/json` for `Accept: application/json` or `?format=json`."""
    return {(200, GeoJSONRenderer.media_type): collection, (200, FastJSONRenderer.media_type): collection}


# Views


class LocationInteropViewSet(JSONErrorsMixin, LocationViewSet):
    renderer_classes = [GeoJSONRenderer, FastJSONRenderer]

    @extend_schema(
        operation_id="locations_geojson",
        filters=True,
        parameters=UNPAGINATED,
        summary="Locations as GeoJSON",
        description=f"{_GEOJSON_NOTE} Locations without coordinates are left out.",
        responses=_geojson_responses(LocationFeatureCollection),
        tags=["locations"],
    )
    def geojson(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        return Response(locations_feature_collection(queryset=queryset))


class ClaimInteropViewSet(JSONErrorsMixin, ClaimViewSet):
    # The CSV route passes its own renderers to `as_view`: they must not depend on `self.action`,
    # which is unset for a method the route does not map (TRACE), or `?format=csv` would find no
    # renderer and answer 404 instead of 405.
    renderer_classes = [GeoJSONRenderer, FastJSONRenderer]

    @extend_schema(
        operation_id="claims_geojson",
        filters=True,
        parameters=UNPAGINATED,
        summary="Claims as GeoJSON",
        description=(
            f"{_GEOJSON_NOTE} One Point Feature per (claim, location with coordinates) pair; the feature id is "
            "`<claim id>:<location id>`."
        ),
        responses=_geojson_responses(ClaimFeatureCollection),
        tags=["claims"],
    )
    def geojson(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        return Response(claims_feature_collection(queryset=queryset))

    @extend_schema(
        operation_id="claims_export_csv",
        filters=True,
        parameters=UNPAGINATED,
        summary="Claims as CSV",
        description=(
            "One row per claim, UTF-8, RFC 4180 quoting, header row with stable column names: "
            "`id, brief_id, brief_title, brief_published_at, statement, quote, span_start, span_end, kind, "
            "occurred_start, occurred_end, claimant_id, claimant_name, claimant_text, actors, actor_ids, "
            "locations, location_ids, source_reliability, credibility, assessment, created_at, updated_at`. "
            '`actors` reads "name (role); ..." with `actor_ids` in the same order. Same filters, search and '
            "ordering as the list; not paginated (streamed)."
        ),
        responses={(200, CSVRenderer.media_type): OpenApiTypes.STR},
        tags=["claims"],
    )
    def export_csv(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        lines = (line.encode("utf-8") for line in claims_csv_lines(queryset=queryset))
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="claims.csv"'
        return response


class BriefStixViewSet(JSONErrorsMixin, BriefViewSet):
    renderer_classes = [FastJSONRenderer, StixRenderer]

    @extend_schema(
        operation_id="briefs_stix",
        summary="Brief as a STIX 2.1 bundle",
        description=(
            "The brief as a `report`, its actors as `identity` / `threat-actor`, locations (with ancestors) as "
            "`location`, claims and analysis comments as `note`, actor relations as `relationship`. Ids are "
            "`<type>--<record id>`; fields STIX lacks travel in the property extension the bundle defines. "
            "Same visibility as the brief detail. `Accept: application/stix+json` is honoured."
        ),
        filters=False,
        responses={
            (200, FastJSONRenderer.media_type): OpenApiResponse(OpenApiTypes.OBJECT, description="STIX 2.1 bundle"),
            (200, StixRenderer.media_type): OpenApiResponse(OpenApiTypes.OBJECT, description="STIX 2.1 bundle"),
        },
        tags=["briefs"],
    )
    def stix(self, request, pk=None, **kwargs):
        # The brief's own row is enough: the service loads what the bundle needs with a fixed query count.
        try:
            brief = self.restrict(self.queryset.model._default_manager.all()).get(pk=pk)
        except (self.queryset.model.DoesNotExist, DjangoValidationError, ValueError) as exc:
            raise Http404 from exc
        return Response(brief_to_stix_bundle(brief=brief))


class CanImportStix(permissions.BasePermission):
    """Importing creates and changes every kind of record: it needs add and change rights on all of them."""

    models = ("actor", "location", "brief", "claim", "comment", "actorrelation", "actordesignation")
    message = "Importing STIX needs the add and change permissions on actors, locations, briefs, claims and comments."

    def has_permission(self, request, view):
        user = request.user
        needed = [f"briefings.{action}_{model}" for model in self.models for action in ("add", "change")]
        return bool(user and user.is_authenticated and user.has_perms(needed))


class RequiredBodyAutoSchema(AutoSchema):
    """Marks the request body required: drf-spectacular cannot tell for a body given as a plain schema."""

    def _get_request_body(self, direction="request"):
        body = super()._get_request_body(direction)
        if body:
            body["required"] = True
        return body


class StixImportView(JSONErrorsMixin, APIView):
    permission_classes = [CanImportStix]
    schema = RequiredBodyAutoSchema()

    @extend_schema(
        operation_id="import_stix",
        summary="Import a STIX 2.1 bundle",
        description=(
            "Creates or updates the records the bundle describes, idempotent by STIX id (a record's id is the "
            "uuid part of the STIX id), all or nothing: an invalid object answers 400 naming it "
            "(`attr` is `objects.<index>`) and nothing is written. Bundles exported by this API round-trip "
            "exactly; objects from other producers are imported with defaults (briefs as drafts, unknown "
            "object types skipped). Needs add and change permissions on every record type; a bundle that "
            "publishes or retracts a brief needs `briefings.publish_brief` too (403)."
        ),
        request={"application/json": STIX_BUNDLE_SCHEMA},
        responses={200: StixImportResult, 400: StixImportErrorResponse},
        examples=[
            OpenApiExample(
                "A minimal foreign bundle",
                request_only=True,
                value={
                    "type": "bundle",
                    "id": "bundle--4d5e6f70-8192-43a4-9b5c-6d7e8f901234",
                    "objects": [
                        {
                            "type": "threat-actor",
                            "spec_version": "2.1",
                            "id": "threat-actor--1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
                            "created": "2024-01-01T00:00:00Z",
                            "modified": "2024-01-01T00:00:00Z",
                            "name": "Delta Front",
                        }
                    ],
                },
            )
        ],
        tags=["import"],
    )
    def post(self, request):
        try:
            result = stix_bundle_import(bundle=request.data, user=request.user)
        except StixImportError as exc:
            attr = {exc.index: [str(exc)]} if exc.index is not None else [str(exc)]
            raise ValidationError({"objects": attr}, code="invalid_stix") from exc
        return Response(result.as_dict())


urlpatterns = [
    path("briefs/<str:pk>/stix/", BriefStixViewSet.as_view({"get": "stix"}), name="brief-stix"),
    path("import/stix/", StixImportView.as_view(), name="stix-import"),
    path("locations/geojson/", LocationInteropViewSet.as_view({"get": "geojson"}), name="location-geojson"),
    path("claims/geojson/", ClaimInteropViewSet.as_view({"get": "geojson"}), name="claim-geojson"),
    # No trailing slash: the file name is the contract (DESIGN.md section 3).
    re_path(
        r"^claims/export\.csv$",
        ClaimInteropViewSet.as_view({"get": "export_csv"}, renderer_classes=[CSVRenderer, FastJSONRenderer]),
        name="claim-export-csv",
    ),
]
