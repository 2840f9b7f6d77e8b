"""Thin views: joining an initiative — invitations (sent, revoked, answered, opened from the
email, with sign-up on the way) and requests to join (made, accepted, refused)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.forms.initiatives import InvitationForm, InvitationSignUpForm, JoinRequestForm
from community.models import INVITATION_VALID_DAYS, Initiative, Invitation, JoinRequest
from community.selectors import initiatives as selectors
from community.services import joining as services
from community.views.initiatives import back_to_members, initiative_for_leader, initiative_or_404
from config.http import or_404, posted, signed_in_user


@login_required
def invitation_create(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = initiative_for_leader(request, slug)
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
            return back_to_members(initiative)
    return render(
        request,
        "community/invitation_form.html",
        {"form": form, "initiative": initiative, "days": INVITATION_VALID_DAYS},
    )


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    initiative = initiative_for_leader(request, slug)
    invitation = get_object_or_404(Invitation, pk=pk, initiative=initiative)
    services.invitation_revoke(invitation=invitation, by=signed_in_user(request))
    messages.success(
        request, _("The invitation to %(email)s is cancelled.") % {"email": invitation.email}
    )
    return back_to_members(initiative)


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
    initiative = initiative_or_404(slug)
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
    initiative = initiative_or_404(slug)
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
    initiative = initiative_for_leader(request, slug)
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
    return back_to_members(join_request.initiative)


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
    return back_to_members(join_request.initiative)
