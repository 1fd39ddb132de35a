"""Admin for comments: analysis comments and internal staff notes."""

from django.contrib import admin

from briefings.admin.base import BaseAdmin
from briefings.models import Comment


@admin.register(Comment)
class CommentAdmin(BaseAdmin):
    list_display = ["__str__", "brief", "kind", "claim", "author", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["brief", "claim", "author"]
    search_fields = ["body", "brief__title"]
    ordering = ["-created_at", "id"]
    show_full_result_count = False
    autocomplete_fields = ["brief", "claim"]
    readonly_fields = ["author"]
    fields = ["brief", "claim", "kind", "body", "author"]
