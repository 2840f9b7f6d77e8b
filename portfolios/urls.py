"""Addresses of the portfolios pages (namespace ``portfolios``): portfolios, their PDF, CLR and
public verification, share links, shared views and the advisor workspace. The release
verification and share link paths are printed in PDFs and sent by email: they never change."""

from django.urls import path

from portfolios.views import portfolios, releases, shares

app_name = "portfolios"

urlpatterns = [
    # --- Portfolios: the owner's list, builder and web view (views/portfolios.py) ---
    path("portfolios/", portfolios.portfolio_list, name="portfolio_list"),
    path("portfolios/new/", portfolios.portfolio_create, name="portfolio_create"),
    path(
        "portfolios/new/default/",
        portfolios.portfolio_create_default,
        name="portfolio_create_default",
    ),
    path("portfolios/<uuid:uuid>/", portfolios.portfolio_detail, name="portfolio_detail"),
    path("portfolios/<uuid:uuid>/edit/", portfolios.portfolio_edit, name="portfolio_edit"),
    path("portfolios/<uuid:uuid>/delete/", portfolios.portfolio_delete, name="portfolio_delete"),
    # --- Releases: PDF and CLR downloads, public verification (views/releases.py) ---
    path("portfolios/<uuid:uuid>/portfolio.pdf", releases.portfolio_pdf, name="portfolio_pdf"),
    path("portfolios/<uuid:uuid>/clr.json", releases.portfolio_clr, name="portfolio_clr"),
    path("portfolios/releases/<uuid:uuid>/verify/", releases.release_verify, name="release_verify"),
    path("portfolios/releases/<uuid:uuid>/clr.json", releases.release_clr, name="release_clr"),
    # --- Share links, shared views and the advisor workspace (views/shares.py) ---
    path("portfolios/<uuid:uuid>/shares/", shares.share_list, name="share_list"),
    path("portfolios/shares/<uuid:uuid>/revoke/", shares.share_revoke, name="share_revoke"),
    path("portfolios/shares/<uuid:uuid>/qr/", shares.share_qr, name="share_qr"),
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
