"""PostgreSQL only: the claim covering index also carries `span_start`, the rest of the list's order.

A claim list page is read as ids first (`RowQuery`), ordered by `(brief_id, span_start, id)`.
With `claim (id) INCLUDE (brief_id)` every matching claim was fetched from the heap for its
`span_start`; with both columns included, counting and ordering a filtered list are both
index-only (claims under a region, 1.7k of 1M claims: ids 10.8 -> 7.1 ms).
"""

from django.db import migrations

OLD = ("claim_id_brief_cover", '"brief_id"')
NEW = ("claim_id_order_cover", '"brief_id", "span_start"')


def _replace(schema_editor, *, create: tuple[str, str], drop: tuple[str, str]) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    name, included = create
    schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "briefings_claim" ("id") INCLUDE ({included})')
    schema_editor.execute(f'DROP INDEX IF EXISTS "{drop[0]}"')


def forwards(apps, schema_editor):
    _replace(schema_editor, create=NEW, drop=OLD)


def backwards(apps, schema_editor):
    _replace(schema_editor, create=OLD, drop=NEW)


class Migration(migrations.Migration):
    dependencies = [("briefings", "0006_comment_created_id_idx")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
