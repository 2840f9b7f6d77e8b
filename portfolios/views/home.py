"""The address "/": the presentation of Jalons for visitors, and for a signed-in person
"What is waiting for you", their home page after sign-in (``LOGIN_REDIRECT_URL``).

Thin: what waits is read by ``portfolios.selectors.home``; the view also remembers in the
session whether the person leads an initiative, for the navigation.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from community.api import leads_remember
from config.http import signed_in_user
from portfolios.selectors.home import home_for


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "home.html")
    data = home_for(user=signed_in_user(request))
    leads_remember(request, data.leader is not None and data.leader.leads)
    return render(request, "home/home.html", {"home": data})
