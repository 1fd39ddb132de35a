"""Fields and behaviour every record shares: UUID id, timestamps, version.

Each concrete model declares its own `history = HistoricalRecords()` (django-simple-history).
"""

import uuid

from django.db import models


class BaseModel(models.Model):
    """Abstract base: server-generated UUID, timestamps and a version bumped on every save.

    `version` is the optimistic-concurrency token behind the API's ETags: it changes exactly
    when the row changes, whoever writes it (API, admin, management commands).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False, db_index=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.ensure_id()
        if not self._state.adding:
            self.version += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version", "updated_at"}
        super().save(*args, **kwargs)

    def ensure_id(self) -> uuid.UUID:
        """Derived fields built from the id need it before the first save.

        Django's inline formsets clear a new parent's default id on admin add pages.
        """
        if self.pk is None:
            self.pk = uuid.uuid4()
        return self.pk


class AliasBase(BaseModel):
    """An alternative name, stored with its normalized form so matching and search use one index."""

    name = models.CharField(max_length=200)
    # Normalization can lengthen text ("ß" -> "ss", ligatures), so this column is wider than `name`.
    normalized = models.CharField(max_length=400, editable=False, db_index=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Derived data that must never drift from `name`, whichever path writes the row.
        self.normalized = self.normalize_name()
        super().save(*args, **kwargs)

    def clean(self):
        # Before the constraint checks of full_clean(), so a duplicate spelling is a validation error.
        super().clean()
        self.normalized = self.normalize_name()

    def normalize_name(self) -> str:
        from briefings.services.matching import normalize

        return normalize(self.name or "")
