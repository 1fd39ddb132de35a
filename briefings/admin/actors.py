"""Admin for actors: aliases, relations and designations edited on the actor's page."""

from django.contrib import admin
from django.db.models import Prefetch

from briefings.admin.base import AliasSearchMixin, BaseAdmin, BaseTabularInline
from briefings.models import Actor, ActorAlias, ActorDesignation, ActorRelation


class ActorAliasInline(BaseTabularInline):
    model = ActorAlias
    fields = ["name"]


class ActorRelationInline(BaseTabularInline):
    """Outgoing relations: this actor <kind> target."""

    model = ActorRelation
    fk_name = "source"
    fields = ["kind", "target", "title", "start", "end"]
    autocomplete_fields = ["target"]

    def get_queryset(self, request):
        # Each row's label names both actors.
        return super().get_queryset(request).select_related("source", "target")


class ActorDesignationInline(BaseTabularInline):
    model = ActorDesignation
    fk_name = "actor"
    fields = ["authority", "label", "date"]
    autocomplete_fields = ["authority"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("authority")


@admin.register(Actor)
class ActorAdmin(AliasSearchMixin, BaseAdmin):
    list_display = ["name", "kind", "country", "alias_names", "wikidata_id", "updated_at"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "aliases__name", "wikidata_id"]
    ordering = ["name", "id"]
    fields = ["name", "kind", "description", "country", "wikidata_id", "boilerplate"]
    inlines = [ActorAliasInline, ActorRelationInline, ActorDesignationInline]

    def get_queryset(self, request):
        # One query for the aliases of the whole page, not one per row.
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("aliases", ActorAlias.objects.only("actor", "name")))
        )

    @admin.display(description="Aliases")
    def alias_names(self, actor: Actor) -> str:
        return ", ".join(alias.name for alias in actor.aliases.all())


@admin.register(ActorRelation)
class ActorRelationAdmin(BaseAdmin):
    list_display = ["source", "kind", "target", "title", "start", "end"]
    list_filter = ["kind"]
    list_select_related = ["source", "target"]
    search_fields = ["source__name", "target__name", "title"]
    fields = ["source", "kind", "target", "title", "start", "end"]
    autocomplete_fields = ["source", "target"]
    show_full_result_count = False


@admin.register(ActorDesignation)
class ActorDesignationAdmin(BaseAdmin):
    list_display = ["actor", "label", "authority", "date"]
    list_filter = ["label"]
    list_select_related = ["actor", "authority"]
    search_fields = ["actor__name", "authority__name", "label"]
    fields = ["actor", "authority", "label", "date"]
    autocomplete_fields = ["actor", "authority"]
    date_hierarchy = "date"
