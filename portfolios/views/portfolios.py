"""The owner's pages for portfolios: list, create (or one click), web view, edit, delete.

Thin: reads through ``portfolios.selectors.portfolios``, writes through
``portfolios.services.portfolios``. Only the owner sees a portfolio here: anyone else
gets 404, whether or not it exists.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.forms import add_service_errors
from config.http import posted, signed_in_user
from portfolios.forms.portfolios import PortfolioEditForm, PortfolioForm
from portfolios.models import PortfolioLanguage
from portfolios.selectors import choices
from portfolios.selectors import portfolios as selectors
from portfolios.selectors.releases import release_list_for_owner
from portfolios.selectors.rome import rome_reading
from portfolios.services import portfolios as services
from portfolios.views._common import portfolio_owned_or_404


def _language(language: str) -> str:
    return language if language in PortfolioLanguage.values else PortfolioLanguage.FRENCH


@login_required
def portfolio_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    portfolios = list(selectors.portfolio_list(owner=user))
    return render(request, "portfolios/portfolios/list.html", {"portfolios": portfolios})


@login_required
def portfolio_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    initial = {"language": _language(user.preferred_language)}
    form = PortfolioForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            portfolio = services.portfolio_create(owner=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your portfolio is created. Now choose what it shows."))
            return redirect("portfolios:portfolio_edit", uuid=portfolio.uuid)
    return render(request, "portfolios/portfolios/form.html", {"form": form, "portfolio": None})


@login_required
@require_POST
def portfolio_create_default(request: HttpRequest) -> HttpResponse:
    """One click: a portfolio proposed from the competence profile."""
    portfolio = services.portfolio_create_default(owner=signed_in_user(request))
    messages.success(
        request,
        _("Your portfolio is ready, made from what others confirmed. You can change it."),
    )
    return redirect(portfolio.get_absolute_url())


@login_required
def portfolio_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    portfolio = portfolio_owned_or_404(request, uuid)
    content = selectors.portfolio_content(portfolio=portfolio)
    return render(
        request,
        "portfolios/portfolios/detail.html",
        {
            "portfolio": portfolio,
            "content": content,
            "show_private_actions": True,
            "rome": rome_reading(content=content),
            "rome_url": reverse("portfolios:portfolio_rome", kwargs={"uuid": portfolio.uuid}),
            "releases": release_list_for_owner(portfolio=portfolio),
        },
    )


@login_required
def portfolio_edit(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = signed_in_user(request)
    portfolio = portfolio_owned_or_404(request, uuid)
    form = PortfolioEditForm(
        posted(request),
        choices=choices.portfolio_choices(owner=user),
        selected=choices.portfolio_selection(portfolio=portfolio),
        initial={
            "title": portfolio.title,
            "target": portfolio.target,
            "statement": portfolio.statement,
            "language": portfolio.language,
            "rome_page": portfolio.rome_page,
        },
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ("title", "target", "statement")}
        try:
            with transaction.atomic():
                services.portfolio_update(
                    portfolio=portfolio,
                    by=user,
                    language=form.cleaned_data["language"],
                    rome_page=form.cleaned_data["rome_page"],
                    **fields,
                )
                services.portfolio_items_set(portfolio=portfolio, by=user, **form.selection())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your portfolio is saved."))
            return redirect(portfolio.get_absolute_url())
    return render(
        request, "portfolios/portfolios/form.html", {"form": form, "portfolio": portfolio}
    )


@login_required
def portfolio_delete(request: HttpRequest, uuid: UUID) -> HttpResponse:
    portfolio = portfolio_owned_or_404(request, uuid)
    if request.method == "POST":
        services.portfolio_delete(portfolio=portfolio, by=signed_in_user(request))
        messages.success(
            request,
            _("The portfolio “%(title)s” is deleted. Its share links no longer open.")
            % {"title": portfolio.title},
        )
        return redirect("portfolios:portfolio_list")
    return render(request, "portfolios/portfolios/delete.html", {"portfolio": portfolio})
