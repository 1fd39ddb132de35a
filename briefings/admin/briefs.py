"""Admin for briefs: the staff's main page, with claims, comments and mentions inline, and workflow actions."""

from collections.abc import Callable

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from briefings.admin.base import BaseAdmin, BaseStackedInline, BaseTabularInline
from briefings.models import Brief, BriefActor, BriefLocation, Claim, Comment
from briefings.services.workflow import (
    PUBLISH_PERMISSION,
    InvalidTransition,
    brief_publish,
    brief_retract,
    brief_submit,
)


class ClaimInline(BaseStackedInline):
    model = Claim
    fields = [
        "statement",
        "kind",
        "quote",
        ("span_start", "span_end"),
        ("claimant", "claimant_text"),
        ("occurred_start", "occurred_end"),
        ("source_reliability", "credibility", "assessment"),
    ]
    autocomplete_fields = ["claimant"]
    # Actor roles, locations and links of a claim are edited on the claim's own page.
    show_change_link = True


class CommentInline(BaseStackedInline):
    model = Comment
    fields = ["kind", "body", "claim", "author"]
    readonly_fields = ["author"]
    autocomplete_fields = ["claim"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class BriefActorInline(BaseTabularInline):
    model = BriefActor
    fields = ["actor", "spans"]
    autocomplete_fields = ["actor"]
    verbose_name = "actor mention"

    def get_queryset(self, request):
        # Each row is labelled "<actor> in <brief>".
        return super().get_queryset(request).select_related("actor", "brief")


class BriefLocationInline(BaseTabularInline):
    model = BriefLocation
    fields = ["location", "spans"]
    autocomplete_fields = ["location"]
    verbose_name = "location mention"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("location", "brief")


@admin.register(Brief)
class BriefAdmin(BaseAdmin):
    list_display = ["title", "status", "publisher", "published_at", "claim_count", "language"]
    list_filter = ["status", "language", ("publisher", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["publisher"]
    search_fields = ["title", "slug", "publisher__name"]
    date_hierarchy = "published_at"
    ordering = ["-published_at", "id"]
    show_full_result_count = False
    autocomplete_fields = ["publisher"]
    readonly_fields = ["slug", "status", "created_by", "updated_by"]
    fieldsets = [
        (None, {"fields": ["title", "summary", "body", "published_at", "publisher", "source_url", "language"]}),
        ("Workflow", {"fields": ["status", "slug", "created_by", "updated_by"]}),
    ]
    inlines = [ClaimInline, CommentInline, BriefActorInline, BriefLocationInline]
    actions = ["submit_selected", "publish_selected", "retract_selected"]

    def get_queryset(self, request):
        # A correlated subquery per row is far cheaper than JOIN + GROUP BY over all claims (PERFORMANCE.md).
        claim_counts = (
            Claim.objects.filter(brief=OuterRef("pk"))
            .order_by()
            .values("brief")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return super().get_queryset(request).annotate(claim_count=Coalesce(Subquery(claim_counts), 0))

    @admin.display(description="Claims", ordering="claim_count")
    def claim_count(self, brief: Brief) -> int:
        return brief.claim_count

    def has_publish_permission(self, request) -> bool:
        """Publish and retract are offered only to users who may do them (the services check again)."""
        return request.user.has_perm(PUBLISH_PERMISSION)

    @admin.action(description="Submit selected briefs for review", permissions=["change"])
    def submit_selected(self, request, queryset):
        self._run_transition(request, queryset, transition=brief_submit, done="Submitted for review")

    @admin.action(description="Publish selected briefs", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._run_transition(request, queryset, transition=brief_publish, done="Published")

    @admin.action(description="Retract selected briefs", permissions=["publish"])
    def retract_selected(self, request, queryset):
        self._run_transition(request, queryset, transition=brief_retract, done="Retracted")

    def _run_transition(self, request, queryset, *, transition: Callable[..., Brief], done: str) -> None:
        """Apply a workflow service to each selected brief; one refusal does not stop the others.

        Each brief is its own transaction (inside the service), so the briefs that could move, moved.
        """
        succeeded = []
        for brief in queryset:
            try:
                transition(brief=brief, user=request.user)
            except (InvalidTransition, PermissionDenied) as error:
                self.message_user(request, f"“{brief}” was not changed: {error}", messages.ERROR)
            else:
                succeeded.append(f"“{brief}”")
        if succeeded:
            self.message_user(request, f"{done}: {', '.join(succeeded)}.", messages.SUCCESS)
