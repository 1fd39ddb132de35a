"""URLs of the bench server: the product's routes plus the raw baseline under /bench/raw/."""

from django.urls import include, path

from bench import raw_views

urlpatterns = [
    path("bench/raw/briefs/", raw_views.brief_list),
    path("bench/raw/briefs/<uuid:pk>/", raw_views.brief_detail),
    path("bench/raw/claims/", raw_views.claim_list),
    path("bench/raw/comments/", raw_views.comment_list),
    path("bench/raw/actors/", raw_views.actor_list),
    path("bench/raw/locations/geojson/", raw_views.locations_geojson),
    path("", include("config.urls")),
]
