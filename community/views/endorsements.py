"""Endorsement pages: asking, answering (with an account or an emailed link), declining,
cancelling, the list of one's requests, and the leaders' review queue with bulk confirm.

A request is reached by the volunteer who sent it and by the account it is
addressed to; anyone else gets 404. A link sent to someone without an account
answers once: afterwards (or once expired) it answers 410 with an explanation.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.api import User
from community.evidence import evidence_file_response
from community.forms.endorsements import (
    BulkConfirmForm,
    DeclineForm,
    EndorsementAnswerForm,
    EndorsementAskForm,
)
from community.models import (
    ENDORSEMENT_REQUEST_VALID_DAYS,
    ContributionStatus,
    EndorsementRequest,
    EndorsementRequestStatus,
    EndorserKind,
)
from community.selectors import endorsements as selectors
from community.selectors.contributions import (
    claim_level_choices_for,
    evidence_visible_to_endorsers,
)
from community.services import endorsements as services
from competences.api import levels_by_number
from config.forms import add_service_errors
from config.http import client_address, or_404, paginate, posted, signed_in_user
from config.keyset import AFTER, BEFORE, capped_count, keyset_page
from config.ratelimit import Limited, rate_hit, too_many

REQUESTS_PER_PAGE = 30
#: The query parameter that names the requests just sent, shown first on the list.
JUST_SENT = "sent"
QUEUE_PER_PAGE = 50
QUEUE_COUNT_CAP = 1000
#: "Waiting for my answer" on "My endorsement requests": the newest ones (the rest: the queue).
TO_ANSWER_SHOWN = 30


# --- Asking --------------------------------------------------------------------------


@login_required
def endorsement_ask(request: HttpRequest, uuid: str) -> HttpResponse:
    """The volunteer asks for endorsement on one of their contributions."""
    user = signed_in_user(request)
    contribution = or_404(selectors.contribution_for_asking(uuid=uuid, owner=user))
    form = EndorsementAskForm(
        posted(request), peers=selectors.endorsement_peer_candidates(contribution=contribution)
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = services.endorsement_request_create(
                contribution=contribution,
                by=user,
                peers=form.cleaned_data.get("peers") or [],
                referents=form.referents(),
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            names = ", ".join(r.endorser_display for r in created)
            messages.success(request, _("Your request is sent to: %(names)s.") % {"names": names})
            # The list opens with what was just sent (JUST_SENT), before the older requests.
            sent = urlencode([(JUST_SENT, str(r.uuid)) for r in created])
            return redirect(f"{reverse('community:endorsement_list')}?{sent}")
    return render(
        request,
        "community/endorsements/ask.html",
        {
            "contribution": contribution,
            "claims": selectors.contribution_claims(contribution=contribution),
            "leaders": selectors.endorsement_leaders_to_ask(contribution=contribution),
            "form": form,
            "days": ENDORSEMENT_REQUEST_VALID_DAYS,
        },
    )


@login_required
def endorsement_list(request: HttpRequest) -> HttpResponse:
    """My requests: those waiting for my answer, those I answered, those I sent.

    After asking, the requests just sent (``?sent=<uuid>&sent=…``, only the viewer's own)
    come first, with whom they went to and their state.
    """
    user = signed_in_user(request)
    to_answer = list(
        selectors.endorsement_request_received_list(user=user, waiting_only=True)[
            : TO_ANSWER_SHOWN + 1
        ]
    )
    return render(
        request,
        "community/endorsements/list.html",
        {
            "just_sent": selectors.endorsement_request_just_sent(
                user=user, uuids=request.GET.getlist(JUST_SENT)
            ),
            "to_answer": to_answer[:TO_ANSWER_SHOWN],
            "more_to_answer": len(to_answer) > TO_ANSWER_SHOWN,
            "answered": selectors.endorsement_request_answered_list(user=user)[:20],
            "page": paginate(
                request, selectors.endorsement_request_sent_list(user=user), REQUESTS_PER_PAGE
            ),
        },
    )


@login_required
@require_POST
def endorsement_request_cancel(request: HttpRequest, uuid: str) -> HttpResponse:
    user = signed_in_user(request)
    endorsement_request = or_404(selectors.endorsement_request_get(uuid=uuid, viewer=user))
    try:
        services.endorsement_request_cancel(request=endorsement_request, by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Your request to %(name)s is cancelled.")
            % {"name": endorsement_request.endorser_display},
        )
    return redirect("community:endorsement_list")


# --- Answering -----------------------------------------------------------------------


def _default_relationship(endorsement_request: EndorsementRequest) -> str:
    initiative = endorsement_request.contribution.initiative
    if initiative is None:
        return ""
    if endorsement_request.kind == EndorserKind.LEADER:
        return _("Leader of %(initiative)s") % {"initiative": initiative.name}
    if endorsement_request.kind == EndorserKind.PEER:
        return _("Fellow member of %(initiative)s") % {"initiative": initiative.name}
    return ""


def _answer_page(
    request: HttpRequest,
    endorsement_request: EndorsementRequest,
    *,
    by: User | None,
    decline_url: str,
    token: str = "",
    decline_form: DeclineForm | None = None,
    limited: Limited | None = None,
) -> HttpResponse:
    """The answer form (GET, or POST of the answer) for the person asked.

    ``token`` is the emailed link's, for referents without an account; ``limited``: the
    answer came past the rate limit of such links, so it is kept on the page, not recorded.
    """
    contribution = endorsement_request.contribution
    claims = selectors.contribution_claims(contribution=contribution)
    email = by.email if by is not None else endorsement_request.email
    existing = selectors.endorsements_by_endorser(contribution_id=contribution.pk, email=email)
    answering = request.method == "POST" and decline_form is None
    form = EndorsementAnswerForm(
        request.POST if answering else None,
        request=endorsement_request,
        claims=claims,
        levels=claim_level_choices_for(competences=[claim.competence for claim in claims]),
        existing=existing,
        default_relationship=_default_relationship(endorsement_request),
    )
    if answering and limited is not None:
        form.is_valid()
        form.add_error(None, limited.message)
    elif answering and form.is_valid():
        try:
            services.endorsement_answer(
                request=endorsement_request,
                by=by,
                answers=form.answers(),
                relationship=form.cleaned_data["relationship"],
                name=form.cleaned_data.get("name", ""),
                organisation=form.cleaned_data.get("organisation", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if by is None:
                return render(
                    request,
                    "community/endorsements/thanks.html",
                    {"endorsement_request": endorsement_request},
                )
            messages.success(
                request,
                _("Thank you! %(name)s is notified of your endorsement.")
                % {"name": endorsement_request.requested_by},
            )
            if endorsement_request.kind == EndorserKind.LEADER:
                return redirect("community:endorsement_queue")
            return redirect("community:endorsement_list")
    response = render(
        request,
        "community/endorsements/answer.html",
        {
            "endorsement_request": endorsement_request,
            "contribution": contribution,
            "evidence": evidence_visible_to_endorsers(contribution),
            "form": form,
            "decline_form": decline_form or DeclineForm(),
            "editing": bool(existing),
            "can_decline": endorsement_request.is_pending,
            "by_link": by is None,
            "decline_url": decline_url,
            "token": token,
        },
    )
    return too_many(response, limited) if limited is not None else response


def _status_page(request: HttpRequest, endorsement_request: EndorsementRequest) -> HttpResponse:
    """What the volunteer sees of a request they sent: its state and the answers."""
    return render(
        request,
        "community/endorsements/request_detail.html",
        {
            "endorsement_request": endorsement_request,
            "contribution": endorsement_request.contribution,
            "endorsements": selectors.endorsements_of_request(request=endorsement_request),
        },
    )


@login_required
def endorsement_request_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    user = signed_in_user(request)
    endorsement_request = or_404(selectors.endorsement_request_get(uuid=uuid, viewer=user))
    if endorsement_request.requested_by_id == user.pk:
        if request.method == "POST":
            raise PermissionDenied
        return _status_page(request, endorsement_request)
    answerable = endorsement_request.is_pending or (
        endorsement_request.status == EndorsementRequestStatus.ANSWERED
        and endorsement_request.contribution.status == ContributionStatus.RECORDED
    )
    if not answerable:
        return render(
            request,
            "community/endorsements/gone.html",
            {"endorsement_request": endorsement_request, "days": ENDORSEMENT_REQUEST_VALID_DAYS},
            status=410,
        )
    return _answer_page(
        request,
        endorsement_request,
        by=user,
        decline_url=reverse("community:endorsement_request_decline", args=[uuid]),
    )


def _decline(
    request: HttpRequest,
    endorsement_request: EndorsementRequest,
    *,
    by: User | None,
    decline_url: str,
    token: str = "",
    limited: Limited | None = None,
) -> HttpResponse | None:
    """Decline; returns the page to show again when the form has errors (or when the link
    is past its rate limit: ``limited``)."""
    form = DeclineForm(request.POST)
    if limited is not None:
        form.is_valid()
        form.add_error(None, limited.message)
    elif form.is_valid():
        try:
            services.endorsement_request_decline(
                request=endorsement_request, by=by, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return None
    return _answer_page(
        request,
        endorsement_request,
        by=by,
        decline_url=decline_url,
        token=token,
        decline_form=form,
        limited=limited,
    )


@login_required
@require_POST
def endorsement_request_decline(request: HttpRequest, uuid: str) -> HttpResponse:
    user = signed_in_user(request)
    endorsement_request = or_404(selectors.endorsement_request_get(uuid=uuid, viewer=user))
    page = _decline(request, endorsement_request, by=user, decline_url=request.path)
    if page is not None:
        return page
    messages.success(
        request,
        _("You declined. %(name)s is notified.") % {"name": endorsement_request.requested_by},
    )
    if endorsement_request.kind == EndorserKind.LEADER:
        return redirect("community:endorsement_queue")
    return redirect("community:endorsement_list")


def _referent_limit(request: HttpRequest, token: str) -> Limited | None:
    """Answers through emailed links (no account): limited per address and per link."""
    if request.method != "POST":
        return None
    by_address = rate_hit("referent_address", client_address(request))
    by_token = rate_hit("referent_token", token)
    return by_address or by_token


def _link_request(token: str) -> EndorsementRequest:
    return or_404(selectors.endorsement_request_get_by_token(token=token))


def _link_gone(request: HttpRequest, endorsement_request: EndorsementRequest) -> HttpResponse:
    return render(
        request,
        "community/endorsements/gone.html",
        {
            "endorsement_request": endorsement_request,
            "by_link": True,
            "days": ENDORSEMENT_REQUEST_VALID_DAYS,
        },
        status=410,
    )


def endorsement_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link emailed to an outside referent without an account: it answers once.

    After the answer (or a refusal, a cancellation, or 30 days) it answers 410
    with a plain explanation; to change an answer, the volunteer asks again.
    """
    endorsement_request = _link_request(token)
    if (
        not endorsement_request.is_pending
        or endorsement_request.contribution.status != ContributionStatus.RECORDED
    ):
        return _link_gone(request, endorsement_request)
    return _answer_page(
        request,
        endorsement_request,
        by=None,
        decline_url=reverse("community:endorsement_link_decline", args=[token]),
        token=token,
        limited=_referent_limit(request, token),
    )


@require_POST
def endorsement_link_decline(request: HttpRequest, token: str) -> HttpResponse:
    endorsement_request = _link_request(token)
    if not endorsement_request.is_pending:
        return _link_gone(request, endorsement_request)
    page = _decline(
        request,
        endorsement_request,
        by=None,
        decline_url=request.path,
        token=token,
        limited=_referent_limit(request, token),
    )
    if page is not None:
        return page
    return render(
        request,
        "community/endorsements/thanks.html",
        {"endorsement_request": endorsement_request, "declined": True},
    )


def endorsement_link_evidence(request: HttpRequest, token: str, uuid: str) -> HttpResponseBase:
    """A file shown to endorsers, for the referent holding a link that still works."""
    endorsement_request = _link_request(token)
    if not endorsement_request.is_pending:
        raise Http404
    evidence = (
        evidence_visible_to_endorsers(endorsement_request.contribution).filter(uuid=uuid).first()
    )
    if evidence is None or not evidence.file:
        raise Http404
    try:
        return evidence_file_response(evidence)
    except FileNotFoundError:
        raise Http404 from None


# --- The leaders' review queue -------------------------------------------------------


def _queue_page(request: HttpRequest, form: BulkConfirmForm, user: User) -> HttpResponse:
    """Keyset pages (``?after=`` / ``?before=``, newest first) read from the queue's index;
    the count stops at QUEUE_COUNT_CAP ("more than 1,000")."""
    queue = selectors.leader_review_queue(user=user)
    page = keyset_page(
        queue,
        fields=("created_at", "id"),
        size=QUEUE_PER_PAGE,
        after=request.GET.get(AFTER),
        before=request.GET.get(BEFORE),
        keys_first=True,
    )
    requests = page.object_list
    levels = levels_by_number(
        version_ids={
            claim.competence.version_id for r in requests for claim in r.contribution.claims.all()
        }
    )
    rows = [
        (
            r,
            [
                (claim, levels.get((claim.competence.version_id, claim.self_level)))
                for claim in r.contribution.claims.all()
            ],
        )
        for r in requests
    ]
    initiatives = {r.contribution.initiative for r in requests}
    if not form.is_bound:
        if len(initiatives) == 1:
            [initiative] = initiatives
            default = _("Leader of %(initiative)s") % {"initiative": initiative}
        else:
            default = _("I lead the initiative where this contribution took place.")
        form.fields["relationship"].initial = default
    selected = set(request.POST.getlist("requests")) if form.is_bound else set()
    return render(
        request,
        "community/endorsements/queue.html",
        {
            "page": page,
            "rows": rows,
            "form": form,
            "selected": selected,
            "total": capped_count(queue, cap=QUEUE_COUNT_CAP),
            "cap": QUEUE_COUNT_CAP,
            "cursor": urlencode(
                [(name, request.GET[name]) for name in (AFTER, BEFORE) if request.GET.get(name)]
            ),
        },
    )


@login_required
def endorsement_queue(request: HttpRequest) -> HttpResponse:
    """Requests waiting for the current user as a leader, newest first, to confirm in bulk."""
    user = signed_in_user(request)
    form = BulkConfirmForm(queue=selectors.leader_review_queue(user=user))
    return _queue_page(request, form, user)


@login_required
@require_POST
def endorsement_queue_confirm(request: HttpRequest) -> HttpResponse:
    """Confirm every claim of the selected requests at the volunteers' own levels."""
    user = signed_in_user(request)
    form = BulkConfirmForm(request.POST, queue=selectors.leader_review_queue(user=user))
    if form.is_valid():
        try:
            confirmed = services.endorsement_bulk_confirm(
                requests=form.cleaned_data["requests"],
                by=user,
                relationship=form.cleaned_data["relationship"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            count = len(confirmed)
            messages.success(
                request,
                ngettext(
                    "%(count)s request confirmed. The volunteer is notified.",
                    "%(count)s requests confirmed. The volunteers are notified.",
                    count,
                )
                % {"count": count},
            )
            return redirect("community:endorsement_queue")
    return _queue_page(request, form, user)
