"""Actors: people, organizations, armed groups, states and outlets named in briefs."""

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from briefings.choices import ActorKind, ActorRelationKind
from briefings.models.base import AliasBase, BaseModel
from briefings.validators import validate_country_code, validate_wikidata_id


class Actor(BaseModel):
    """Anyone or anything that acts, speaks or is acted upon in a brief."""

    name = models.CharField(max_length=200, help_text="Canonical name.")
    kind = models.CharField(max_length=20, choices=ActorKind.choices)
    description = models.TextField(blank=True)
    country = models.CharField(
        max_length=2, blank=True, validators=[validate_country_code], help_text="ISO 3166-1 alpha-2 code."
    )
    wikidata_id = models.CharField(
        max_length=13, blank=True, validators=[validate_wikidata_id], help_text="Wikidata item, e.g. Q12345."
    )
    boilerplate = models.TextField(
        blank=True,
        help_text="For publishers: paragraphs (separated by blank lines) that ingest removes from their briefs.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["kind", "name"]), models.Index(fields=["country"])]
        constraints = [
            models.UniqueConstraint(
                fields=["wikidata_id"],
                condition=~Q(wikidata_id=""),
                name="actor_unique_wikidata_id",
                violation_error_message="Another actor already has this Wikidata id.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ActorAlias(AliasBase):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")

    history = HistoricalRecords()

    class Meta(AliasBase.Meta):
        verbose_name_plural = "actor aliases"
        constraints = [
            models.UniqueConstraint(
                fields=["actor", "normalized"],
                name="actor_alias_unique_per_actor",
                violation_error_message="This actor already has this alias.",
            ),
        ]


class ActorRelation(BaseModel):
    """A directed, optionally dated link: `source` <kind> `target` (e.g. al-Muhandis leads the PMF)."""

    source = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="relations")
    target = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="incoming_relations")
    kind = models.CharField(max_length=20, choices=ActorRelationKind.choices)
    title = models.CharField(
        max_length=200, blank=True, help_text='Role in the relation, e.g. "operational commander".'
    )
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "id"]
        indexes = [models.Index(fields=["target", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source=F("target")),
                name="actor_relation_not_to_itself",
                violation_error_message="An actor cannot be related to itself.",
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=F("start")),
                name="actor_relation_end_after_start",
                violation_error_message="The end date must not be before the start date.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display().lower()} {self.target}"


class ActorDesignation(BaseModel):
    """A formal designation of an actor by an authority (e.g. a terrorist listing by a state)."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="designations")
    authority = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="designations_issued")
    label = models.CharField(max_length=200)
    date = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "label", "id"]

    def __str__(self) -> str:
        return f"{self.label} ({self.authority})"
