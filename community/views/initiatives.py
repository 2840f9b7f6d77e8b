"""Thin views: initiatives, members, invitations, requests to join, notifications."""

from __future__ import annotations

from typing import TypeVar

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from community.extensions import initiative_links
from community.forms.initiatives import (
    InitiativeEditForm,
    InitiativeFilterForm,
    InitiativeForm,
    InvitationForm,
    InvitationSignUpForm,
    JoinRequestForm,
)
from community.models import INVITATION_VALID_DAYS, Initiative, Invitation, JoinRequest, Membership
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


def _initiative(slug: str) -> Initiative:
    return or_404(selectors.initiative_get(slug=slug))


def _initiative_for_leader(request: HttpRequest, slug: str) -> Initiative:
    """404 when the initiative does not exist, 403 when the viewer does not lead it."""
    initiative = _initiative(slug)
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
    initiative = _initiative(slug)
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
    initiative = _initiative(slug)
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
    initiative = _initiative_for_leader(request, slug)
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
    initiative = _initiative(slug)
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
    initiative = _initiative(slug)
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
    initiative = _initiative_for_leader(request, slug)
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


def _back_to_members(initiative: Initiative) -> HttpResponse:
    return redirect("community:member_list", slug=initiative.slug)


@login_required
@require_POST
def member_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    initiative = _initiative_for_leader(request, slug)
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
    return _back_to_members(initiative)


@login_required
@require_POST
def member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    initiative = _initiative_for_leader(request, slug)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=pk, initiative=initiative
    )
    try:
        services.membership_remove(membership=membership, by=signed_in_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is no longer a member.") % {"name": membership.user})
    return _back_to_members(initiative)


@login_required
def initiative_leave(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = _initiative(slug)
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


@login_required
def invitation_create(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = _initiative_for_leader(request, slug)
    form = InvitationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                initiative=initiative, by=signed_in_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The invitation is sent to %(email)s.") % {"email": invitation.email}
            )
            return _back_to_members(initiative)
    return render(
        request,
        "community/invitation_form.html",
        {"form": form, "initiative": initiative, "days": INVITATION_VALID_DAYS},
    )


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    initiative = _initiative_for_leader(request, slug)
    invitation = get_object_or_404(Invitation, pk=pk, initiative=initiative)
    services.invitation_revoke(invitation=invitation, by=signed_in_user(request))
    messages.success(
        request, _("The invitation to %(email)s is cancelled.") % {"email": invitation.email}
    )
    return _back_to_members(initiative)


def _answer(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    """Accept or decline, for the signed-in person the invitation was sent to."""
    user = signed_in_user(request)
    initiative = invitation.initiative
    try:
        if request.POST.get("answer") == "accept":
            services.invitation_accept(invitation=invitation, user=user)
            messages.success(
                request,
                _("Welcome! You are now a member of %(initiative)s.") % {"initiative": initiative},
            )
        else:
            services.invitation_decline(invitation=invitation, user=user)
            messages.info(request, _("You declined the invitation."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(initiative)


@login_required
@require_POST
def invitation_answer(request: HttpRequest, slug: str) -> HttpResponse:
    """Answer an invitation from the initiative's page (for people who had an account)."""
    initiative = _initiative(slug)
    invitation = or_404(
        selectors.invitation_pending_for_user(initiative=initiative, user=request.user)
    )
    return _answer(request, invitation)


def invitation_open(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link: create an account and join, or log in and answer."""
    invitation = selectors.invitation_get_by_token(token=token)
    if invitation is None:
        return render(request, "community/invitation_gone.html", {"status": None}, status=404)
    if not invitation.is_pending:
        return render(
            request,
            "community/invitation_gone.html",
            {"status": invitation.status, "initiative": invitation.initiative},
            status=410,
        )
    context: dict[str, object] = {"invitation": invitation, "initiative": invitation.initiative}
    if request.user.is_authenticated:
        if not services.invitation_is_for(invitation=invitation, user=signed_in_user(request)):
            return render(request, "community/invitation_wrong_account.html", context, status=403)
        if request.method == "POST":
            return _answer(request, invitation)
        return render(request, "community/invitation.html", context)
    if selectors.user_exists_with_email(email=invitation.email):
        login_url = f"{reverse('accounts:login')}?next={request.path}"
        return render(request, "community/invitation.html", {**context, "login_url": login_url})
    form = InvitationSignUpForm(
        posted(request),
        email=invitation.email,
        initial={"preferred_language": request.LANGUAGE_CODE},
    )
    if request.method == "POST" and form.is_valid():
        try:
            user, _membership = services.invitation_accept_with_sign_up(
                invitation=invitation, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Welcome! Your account is ready and you are now a member of %(initiative)s.")
                % {"initiative": invitation.initiative},
            )
            return redirect(invitation.initiative)
    return render(request, "community/invitation.html", {**context, "form": form})


# The message of someone who asks to join before they have an account (or are logged in):
# kept in their session while they sign up, and given back on the join page.
JOIN_MESSAGES = "join_messages"


def _join_anonymous(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    """Someone without an account (or logged out) writes their message first, then signs up
    or logs in on the way, and comes back to this page with the message kept."""
    form = JoinRequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        kept = dict(request.session.get(JOIN_MESSAGES, {}))
        kept[initiative.slug] = form.cleaned_data["message"]
        request.session[JOIN_MESSAGES] = kept
        here = reverse("community:join_request_create", kwargs={"slug": initiative.slug})
        target = "accounts:login" if request.POST.get("then") == "login" else "accounts:signup"
        return redirect(f"{reverse(target)}?{urlencode({'next': here})}")
    return render(
        request,
        "community/join_request_form.html",
        {"form": form, "initiative": initiative, "anonymous": True},
    )


def join_request_create(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = _initiative(slug)
    if not request.user.is_authenticated:
        return _join_anonymous(request, initiative)
    user = signed_in_user(request)
    if selectors.membership_get(initiative=initiative, user=user):
        messages.info(request, _("You are already a member of this initiative."))
        return redirect(initiative)
    kept = request.session.get(JOIN_MESSAGES, {})
    form = JoinRequestForm(posted(request), initial={"message": kept.get(initiative.slug, "")})
    if request.method == "POST" and form.is_valid():
        try:
            services.join_request_create(
                initiative=initiative, user=user, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            messages.info(request, " ".join(error.messages))
        else:
            kept.pop(initiative.slug, None)
            request.session[JOIN_MESSAGES] = kept
            messages.success(
                request,
                _("Your request is sent. You will get a notification when a leader accepts it."),
            )
        return redirect(initiative)
    return render(
        request, "community/join_request_form.html", {"form": form, "initiative": initiative}
    )


def _join_request(request: HttpRequest, slug: str, pk: int) -> JoinRequest:
    initiative = _initiative_for_leader(request, slug)
    return get_object_or_404(
        JoinRequest.objects.select_related("user", "initiative"), pk=pk, initiative=initiative
    )


@login_required
@require_POST
def join_request_accept(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    join_request = _join_request(request, slug, pk)
    try:
        services.join_request_accept(join_request=join_request, by=signed_in_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is now a member.") % {"name": join_request.user})
    return _back_to_members(join_request.initiative)


@login_required
@require_POST
def join_request_refuse(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    join_request = _join_request(request, slug, pk)
    try:
        services.join_request_refuse(join_request=join_request, by=signed_in_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The request of %(name)s is refused.") % {"name": join_request.user}
        )
    return _back_to_members(join_request.initiative)
