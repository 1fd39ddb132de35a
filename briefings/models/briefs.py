"""Briefs: the reports themselves, and the actors and locations they mention."""

from django.conf import settings
from django.db import models, transaction
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from briefings.choices import BriefStatus
from briefings.models.actors import Actor
from briefings.models.base import BaseModel
from briefings.models.locations import Location
from briefings.validators import validate_http_url, validate_language_tag


class Brief(BaseModel):
    """A dated analytic report. `status` changes only through the workflow services."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True, editable=False)
    summary = models.TextField(blank=True)
    body = models.TextField(help_text="Report text, without the analyst comment and publisher boilerplate.")
    published_at = models.DateTimeField(null=True, blank=True, help_text="Date and time of the report.")
    publisher = models.ForeignKey(
        Actor, on_delete=models.PROTECT, null=True, blank=True, related_name="published_briefs"
    )
    source_url = models.URLField(max_length=2000, blank=True, validators=[validate_http_url])
    language = models.CharField(max_length=35, default="en", validators=[validate_language_tag])
    status = models.CharField(max_length=10, choices=BriefStatus.choices, default=BriefStatus.DRAFT, editable=False)
    actors = models.ManyToManyField(Actor, through="BriefActor", related_name="briefs", blank=True)
    locations = models.ManyToManyField(Location, through="BriefLocation", related_name="briefs", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_at", "id"]
        permissions = [("publish_brief", "Can publish and retract briefs")]
        indexes = [
            models.Index(fields=["-published_at", "id"], name="brief_published_id_idx"),
            models.Index(fields=["status", "published_at"]),
            models.Index(fields=["publisher", "published_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            # The id suffix keeps slugs unique without a lookup; the slug stays stable when the title changes.
            self.slug = f"{slugify(self.title)[:100].strip('-') or 'brief'}-{self.ensure_id().hex[:8]}"
        update_fields = kwargs.get("update_fields")
        status_may_change = not self._state.adding and (update_fields is None or "status" in update_fields)
        with transaction.atomic(savepoint=False):
            super().save(*args, **kwargs)
            if status_may_change:
                # The children's copy of the status (`BriefChild.brief_published`), in the same transaction.
                published = self.status == BriefStatus.PUBLISHED
                for children in (self.claims, self.comments):
                    children.exclude(brief_published=published).update(brief_published=published)


class BriefChild(BaseModel):
    """A record shown to anonymous callers only while its brief is published: claims and comments.

    `brief_published` copies the brief's status so that their anonymous reads filter on a column
    of their own instead of joining every row to its brief (counting the visible claims of 1M:
    127 -> 66 ms; the claims under a location: 8.3 -> 5.7 ms). `save()` here and `Brief.save()` keep it.
    Each subclass declares its `brief` foreign key and excludes the copy from its history.
    """

    brief_published = models.BooleanField(default=False, editable=False)

    class Meta:
        abstract = True

    @classmethod
    def lock_brief_of(cls, pk) -> None:
        """Lock the row of the record's brief, inside a transaction, before the record's own row.

        Saving a child locks its brief (below), and a publish or retract locks the brief and then
        its children: a writer that locks a child first must take the brief before it, or the two
        orders can deadlock.
        """
        child = cls.objects.filter(pk=pk).values("brief_id")
        list(Brief.objects.select_for_update(no_key=True).filter(pk__in=child).values_list("pk", flat=True))

    def save(self, *args, **kwargs):
        with transaction.atomic(savepoint=False):
            # Lock the brief's row while reading its status: a concurrent publish or retract (which
            # locks it too, see services.workflow) then either waits for this write or is seen by it.
            status = (
                Brief.objects.select_for_update(no_key=True)
                .filter(pk=self.brief_id)
                .values_list("status", flat=True)
                .first()
            )
            self.brief_published = status == BriefStatus.PUBLISHED
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "brief_published"}
            super().save(*args, **kwargs)


class Mention(BaseModel):
    """Where a brief names something: character spans `[[start, end], ...]` into its body."""

    spans = models.JSONField(default=list, blank=True)

    class Meta:
        abstract = True


class BriefActor(Mention):
    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="actor_mentions")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="brief_mentions")

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["actor", "brief"])]
        constraints = [models.UniqueConstraint(fields=["brief", "actor"], name="brief_actor_unique")]

    def __str__(self) -> str:
        return f"{self.actor} in {self.brief}"


class BriefLocation(Mention):
    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="location_mentions")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="brief_mentions")

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["location", "brief"])]
        constraints = [models.UniqueConstraint(fields=["brief", "location"], name="brief_location_unique")]

    def __str__(self) -> str:
        return f"{self.location} in {self.brief}"
