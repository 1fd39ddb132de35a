"""Briefs, their claims and comments.

A brief's detail embeds its claims and comments; `POST /briefs/` may carry them nested and
creates everything in one transaction: the brief is saved first (claims check their quotes
against its body), then every claim and comment is validated, and all errors are raised
together, named by their nested path (`claims.1.span_end`), which rolls the write back.
"""

from django.db import transaction
from rest_framework import serializers

from briefings.api.fields import DetailUrlField, LanguageTagField
from briefings.api.serializers.actors import _request_user
from briefings.api.serializers.base import (
    NestedActorSerializer,
    NestedBriefSerializer,
    NestedClaimSerializer,
    NestedLocationSerializer,
    StrictModelSerializer,
    UserSerializer,
    ValidatedModelSerializer,
    clean_instance,
    raise_nested_errors,
    reference,
    replace_children,
)
from briefings.models import Actor, Brief, Claim, ClaimActor, ClaimLink, Comment, Location

CLAIM_FIELDS = [
    "id",
    "url",
    "display",
    "brief",
    "statement",
    "quote",
    "span_start",
    "span_end",
    "kind",
    "occurred_start",
    "occurred_end",
    "claimant",
    "claimant_text",
    "actors",
    "locations",
    "source_reliability",
    "credibility",
    "assessment",
    "links",
    "version",
    "created_at",
    "updated_at",
]
COMMENT_FIELDS = [
    "id",
    "url",
    "display",
    "brief",
    "claim",
    "kind",
    "body",
    "author",
    "version",
    "created_at",
    "updated_at",
]
TIMESTAMPS = ["version", "created_at", "updated_at"]


class ClaimActorSerializer(StrictModelSerializer):
    """An actor's part in a claim: `subject` (acts), `target` (acted upon) or `mentioned`."""

    actor = reference(Actor, NestedActorSerializer)

    class Meta:
        model = ClaimActor
        fields = ["actor", "role"]


class ClaimLinkSerializer(StrictModelSerializer):
    """A link from this claim to another: it corroborates, contradicts or updates `target`."""

    target = reference(Claim, NestedClaimSerializer)

    class Meta:
        model = ClaimLink
        fields = ["kind", "target"]


def claim_replace_children(*, claim: Claim, data: dict, user) -> dict[str, list[dict]]:
    """Write the claim's actor roles, locations and links that `data` carries; return per-item errors."""
    errors = {}
    if "actor_roles" in data:
        errors["actors"] = replace_children(
            manager=claim.actor_roles, items=data["actor_roles"], key_fields=("actor", "role"), user=user
        )
    if "locations" in data:
        items = [{"location": location} for location in data["locations"]]
        errors["locations"] = replace_children(
            manager=claim.location_links, items=items, key_fields=("location",), user=user
        )
    if "links" in data:
        errors["links"] = replace_children(
            manager=claim.links, items=data["links"], key_fields=("kind", "target"), user=user
        )
    return errors


class ClaimSerializer(ValidatedModelSerializer):
    """One attributed assertion made in a brief: who claims it, about whom and where, when, and how far to trust it.

    A `quote` must be the brief body's text at `span_start`..`span_end`; a quote without a span is located in the body.
    """

    url = DetailUrlField(view_name="api:claim-detail")
    brief = reference(Brief, NestedBriefSerializer)
    claimant = reference(Actor, NestedActorSerializer, required=False, allow_null=True)
    actors = ClaimActorSerializer(
        source="actor_roles", many=True, required=False, help_text="Actors and their roles; a write replaces them."
    )
    locations = reference(
        Location, NestedLocationSerializer, many=True, required=False, help_text="A write replaces the list."
    )
    links = ClaimLinkSerializer(
        many=True, required=False, help_text="Links from this claim to others; a write replaces them."
    )

    child_fields = ("actor_roles", "locations", "links")

    class Meta:
        model = Claim
        fields = CLAIM_FIELDS
        read_only_fields = TIMESTAMPS

    def create(self, validated_data):
        return self._write(Claim(), validated_data)

    def update(self, instance, validated_data):
        return self._write(instance, validated_data)

    def _write(self, claim: Claim, validated_data: dict) -> Claim:
        children = {name: validated_data.pop(name) for name in self.child_fields if name in validated_data}
        user = _request_user(self)
        with transaction.atomic():
            for name, value in validated_data.items():
                setattr(claim, name, value)
            claim._history_user = user
            claim.save()
            raise_nested_errors(claim_replace_children(claim=claim, data=children, user=user))
        return claim


class EmbeddedClaimSerializer(ClaimSerializer):
    """A claim inside its brief: no `brief` field; validated against the brief when the brief is written."""

    class Meta(ClaimSerializer.Meta):
        fields = [name for name in CLAIM_FIELDS if name != "brief"]

    def validate(self, attrs):
        # Without its brief the model cannot check the quote yet: BriefSerializer.create does it.
        return attrs


class CommentSerializer(ValidatedModelSerializer):
    """An analyst's `analysis` of a brief (public once the brief is published) or an internal staff `note`."""

    url = DetailUrlField(view_name="api:comment-detail")
    brief = reference(Brief, NestedBriefSerializer)
    claim = reference(Claim, NestedClaimSerializer, required=False, allow_null=True)
    author = UserSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Comment
        fields = COMMENT_FIELDS
        read_only_fields = TIMESTAMPS

    def create(self, validated_data):
        user = _request_user(self)
        comment = Comment(**validated_data, author=user)
        comment._history_user = user
        comment.save()
        return comment

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        instance._history_user = _request_user(self)
        instance.save()
        return instance


class EmbeddedCommentSerializer(CommentSerializer):
    """A comment inside its brief: no `brief` field; validated when the brief is written."""

    class Meta(CommentSerializer.Meta):
        fields = [name for name in COMMENT_FIELDS if name != "brief"]

    def validate(self, attrs):
        return attrs


BRIEF_FIELDS = [
    "id",
    "url",
    "display",
    "title",
    "slug",
    "summary",
    "body",
    "published_at",
    "publisher",
    "source_url",
    "language",
    "status",
    "actors",
    "locations",
    "claim_count",
    "comment_count",
    "created_by",
    "updated_by",
    "version",
    "created_at",
    "updated_at",
]


class BriefListSerializer(ValidatedModelSerializer):
    """A brief without its claims and comments (lists); counts come from correlated subqueries."""

    url = DetailUrlField(view_name="api:brief-detail")
    language = LanguageTagField(required=False)
    publisher = reference(Actor, NestedActorSerializer, required=False, allow_null=True)
    actors = reference(Actor, NestedActorSerializer, many=True, required=False, help_text="Actors the brief mentions.")
    locations = reference(
        Location, NestedLocationSerializer, many=True, required=False, help_text="Locations the brief mentions."
    )
    claim_count = serializers.IntegerField(read_only=True)
    comment_count = serializers.IntegerField(read_only=True, help_text="Comments visible to the caller.")
    created_by = UserSerializer(read_only=True, allow_null=True)
    updated_by = UserSerializer(read_only=True, allow_null=True)

    child_fields = ("actors", "locations", "claims", "comments")

    class Meta:
        model = Brief
        fields = BRIEF_FIELDS
        read_only_fields = ["slug", "status", *TIMESTAMPS]


class BriefSerializer(BriefListSerializer):
    """A brief with its claims and comments; on create they may be given nested."""

    claims = EmbeddedClaimSerializer(many=True, required=False, help_text="Only on create: claims made in the brief.")
    comments = EmbeddedCommentSerializer(many=True, required=False, help_text="Only on create: analyst comments.")

    class Meta(BriefListSerializer.Meta):
        fields = [*BRIEF_FIELDS, "claims", "comments"]

    def validate(self, attrs):
        if self.instance is not None:
            nested = [name for name in ("claims", "comments") if name in attrs]
            if nested:
                message = "Only accepted on create: write claims and comments through their own endpoints."
                raise serializers.ValidationError({name: [message] for name in nested})
        return super().validate(attrs)

    def create(self, validated_data):
        user = _request_user(self)
        claims = validated_data.pop("claims", [])
        comments = validated_data.pop("comments", [])
        with transaction.atomic():
            brief = self._write(Brief(created_by=user), validated_data, user=user)
            errors = {"claims": [self._create_claim(brief, item, user) for item in claims]}
            errors["comments"] = [self._create_comment(brief, item, user) for item in comments]
            raise_nested_errors(errors)
        return brief

    def update(self, instance, validated_data):
        with transaction.atomic():
            return self._write(instance, validated_data, user=_request_user(self))

    def _write(self, brief: Brief, validated_data: dict, *, user) -> Brief:
        actors = validated_data.pop("actors", None)
        locations = validated_data.pop("locations", None)
        for name, value in validated_data.items():
            setattr(brief, name, value)
        brief.updated_by = user
        brief._history_user = user
        brief.save()
        errors = {}
        if actors is not None:
            items = [{"actor": actor} for actor in actors]
            errors["actors"] = replace_children(
                manager=brief.actor_mentions, items=items, key_fields=("actor",), user=user
            )
        if locations is not None:
            items = [{"location": location} for location in locations]
            errors["locations"] = replace_children(
                manager=brief.location_mentions, items=items, key_fields=("location",), user=user
            )
        raise_nested_errors(errors)
        return brief

    @staticmethod
    def _create_claim(brief: Brief, data: dict, user) -> dict:
        children = {name: data.pop(name) for name in ClaimSerializer.child_fields if name in data}
        claim = Claim(brief=brief, **data)
        try:
            clean_instance(claim)
        except serializers.ValidationError as exc:
            return exc.detail
        claim._history_user = user
        claim.save()
        child_errors = claim_replace_children(claim=claim, data=children, user=user)
        return {name: errors for name, errors in child_errors.items() if any(errors)}

    @staticmethod
    def _create_comment(brief: Brief, data: dict, user) -> dict:
        comment = Comment(brief=brief, author=user, **data)
        try:
            clean_instance(comment)
        except serializers.ValidationError as exc:
            return exc.detail
        comment._history_user = user
        comment.save()
        return {}
