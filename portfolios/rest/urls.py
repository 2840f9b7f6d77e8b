"""Addresses of the portfolios API under /api/v1/ (namespace ``portfolios_api``).

Portfolios, their selection and generated versions, share links and the access log (for
their owner), and the portfolios shared with an advisor. Every path has its own prefix
(``portfolios/``, ``shares/``, ``advisor/``), so that it never meets the other APIs.
"""

from django.urls import path

from portfolios.rest import portfolios as views

app_name = "portfolios_api"

urlpatterns = [
    path("portfolios/", views.PortfolioList.as_view(), name="portfolio_list"),
    path("portfolios/<uuid:uuid>/", views.PortfolioDetail.as_view(), name="portfolio_detail"),
    path("portfolios/<uuid:uuid>/items/", views.PortfolioItems.as_view(), name="portfolio_items"),
    path("portfolios/<uuid:uuid>/releases/", views.ReleaseList.as_view(), name="release_list"),
    path("portfolios/<uuid:uuid>/shares/", views.ShareList.as_view(), name="share_list"),
    path("portfolios/<uuid:uuid>/accesses/", views.AccessList.as_view(), name="access_list"),
    path("shares/<uuid:uuid>/revoke/", views.ShareRevoke.as_view(), name="share_revoke"),
    path(
        "advisor/shared-portfolios/",
        views.AdvisorSharedPortfolioList.as_view(),
        name="advisor_shared_portfolios",
    ),
]
