"""Addresses of the community pages (namespace ``community``): initiatives, their members,
invitations and requests to join, contributions, evidence, claims, endorsement and the
competence profile. Paths are those of 0.1.0: they are in sent emails (tests/config/
test_url_stability.py)."""

from django.urls import path

from community.views import contributions as contrib
from community.views import directory, joining, profile
from community.views import endorsements as endorse
from community.views import indicators as indicator_views
from community.views import initiatives as views

app_name = "community"

urlpatterns = [
    # Territorial indicators and their open data (views/indicators.py, docs/indicators.md):
    # stable addresses, harvested by open-data portals.
    path("indicators/", indicator_views.indicator_page, name="indicators"),
    path("indicators/stewards/", indicator_views.indicator_stewards, name="indicators_stewards"),
    path("open-data/", indicator_views.open_data_page, name="open_data"),
    path("open-data/catalog.jsonld", indicator_views.open_data_catalog, name="open_data_catalog"),
    path("open-data/indicators.csv", indicator_views.indicators_csv, name="indicators_csv"),
    path("open-data/indicators.json", indicator_views.indicators_json, name="indicators_json"),
    path(
        "open-data/indicators.schema.json",
        indicator_views.indicators_schema,
        name="indicators_schema",
    ),
    # The public directory and its open data (views/directory.py): stable addresses, printed
    # on posters and harvested by open-data portals.
    path("participer/", directory.directory, name="directory"),
    path(
        "open-data/initiatives.geojson",
        directory.initiatives_geojson,
        name="initiatives_geojson",
    ),
    path("initiatives/", views.initiative_list, name="initiative_list"),
    path("initiatives/new/", views.initiative_create, name="initiative_create"),
    path("initiatives/<slug:slug>/", views.initiative_detail, name="initiative_detail"),
    path(
        "initiatives/<slug:slug>/impact/",
        indicator_views.initiative_impact,
        name="initiative_impact",
    ),
    path("initiatives/<slug:slug>/edit/", views.initiative_edit, name="initiative_edit"),
    path("initiatives/<slug:slug>/logo/", views.initiative_logo, name="initiative_logo"),
    path("initiatives/<slug:slug>/verify/", views.initiative_verify, name="initiative_verify"),
    path("initiatives/<slug:slug>/members/", views.member_list, name="member_list"),
    path("initiatives/<slug:slug>/members/<int:pk>/", views.member_manage, name="member_manage"),
    path("initiatives/<slug:slug>/members/<int:pk>/role/", views.member_role, name="member_role"),
    path(
        "initiatives/<slug:slug>/members/<int:pk>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path("initiatives/<slug:slug>/leave/", views.initiative_leave, name="initiative_leave"),
    path("initiatives/<slug:slug>/invite/", joining.invitation_create, name="invitation_create"),
    path(
        "initiatives/<slug:slug>/invitations/<int:pk>/cancel/",
        joining.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "initiatives/<slug:slug>/invitation/", joining.invitation_answer, name="invitation_answer"
    ),
    path("initiatives/<slug:slug>/join/", joining.join_request_create, name="join_request_create"),
    path(
        "initiatives/<slug:slug>/requests/<int:pk>/accept/",
        joining.join_request_accept,
        name="join_request_accept",
    ),
    path(
        "initiatives/<slug:slug>/requests/<int:pk>/refuse/",
        joining.join_request_refuse,
        name="join_request_refuse",
    ),
    path("invitations/<str:token>/", joining.invitation_open, name="invitation_open"),
    # --- Contributions, evidence and competence claims (views/contributions.py) ---
    path("contributions/", contrib.contribution_list, name="contribution_list"),
    path("contributions/new/", contrib.contribution_create, name="contribution_create"),
    path("contributions/<uuid:uuid>/", contrib.contribution_detail, name="contribution_detail"),
    path("contributions/<uuid:uuid>/edit/", contrib.contribution_edit, name="contribution_edit"),
    path(
        "contributions/<uuid:uuid>/record/",
        contrib.contribution_record,
        name="contribution_record",
    ),
    path(
        "contributions/<uuid:uuid>/delete/",
        contrib.contribution_delete,
        name="contribution_delete",
    ),
    path(
        "contributions/<uuid:uuid>/evidence/new/<slug:kind>/",
        contrib.evidence_create,
        name="evidence_create",
    ),
    path("evidence/<uuid:uuid>/file/", contrib.evidence_file, name="evidence_file"),
    path("evidence/<uuid:uuid>/delete/", contrib.evidence_delete, name="evidence_delete"),
    path("contributions/<uuid:uuid>/claims/new/", contrib.claim_choose, name="claim_choose"),
    path(
        "contributions/<uuid:uuid>/claims/new/<uuid:competence>/",
        contrib.claim_create,
        name="claim_create",
    ),
    path("claims/<uuid:uuid>/edit/", contrib.claim_edit, name="claim_edit"),
    path("claims/<uuid:uuid>/delete/", contrib.claim_delete, name="claim_delete"),
    # --- end of contributions ---
    # --- Endorsement and the competence profile (views/endorsements.py, views/profile.py) ---
    path("endorsements/", endorse.endorsement_list, name="endorsement_list"),
    path("endorsements/ask/<uuid:uuid>/", endorse.endorsement_ask, name="endorsement_ask"),
    path("endorsements/queue/", endorse.endorsement_queue, name="endorsement_queue"),
    path(
        "endorsements/queue/confirm/",
        endorse.endorsement_queue_confirm,
        name="endorsement_queue_confirm",
    ),
    path(
        "endorsements/requests/<uuid:uuid>/",
        endorse.endorsement_request_detail,
        name="endorsement_request_detail",
    ),
    path(
        "endorsements/requests/<uuid:uuid>/decline/",
        endorse.endorsement_request_decline,
        name="endorsement_request_decline",
    ),
    path(
        "endorsements/requests/<uuid:uuid>/cancel/",
        endorse.endorsement_request_cancel,
        name="endorsement_request_cancel",
    ),
    path("endorsements/link/<str:token>/", endorse.endorsement_link, name="endorsement_link"),
    path(
        "endorsements/link/<str:token>/decline/",
        endorse.endorsement_link_decline,
        name="endorsement_link_decline",
    ),
    path(
        "endorsements/link/<str:token>/evidence/<uuid:uuid>/",
        endorse.endorsement_link_evidence,
        name="endorsement_link_evidence",
    ),
    path("profile/competences/", profile.competence_profile_page, name="competence_profile"),
    # --- end of endorsement ---
]
