"""Admin for locations: aliases inline, parent picked by autocomplete."""

from django.contrib import admin
from django.db.models import Prefetch

from briefings.admin.base import AliasSearchMixin, BaseAdmin, BaseTabularInline
from briefings.models import Location, LocationAlias


class LocationAliasInline(BaseTabularInline):
    model = LocationAlias
    fields = ["name"]


@admin.register(Location)
class LocationAdmin(AliasSearchMixin, BaseAdmin):
    list_display = ["name", "kind", "parent", "country", "alias_names", "latitude", "longitude", "precision"]
    list_filter = ["kind", "precision", "country"]
    list_select_related = ["parent"]
    search_fields = ["name", "aliases__name", "geonames_id__exact"]
    ordering = ["name", "id"]
    fields = ["name", "kind", "parent", "latitude", "longitude", "precision", "country", "geonames_id"]
    autocomplete_fields = ["parent"]
    inlines = [LocationAliasInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("aliases", LocationAlias.objects.only("location", "name")))
        )

    @admin.display(description="Aliases")
    def alias_names(self, location: Location) -> str:
        return ", ".join(alias.name for alias in location.aliases.all())
