"""Orientation pages: an advisor proposes an initiative to a person (from a portfolio shared
with them, from the "target job and gap" view or from the directory: the same page, its
fields filled by ``?share=`` and ``?initiative=``) and follows the pathways; the person
answers, then may end it; the initiative's leaders read the introduction.

Thin: ``portfolios.selectors.orientations`` reads (already limited to what each may see)
and ``portfolios.services.orientations`` writes. Someone else's orientation answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.forms import add_service_errors
from config.http import or_404, posted, signed_in_user
from portfolios.forms.orientations import OrientationAcceptForm, OrientationProposeForm
from portfolios.selectors import orientations as selectors
from portfolios.selectors.portfolios import owner_name
from portfolios.selectors.shares import advisor_shares
from portfolios.services import orientations as services
from portfolios.views.shares import _advisor, no_store


@login_required
def orientation_propose(request: HttpRequest) -> HttpResponseBase:
    """The advisor's form: a person (a portfolio shared with them, open now), an initiative,
    a message. ``?share=<link uuid>&initiative=<slug>`` fill it in."""
    advisor = _advisor(request)
    now = timezone.now()
    shares = [share for share in advisor_shares(advisor=advisor) if share.is_open(at=now)]
    labels = {
        share.pk: f"{owner_name(share.portfolio.owner)} – {share.portfolio.title}"
        for share in shares
    }
    initial = {key: request.GET[key] for key in ("share", "initiative") if key in request.GET}
    form = OrientationProposeForm(posted(request), shares=shares, labels=labels, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            orientation = services.orientation_propose(
                share=form.cleaned_data["share"],
                advisor=advisor,
                initiative=form.cleaned_data["initiative"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your proposal is sent. You will see here when %(person)s answers.")
                % {"person": owner_name(orientation.person)},
            )
            return redirect("portfolios:advisor_pathways")
    return no_store(
        render(
            request,
            "portfolios/orientations/propose.html",
            {"form": form, "has_shares": bool(shares)},
        )
    )


@login_required
def advisor_pathways(request: HttpRequest) -> HttpResponseBase:
    """The pathways the advisor follows: only while the person's share is open and she has
    not ended the orientation."""
    advisor = _advisor(request)
    lines = selectors.pathways(selectors.orientation_list_for_advisor(advisor=advisor))
    return no_store(
        render(request, "portfolios/orientations/advisor_list.html", {"pathways": lines})
    )


@login_required
def orientation_list(request: HttpRequest) -> HttpResponse:
    """The person's orientations: waiting for her answer, accepted, declined, ended."""
    user = signed_in_user(request)
    return render(
        request,
        "portfolios/orientations/list.html",
        {"orientations": selectors.orientation_list_for_person(user=user)},
    )


@login_required
def orientation_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    """A proposal, and the person's answer: accept (choosing what the leaders receive)."""
    user = signed_in_user(request)
    orientation = or_404(selectors.orientation_get_for_person(uuid=uuid, user=user))
    form = OrientationAcceptForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            orientation = services.orientation_accept(
                orientation=orientation, user=user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The leaders of %(initiative)s received your introduction.")
                % {"initiative": orientation.initiative.name},
            )
            return redirect("portfolios:orientation_detail", uuid=orientation.uuid)
    return render(
        request,
        "portfolios/orientations/detail.html",
        {
            "orientation": orientation,
            "form": form,
            "introduction_url": selectors.introduction_share_url(orientation=orientation),
        },
    )


@login_required
@require_POST
def orientation_decline(request: HttpRequest, uuid: str) -> HttpResponse:
    user = signed_in_user(request)
    orientation = or_404(selectors.orientation_get_for_person(uuid=uuid, user=user))
    try:
        services.orientation_decline(orientation=orientation, user=user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("You declined the proposal. Your advisor is told."))
    return redirect("portfolios:orientation_detail", uuid=orientation.uuid)


@login_required
@require_POST
def orientation_end(request: HttpRequest, uuid: str) -> HttpResponse:
    user = signed_in_user(request)
    orientation = or_404(selectors.orientation_get_for_person(uuid=uuid, user=user))
    services.orientation_end(orientation=orientation, user=user)
    messages.success(
        request, _("The orientation is ended: your advisor no longer sees anything of it.")
    )
    return redirect("portfolios:orientation_detail", uuid=orientation.uuid)


@login_required
def introduction_detail(request: HttpRequest, uuid: str) -> HttpResponseBase:
    """What the initiative's leaders receive: the person's name, her word, and the link to
    her portfolio if she chose to give it. For the initiative's leaders only."""
    user = signed_in_user(request)
    orientation = or_404(selectors.introduction_get_for_leader(uuid=uuid, user=user))
    return no_store(
        render(
            request,
            "portfolios/orientations/introduction.html",
            {
                "orientation": orientation,
                "person_name": owner_name(orientation.person),
                "portfolio_url": selectors.introduction_share_url(orientation=orientation),
            },
        )
    )
