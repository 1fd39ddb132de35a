"""Building blocks of every resource serializer: model validation, compact nested forms, child rows.

NetBox style: serializers list their fields explicitly, carry a `display` string, render
references in one compact form per model, and validate through the model's `full_clean()`
so the API and the admin share one validation path.
"""

from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.settings import api_settings

from briefings.api.fields import DetailUrlField, ReferenceField
from briefings.models import Actor, Brief, Claim, Location
from briefings.models.base import AliasBase
from briefings.services.matching import normalize


def django_error_to_drf(exc: DjangoValidationError) -> dict:
    """A Django ValidationError as a DRF error dict keyed by field name (non-field errors included)."""
    detail = serializers.as_serializer_error(exc)
    if NON_FIELD_ERRORS in detail:
        detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
    return detail


def server_owned_fields(model: type[models.Model]) -> set[str]:
    """Fields the server computes (id, timestamps, version, slug, path, status, ...): never validated from input."""
    return {field.name for field in model._meta.concrete_fields if not field.editable}


def clean_instance(instance: models.Model, *, exclude: Iterable[str] = ()) -> None:
    """`full_clean()` with server-owned fields left out, raising DRF errors named by field.

    An alias's `normalized` form is computed first and validated: the uniqueness of aliases
    per record is a constraint on it.
    """
    skipped = {*server_owned_fields(type(instance)), *exclude}
    if isinstance(instance, AliasBase):
        instance.normalized = normalize(instance.name)
        skipped.discard("normalized")
    try:
        instance.full_clean(exclude=skipped)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(django_error_to_drf(exc)) from exc


class UserSerializer(serializers.Serializer):
    """Who created or changed a record: just enough to name them."""

    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)


class NestedSerializer(serializers.ModelSerializer):
    """The compact form a reference reads as: `{"id", "url", "display", "name" or "title", "kind"}`."""

    display = serializers.CharField(source="__str__", read_only=True)


class NestedActorSerializer(NestedSerializer):
    url = DetailUrlField(view_name="api:actor-detail")

    class Meta:
        model = Actor
        fields = ["id", "url", "display", "name", "kind"]


class NestedLocationSerializer(NestedSerializer):
    url = DetailUrlField(view_name="api:location-detail")

    class Meta:
        model = Location
        fields = ["id", "url", "display", "name", "kind"]


class NestedBriefSerializer(NestedSerializer):
    url = DetailUrlField(view_name="api:brief-detail")

    class Meta:
        model = Brief
        fields = ["id", "url", "display", "title"]


class NestedClaimSerializer(NestedSerializer):
    url = DetailUrlField(view_name="api:claim-detail")

    class Meta:
        model = Claim
        fields = ["id", "url", "display", "kind"]


def reference(model: type[models.Model], nested_serializer_class, **kwargs) -> ReferenceField:
    """A reference field to `model`; read-only fields need no queryset."""
    if not kwargs.get("read_only"):
        kwargs.setdefault("queryset", model._default_manager.all())
    return ReferenceField(nested_serializer_class=nested_serializer_class, **kwargs)


def _json_type_error(field: serializers.Field, value) -> str | None:
    """The error code when a JSON value has the wrong type for `field`, else None.

    DRF coerces leniently (`0` -> `"0"` for text, `true` -> `1.0` for numbers, `"3"` -> `3` for an
    integer choice): the schema promises types, so a value of another JSON type is rejected with the
    field's own `invalid` / `invalid_choice` code, as clients and the schema expect.
    """
    if value is None or field.read_only:
        return None
    if isinstance(field, serializers.ChoiceField):
        if value == "" and field.allow_blank:
            return None  # the blank the schema allows (`BlankEnum`), left to the field
        if isinstance(value, bool) or not isinstance(value, (str, int)) or value not in field.choices:
            return "invalid_choice"
        return None
    if isinstance(field, serializers.ManyRelatedField):
        # DRF iterates any non-string value, so an object would pass as the list of its keys.
        return None if isinstance(value, list) else "not_a_list"
    if isinstance(field, serializers.CharField):
        return None if isinstance(value, str) else "invalid"
    if isinstance(field, serializers.BooleanField):
        return None if isinstance(value, bool) else "invalid"
    if isinstance(field, serializers.IntegerField):
        return None if isinstance(value, int) and not isinstance(value, bool) else "invalid"
    if isinstance(field, (serializers.FloatField, serializers.DecimalField)):
        return None if isinstance(value, (int, float)) and not isinstance(value, bool) else "invalid"
    return None


class StrictTypesMixin:
    """Rejects JSON values of the wrong type before DRF's lenient coercion sees them (see `_json_type_error`)."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            errors = {}
            for name, value in data.items():
                field = self.fields.get(name)
                code = _json_type_error(field, value) if field is not None else None
                if code is not None:
                    message = field.error_messages.get(code, "Wrong type.")
                    message = message.format(input=value, input_type=type(value).__name__)
                    errors[name] = [ErrorDetail(message, code=code)]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class StrictModelSerializer(StrictTypesMixin, serializers.ModelSerializer):
    """A ModelSerializer that takes only values of the JSON types its schema documents."""


class ValidatedModelSerializer(StrictModelSerializer):
    """Validates by applying the input to a model instance and calling its `full_clean()`.

    Relations written through child rows (many-to-many, nested lists) are left out of the
    instance and written by `create`/`update` of the subclass. Values the model's `clean()`
    derives (e.g. a claim's span located from its quote) flow back into the validated data.
    """

    display = serializers.CharField(source="__str__", read_only=True)

    #: Fields that do not map to a concrete column: written as child rows by the subclass.
    child_fields: tuple[str, ...] = ()
    #: Model fields `full_clean` must skip because the instance cannot know them yet.
    clean_exclude: tuple[str, ...] = ()

    def validate(self, attrs):
        attrs = super().validate(attrs)
        column_attrs = {name: value for name, value in attrs.items() if name not in self.child_fields}
        if self.instance is None:
            instance = self.Meta.model(**column_attrs)
        else:
            instance = self.instance
            for name, value in column_attrs.items():
                setattr(instance, name, value)
        clean_instance(instance, exclude=self.clean_exclude)
        for field in instance._meta.concrete_fields:
            if field.editable and not field.is_relation and field.name in self.fields:
                attrs[field.name] = getattr(instance, field.name)
        return attrs


def replace_children(
    *,
    manager,
    items: list[dict],
    key_fields: tuple[str, ...],
    user=None,
) -> list[dict]:
    """Make the rows of a parent's related `manager` equal `items`; return per-item errors.

    Rows whose key (`key_fields`) is still listed are kept untouched, so history only shows
    real changes; the others are deleted, then the new items are validated with `full_clean()`
    and saved one by one (django-simple-history records each; bulk paths would bypass it).
    The returned list has one error dict per item (empty when valid): the caller raises them
    together inside its transaction, so a failure anywhere rolls the whole write back.
    """
    model = manager.model
    parent_field = manager.field.name

    def item_key(item: dict) -> tuple:
        return tuple(value.pk if isinstance(value, models.Model) else value for value in map(item.get, key_fields))

    def row_key(row) -> tuple:
        return tuple(getattr(row, model._meta.get_field(name).attname) for name in key_fields)

    wanted = {item_key(item) for item in items}
    existing = {}
    for row in manager.all():
        if row_key(row) in wanted and row_key(row) not in existing:
            existing[row_key(row)] = row
        else:
            row._history_user = user
            row.delete()
    errors = []
    for item in items:
        key = item_key(item)
        if key in existing:
            existing.pop(key)  # kept as is; a repeated key below is then validated as a duplicate
            errors.append({})
            continue
        row = model(**{parent_field: manager.instance}, **item)
        try:
            clean_instance(row)
        except serializers.ValidationError as exc:
            errors.append(exc.detail)
            continue
        row._history_user = user
        row.save()
        errors.append({})
    return errors


def raise_nested_errors(errors: dict[str, list[dict]]) -> None:
    """Raise `{"field": [{}, {"attr": [...]}]}` when any item failed; drf-standardized-errors names `field.1.attr`."""
    failed = {name: item_errors for name, item_errors in errors.items() if any(item_errors)}
    if failed:
        raise serializers.ValidationError(failed)
