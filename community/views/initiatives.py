"""Thin views: initiatives and their members (joining one: ``community.views.joining``)."""

from __future__ import annotations

from typing import TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from community.extensions import initiative_links
from community.forms.initiatives import (
    InitiativeEditForm,
    InitiativeFilterForm,
    InitiativeForm,
)
from community.models import Initiative, Membership
from community.selectors import initiatives as selectors
from community.services import initiatives as services
from config.http import or_404, paginate, posted, signed_in_user
from config.maps import map_allow_tiles, map_settings

_M = TypeVar("_M", bound=Model)

INITIATIVES_PER_PAGE = 20
NOTIFICATIONS_PER_PAGE = 30
MEMBERS_PER_PAGE = 50
WAITING_SHOWN = 50


def _first(rows: QuerySet[_M]) -> tuple[list[_M], bool]:
    """The first WAITING_SHOWN rows, and whether there are more."""
    found = list(rows[: WAITING_SHOWN + 1])
    return found[:WAITING_SHOWN], len(found) > WAITING_SHOWN


def initiative_or_404(slug: str) -> Initiative:
    return or_404(selectors.initiative_get(slug=slug))


def initiative_for_leader(request: HttpRequest, slug: str) -> Initiative:
    """404 when the initiative does not exist, 403 when the viewer does not lead it."""
    initiative = initiative_or_404(slug)
    membership = selectors.membership_get(initiative=initiative, user=request.user)
    if membership is None or not membership.is_leader:
        raise PermissionDenied
    return initiative


def initiative_list(request: HttpRequest) -> HttpResponse:
    form = InitiativeFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    initiatives = selectors.initiative_list(
        kind=filters.get("kind", ""), sphere=filters.get("sphere", "")
    )
    query = request.GET.copy()
    query.pop("page", None)
    page = paginate(request, initiatives, INITIATIVES_PER_PAGE)
    page.object_list = list(page.object_list)
    selectors.initiative_details_attach(page.object_list)
    return render(
        request,
        "community/initiative_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "mine": selectors.initiative_list_for_member(user=request.user),
            "can_create": selectors.user_can_create_initiative(request.user),
        },
    )


@require_safe
def initiative_logo(request: HttpRequest, slug: str) -> FileResponse:
    """The initiative's logo (a PNG, re-encoded on upload), read through the storage API:
    the same address whether files are on the local disk or in a private S3 bucket."""
    initiative = initiative_or_404(slug)
    if not initiative.logo:
        raise Http404
    try:
        file = initiative.logo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(file, content_type="image/png")
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = initiative_or_404(slug)
    viewer = request.user
    membership = selectors.membership_get(initiative=initiative, user=viewer)
    return render(
        request,
        "community/initiative_detail.html",
        {
            "initiative": initiative,
            "membership": membership,
            "invitation": None
            if membership
            else selectors.invitation_pending_for_user(initiative=initiative, user=viewer),
            "join_request": None
            if membership
            else selectors.join_request_pending_for_user(initiative=initiative, user=viewer),
            "can_verify": selectors.user_can_verify_initiatives(viewer),
            "links": initiative_links(
                initiative=initiative,
                viewer=viewer,
                viewer_leads=membership is not None and membership.is_leader,
            ),
        },
    )


@login_required
def initiative_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not selectors.user_can_create_initiative(user):
        raise PermissionDenied
    form = InitiativeForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            initiative = services.initiative_create(by=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The initiative is created. You are its leader: invite its members.")
            )
            return redirect(initiative)
    page = render(request, "community/initiative_form.html", {"form": form, "map": map_settings()})
    return map_allow_tiles(page)


@login_required
def initiative_edit(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = initiative_for_leader(request, slug)
    initial = {
        "name": initiative.name,
        "kind": initiative.kind,
        "spheres": initiative.sphere_values,
        "description": initiative.description,
        "commune": initiative.commune,
        "postcode": initiative.postcode,
        "website": initiative.website,
        "address": initiative.address,
        "latitude": initiative.latitude,
        "longitude": initiative.longitude,
        "opening_hours": initiative.opening_hours,
        "access_transport": initiative.access_transport,
        "step_free_access": ""
        if initiative.step_free_access is None
        else ("yes" if initiative.step_free_access else "no"),
        "welcomes_newcomers": initiative.welcomes_newcomers,
        "first_visit": initiative.first_visit,
        "in_directory": initiative.in_directory,
        "impact_public": initiative.impact_public,
    }
    form = InitiativeEditForm(
        posted(request),
        request.FILES or None,
        initial=initial,
        has_logo=bool(initiative.logo),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        remove_logo = bool(data.pop("remove_logo", False))
        try:
            services.initiative_update(
                initiative=initiative, by=signed_in_user(request), remove_logo=remove_logo, **data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(initiative)
    page = render(
        request,
        "community/initiative_form.html",
        {"form": form, "initiative": initiative, "map": map_settings()},
    )
    return map_allow_tiles(page)


@login_required
@require_POST
def initiative_verify(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = initiative_or_404(slug)
    if not selectors.user_can_verify_initiatives(request.user):
        raise PermissionDenied
    verified = request.POST.get("verified") == "1"
    services.initiative_set_verified(
        initiative=initiative, by=signed_in_user(request), verified=verified
    )
    if verified:
        messages.success(request, _("The initiative is marked as verified."))
    else:
        messages.success(request, _("The verified mark is removed."))
    return redirect(initiative)


@login_required
def member_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Members see each other; leaders also manage roles, invitations and requests."""
    initiative = initiative_or_404(slug)
    viewer = signed_in_user(request)
    membership = selectors.membership_get(initiative=initiative, user=viewer)
    if membership is None:
        raise PermissionDenied
    page = paginate(
        request, selectors.member_list(initiative=initiative, viewer=viewer), MEMBERS_PER_PAGE
    )
    # At most WAITING_SHOWN of each (and whether more wait).
    invitations, more_invitations = _first(
        selectors.invitation_pending_list(initiative=initiative, viewer=viewer)
    )
    join_requests, more_join_requests = _first(
        selectors.join_request_pending_list(initiative=initiative, viewer=viewer)
    )
    return render(
        request,
        "community/member_list.html",
        {
            "initiative": initiative,
            "membership": membership,
            "page": page,
            # Each row links to its member's page (``member_manage``): this prefix + pk + "/".
            "manage_prefix": request.path if membership.is_leader else "",
            "invitations": invitations,
            "more_invitations": more_invitations,
            "join_requests": join_requests,
            "more_join_requests": more_join_requests,
            "waiting_shown": WAITING_SHOWN,
        },
    )


@login_required
def member_manage(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A member's page, for leaders: change their role or remove them (the forms post to
    ``member_role`` and ``member_remove``)."""
    initiative = initiative_for_leader(request, slug)
    member = or_404(selectors.member_get(initiative=initiative, pk=pk))
    return render(
        request,
        "community/member_manage.html",
        {
            "initiative": initiative,
            "member": member,
            "last_leader": member.is_leader and selectors.leader_count(initiative=initiative) <= 1,
        },
    )


def back_to_members(initiative: Initiative) -> HttpResponse:
    return redirect("community:member_list", slug=initiative.slug)


@login_required
@require_POST
def member_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    initiative = initiative_for_leader(request, slug)
    membership = get_object_or_404(Membership, pk=pk, initiative=initiative)
    role = request.POST.get("role", "")
    try:
        services.membership_change_role(
            membership=membership, by=signed_in_user(request), role=role
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if membership.is_leader:
            message = _("%(name)s is now a leader.")
        else:
            message = _("%(name)s is now a member.")
        messages.success(request, message % {"name": membership.user})
    return back_to_members(initiative)


@login_required
@require_POST
def member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    initiative = initiative_for_leader(request, slug)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=pk, initiative=initiative
    )
    try:
        services.membership_remove(membership=membership, by=signed_in_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is no longer a member.") % {"name": membership.user})
    return back_to_members(initiative)


@login_required
def initiative_leave(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = initiative_or_404(slug)
    user = signed_in_user(request)
    membership = selectors.membership_get(initiative=initiative, user=user)
    if membership is None:
        raise PermissionDenied
    last_leader = membership.is_leader and selectors.leader_count(initiative=initiative) <= 1
    if request.method == "POST":
        try:
            services.membership_leave(initiative=initiative, user=user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("You have left %(initiative)s.") % {"initiative": initiative}
            )
            return redirect(initiative)
    return render(
        request,
        "community/initiative_leave.html",
        {"initiative": initiative, "last_leader": last_leader},
    )
