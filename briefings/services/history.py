"""Change history of a record and of the child rows it owns, read from django-simple-history.

A record's history is its own historical rows plus those of its owned children (an actor's
aliases, relations and designations; a claim's actor roles, locations and links; ...). The
children are found by their foreign key in the historical tables, so rows deleted since
still show. Each entry lists its field changes against the previous historical row of the
same object. Reading costs one query per table, whatever the number of entries.
"""

from collections.abc import Sequence
from typing import Any

from django.db import models

HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}

# Bookkeeping that changes on every save: listing it would bury the real changes.
UNTRACKED_FIELDS = frozenset({"id", "created_at", "updated_at", "version"})


def _tracked_field_names(historical_model) -> list[str]:
    return sorted(field.name for field in historical_model.tracked_fields if field.name not in UNTRACKED_FIELDS)


def _initial_values(row, field_names: list[str]) -> list[dict[str, Any]]:
    changes = []
    for name in field_names:
        value = getattr(row, row._meta.get_field(name).attname)
        if value not in (None, "", []):
            changes.append({"field": name, "old": None, "new": value})
    return changes


def _field_changes(old, new, field_names: list[str]) -> list[dict[str, Any]]:
    """Like simple-history's `diff_against`, but over non-editable fields too (`status`, `slug`,
    `created_by`...): `diff_against` goes through `model_to_dict`, which skips them."""
    changes = []
    for name in field_names:
        attname = new._meta.get_field(name).attname
        old_value, new_value = getattr(old, attname), getattr(new, attname)
        if old_value != new_value:
            changes.append({"field": name, "old": old_value, "new": new_value})
    return changes


def _entry(row, previous, field_names: list[str]) -> dict[str, Any]:
    history_type = HISTORY_TYPES[row.history_type]
    if history_type == "created" or previous is None:
        changes = _initial_values(row, field_names) if history_type != "deleted" else []
    elif history_type == "deleted":
        changes = []
    else:
        changes = _field_changes(previous, row, field_names)
    user = row.history_user
    return {
        "history_id": row.history_id,
        "history_date": row.history_date,
        "history_type": history_type,
        "history_user": {"id": user.pk, "username": user.get_username()} if user else None,
        "change_reason": row.history_change_reason,
        "model": row.instance_type._meta.model_name,
        "object_id": row.id,
        "changes": changes,
    }


def record_history_list(
    *, instance: models.Model, children: Sequence[tuple[type[models.Model], str]] = ()
) -> list[dict[str, Any]]:
    """History entries of `instance` and of its child rows, newest first.

    `children` names each owned child model with its foreign key to `instance`,
    e.g. `(ActorAlias, "actor")`.
    """
    sources = [(type(instance), "id"), *children]
    entries = []
    for model, foreign_key in sources:
        historical_model = model.history.model
        field_names = _tracked_field_names(historical_model)
        rows = (
            historical_model.objects.filter(**{foreign_key: instance.pk})
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        previous_by_object = {}
        for row in rows:
            entries.append(_entry(row, previous_by_object.get(row.id), field_names))
            previous_by_object[row.id] = row
    entries.sort(key=lambda entry: (entry["history_date"], entry["model"], entry["history_id"]), reverse=True)
    return entries
