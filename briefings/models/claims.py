"""Claims: single attributed assertions made in a brief."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from briefings.choices import Assessment, ClaimActorRole, ClaimKind, ClaimLinkKind, Credibility, SourceReliability
from briefings.models.actors import Actor
from briefings.models.base import BaseModel
from briefings.models.briefs import Brief, BriefChild
from briefings.models.locations import Location


class Claim(BriefChild):
    """One assertion, who makes it, about whom and where, when it happened and how far to trust it.

    `occurred_start`..`occurred_end` is a date range expressing precision: a single day for
    "on May 30", seven days for "earlier this week".
    """

    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="claims")
    statement = models.TextField(help_text="The assertion in normalized words.")
    quote = models.TextField(blank=True, help_text="Exact text from the brief body.")
    span_start = models.PositiveIntegerField(null=True, blank=True)
    span_end = models.PositiveIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=20, choices=ClaimKind.choices, default=ClaimKind.OTHER)
    occurred_start = models.DateField(null=True, blank=True)
    occurred_end = models.DateField(null=True, blank=True)
    claimant = models.ForeignKey(Actor, on_delete=models.PROTECT, null=True, blank=True, related_name="claims_made")
    claimant_text = models.CharField(max_length=300, blank=True, help_text='Free-text claimant, e.g. "Iranian media".')
    actors = models.ManyToManyField(Actor, through="ClaimActor", related_name="claims", blank=True)
    locations = models.ManyToManyField(Location, through="ClaimLocation", related_name="claims", blank=True)
    source_reliability = models.CharField(max_length=1, choices=SourceReliability.choices, blank=True)
    credibility = models.PositiveSmallIntegerField(choices=Credibility.choices, null=True, blank=True)
    assessment = models.CharField(max_length=12, choices=Assessment.choices, default=Assessment.REPORTED)

    history = HistoricalRecords(excluded_fields=["brief_published"])

    class Meta:
        ordering = ["brief_id", "span_start", "id"]
        indexes = [
            # What anonymous callers see, in the list's default order: the count and the first
            # pages are read from this index alone.
            models.Index(fields=["brief_published", "brief", "span_start", "id"], name="claim_visible_order_idx"),
            models.Index(fields=["kind", "occurred_start"]),
            models.Index(fields=["occurred_start", "occurred_end"]),
            models.Index(fields=["claimant"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(occurred_start__isnull=True)
                | Q(occurred_end__isnull=True)
                | Q(occurred_end__gte=F("occurred_start")),
                name="claim_occurred_end_after_start",
                violation_error_message="occurred_end must not be before occurred_start.",
            ),
            models.CheckConstraint(
                condition=Q(span_start__isnull=True, span_end__isnull=True)
                | Q(span_start__isnull=False, span_end__isnull=False, span_end__gte=F("span_start")),
                name="claim_span_ordered_pair",
                violation_error_message="Give both span_start and span_end (end not before start), or neither.",
            ),
            models.CheckConstraint(
                condition=Q(credibility__isnull=True) | Q(credibility__gte=1, credibility__lte=6),
                name="claim_credibility_range",
                violation_error_message="Credibility is graded 1 to 6.",
            ),
        ]

    def __str__(self) -> str:
        return self.statement[:80]

    def clean(self):
        super().clean()
        self._clean_quote_span()

    def _clean_quote_span(self):
        """The quote must be the brief body's text at the span; a quote alone is located in the body."""
        has_span = self.span_start is not None and self.span_end is not None
        if not self.quote:
            if has_span:
                raise ValidationError({"quote": "A span needs the quoted text it covers."}, code="span_without_quote")
            return
        if self.brief_id is None:
            return
        body = self.brief.body
        if not has_span:
            if self.span_start is not None or self.span_end is not None:
                return  # the span constraint reports the half-given pair
            position = body.find(self.quote)
            if position < 0:
                raise ValidationError({"quote": "The quote does not occur in the brief body."}, code="quote_not_found")
            self.span_start, self.span_end = position, position + len(self.quote)
        elif body[self.span_start : self.span_end] != self.quote:
            raise ValidationError(
                {"span_end": "body[span_start:span_end] does not equal the quote."}, code="span_mismatch"
            )


class ClaimActor(BaseModel):
    """An actor's part in a claim: who acts (subject), who is acted upon (target), or who is only named."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="actor_roles")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="claim_roles")
    role = models.CharField(max_length=10, choices=ClaimActorRole.choices, default=ClaimActorRole.MENTIONED)

    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "id"]
        indexes = [models.Index(fields=["actor", "role", "claim"])]
        constraints = [models.UniqueConstraint(fields=["claim", "actor", "role"], name="claim_actor_role_unique")]

    def __str__(self) -> str:
        return f"{self.actor} ({self.role})"


class ClaimLocation(BaseModel):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="location_links")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="claim_links")

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["location", "claim"])]
        constraints = [models.UniqueConstraint(fields=["claim", "location"], name="claim_location_unique")]

    def __str__(self) -> str:
        return str(self.location)


class ClaimLink(BaseModel):
    """A directed relation between claims: `source` corroborates / contradicts / updates `target`."""

    source = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links")
    target = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="incoming_links")
    kind = models.CharField(max_length=12, choices=ClaimLinkKind.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="claim_link_unique"),
            models.CheckConstraint(
                condition=~Q(source=F("target")),
                name="claim_link_not_to_itself",
                violation_error_message="A claim cannot be linked to itself.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"
