"""Addresses of the badges app: documents (included by ``badges.urls``, namespace ``badges``).

Hosted Open Badges 2.0 documents live under ``/ob/v2/``; the baked images of an award
(its credential embedded in the badge image) sit next to its page and its JSON.
"""

from django.urls import URLPattern, path

from badges.views import documents

urlpatterns: list[URLPattern] = [
    path("ob/v2/assertions/<uuid:uuid>", documents.ob2_assertion, name="ob2_assertion"),
    path(
        "ob/v2/assertions/<uuid:uuid>/badge.png",
        documents.ob2_assertion_png,
        name="ob2_assertion_png",
    ),
    path(
        "ob/v2/assertions/<uuid:uuid>/badge.svg",
        documents.ob2_assertion_svg,
        name="ob2_assertion_svg",
    ),
    path("ob/v2/badges/<uuid:uuid>", documents.ob2_badge_class, name="ob2_badge_class"),
    path("badges/awards/<uuid:uuid>/badge.png", documents.award_png, name="award_png"),
    path("badges/awards/<uuid:uuid>/badge.svg", documents.award_svg, name="award_svg"),
    path(
        "badges/classes/<uuid:uuid>/default.png",
        documents.badge_class_default_image,
        name="badge_class_default_image",
    ),
]
