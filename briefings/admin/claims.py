"""Admin for claims: actor roles, locations and links to other claims edited on the claim's page."""

from django.contrib import admin

from briefings.admin.base import BaseAdmin, BaseTabularInline
from briefings.models import Claim, ClaimActor, ClaimLink, ClaimLocation


class ClaimActorInline(BaseTabularInline):
    model = ClaimActor
    fields = ["actor", "role"]
    autocomplete_fields = ["actor"]
    verbose_name = "actor role"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class ClaimLocationInline(BaseTabularInline):
    model = ClaimLocation
    fields = ["location"]
    autocomplete_fields = ["location"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("location")


class ClaimLinkInline(BaseTabularInline):
    """Outgoing links: this claim <kind> target."""

    model = ClaimLink
    fk_name = "source"
    fields = ["kind", "target"]
    autocomplete_fields = ["target"]


@admin.register(Claim)
class ClaimAdmin(BaseAdmin):
    list_display = [
        "short_statement",
        "brief",
        "kind",
        "claimant",
        "assessment",
        "source_reliability",
        "credibility",
        "occurred_start",
        "occurred_end",
    ]
    list_filter = ["kind", "assessment", "source_reliability", "credibility"]
    list_select_related = ["brief", "claimant"]
    search_fields = ["statement", "quote", "claimant__name", "claimant_text", "brief__title"]
    date_hierarchy = "occurred_start"
    ordering = ["-occurred_start", "id"]
    show_full_result_count = False
    autocomplete_fields = ["brief", "claimant"]
    fields = [
        "brief",
        "statement",
        "kind",
        "quote",
        ("span_start", "span_end"),
        ("claimant", "claimant_text"),
        ("occurred_start", "occurred_end"),
        ("source_reliability", "credibility", "assessment"),
    ]
    inlines = [ClaimActorInline, ClaimLocationInline, ClaimLinkInline]

    @admin.display(description="Statement", ordering="statement")
    def short_statement(self, claim: Claim) -> str:
        return str(claim)


@admin.register(ClaimLink)
class ClaimLinkAdmin(BaseAdmin):
    list_display = ["source", "kind", "target", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["source", "target"]
    search_fields = ["source__statement", "target__statement"]
    fields = ["source", "kind", "target"]
    autocomplete_fields = ["source", "target"]
    show_full_result_count = False
