"""OpenAPI schema generation: drf-standardized-errors' AutoSchema plus our extra error codes,
the mapping of reference fields, and the per-operation documentation of the resources."""

import re

from django.conf import settings
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from drf_standardized_errors.openapi import AutoSchema as StandardizedErrorsAutoSchema
from drf_standardized_errors.openapi_serializers import ClientErrorEnum
from rest_framework import permissions, serializers


def _error_response_serializer(status_code: int, code: str):
    error = type(
        f"Error{status_code}Serializer",
        (serializers.Serializer,),
        {
            "code": serializers.ChoiceField(choices=[(code, code)]),
            "detail": serializers.CharField(),
            "attr": serializers.CharField(allow_null=True),
        },
    )
    return type(
        f"ErrorResponse{status_code}Serializer",
        (serializers.Serializer,),
        {"type": serializers.ChoiceField(choices=ClientErrorEnum.choices), "errors": error(many=True)},
    )


ErrorResponse409Serializer = _error_response_serializer(409, "conflict")
ErrorResponse412Serializer = _error_response_serializer(412, "precondition_failed")
ErrorResponse413Serializer = _error_response_serializer(413, "request_too_large")


class AutoSchema(StandardizedErrorsAutoSchema):
    """Documents 409/412/413 only on the operations that can return them.

    Other operations that can answer 409 (workflow actions) declare it with `extend_schema`.
    """

    methods_for_extra_status = {
        "409": {"DELETE"},
        "412": {"PUT", "PATCH", "DELETE"},
        "413": {"POST", "PUT", "PATCH"},
    }

    def get_tags(self) -> list[str]:
        """Group operations by resource (`/api/v1/briefs/...` -> `briefs`) rather than by the `v1` prefix."""
        parts = [part for part in self.path.split("/") if part]
        if len(parts) >= 3 and parts[:2] == ["api", "v1"]:
            return [parts[2]]
        return super().get_tags()

    def get_auth(self) -> list[dict]:
        """Security requirements, with the anonymous alternative (`{}`) on reads anyone may make.

        drf-spectacular only recognizes DRF's own permission classes; ours lets anonymous callers read
        while `BRIEFINGS_ANONYMOUS_READ` is on, and clients (and schemathesis' `ignored_auth` check)
        must learn from the schema that credentials are optional there.
        """
        from briefings.api.permissions import ModelPermissionsOrAnonymousRead

        auths = super().get_auth()
        anonymous_read = (
            settings.BRIEFINGS_ANONYMOUS_READ
            and self.method.upper() in permissions.SAFE_METHODS
            and any(isinstance(perm, ModelPermissionsOrAnonymousRead) for perm in self.view.get_permissions())
        )
        if anonymous_read and {} not in auths:
            auths.append({})
        return auths

    def _should_add_error_response(self, responses: dict, status_code: str) -> bool:
        methods = self.methods_for_extra_status.get(status_code)
        if methods is not None and self.method.upper() not in methods:
            return False
        return super()._should_add_error_response(responses, status_code)


def list_index_attr_patterns(result, generator, request, public):
    """Postprocessing hook: error `attr` values of list items as patterns the real responses match.

    drf-standardized-errors documents an error in a list item as the literal `relations.INDEX.target`
    while the response names the item, `relations.0.target`; an enum of the literal would make every
    such error body violate the schema (generated clients and schemathesis reject it).

    A nested serializer's `non_field_errors` are reported on the field itself when the value is
    null (`designations`, `designations.0`, code `null`: DRF raises a plain list there), so the
    pattern allows both spellings.
    """
    for component in result.get("components", {}).get("schemas", {}).values():
        attr = component.get("properties", {}).get("attr") if isinstance(component, dict) else None
        values = attr.get("enum") if isinstance(attr, dict) else None
        if values and any("INDEX" in str(value) or _is_nested_non_field(value) for value in values):
            del attr["enum"]
            alternatives = "|".join(_attr_pattern(str(value)) for value in values)
            attr["pattern"] = f"^({alternatives})$"
    return result


def _is_nested_non_field(value) -> bool:
    return str(value).endswith(".non_field_errors")


def _attr_pattern(value: str) -> str:
    pattern = re.escape(value).replace("INDEX", "[0-9]+")
    if _is_nested_non_field(value):
        pattern = pattern.removesuffix(re.escape(".non_field_errors")) + r"(\.non_field_errors)?"
    return pattern


# DRF's and Django's text fields reject NUL characters (a 400), in bodies and query parameters alike.
_NO_NUL_PATTERN = "^[^\\x00]*$"


def _forbid_nul(schema) -> None:
    """Adds the no-NUL pattern to every free-text string in `schema` (properties and items, recursively)."""
    if not isinstance(schema, dict):
        return
    if schema.get("type") == "string" and not {"enum", "format", "pattern"} & set(schema):
        schema["pattern"] = _NO_NUL_PATTERN
    for child in (schema.get("properties") or {}).values():
        _forbid_nul(child)
    _forbid_nul(schema.get("items"))


def strings_without_nul(result, generator, request, public):
    """Postprocessing hook: free-text request strings documented as refusing NUL characters.

    Request components (`...Request`, with `COMPONENT_SPLIT_REQUEST`), inline request bodies and query
    parameters; `ordering` is not a form field (DRF ignores values it does not know, NUL included).
    """
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request"):
            _forbid_nul(component)
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            for media in operation.get("requestBody", {}).get("content", {}).values():
                _forbid_nul(media.get("schema"))
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query" and parameter.get("name") != "ordering":
                    _forbid_nul(parameter.get("schema"))
    return result


# Reference fields: the id in requests, the compact nested object in responses.


class ReferenceFieldExtension(OpenApiSerializerFieldExtension):
    """Maps `briefings.api.fields.ReferenceField` for `COMPONENT_SPLIT_REQUEST`: uuid in, object out."""

    target_class = "briefings.api.fields.ReferenceField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return build_basic_type(OpenApiTypes.UUID)
        component = auto_schema.resolve_serializer(self.target.nested_serializer_class, direction)
        return component.ref


# Per-operation documentation of the resource viewsets.

EXAMPLE_IDS = {
    "actor": "5b0c1f7e-3d2a-4c1e-9a57-0d6b2f1c8e41",
    "publisher": "a3e9d6c2-7b14-4f0a-8c3e-52d1b7f49a06",
    "location": "c81f2a4d-6e37-4b95-a0d2-3f7e1c9b5a28",
    "parent": "0f4d8b2e-91a6-4c73-b5e8-7a2c6d1f3e90",
    "brief": "e2a7c5b1-4d39-4f86-9b0e-1c8d7f2a6b53",
    "claim": "7d3b9e1f-2c58-4a06-8f4d-b6e0a2c9d175",
}

REQUEST_EXAMPLES = {
    "actor": {
        "name": "Northern Ridge Brigades",
        "kind": "armed_group",
        "description": "Coalition of volunteer units formed to hold the ridge districts.",
        "country": "IQ",
        "wikidata_id": "",
        "aliases": ["N.R.B.", "Ridge Brigades"],
        "relations": [
            {"kind": "backed_by", "target": EXAMPLE_IDS["publisher"], "title": "", "start": None, "end": None}
        ],
        "designations": [{"authority": EXAMPLE_IDS["publisher"], "label": "Listed armed group", "date": "2019-03-01"}],
    },
    "location": {
        "name": "Tal Hamra",
        "kind": "village",
        "parent": EXAMPLE_IDS["parent"],
        "latitude": 36.21,
        "longitude": 42.08,
        "precision": "approximate",
        "country": "IQ",
        "geonames_id": None,
        "aliases": ["Tell Hamra"],
    },
    "brief": {
        "title": "Brigades take two villages near the border crossing",
        "summary": "Volunteer brigades report gains south of the crossing.",
        "body": "Volunteer brigades took the village of Tal Hamra on Tuesday, a state news agency said.",
        "published_at": "2024-05-30T09:00:00Z",
        "publisher": EXAMPLE_IDS["publisher"],
        "source_url": "https://briefs.example.org/2024/05/30/border",
        "language": "en",
        "actors": [EXAMPLE_IDS["actor"]],
        "locations": [EXAMPLE_IDS["location"]],
        "claims": [
            {
                "statement": "Volunteer brigades captured Tal Hamra.",
                "quote": "Volunteer brigades took the village of Tal Hamra",
                "kind": "territorial_change",
                "occurred_start": "2024-05-28",
                "occurred_end": "2024-05-28",
                "claimant_text": "a state news agency",
                "actors": [{"actor": EXAMPLE_IDS["actor"], "role": "subject"}],
                "locations": [EXAMPLE_IDS["location"]],
                "source_reliability": "C",
                "credibility": 3,
                "assessment": "reported",
                "links": [],
            }
        ],
        "comments": [{"kind": "analysis", "body": "The crossing gives the brigades a supply route."}],
    },
    "claim": {
        "brief": EXAMPLE_IDS["brief"],
        "statement": "Volunteer brigades captured Tal Hamra.",
        "quote": "Volunteer brigades took the village of Tal Hamra",
        "span_start": 0,
        "span_end": 48,
        "kind": "territorial_change",
        "occurred_start": "2024-05-28",
        "occurred_end": "2024-05-28",
        "claimant": None,
        "claimant_text": "a state news agency",
        "actors": [{"actor": EXAMPLE_IDS["actor"], "role": "subject"}],
        "locations": [EXAMPLE_IDS["location"]],
        "source_reliability": "C",
        "credibility": 3,
        "assessment": "reported",
        "links": [],
    },
    "comment": {
        "brief": EXAMPLE_IDS["brief"],
        "claim": None,
        "kind": "analysis",
        "body": "Holding the crossing would give the brigades a supply route into the valley.",
    },
}


def crud_schema(singular: str, plural: str, *, serializer, example_key: str, update_serializer=None) -> dict:
    """`extend_schema_view` arguments documenting the six CRUD operations of one resource.

    `update_serializer` documents the body of PUT / PATCH when it takes fewer fields than a create
    (a brief's nested claims and comments are accepted on create only).
    """
    example = OpenApiExample(f"A {singular}", value=REQUEST_EXAMPLES[example_key], request_only=True)
    update_example, update_request = example, {}
    if update_serializer is not None:
        writable = {name for name, field in update_serializer().fields.items() if not field.read_only}
        value = {name: value for name, value in REQUEST_EXAMPLES[example_key].items() if name in writable}
        update_example = OpenApiExample(f"A {singular}", value=value, request_only=True)
        update_request = {"request": update_serializer}
    conditional = (
        "Send the ETag of your last read in `If-Match` to update only if nobody changed the record since "
        "(412 with the current ETag otherwise)."
    )
    return {
        "list": extend_schema(
            summary=f"List {plural}",
            description=(
                f"Paginated {plural} visible to the caller, filtered by the query parameters below; "
                "`updated_since` supports incremental sync."
            ),
        ),
        "create": extend_schema(
            summary=f"Create a {singular}",
            description=f"Creates a {singular}; server-owned fields in the body are ignored.",
            examples=[example],
        ),
        "retrieve": extend_schema(
            summary=f"Get a {singular}",
            description=(
                f"One {singular} with its `ETag`; with `If-None-Match` holding the current ETag the answer is 304."
            ),
            responses={200: serializer, 304: OpenApiResponse(description="Not modified: the ETag still matches.")},
        ),
        "update": extend_schema(
            summary=f"Replace a {singular}",
            description=f"Replaces every writable field. {conditional}",
            examples=[update_example],
            **update_request,
        ),
        "partial_update": extend_schema(
            summary=f"Update a {singular}", description=f"Changes the fields given. {conditional}", **update_request
        ),
        "destroy": extend_schema(
            summary=f"Delete a {singular}",
            description=f"Deletes the {singular}; 409 while other records still reference it. {conditional}",
        ),
    }
