"""Who may call the API, and which rows each caller sees.

Reads: anyone when `BRIEFINGS_ANONYMOUS_READ` is on, else authenticated users. Which rows a
reader sees is decided by the `visible_*` querysets below: published briefs, their claims
and analysis comments, unless the user holds the model's view permission. Writes: Django
model permissions; a viewset's `action_permissions` names the permissions of custom actions.
"""

from django.conf import settings
from django.db.models import QuerySet
from rest_framework import permissions

from briefings.choices import BriefStatus, CommentKind
from briefings.models import Brief, Claim, Comment


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
        if not (request.user and request.user.is_authenticated):
            return False
        required = getattr(view, "action_permissions", {}).get(getattr(view, "action", None))
        if required is not None:
            return request.user.has_perms(required)
        if getattr(view, "_ignore_model_permissions", False):
            return True
        return super().has_permission(request, view)


def can_view_unpublished(user, model) -> bool:
    """Users with the model's view permission see drafts, review items, retracted items and notes."""
    if not (user and user.is_authenticated):
        return False
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


def visible_briefs(queryset: QuerySet, *, user) -> QuerySet:
    if can_view_unpublished(user, Brief):
        return queryset
    return queryset.filter(status=BriefStatus.PUBLISHED)


def visible_claims(queryset: QuerySet, *, user) -> QuerySet:
    if can_view_unpublished(user, Claim):
        return queryset
    return queryset.filter(brief_published=True)


def visible_comments(queryset: QuerySet, *, user) -> QuerySet:
    if can_view_unpublished(user, Comment):
        return queryset
    return queryset.filter(brief_published=True, kind=CommentKind.ANALYSIS)
