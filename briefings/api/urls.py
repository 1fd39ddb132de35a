"""Routes under /api/v1/."""

from rest_framework.routers import DefaultRouter

from briefings.api import interop, views

app_name = "api"

router = DefaultRouter()
router.register("briefs", views.BriefViewSet, basename="brief")
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("comments", views.CommentViewSet, basename="comment")
router.register("actors", views.ActorViewSet, basename="actor")
router.register("locations", views.LocationViewSet, basename="location")

# Interop routes first: the router would read `claims/geojson/` as a claim id.
urlpatterns = [*interop.urlpatterns, *router.urls]
