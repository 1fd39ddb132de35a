"""Serializer fields shared by every resource.

`ReferenceField` implements the reference convention of DESIGN.md section 3: one field name
both ways, written as the id and read as a compact object rendered by a `Nested<Model>Serializer`.
Its OpenAPI mapping (uuid in requests, the nested component in responses) lives in
`briefings.api.schema`.
"""

from rest_framework import serializers


class ReferenceField(serializers.PrimaryKeyRelatedField):
    """Writes as a primary key, reads as `nested_serializer_class`'s compact form.

    `invalid` is declared so the schema documents it: a malformed id (the model's UUID field says
    so) and the model's own `clean()` errors on the reference (a location cycle) carry that code.
    """

    default_error_messages = {"invalid": "Enter a valid id."}

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


class NameListField(serializers.ListField):
    """Aliases: a plain list of names, read from a related manager of alias rows."""

    child = serializers.CharField(max_length=200)

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
