"""OpenAPI schema generation: drf-standardized-errors' AutoSchema plus our extra error codes."""

from drf_standardized_errors.openapi import AutoSchema as StandardizedErrorsAutoSchema
from drf_standardized_errors.openapi_serializers import ClientErrorEnum
from rest_framework import serializers


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

    def _should_add_error_response(self, responses: dict, status_code: str) -> bool:
        methods = self.methods_for_extra_status.get(status_code)
        if methods is not None and self.method.upper() not in methods:
            return False
        return super()._should_add_error_response(responses, status_code)
