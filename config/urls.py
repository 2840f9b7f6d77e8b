"""The project's addresses: each app's pages and API, the schema, the admin.

Paths never change (tests/config/test_url_stability.py): they are in sent emails, issued
credentials and printed PDFs.
"""

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.views.accounts import set_language
from config import health, metrics, views
from portfolios.views.home import home

admin.site.site_header = "Jalons"
admin.site.site_title = "Jalons"
# The admin logs in through the site's login page, which is guarded against password guessing
# (accounts.services.login_guard): its own form would not be.
admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    # Visitors: what Jalons is; signed in: "What is waiting for you" (portfolios.views.home).
    path("", home, name="home"),
    # Probes and metrics: answered by config.health.OperationsMiddleware before the rest of
    # the stack; routed here too, for reverse() and the URL stability test.
    path("health/live", health.health_live, name="health_live"),
    path("health/ready", health.health_ready, name="health_ready"),
    path("healthz", health.healthz, name="healthz"),  # the older address of readiness
    path("metrics", metrics.metrics_view, name="metrics"),
    path("developers/", views.developers, name="developers"),
    path("", include("accounts.urls")),
    path("", include("community.urls")),
    path("", include("portfolios.urls")),
    path("frameworks/", include("competences.urls")),
    path("", include("badges.urls")),
    path("ims/case/v1p1/", include("competences.urls_case")),
    # The OB 3.0 API for wallets (badges/ob3_api/, docs/ob3-api.md): paths fixed by the spec.
    path("ims/ob/v3p0/", include("badges.ob3_api.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", include("competences.rest.urls")),
    path("api/v1/", include("accounts.rest.urls")),
    path("api/v1/", include("community.rest.urls")),
    path("api/v1/", include("badges.rest.urls")),
    path("api/v1/", include("portfolios.rest.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Split: the page and its script come apart, for the Content-Security-Policy.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

handler400 = "config.views.bad_request"
handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
