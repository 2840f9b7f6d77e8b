"""Addresses of the portfolios app: portfolios (namespace ``portfolios``)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

# --- Portfolios: the owner's list, builder and web view (views/portfolios.py) ---
from django.urls import path as _path  # noqa: E402

from portfolios.views import portfolios as portfolio_views  # noqa: E402

urlpatterns += [
    _path("portfolios/", portfolio_views.portfolio_list, name="portfolio_list"),
    _path("portfolios/new/", portfolio_views.portfolio_create, name="portfolio_create"),
    _path(
        "portfolios/new/default/",
        portfolio_views.portfolio_create_default,
        name="portfolio_create_default",
    ),
    _path("portfolios/<uuid:uuid>/", portfolio_views.portfolio_detail, name="portfolio_detail"),
    _path("portfolios/<uuid:uuid>/edit/", portfolio_views.portfolio_edit, name="portfolio_edit"),
    _path(
        "portfolios/<uuid:uuid>/delete/", portfolio_views.portfolio_delete, name="portfolio_delete"
    ),
]
# --- end of portfolios ---

# --- Releases: PDF and CLR downloads, public verification (views/releases.py) ---
from django.urls import path  # noqa: E402

from portfolios.views import releases as release_views  # noqa: E402

urlpatterns += [
    path("portfolios/<uuid:uuid>/portfolio.pdf", release_views.portfolio_pdf, name="portfolio_pdf"),
    path("portfolios/<uuid:uuid>/clr.json", release_views.portfolio_clr, name="portfolio_clr"),
    path(
        "portfolios/releases/<uuid:uuid>/verify/",
        release_views.release_verify,
        name="release_verify",
    ),
    path("portfolios/releases/<uuid:uuid>/clr.json", release_views.release_clr, name="release_clr"),
]
# --- end of releases ---
