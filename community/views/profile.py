"""The volunteer's competence profile: confirmed levels, endorsements, hours, with a chart.

Owner only for now; portfolios will show it to advisors later.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from community.charts import competence_levels_chart
from community.selectors.profile import competence_profile
from config.http import signed_in_user


@login_required
def competence_profile_page(request: HttpRequest) -> HttpResponse:
    profile = competence_profile(owner=signed_in_user(request))
    chart = (
        None
        if profile.is_empty
        else competence_levels_chart(
            standings=profile.competences, max_level=profile.max_level, id_prefix="levels-chart"
        )
    )
    return render(
        request, "community/profile/competences.html", {"profile": profile, "chart": chart}
    )
