"""Addresses of the portfolios pages (namespace ``portfolios``): portfolios, their PDF, CLR and
public verification, share links, shared views and the advisor workspace. The release
verification and share link paths are printed in PDFs and sent by email: they never change."""

from django.urls import path

from portfolios.views import (
    attestations,
    orientations,
    portfolios,
    releases,
    reports,
    rome,
    shares,
)

app_name = "portfolios"

urlpatterns = [
    # --- The annual territorial report, for stewards (views/reports.py) ---
    path("territory/reports/", reports.report_list, name="report_list"),
    path("territory/reports/<uuid:uuid>/report.pdf", reports.report_pdf, name="report_pdf"),
    path("territory/reports/quotes/<int:pk>/remove/", reports.quote_remove, name="quote_remove"),
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
    path(
        "portfolios/releases/<uuid:uuid>/withdraw/",
        releases.release_withdraw,
        name="release_withdraw",
    ),
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
    # --- The ROME 4.0 reading, target jobs and their gap (views/rome.py) ---
    path("portfolios/<uuid:uuid>/rome/", rome.portfolio_rome, name="portfolio_rome"),
    path("portfolios/<uuid:uuid>/rome/jobs/", rome.portfolio_rome_jobs, name="portfolio_rome_jobs"),
    path(
        "portfolios/<uuid:uuid>/rome/targets/",
        rome.portfolio_rome_target_add,
        name="portfolio_rome_target_add",
    ),
    path(
        "portfolios/<uuid:uuid>/rome/targets/<uuid:target>/remove/",
        rome.portfolio_rome_target_remove,
        name="portfolio_rome_target_remove",
    ),
    path("advisor/portfolios/<uuid:uuid>/rome/", rome.advisor_rome, name="advisor_rome"),
    path(
        "advisor/portfolios/<uuid:uuid>/rome/jobs/",
        rome.advisor_rome_jobs,
        name="advisor_rome_jobs",
    ),
    path(
        "advisor/portfolios/<uuid:uuid>/rome/targets/",
        rome.advisor_rome_target_add,
        name="advisor_rome_target_add",
    ),
    path(
        "advisor/portfolios/<uuid:uuid>/rome/targets/<uuid:target>/remove/",
        rome.advisor_rome_target_remove,
        name="advisor_rome_target_remove",
    ),
    # --- Orientations: an advisor proposes an initiative (views/orientations.py) ---
    path(
        "advisor/orientations/new/",
        orientations.orientation_propose,
        name="orientation_propose",
    ),
    path("advisor/orientations/", orientations.advisor_pathways, name="advisor_pathways"),
    path("orientations/", orientations.orientation_list, name="orientation_list"),
    path("orientations/<uuid:uuid>/", orientations.orientation_detail, name="orientation_detail"),
    path(
        "orientations/<uuid:uuid>/decline/",
        orientations.orientation_decline,
        name="orientation_decline",
    ),
    path("orientations/<uuid:uuid>/end/", orientations.orientation_end, name="orientation_end"),
    path(
        "introductions/<uuid:uuid>/",
        orientations.introduction_detail,
        name="introduction_detail",
    ),
    # --- Attestations of volunteering: leaders issue, people ask (views/attestations.py) ---
    path(
        "initiatives/<slug:slug>/attestations/",
        attestations.attestation_initiative,
        name="attestation_initiative",
    ),
    path(
        "initiatives/<slug:slug>/attestations/<int:person>/issue/",
        attestations.attestation_issue_view,
        name="attestation_issue",
    ),
    path(
        "attestations/<uuid:uuid>/revoke/",
        attestations.attestation_revoke_view,
        name="attestation_revoke",
    ),
    path(
        "attestations/<uuid:uuid>/attestation.pdf",
        attestations.attestation_pdf,
        name="attestation_pdf",
    ),
    path("attestations/", attestations.attestation_list, name="attestation_list"),
]
