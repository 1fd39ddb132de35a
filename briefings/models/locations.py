"""Locations with a parent hierarchy (village -> district -> governorate -> country)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Substr
from simple_history.models import HistoricalRecords

from briefings.choices import CoordinatePrecision, LocationKind
from briefings.models.base import AliasBase, BaseModel
from briefings.validators import validate_country_code


class Location(BaseModel):
    """A place. `path` materializes the ancestor chain so descendant filters are one indexed prefix match."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=LocationKind.choices)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    latitude = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)], help_text="WGS84 degrees."
    )
    longitude = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)], help_text="WGS84 degrees."
    )
    precision = models.CharField(
        max_length=12, choices=CoordinatePrecision.choices, default=CoordinatePrecision.APPROXIMATE
    )
    country = models.CharField(
        max_length=2, blank=True, validators=[validate_country_code], help_text="ISO 3166-1 alpha-2 code."
    )
    geonames_id = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    path = models.CharField(max_length=1000, editable=False, db_index=True)

    # `path` is derived and rewritten in bulk when a subtree moves, so it stays out of history.
    history = HistoricalRecords(excluded_fields=["path"])

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["kind", "name"]), models.Index(fields=["country"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="location_coordinates_both_or_neither",
                violation_error_message="Give both latitude and longitude, or neither.",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="location_latitude_range",
                violation_error_message="Latitude must be between -90 and 90.",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="location_longitude_range",
                violation_error_message="Longitude must be between -180 and 180.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.parent_id is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": "A location cannot be its own parent."}, code="cycle")
        if self.parent_id is not None and not self._state.adding and self.pk.hex in self.parent.path:
            raise ValidationError(
                {"parent": "This parent is inside this location: that would make a cycle."}, code="cycle"
            )

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id else "/"
        return f"{prefix}{self.ensure_id().hex}/"

    def save(self, *args, **kwargs):
        # The path is derived data that must never drift, whichever path writes the row.
        old_path = self.path
        self.path = self.compute_path()
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            Location.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                path=Concat(Value(self.path), Substr("path", len(old_path) + 1))
            )


class LocationAlias(AliasBase):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="aliases")

    history = HistoricalRecords()

    class Meta(AliasBase.Meta):
        verbose_name_plural = "location aliases"
        constraints = [
            models.UniqueConstraint(
                fields=["location", "normalized"],
                name="location_alias_unique_per_location",
                violation_error_message="This location already has this alias.",
            ),
        ]
