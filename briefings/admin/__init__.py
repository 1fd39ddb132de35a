"""Django admin for staff: one module per area; importing them registers the ModelAdmins.

Shared behaviour (history, server-owned fields, request user, stale-save refusal) is in `base`.
"""

from briefings.admin import actors, briefs, claims, comments, locations

__all__ = ["actors", "briefs", "claims", "comments", "locations"]
