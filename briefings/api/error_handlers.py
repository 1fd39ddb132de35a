"""Every API error body comes from here, in drf-standardized-errors' shape.

`ExceptionHandler` plugs into drf-standardized-errors (its EXCEPTION_HANDLER_CLASS setting): it
maps failures that Django, the database and the domain services raise outside DRF's exception
classes to proper 4xx answers; the library formats them and documents them in the schema.

The Django-level handlers answer requests that never reach a DRF view (unresolvable paths,
failures in middleware) with the same JSON shape under /api/.
"""

from django.core.exceptions import RequestDataTooBig
from django.db.models import ProtectedError, RestrictedError
from django.http import JsonResponse
from django.views import defaults
from drf_standardized_errors.handler import ExceptionHandler as StandardizedExceptionHandler

from briefings.api.exceptions import Conflict, RequestTooLarge
from briefings.services.workflow import InvalidTransition


def _protected_error_detail(exc: ProtectedError | RestrictedError) -> str:
    blocking = sorted({obj._meta.verbose_name_plural for obj in exc.protected_objects if hasattr(obj, "_meta")})
    names = ", ".join(str(name) for name in blocking) or "other records"
    return f"Cannot delete: still referenced by {names}. Remove those references first."


class ExceptionHandler(StandardizedExceptionHandler):
    """Translate non-DRF failures to DRF exceptions before drf-standardized-errors formats them."""

    def convert_known_exceptions(self, exc: Exception) -> Exception:
        if isinstance(exc, RequestDataTooBig):
            return RequestTooLarge()
        if isinstance(exc, (ProtectedError, RestrictedError)):
            return Conflict(detail=_protected_error_detail(exc), code="protected")
        if isinstance(exc, InvalidTransition):
            return Conflict(detail=str(exc), code="invalid_transition")
        return super().convert_known_exceptions(exc)


def _is_api_request(request) -> bool:
    return request.path.startswith("/api/")


def _json_error(*, status_code: int, error_type: str, code: str, detail: str) -> JsonResponse:
    body = {"type": error_type, "errors": [{"code": code, "detail": detail, "attr": None}]}
    return JsonResponse(body, status=status_code)


def page_not_found(request, exception=None):
    if _is_api_request(request):
        return _json_error(status_code=404, error_type="client_error", code="not_found", detail="Not found.")
    return defaults.page_not_found(request, exception)


def bad_request(request, exception=None):
    if _is_api_request(request):
        if isinstance(exception, RequestDataTooBig):
            return _json_error(
                status_code=413,
                error_type="client_error",
                code="request_too_large",
                detail=RequestTooLarge.default_detail,
            )
        return _json_error(status_code=400, error_type="client_error", code="bad_request", detail="Bad request.")
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if _is_api_request(request):
        return _json_error(
            status_code=403,
            error_type="client_error",
            code="permission_denied",
            detail="You do not have permission to perform this action.",
        )
    return defaults.permission_denied(request, exception)


def server_error(request):
    if _is_api_request(request):
        return _json_error(status_code=500, error_type="server_error", code="error", detail="Server Error (500)")
    return defaults.server_error(request)
