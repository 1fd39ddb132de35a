"""The brief workflow: draft -> review -> published -> retracted.

API actions and admin actions both call these functions; they are the only code that
changes `Brief.status`.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from briefings.choices import BriefStatus
from briefings.models import Brief

PUBLISH_PERMISSION = "briefings.publish_brief"


class InvalidTransition(Exception):
    """The brief's current status does not allow the requested step."""


def _transition(*, brief: Brief, user, allowed_from: set[str], to: str, reason: str) -> Brief:
    with transaction.atomic():
        # Lock the row so two concurrent transitions cannot both pass the status check.
        locked = Brief.objects.select_for_update().get(pk=brief.pk)
        if locked.status not in allowed_from:
            allowed = ", ".join(sorted(allowed_from))
            raise InvalidTransition(f"Cannot {reason} a brief in status '{locked.status}' (allowed from: {allowed}).")
        locked.status = to
        locked.updated_by = user
        locked._history_user = user
        locked._change_reason = reason
        locked.save(update_fields=["status", "updated_by"])
    return locked


def brief_submit(*, brief: Brief, user) -> Brief:
    """Send a draft for review."""
    return _transition(brief=brief, user=user, allowed_from={BriefStatus.DRAFT}, to=BriefStatus.REVIEW, reason="submit")


def brief_publish(*, brief: Brief, user) -> Brief:
    """Publish a draft or reviewed brief; needs the `publish_brief` permission."""
    if not user.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied("Publishing needs the publish_brief permission.")
    return _transition(
        brief=brief,
        user=user,
        allowed_from={BriefStatus.DRAFT, BriefStatus.REVIEW},
        to=BriefStatus.PUBLISHED,
        reason="publish",
    )


def brief_retract(*, brief: Brief, user) -> Brief:
    """Withdraw a published brief; needs the `publish_brief` permission."""
    if not user.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied("Retracting needs the publish_brief permission.")
    return _transition(
        brief=brief, user=user, allowed_from={BriefStatus.PUBLISHED}, to=BriefStatus.RETRACTED, reason="retract"
    )
