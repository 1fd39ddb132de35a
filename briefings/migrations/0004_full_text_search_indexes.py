"""PostgreSQL full-text search indexes for `?search=` on briefs, claims and comments.

The expressions must equal the ones `briefings.filtersets.search_vector` builds
(FULL_TEXT_SEARCH_VECTORS), or PostgreSQL cannot use the index. SQLite has no GIN
indexes; search there falls back to `icontains` and this migration does nothing.
"""

from django.db import migrations

INDEXES = {
    "brief_search_gin": ("briefings_brief", ("title", "summary", "body")),
    "claim_search_gin": ("briefings_claim", ("statement", "quote", "claimant_text")),
    "comment_search_gin": ("briefings_comment", ("body",)),
}


def _document(columns: tuple[str, ...]) -> str:
    return " || ' ' || ".join(f"COALESCE(\"{column}\", '')" for column in columns)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, columns) in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f"USING gin ((to_tsvector('english'::regconfig, {_document(columns)})))"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("briefings", "0003_indexes_for_filters")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
