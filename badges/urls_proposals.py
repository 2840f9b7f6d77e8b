"""Addresses of the badges app: proposals (included by ``badges.urls``, namespace ``badges``).

- ``proposal_list``: the badges waiting for the confirmation of issuer staff;
- ``proposal_decide``: award or decline one of them (POST);
- ``my_badges``: the signed-in person's badges and proposals.
"""

from django.urls import URLPattern, path

from badges.views import proposals

urlpatterns: list[URLPattern] = [
    path("badges/proposals/", proposals.proposal_list, name="proposal_list"),
    path(
        "badges/proposals/<int:pk>/decide/",
        proposals.proposal_decide,
        name="proposal_decide",
    ),
    path("badges/mine/", proposals.my_badges, name="my_badges"),
]
