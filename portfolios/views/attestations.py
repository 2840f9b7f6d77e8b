"""Attestation of volunteering pages (the signing and the public page are in badges):

- ``attestation_initiative`` (``/initiatives/<slug>/attestations/``): for the initiative's
  leaders (404 for anyone else): the people who recorded contributions there, each with a
  one-click "Issue the attestation" (the period filled in from their contributions), and
  the attestations issued, with their PDF, their public page and a revoke form.
- ``attestation_issue`` / ``attestation_revoke``: the leaders' POSTs.
- ``attestation_list`` (``/attestations/``): the person's attestations and the form to ask
  an initiative's leaders for one.
- ``attestation_pdf``: the PDF, for its person and the initiative's leaders.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.api import User
from badges.api import (
    Attestation,
    attestation_get,
    attestation_issue,
    attestation_list_for_initiative,
    attestation_list_for_recipient,
    attestation_may_read,
    attestation_reading,
    attestation_request,
    attestation_revoke,
    initiative_issuer,
)
from community.api import Initiative, initiative_get, user_leads_initiative
from config.forms import add_service_errors
from config.http import or_404, posted, signed_in_user
from portfolios.forms.attestations import (
    AttestationIssueForm,
    AttestationRequestForm,
    AttestationRevokeForm,
)
from portfolios.pdf import render_attestation_pdf
from portfolios.pdf.attestation import AttestationDocument
from portfolios.selectors.attestations import (
    attestation_candidates,
    initiatives_with_contributions,
)


def _led_initiative(request: HttpRequest, slug: str) -> tuple[User, Initiative]:
    user = signed_in_user(request)
    initiative = or_404(initiative_get(slug=slug))
    if not user_leads_initiative(user=user, initiative_id=initiative.pk):
        raise Http404
    return user, initiative


def _leader_page(
    request: HttpRequest,
    user: User,
    initiative: Initiative,
    *,
    bound: tuple[int, AttestationIssueForm] | None = None,
) -> HttpResponse:
    today = timezone.localdate()
    rows = []
    for candidate in attestation_candidates(initiative=initiative):
        if bound is not None and bound[0] == candidate.person.pk:
            form = bound[1]
        else:
            form = AttestationIssueForm(
                prefix=f"p{candidate.person.pk}",
                initial={"period_start": candidate.first_on, "period_end": today},
            )
        rows.append({"candidate": candidate, "form": form})
    return render(
        request,
        "portfolios/attestations/initiative.html",
        {
            "initiative": initiative,
            "rows": rows,
            "has_issuer": initiative_issuer(initiative=initiative) is not None,
            "attestations": attestation_list_for_initiative(initiative=initiative, viewer=user),
            "revoke_form": AttestationRevokeForm(),
        },
        status=200 if bound is None else 400,
    )


@login_required
def attestation_initiative(request: HttpRequest, slug: str) -> HttpResponse:
    user, initiative = _led_initiative(request, slug)
    return _leader_page(request, user, initiative)


@login_required
@require_POST
def attestation_issue_view(request: HttpRequest, slug: str, person: int) -> HttpResponse:
    user, initiative = _led_initiative(request, slug)
    candidate = next(
        (
            line
            for line in attestation_candidates(initiative=initiative)
            if line.person.pk == person
        ),
        None,
    )
    if candidate is None:
        raise Http404
    form = AttestationIssueForm(request.POST, prefix=f"p{person}")
    if form.is_valid():
        try:
            attestation = attestation_issue(
                initiative=initiative,
                person=candidate.person,
                by=user,
                link=reverse("portfolios:attestation_list"),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The attestation of %(person)s is issued and signed.")
                % {"person": candidate.name},
            )
            return redirect(
                reverse("portfolios:attestation_initiative", kwargs={"slug": slug})
                + f"#attestation-{attestation.uuid}"
            )
    return _leader_page(request, user, initiative, bound=(person, form))


@login_required
@require_POST
def attestation_revoke_view(request: HttpRequest, uuid: str) -> HttpResponse:
    user = signed_in_user(request)
    attestation = or_404(attestation_get(uuid=uuid))
    if not user_leads_initiative(user=user, initiative_id=attestation.initiative_id):
        raise Http404
    assert attestation.initiative is not None
    form = AttestationRevokeForm(request.POST)
    if form.is_valid():
        try:
            attestation_revoke(attestation=attestation, by=user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The attestation is revoked."))
    else:
        messages.error(request, _("Say why the attestation is revoked: the reason is public."))
    return redirect("portfolios:attestation_initiative", slug=attestation.initiative.slug)


@login_required
def attestation_list(request: HttpRequest) -> HttpResponse:
    """The person's attestations, and her request to an initiative's leaders."""
    user = signed_in_user(request)
    form = AttestationRequestForm(
        posted(request), initiatives=initiatives_with_contributions(user=user)
    )
    if request.method == "POST" and form.is_valid():
        initiative = form.cleaned_data["initiative"]
        try:
            attestation_request(
                initiative=initiative,
                person=user,
                link=reverse("portfolios:attestation_initiative", kwargs={"slug": initiative.slug}),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your request is sent to the leaders of %(initiative)s.")
                % {"initiative": initiative.name},
            )
            return redirect("portfolios:attestation_list")
    return render(
        request,
        "portfolios/attestations/list.html",
        {"attestations": attestation_list_for_recipient(user=user), "form": form},
    )


def attestation_document(attestation: Attestation) -> AttestationDocument:
    return AttestationDocument(
        reading=attestation_reading(attestation.credential),
        language=attestation.language,
        issued_at=attestation.issued_at,
        page_url=attestation.page_url,
        revoked_at=attestation.revoked_at,
        credential_json=attestation.credential_text,
    )


@login_required
def attestation_pdf(request: HttpRequest, uuid: str) -> HttpResponse:
    """The PDF, for its person and the initiative's leaders (404 for anyone else)."""
    user = signed_in_user(request)
    attestation = or_404(attestation_get(uuid=uuid))
    if attestation.holder_left or not attestation_may_read(attestation=attestation, user=user):
        raise Http404
    pdf = render_attestation_pdf(attestation_document(attestation))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="attestation-{attestation.uuid}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
