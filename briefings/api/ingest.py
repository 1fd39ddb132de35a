"""`POST /api/v1/briefs/ingest/`: raw text in, a draft brief out (DESIGN.md section 4).

The work is `briefings.services.ingest.brief_ingest`; this module only reads the request, turns the
service's validation errors into field errors, and renders the created brief (the brief detail
representation) plus the service's `suggested_claims` and `matches`. `BriefViewSet` mixes
`BriefIngestMixin` in.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from briefings.api.fields import IdField
from briefings.api.serializers import BriefSerializer
from briefings.api.serializers.base import StrictTypesMixin, django_error_to_drf
from briefings.choices import ClaimActorRole, ClaimKind
from briefings.models import Actor, Brief
from briefings.services.ingest import brief_ingest
from briefings.validators import validate_http_url


class BriefIngestRequestSerializer(StrictTypesMixin, serializers.Serializer):
    text = serializers.CharField(
        trim_whitespace=False,  # Whitespace is part of the text the no-loss split accounts for.
        help_text="The raw brief: report, optional `Comment:` section, optional publisher boilerplate.",
    )
    publisher = IdField(
        queryset=Actor.objects.all(),
        required=False,
        allow_null=True,
        help_text="Publisher actor id: its registered boilerplate paragraphs and names help remove boilerplate.",
    )
    published_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="Date-time of the report (default: now); relative dates use it."
    )
    # A URL field so the schema says `format: uri`, with the model's own http(s) check.
    source_url = serializers.URLField(required=False, allow_blank=True, max_length=2000, validators=[validate_http_url])
    title = serializers.CharField(
        required=False, allow_blank=True, max_length=300, help_text="Default: the first sentence, shortened."
    )


@extend_schema_field({"type": "string", "enum": ["body", "comment"]})
class SuggestionSourceField(serializers.ChoiceField):
    """Documented inline: a shared enum component named after the field would collide with other `source` enums."""

    def __init__(self, **kwargs):
        super().__init__(choices=["body", "comment"], **kwargs)


@extend_schema_field({"type": "string", "enum": ["actor", "location"]})
class MatchKindField(serializers.ChoiceField):
    """Documented inline, like SuggestionSourceField, so it does not collide with the other `kind` enums."""

    def __init__(self, **kwargs):
        super().__init__(choices=["actor", "location"], **kwargs)


class SuggestedClaimActorSerializer(serializers.Serializer):
    actor = serializers.UUIDField()
    role = serializers.ChoiceField(choices=ClaimActorRole.choices)


class SuggestedClaimSerializer(serializers.Serializer):
    """Shaped like a claim write body, so a client can post it (with `brief`) to `claims/` once confirmed."""

    statement = serializers.CharField()
    quote = serializers.CharField(allow_blank=True, help_text="Body text at the span; empty for comment sentences.")
    span_start = serializers.IntegerField(allow_null=True)
    span_end = serializers.IntegerField(allow_null=True)
    kind = serializers.ChoiceField(choices=ClaimKind.choices)
    claimant = serializers.UUIDField(allow_null=True, help_text="Actor id when the attributed source is known.")
    claimant_text = serializers.CharField(allow_blank=True)
    actors = SuggestedClaimActorSerializer(many=True)
    locations = serializers.ListField(child=serializers.UUIDField())
    occurred_start = serializers.DateField(allow_null=True)
    occurred_end = serializers.DateField(allow_null=True)
    source = SuggestionSourceField(help_text="Where the sentence is.")


class MatchedNameSerializer(serializers.Serializer):
    kind = MatchKindField()
    id = serializers.UUIDField()
    name = serializers.CharField(help_text="Canonical name of the actor or location.")
    text = serializers.CharField(help_text="The text as written: `body[start:end]`.")
    start = serializers.IntegerField()
    end = serializers.IntegerField()


class IngestedBriefSerializer(BriefSerializer):
    """The created brief as `briefs/{id}/` shows it, plus what ingest found in the text."""

    suggested_claims = SuggestedClaimSerializer(many=True, read_only=True, help_text="Not saved.")
    matches = MatchedNameSerializer(many=True, read_only=True, help_text="Known names found in the body.")

    class Meta(BriefSerializer.Meta):
        fields = [*BriefSerializer.Meta.fields, "suggested_claims", "matches"]


INGEST_EXAMPLE = {
    "text": (
        "Fighting between the Arakan Army (AA) and the Tatmadaw spread to Sittwe on Tuesday, residents said.\n\n"
        "Comment: The AA is pressing towards the state capital.\n\n"
        "Views expressed are the authors' own. For our donors, click here."
    ),
    "published_at": "2024-02-08T09:00:00Z",
}


class BriefIngestMixin:
    """The `ingest` action of the briefs viewset; needs the permission to add briefs."""

    @extend_schema(
        summary="Ingest a raw brief",
        description=(
            "Creates a **draft** brief from raw text: the `Comment:` section becomes an `analysis` comment, "
            "publisher boilerplate is removed, known actors and locations are attached with their spans in the "
            "body (`matches`), and a title is made when none is given. Attributed sentences come back as "
            "`suggested_claims` (not saved), with relative dates resolved against `published_at`."
        ),
        request=BriefIngestRequestSerializer,
        responses={201: IngestedBriefSerializer},
        examples=[OpenApiExample("A short brief", value=INGEST_EXAMPLE, request_only=True)],
        filters=False,
    )
    @action(detail=False, methods=["post"], filter_backends=[], pagination_class=None)
    def ingest(self, request):
        serializer = BriefIngestRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            result = brief_ingest(user=request.user, **serializer.validated_data)
        except DjangoValidationError as error:
            # Errors about the text as a whole (empty, no report) belong to the `text` field.
            by_field = error if hasattr(error, "error_dict") else DjangoValidationError({"text": error.error_list})
            raise serializers.ValidationError(django_error_to_drf(by_field)) from error
        brief = self.with_related(Brief.objects.all()).get(pk=result.brief.pk)
        brief.suggested_claims = result.suggested_claims
        brief.matches = result.matches
        data = IngestedBriefSerializer(brief, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED, headers={"ETag": self.get_etag(brief)})
