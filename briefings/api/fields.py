"""Serializer fields shared by every resource.

`ReferenceField` implements the reference convention of DESIGN.md section 3: one field name
both ways, written as the id and read as a compact object rendered by a `Nested<Model>Serializer`.
Its OpenAPI mapping (uuid in requests, the nested component in responses) lives in
`briefings.api.schema`.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from briefings.choices import COUNTRY_CHOICES
from briefings.validators import BCP47_PATTERN, validate_country_code, validate_language_tag


class IdField(serializers.PrimaryKeyRelatedField):
    """A reference written and read as the record's id.

    `invalid` is declared so the schema documents it: a malformed id (the model's UUID field says
    so) and the model's own `clean()` errors on the reference (a location cycle) carry that code.
    An empty string is a malformed id too: DRF would read it as null, which the schema (a uuid or
    null) does not allow, so a client's empty form value cannot silently clear a reference.
    """

    default_error_messages = {"invalid": "Enter a valid id."}

    def run_validation(self, data=serializers.empty):
        if data == "":
            self.fail("invalid")
        return super().run_validation(data)


class ReferenceField(IdField):
    """Writes as a primary key (see `IdField`), reads as `nested_serializer_class`'s compact form."""

    def __init__(self, *, nested_serializer_class, **kwargs):
        self.nested_serializer_class = nested_serializer_class
        super().__init__(**kwargs)

    def use_pk_only_optimization(self) -> bool:
        # The nested form needs the whole (prefetched) object, not just its key.
        return False

    def to_representation(self, value):
        # One nested serializer per field, reused for every row: building serializer fields is
        # the expensive part, rendering one object with them is cheap.
        nested = self.__dict__.get("_nested_serializer")
        if nested is None:
            nested = self.nested_serializer_class(context=self.context)
            self._nested_serializer = nested
        return nested.to_representation(value)


class StrictCharField(serializers.CharField):
    """Text that must arrive as a JSON string: DRF would turn `0` into `"0"` (code `invalid`, documented)."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class NameListField(serializers.ListField):
    """Aliases: a plain list of names, read from a related manager of alias rows."""

    child = StrictCharField(max_length=200)

    def to_representation(self, data):
        return [alias.name for alias in data.all()]


class DetailUrlField(serializers.HyperlinkedIdentityField):
    """The record's absolute detail URL; the route is reversed once per request and view, then reused.

    A page of claims renders thousands of nested references; reversing each one took ~18% of the
    response time of a 500-claim list.
    """

    placeholder = "00000000-0000-0000-0000-000000000000"

    def get_url(self, obj, view_name, request, format):
        if getattr(obj, "pk", None) is None:
            return None
        templates = getattr(request, "_detail_url_templates", None)
        if templates is None:
            templates = {}
            if request is not None:
                request._detail_url_templates = templates
        key = (view_name, format)
        if key not in templates:
            kwargs = {self.lookup_url_kwarg: self.placeholder}
            templates[key] = self.reverse(view_name, kwargs=kwargs, request=request, format=format)
        return templates[key].replace(self.placeholder, str(obj.pk))


@extend_schema_field(serializers.ChoiceField(choices=COUNTRY_CHOICES, allow_blank=True))
class CountryCodeField(serializers.CharField):
    """An optional ISO 3166-1 alpha-2 code, documented as the enum of assigned codes (`CountryEnum`).

    Validated as the model validates it (code `invalid_country`), so errors are the same through
    every path; the schema enum only spells out the codes that validator accepts.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("max_length", 2)
        kwargs.setdefault("help_text", "ISO 3166-1 alpha-2 code.")
        kwargs.setdefault("validators", [validate_country_code])
        super().__init__(**kwargs)


@extend_schema_field(
    {
        "type": "string",
        "pattern": BCP47_PATTERN,
        "maxLength": 35,
        "description": "BCP 47 language tag such as en, ar or en-GB.",
    }
)
class LanguageTagField(serializers.CharField):
    """A BCP 47 tag, documented with the pattern the model's validator applies (code `invalid_language`)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 35)
        kwargs.setdefault("validators", [validate_language_tag])
        super().__init__(**kwargs)
