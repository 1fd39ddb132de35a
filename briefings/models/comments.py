"""Comments: the analyst's assessment of a brief (public) and staff notes (internal)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from briefings.choices import CommentKind
from briefings.models.briefs import Brief, BriefChild
from briefings.models.claims import Claim


class Comment(BriefChild):
    """An `analysis` comment is part of the published brief; a `note` is never shown to anonymous callers."""

    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="comments")
    claim = models.ForeignKey(Claim, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments")
    kind = models.CharField(max_length=10, choices=CommentKind.choices, default=CommentKind.ANALYSIS)
    body = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, editable=False, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["brief_published"])

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["brief", "kind"]),
            # What anonymous callers see, in the list's default order: count and first pages from the index.
            models.Index(fields=["brief_published", "kind", "created_at", "id"], name="comment_visible_order_idx"),
            # The list's default order: the first page walks this index instead of sorting every comment.
            models.Index(fields=["created_at", "id"], name="comment_created_id_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.body[:60]}"

    def clean(self):
        super().clean()
        if self.claim_id is not None and self.brief_id is not None and self.claim.brief_id != self.brief_id:
            raise ValidationError({"claim": "The claim belongs to another brief."}, code="claim_brief_mismatch")
