"""Top-level routes: admin, API v1, schema and docs, health."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from briefings.api.views import HealthView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("briefings.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    path("api/health/", HealthView.as_view(), name="health"),
]

handler400 = "briefings.api.error_handlers.bad_request"
handler403 = "briefings.api.error_handlers.permission_denied"
handler404 = "briefings.api.error_handlers.page_not_found"
handler500 = "briefings.api.error_handlers.server_error"
