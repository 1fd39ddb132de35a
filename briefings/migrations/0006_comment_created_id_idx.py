"""Index for the comment list's default order `(created_at, id)`.

Without it every request for the first page sorted all visible comments (300k on the bench's
100k-brief data set: an external merge sort spilling 45 MB to disk, ~120 ms on PostgreSQL);
with it the page is read in index order and the scan stops after 50 rows.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("briefings", "0005_sync_and_visibility_indexes")]

    operations = [
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(fields=["created_at", "id"], name="comment_created_id_idx"),
        ),
    ]
