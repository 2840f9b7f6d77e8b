"""Addresses of the portfolios app: shares (namespace ``portfolios``)."""

from django.urls import URLPattern, path

from portfolios.views import shares

urlpatterns: list[URLPattern] = [
    path("portfolios/<uuid:uuid>/shares/", shares.share_list, name="share_list"),
    path("portfolios/shares/<uuid:uuid>/revoke/", shares.share_revoke, name="share_revoke"),
    path("s/<str:token>/", shares.shared_view, name="shared_view"),
    path("s/<str:token>/portfolio.pdf", shares.shared_pdf, name="shared_pdf"),
    path("s/<str:token>/clr.json", shares.shared_clr, name="shared_clr"),
    path("advisor/portfolios/", shares.advisor_workspace, name="advisor_workspace"),
    path("advisor/portfolios/<uuid:uuid>/", shares.advisor_portfolio, name="advisor_portfolio"),
    path(
        "advisor/portfolios/<uuid:uuid>/portfolio.pdf",
        shares.advisor_portfolio_pdf,
        name="advisor_portfolio_pdf",
    ),
    path(
        "advisor/portfolios/<uuid:uuid>/clr.json",
        shares.advisor_portfolio_clr,
        name="advisor_portfolio_clr",
    ),
]
