"""Actors and locations: the named things briefs and claims refer to."""

from django.db import transaction
from rest_framework import serializers

from briefings.api.fields import CountryCodeField, DetailUrlField, NameListField
from briefings.api.serializers.base import (
    NestedActorSerializer,
    NestedLocationSerializer,
    StrictModelSerializer,
    ValidatedModelSerializer,
    raise_nested_errors,
    reference,
    replace_children,
)
from briefings.models import Actor, ActorDesignation, ActorRelation, Location


def _request_user(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


def replace_aliases(*, manager, names: list[str], user) -> dict:
    """Store exactly `names` as aliases; return `{index: [messages]}` for the names that failed."""
    errors = replace_children(
        manager=manager, items=[{"name": name} for name in names], key_fields=("name",), user=user
    )
    flat = {}
    for index, item_errors in enumerate(errors):
        messages = [message for field_errors in item_errors.values() for message in field_errors]
        if messages:
            flat[index] = messages
    return flat


class AliasedModelSerializer(ValidatedModelSerializer):
    """Writes the record, then replaces its child rows (aliases and any `child_lists`) in one transaction."""

    #: field name -> key fields identifying an unchanged child row
    child_lists: dict[str, tuple[str, ...]] = {}

    def create(self, validated_data):
        return self._write(self.Meta.model(), validated_data)

    def update(self, instance, validated_data):
        return self._write(instance, validated_data)

    def _write(self, instance, validated_data):
        children = {name: validated_data.pop(name) for name in self.child_fields if name in validated_data}
        user = _request_user(self)
        with transaction.atomic():
            for name, value in validated_data.items():
                setattr(instance, name, value)
            instance._history_user = user
            instance.save()
            errors = {}
            if "aliases" in children:
                alias_errors = replace_aliases(manager=instance.aliases, names=children.pop("aliases"), user=user)
                if alias_errors:
                    raise serializers.ValidationError({"aliases": alias_errors})
            for name, items in children.items():
                manager = getattr(instance, self.fields[name].source)
                errors[name] = replace_children(
                    manager=manager, items=items, key_fields=self.child_lists[name], user=user
                )
            raise_nested_errors(errors)
        return instance


class ActorRelationSerializer(StrictModelSerializer):
    """A relation from the actor to `target`, e.g. `part_of` a coalition, optionally dated."""

    target = reference(Actor, NestedActorSerializer)

    class Meta:
        model = ActorRelation
        fields = ["kind", "target", "title", "start", "end"]


class ActorDesignationSerializer(StrictModelSerializer):
    """A formal designation of the actor by an `authority` (another actor, e.g. a state)."""

    authority = reference(Actor, NestedActorSerializer)

    class Meta:
        model = ActorDesignation
        fields = ["authority", "label", "date"]


class ActorSerializer(AliasedModelSerializer):
    """A person, organization, armed group, state or outlet named in briefs; with aliases, relations, designations."""

    url = DetailUrlField(view_name="api:actor-detail")
    country = CountryCodeField()
    aliases = NameListField(required=False, help_text="Other names; a write replaces the stored list.")
    relations = ActorRelationSerializer(
        many=True, required=False, help_text="Relations from this actor; a write replaces them."
    )
    designations = ActorDesignationSerializer(
        many=True, required=False, help_text="Designations of this actor; a write replaces them."
    )

    child_fields = ("aliases", "relations", "designations")
    child_lists = {
        "relations": ("kind", "target", "title", "start", "end"),
        "designations": ("authority", "label", "date"),
    }

    class Meta:
        model = Actor
        fields = [
            "id",
            "url",
            "display",
            "name",
            "kind",
            "description",
            "country",
            "wikidata_id",
            "aliases",
            "relations",
            "designations",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["version", "created_at", "updated_at"]


class LocationSerializer(AliasedModelSerializer):
    """A place in a parent hierarchy (village -> district -> region -> country), with optional WGS84 coordinates."""

    url = DetailUrlField(view_name="api:location-detail")
    country = CountryCodeField()
    parent = reference(Location, NestedLocationSerializer, required=False, allow_null=True)
    aliases = NameListField(required=False, help_text="Other names; a write replaces the stored list.")

    child_fields = ("aliases",)

    class Meta:
        model = Location
        fields = [
            "id",
            "url",
            "display",
            "name",
            "kind",
            "parent",
            "latitude",
            "longitude",
            "precision",
            "country",
            "geonames_id",
            "aliases",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["version", "created_at", "updated_at"]
