"""Pages for contributions, their evidence and competence claims.

Thin: reads go through ``community.selectors.contributions`` (already filtered
by what the viewer may see), writes through ``community.services.contributions``.
Someone who may not see a contribution gets 404, whether or not it exists;
someone who may see it but is not its owner gets 403 on the owner's pages.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from community.evidence import evidence_file_response
from community.forms.contributions import (
    ClaimForm,
    CompetenceChoiceSearchForm,
    ContributionCreateForm,
    ContributionForm,
    EvidenceForm,
)
from community.models import CompetenceClaim, Contribution, ContributionStatus, Evidence
from community.selectors import contributions as selectors
from community.services import contributions as services
from config.forms import add_service_errors
from config.http import or_404, paginate, posted, signed_in_user

CONTRIBUTIONS_PER_PAGE = 30
EVIDENCE_KINDS = ("file", "link", "text")


def _visible(request: HttpRequest, uuid: UUID) -> Contribution:
    return or_404(selectors.contribution_get_for_viewer(uuid=uuid, viewer=request.user))


def _owned(request: HttpRequest, uuid: UUID) -> Contribution:
    """404 when the viewer may not see it; 403 when they see it but do not own it."""
    contribution = _visible(request, uuid)
    if not selectors.contribution_is_owner(contribution=contribution, viewer=request.user):
        raise PermissionDenied
    return contribution


def _owned_claim(request: HttpRequest, uuid: UUID) -> CompetenceClaim:
    return or_404(selectors.claim_get_for_owner(uuid=uuid, owner=request.user))


def _owned_evidence(request: HttpRequest, uuid: UUID) -> Evidence:
    evidence = or_404(selectors.evidence_get_for_viewer(uuid=uuid, viewer=request.user))
    if not selectors.contribution_is_owner(contribution=evidence.contribution, viewer=request.user):
        raise PermissionDenied
    return evidence


def _saved_as(request: HttpRequest) -> str:
    if request.POST.get("action") == "draft":
        return ContributionStatus.DRAFT
    return ContributionStatus.RECORDED


# --- Contributions ----------------------------------------------------------------


@login_required
def contribution_list(request: HttpRequest) -> HttpResponse:
    """My contributions, drafts included."""
    user = signed_in_user(request)
    page = paginate(
        request, selectors.contribution_list_for_owner(owner=user), CONTRIBUTIONS_PER_PAGE
    )
    selectors.contribution_states_attach(contributions=list(page.object_list))
    return render(request, "community/contributions/contribution_list.html", {"page": page})


@login_required
def contribution_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = ContributionCreateForm(posted(request), request.FILES or None, owner=user)
    if request.method == "POST" and form.is_valid():
        try:
            contribution = services.contribution_create(
                owner=user, status=_saved_as(request), **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if contribution.is_draft:
                messages.success(
                    request, _("Your draft is saved. Only you can see it until you record it.")
                )
            else:
                messages.success(
                    request,
                    _("Your contribution is recorded. Now add the competences it shows."),
                )
            return redirect(contribution)
    return render(
        request,
        "community/contributions/contribution_form.html",
        {"form": form, "file_chosen": bool(request.FILES)},
    )


@login_required
def contribution_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    contribution = _visible(request, uuid)
    viewer = request.user
    is_owner = selectors.contribution_is_owner(contribution=contribution, viewer=viewer)
    claims = list(selectors.claim_list(contribution=contribution))
    names = selectors.level_names(competences=[claim.competence for claim in claims])
    return render(
        request,
        "community/contributions/contribution_detail.html",
        {
            "contribution": contribution,
            "is_owner": is_owner,
            "claims": [
                (claim, names.get((claim.competence.version_id, claim.self_level), ""))
                for claim in claims
            ],
            "evidence_list": selectors.evidence_visible(contribution=contribution, viewer=viewer),
        },
    )


@login_required
def contribution_edit(request: HttpRequest, uuid: UUID) -> HttpResponse:
    contribution = _owned(request, uuid)
    user = signed_in_user(request)
    form = ContributionForm(
        posted(request),
        owner=user,
        contribution=contribution,
        initial=ContributionForm.initial_for(contribution),
    )
    if request.method == "POST" and form.is_valid():
        status = _saved_as(request) if contribution.is_draft else None
        try:
            services.contribution_update(
                contribution=contribution, by=user, status=status, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(contribution)
    return render(
        request,
        "community/contributions/contribution_form.html",
        {"form": form, "contribution": contribution},
    )


@login_required
@require_POST
def contribution_record(request: HttpRequest, uuid: UUID) -> HttpResponse:
    contribution = _owned(request, uuid)
    services.contribution_record(contribution=contribution, by=signed_in_user(request))
    messages.success(request, _("Your contribution is recorded."))
    return redirect(contribution)


@login_required
def contribution_delete(request: HttpRequest, uuid: UUID) -> HttpResponse:
    contribution = _owned(request, uuid)
    if request.method == "POST":
        services.contribution_delete(contribution=contribution, by=signed_in_user(request))
        messages.success(request, _("The contribution is deleted."))
        return redirect("community:contribution_list")
    return render(
        request,
        "community/contributions/contribution_delete.html",
        {"contribution": contribution},
    )


# --- Evidence -----------------------------------------------------------------------


@login_required
def evidence_create(request: HttpRequest, uuid: UUID, kind: str) -> HttpResponse:
    if kind not in EVIDENCE_KINDS:
        raise Http404
    contribution = _owned(request, uuid)
    form = EvidenceForm(posted(request), request.FILES or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.evidence_add(
                contribution=contribution,
                by=signed_in_user(request),
                kind=kind,
                title=data["title"],
                visibility=data["visibility"],
                file=data.get("file"),
                url=data.get("url", ""),
                text=data.get("text", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The evidence is added."))
            return redirect(contribution)
    return render(
        request,
        "community/contributions/evidence_form.html",
        {"form": form, "contribution": contribution, "kind": kind},
    )


@login_required
def evidence_delete(request: HttpRequest, uuid: UUID) -> HttpResponse:
    evidence = _owned_evidence(request, uuid)
    contribution = evidence.contribution
    if request.method == "POST":
        services.evidence_delete(evidence=evidence, by=signed_in_user(request))
        messages.success(request, _("The evidence is deleted."))
        return redirect(contribution)
    return render(
        request,
        "community/contributions/evidence_delete.html",
        {"evidence": evidence, "contribution": contribution},
    )


@login_required
@require_GET
def evidence_file(request: HttpRequest, uuid: UUID) -> HttpResponseBase:
    """A stored file, for those who may see it; never a direct link to the media folder."""
    evidence = selectors.evidence_get_for_viewer(uuid=uuid, viewer=request.user)
    if evidence is None or not evidence.file:
        raise Http404
    try:
        return evidence_file_response(evidence)
    except FileNotFoundError:
        raise Http404 from None


# --- Competence claims ----------------------------------------------------------------


@login_required
def claim_choose(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Step 1: which competence? A list of the framework's competences, or a search."""
    contribution = _owned(request, uuid)
    search = CompetenceChoiceSearchForm(request.GET or None)
    query = str(search.cleaned_data.get("q", "")).strip() if search.is_valid() else ""
    competences = selectors.claimable_competences(query=query)
    claimed = selectors.claimed_competence_ids(contribution=contribution)
    groups: list[dict[str, Any]] = []
    for competence in competences:
        if query:  # search results: best first, in one list
            key: Any = None
        else:
            key = competence.domain_id
        if not groups or groups[-1]["key"] != key:
            groups.append({"key": key, "domain": None if query else competence.domain, "items": []})
        groups[-1]["items"].append((competence, competence.pk in claimed))
    return render(
        request,
        "community/contributions/claim_choose.html",
        {
            "contribution": contribution,
            "search": search,
            "query": query,
            "groups": groups,
            "found": len(competences),
            "claim_url_template": reverse(
                "community:claim_create",
                kwargs={"uuid": contribution.uuid, "competence": UUID(int=0)},
            ),
        },
    )


@login_required
def claim_create(request: HttpRequest, uuid: UUID, competence: UUID) -> HttpResponse:
    """Step 2: one's own level and a sentence."""
    contribution = _owned(request, uuid)
    chosen = or_404(selectors.claimable_competence_get(uuid=competence))
    levels = selectors.claim_level_choices(competence=chosen)
    form = ClaimForm(posted(request), levels=levels)
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_create(
                contribution=contribution,
                by=signed_in_user(request),
                competence=chosen,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("“%(competence)s” is added. You can add another competence.")
                % {"competence": chosen.title},
            )
            return redirect(contribution)
    return render(
        request,
        "community/contributions/claim_form.html",
        {"form": form, "contribution": contribution, "competence": chosen},
    )


@login_required
def claim_edit(request: HttpRequest, uuid: UUID) -> HttpResponse:
    claim = _owned_claim(request, uuid)
    levels = selectors.claim_level_choices(competence=claim.competence)
    form = ClaimForm(
        posted(request),
        levels=levels,
        initial={"self_level": claim.self_level, "statement": claim.statement},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_update(claim=claim, by=signed_in_user(request), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(claim.contribution)
    return render(
        request,
        "community/contributions/claim_form.html",
        {
            "form": form,
            "contribution": claim.contribution,
            "competence": claim.competence,
            "claim": claim,
        },
    )


@login_required
def claim_delete(request: HttpRequest, uuid: UUID) -> HttpResponse:
    claim = _owned_claim(request, uuid)
    if request.method == "POST":
        services.claim_delete(claim=claim, by=signed_in_user(request))
        messages.success(request, _("The competence is removed from this contribution."))
        return redirect(claim.contribution)
    return render(
        request,
        "community/contributions/claim_delete.html",
        {"claim": claim, "contribution": claim.contribution},
    )
