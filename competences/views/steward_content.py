"""Steward pages for a draft's content: domains, competences (with their level
texts), alignments and levels. Reordering uses POST buttons that work without
JavaScript."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from competences.forms.steward_content import (
    AlignmentForm,
    CompetenceForm,
    DomainForm,
    LevelForm,
    LevelTextsForm,
)
from competences.models import (
    Competence,
    Domain,
    ExternalAlignment,
    ProficiencyLevel,
)
from competences.services import content as services
from competences.views._steward import (
    confirm_page,
    draft_or_404,
    editor_url,
    form_page,
    move_direction,
    steward_required,
)
from config.forms import add_service_errors

# --- Domains ---------------------------------------------------------------------


def _domain(slug: str, uuid: UUID) -> Domain:
    draft = draft_or_404(slug)
    domain = get_object_or_404(Domain, version=draft, uuid=uuid)
    domain.version = draft
    return domain


@steward_required
def domain_create(request: HttpRequest, slug: str) -> HttpResponse:
    draft = draft_or_404(slug)
    form = DomainForm(request.POST or None, instance=Domain(version=draft))
    if request.method == "POST" and form.is_valid():
        try:
            domain = services.domain_create(version=draft, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The domain is added."))
            return redirect(editor_url(draft, f"domain-{domain.uuid}"))
    return form_page(
        request,
        form=form,
        title=_("New domain"),
        submit=_("Add the domain"),
        cancel_url=editor_url(draft),
    )


@steward_required
def domain_update(request: HttpRequest, slug: str, uuid: UUID) -> HttpResponse:
    domain = _domain(slug, uuid)
    form = DomainForm(request.POST or None, instance=domain)
    if request.method == "POST" and form.is_valid():
        try:
            services.domain_update(domain=domain, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The domain is saved."))
            return redirect(editor_url(domain.version, f"domain-{domain.uuid}"))
    return form_page(
        request,
        form=form,
        title=_("Edit domain %(code)s") % {"code": domain.code},
        submit=_("Save"),
        cancel_url=editor_url(domain.version, f"domain-{domain.uuid}"),
    )


@steward_required
def domain_delete(request: HttpRequest, slug: str, uuid: UUID) -> HttpResponse:
    domain = _domain(slug, uuid)
    if request.method == "POST":
        services.domain_delete(domain=domain)
        messages.success(request, _("The domain is deleted."))
        return redirect(editor_url(domain.version))
    count = domain.competences.count()
    return confirm_page(
        request,
        title=_("Delete domain %(code)s") % {"code": domain.code},
        message=ngettext(
            "The domain “%(title)s” and the competence in it will be deleted from this draft.",
            "The domain “%(title)s” and the %(count)s competences in it will be deleted "
            "from this draft.",
            count,
        )
        % {"title": domain.title, "count": count},
        submit=_("Delete the domain"),
        cancel_url=editor_url(domain.version, f"domain-{domain.uuid}"),
    )


@steward_required
@require_POST
def domain_move(request: HttpRequest, slug: str, uuid: UUID) -> HttpResponse:
    domain = _domain(slug, uuid)
    services.domain_move(domain=domain, direction=move_direction(request))
    return redirect(editor_url(domain.version, f"domain-{domain.uuid}"))


# --- Competences -------------------------------------------------------------------


def _competence(slug: str, uuid: UUID) -> Competence:
    draft = draft_or_404(slug)
    competence = get_object_or_404(
        Competence.objects.select_related("domain", "replaces"), version=draft, uuid=uuid
    )
    competence.version = draft
    return competence


@steward_required
def competence_create(request: HttpRequest, slug: str) -> HttpResponse:
    draft = draft_or_404(slug)
    try:
        domain_uuid: UUID | None = UUID(request.GET.get("domain", ""))
    except ValueError:
        domain_uuid = None
    domain = Domain.objects.filter(version=draft, uuid=domain_uuid).first() if domain_uuid else None
    form = CompetenceForm(
        request.POST or None,
        instance=Competence(version=draft),
        version=draft,
        initial={"domain": domain},
    )
    if request.method == "POST" and form.is_valid():
        try:
            competence = services.competence_create(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The competence is added."))
            return redirect("competences:competence_update", slug=slug, uuid=competence.uuid)
    return form_page(
        request,
        form=form,
        title=_("New competence"),
        submit=_("Add the competence"),
        cancel_url=editor_url(draft),
    )


@steward_required
def competence_update(request: HttpRequest, slug: str, uuid: UUID) -> HttpResponse:
    competence = _competence(slug, uuid)
    form = CompetenceForm(request.POST or None, instance=competence, version=competence.version)
    if request.method == "POST" and form.is_valid():
        try:
            services.competence_update(competence=competence, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The competence is saved."))
            return redirect(editor_url(competence.version, f"competence-{competence.uuid}"))
    return form_page(
        request,
        form=form,
        title=_("Edit competence %(code)s") % {"code": competence.code},
        submit=_("Save"),
        cancel_url=editor_url(competence.version, f"competence-{competence.uuid}"),
        template="competences/steward/competence_form.html",
        competence=competence,
        alignments=list(competence.alignments.all()),
    )


@steward_required
def competence_delete(request: HttpRequest, slug: str, uuid: UUID) -> HttpResponse:
    competence = _competence(slug, uuid)
    if request.method == "POST":
        services.competence_delete(competence=competence)
        messages.success(request, _("The competence is deleted."))
        return redirect(editor_url(competence.version, f"domain-{competence.domain.uuid}"))
    return confirm_page(
        request,
        title=_("Delete competence %(code)s") % {"code": competence.code},
        message=_(
            "The competence “%(title)s” will be deleted from this draft. It stays in the "
            "published versions, and claims and badges made on it stay valid."
        )
        % {"title": competence.title},
        submit=_("Delete the competence"),
        cancel_url=editor_url(competence.version, f"competence-{competence.uuid}"),
    )


@steward_required
@require_POST
def competence_move(request: HttpRequest, slug: str, uuid: UUID) -> HttpResponse:
    competence = _competence(slug, uuid)
    services.competence_move(competence=competence, direction=move_direction(request))
    return redirect(editor_url(competence.version, f"competence-{competence.uuid}"))


@steward_required
def competence_levels(request: HttpRequest, slug: str, uuid: UUID) -> HttpResponse:
    competence = _competence(slug, uuid)
    levels = list(ProficiencyLevel.objects.filter(version=competence.version))
    initial = {
        item.level.number: (item.descriptor_fr, item.descriptor_en)
        for item in competence.level_descriptors.select_related("level")
    }
    form = LevelTextsForm(request.POST or None, levels=levels, initial_texts=initial)
    back = reverse("competences:competence_update", kwargs={"slug": slug, "uuid": uuid})
    if request.method == "POST" and form.is_valid():
        try:
            services.competence_set_level_texts(competence=competence, texts=form.texts())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The level texts are saved."))
            return redirect(back)
    return form_page(
        request,
        form=form,
        title=_("Levels of competence %(code)s") % {"code": competence.code},
        submit=_("Save"),
        cancel_url=back,
        intro=_(
            "Say in a few plain words what each level looks like for this competence. "
            "Leave a level empty to use the general description of the level."
        ),
    )


# --- Alignments --------------------------------------------------------------------


@steward_required
def alignment_create(request: HttpRequest, slug: str, uuid: UUID) -> HttpResponse:
    competence = _competence(slug, uuid)
    form = AlignmentForm(
        request.POST or None,
        instance=ExternalAlignment(competence=competence),
        initial={"target_framework": "ESCO v1.1.1"},
    )
    back = reverse("competences:competence_update", kwargs={"slug": slug, "uuid": uuid})
    if request.method == "POST" and form.is_valid():
        try:
            services.alignment_create(competence=competence, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The alignment is added."))
            return redirect(back)
    return form_page(
        request,
        form=form,
        title=_("New alignment for %(code)s") % {"code": competence.code},
        submit=_("Add the alignment"),
        cancel_url=back,
    )


def _alignment(slug: str, uuid: UUID) -> ExternalAlignment:
    draft = draft_or_404(slug)
    alignment = get_object_or_404(
        ExternalAlignment.objects.select_related("competence"),
        competence__version=draft,
        uuid=uuid,
    )
    alignment.competence.version = draft
    return alignment


@steward_required
def alignment_update(request: HttpRequest, slug: str, uuid: UUID) -> HttpResponse:
    alignment = _alignment(slug, uuid)
    form = AlignmentForm(request.POST or None, instance=alignment)
    back = reverse(
        "competences:competence_update", kwargs={"slug": slug, "uuid": alignment.competence.uuid}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.alignment_update(alignment=alignment, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The alignment is saved."))
            return redirect(back)
    return form_page(
        request,
        form=form,
        title=_("Edit alignment of %(code)s") % {"code": alignment.competence.code},
        submit=_("Save"),
        cancel_url=back,
    )


@steward_required
def alignment_delete(request: HttpRequest, slug: str, uuid: UUID) -> HttpResponse:
    alignment = _alignment(slug, uuid)
    back = reverse(
        "competences:competence_update", kwargs={"slug": slug, "uuid": alignment.competence.uuid}
    )
    if request.method == "POST":
        services.alignment_delete(alignment=alignment)
        messages.success(request, _("The alignment is deleted."))
        return redirect(back)
    return confirm_page(
        request,
        title=_("Delete an alignment of %(code)s") % {"code": alignment.competence.code},
        message=_("The link to “%(label)s” will be deleted from this draft.")
        % {"label": alignment.label or alignment.target_url},
        submit=_("Delete the alignment"),
        cancel_url=back,
    )


# --- Levels ------------------------------------------------------------------------


def _level(slug: str, uuid: UUID) -> ProficiencyLevel:
    draft = draft_or_404(slug)
    level = get_object_or_404(ProficiencyLevel, version=draft, uuid=uuid)
    level.version = draft
    return level


@steward_required
def level_create(request: HttpRequest, slug: str) -> HttpResponse:
    draft = draft_or_404(slug)
    next_number = ProficiencyLevel.objects.filter(version=draft).count() + 1
    form = LevelForm(
        request.POST or None,
        instance=ProficiencyLevel(version=draft),
        initial={"number": next_number},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.level_create(version=draft, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The level is added."))
            return redirect(editor_url(draft, "levels"))
    return form_page(
        request,
        form=form,
        title=_("New level"),
        submit=_("Add the level"),
        cancel_url=editor_url(draft, "levels"),
    )


@steward_required
def level_update(request: HttpRequest, slug: str, uuid: UUID) -> HttpResponse:
    level = _level(slug, uuid)
    form = LevelForm(request.POST or None, instance=level)
    if request.method == "POST" and form.is_valid():
        try:
            services.level_update(level=level, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The level is saved."))
            return redirect(editor_url(level.version, "levels"))
    return form_page(
        request,
        form=form,
        title=_("Edit level %(number)s") % {"number": level.number},
        submit=_("Save"),
        cancel_url=editor_url(level.version, "levels"),
    )


@steward_required
def level_delete(request: HttpRequest, slug: str, uuid: UUID) -> HttpResponse:
    level = _level(slug, uuid)
    if request.method == "POST":
        services.level_delete(level=level)
        messages.success(request, _("The level is deleted."))
        return redirect(editor_url(level.version, "levels"))
    return confirm_page(
        request,
        title=_("Delete level %(number)s") % {"number": level.number},
        message=_(
            "The level “%(name)s” and its texts in every competence will be deleted from this "
            "draft. The levels above it move down one number."
        )
        % {"name": level.name},
        submit=_("Delete the level"),
        cancel_url=editor_url(level.version, "levels"),
    )
