"""Who may call the API.

Reads: anyone when `BRIEFINGS_ANONYMOUS_READ` is on, else authenticated users; which rows a
reader sees is decided by the viewset's queryset (published only, unless the user holds the
model's view permission). Writes: Django model permissions.
"""

from django.conf import settings
from rest_framework import permissions


class ModelPermissionsOrAnonymousRead(permissions.DjangoModelPermissions):
    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": [],
        "HEAD": [],
        "OPTIONS": [],
    }

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return settings.BRIEFINGS_ANONYMOUS_READ or bool(request.user and request.user.is_authenticated)
        if getattr(view, "_ignore_model_permissions", False):
            return bool(request.user and request.user.is_authenticated)
        return super().has_permission(request, view)


def can_view_unpublished(user, model) -> bool:
    """Users with the model's view permission see drafts, review items, retracted items and notes."""
    if not (user and user.is_authenticated):
        return False
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
