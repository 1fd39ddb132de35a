"""`brief_published` on claims and comments: the brief's "published" copied onto them (`BriefChild`).

Every anonymous claim or comment query joined each row to its brief for the status. Counting the
visible claims of 1M took 127 ms on PostgreSQL (a parallel hash join over both tables); a broad
filter (`?role=subject`) 720 ms. With the copy the condition is a column of the row itself:

- `claim_visible_order_idx (brief_published, brief_id, span_start, id)` and
  `comment_visible_order_idx (brief_published, kind, created_at, id)`, both databases: the
  anonymous lists' counts and first pages, in their default order, from the index alone;
- PostgreSQL: the covering index on `id` (migration 0005) also carries `brief_published` and
  `span_start`, so a list filtered through a link table (claims under a location, of an actor)
  counts and orders its matches index-only, without visiting the claim rows or their briefs.

`BriefChild.save()` and `Brief.save()` keep the copies; the data step below fills them for existing rows.
"""

import importlib

from django.db import migrations, models

# Adding a column rebuilds the table on SQLite, which drops the indexes migration 0005 created in SQL
# (Django's migration state does not know them): they are created again, idempotently, afterwards.
_sync_indexes = importlib.import_module("briefings.migrations.0005_sync_and_visibility_indexes")

COVER_BEFORE = ("claim_id_brief_cover", '"brief_id"')
COVER_AFTER = ("claim_id_visible_cover", '"brief_published", "brief_id", "span_start"')


def copy_brief_status(apps, schema_editor):
    for model in ("Claim", "Comment"):
        apps.get_model("briefings", model).objects.filter(brief__status="published").update(brief_published=True)


def _replace_cover(schema_editor, *, create: tuple[str, str], drop: tuple[str, str]) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    name, included = create
    schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "briefings_claim" ("id") INCLUDE ({included})')
    schema_editor.execute(f'DROP INDEX IF EXISTS "{drop[0]}"')


def widen_cover(apps, schema_editor):
    _replace_cover(schema_editor, create=COVER_AFTER, drop=COVER_BEFORE)


def narrow_cover(apps, schema_editor):
    _replace_cover(schema_editor, create=COVER_BEFORE, drop=COVER_AFTER)


class Migration(migrations.Migration):
    dependencies = [("briefings", "0006_comment_created_id_idx")]

    operations = [
        *(
            migrations.AddField(
                model_name=model_name,
                name="brief_published",
                field=models.BooleanField(default=False, editable=False),
            )
            for model_name in ("claim", "comment")
        ),
        migrations.RunPython(_sync_indexes.create_indexes, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(copy_brief_status, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["brief_published", "brief", "span_start", "id"], name="claim_visible_order_idx"),
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(
                fields=["brief_published", "kind", "created_at", "id"], name="comment_visible_order_idx"
            ),
        ),
        migrations.RunPython(widen_cover, narrow_cover, elidable=False),
    ]
