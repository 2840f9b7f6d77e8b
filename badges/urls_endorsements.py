"""Addresses of the badges app: partner organisations and their endorsements of badge classes
(included by ``badges.urls``, namespace ``badges``)."""

from django.urls import URLPattern, path

from badges.views import endorsements

urlpatterns: list[URLPattern] = [
    path(
        "issuers/new/organisation/",
        endorsements.organisation_create,
        name="organisation_create",
    ),
    path(
        "issuers/<uuid:uuid>/staff/",
        endorsements.organisation_staff_edit,
        name="organisation_staff_edit",
    ),
    path(
        "badges/classes/<uuid:uuid>/endorse/",
        endorsements.badge_class_endorse,
        name="badge_class_endorse",
    ),
    path(
        "badges/endorsements/<uuid:uuid>/withdraw/",
        endorsements.badge_class_endorsement_withdraw,
        name="badge_class_endorsement_withdraw",
    ),
    path(
        "badges/endorsements/<uuid:uuid>.json",
        endorsements.badge_class_endorsement_json,
        name="badge_class_endorsement_json",
    ),
]
