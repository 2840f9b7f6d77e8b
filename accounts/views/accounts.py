"""Thin views: sign-up, email verification, login, password reset, profile, roles."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlencode, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts.forms.accounts import (
    GrantAdvisorForm,
    JalonsPasswordResetForm,
    LoginForm,
    ProfileForm,
    ResendVerificationForm,
    SignUpForm,
)
from accounts.models import User
from accounts.selectors.users import advisor_list, user_get_by_email
from accounts.services.login_guard import (
    LoginRefusal,
    login_check,
    login_failed,
    login_succeeded,
    login_unlock,
)
from accounts.services.users import (
    user_grant_advisor,
    user_revoke_advisor,
    user_send_verification,
    user_set_language,
    user_sign_up,
    user_update_profile,
    user_verify_email,
)
from accounts.tokens import email_verification_token
from config.http import client_address
from config.ratelimit import Limited, rate_hit, too_many

# Where someone who signs up on the way (e.g. asking to join an initiative) goes back once
# their address is confirmed: kept in their session, through the login page's "next".
SIGNUP_NEXT = "signup_next"


def _safe_next(request: HttpRequest, value: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return value if value and allowed else ""


def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    nxt = _safe_next(request, request.POST.get("next") or request.GET.get("next", ""))
    if nxt:
        request.session[SIGNUP_NEXT] = nxt
    if request.method == "POST":
        form = SignUpForm(request.POST)
        limited = rate_hit("signup_address", client_address(request))
        if limited is not None:
            form.is_valid()
            form.add_error(None, limited.message)
            return too_many(render(request, "accounts/signup.html", {"form": form}), limited)
        if form.is_valid():
            user_sign_up(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                display_name=form.cleaned_data["display_name"],
                preferred_language=form.cleaned_data["preferred_language"],
            )
            request.session["signup_email"] = form.cleaned_data["email"]
            return redirect("accounts:signup_done")
    else:
        form = SignUpForm(initial={"preferred_language": request.LANGUAGE_CODE})
    return render(request, "accounts/signup.html", {"form": form, "next": nxt})


def sign_up_done(request: HttpRequest) -> HttpResponse:
    return render(
        request, "accounts/signup_done.html", {"email": request.session.get("signup_email", "")}
    )


def _user_from_uid(uidb64: str) -> User | None:
    try:
        pk = force_str(urlsafe_base64_decode(uidb64))
        return User.objects.get(pk=pk)
    except (TypeError, ValueError, OverflowError, User.DoesNotExist):
        return None


def verify_email(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = _user_from_uid(uidb64)
    if user is not None and user.email_verified:
        messages.info(request, _("Your email address is already confirmed. You can log in."))
        return redirect("accounts:login")
    if user is None or not email_verification_token.check_token(user, token):
        return render(request, "accounts/verify_invalid.html", status=400)
    user_verify_email(user=user)
    messages.success(request, _("Thank you, your email address is confirmed. You can now log in."))
    nxt = _safe_next(request, request.session.pop(SIGNUP_NEXT, ""))
    if nxt:
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': nxt})}")
    return redirect("accounts:login")


def resend_verification(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ResendVerificationForm(request.POST)
        limited = rate_hit("resend_address", client_address(request))
        if limited is None and form.is_valid():
            limited = rate_hit("resend_email", form.cleaned_data["email"])
        if limited is not None:
            form.is_valid()
            form.add_error(None, limited.message)
            page = render(request, "accounts/resend_verification.html", {"form": form})
            return too_many(page, limited)
        if form.is_valid():
            user = user_get_by_email(email=form.cleaned_data["email"])
            if user is not None:
                user_send_verification(user=user)
            request.session["signup_email"] = form.cleaned_data["email"]
            return redirect("accounts:signup_done")
    else:
        form = ResendVerificationForm(initial={"email": request.session.get("signup_email", "")})
    return render(request, "accounts/resend_verification.html", {"form": form})


class LoginView(auth_views.LoginView):
    """Login, guarded against password guessing (``accounts.services.login_guard``): an
    attempt refused for too many failures answers 429 with ``Retry-After``, email kept."""

    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    refusal: LoginRefusal | None = None

    def _email(self) -> str:
        return str(self.request.POST.get("username", ""))[:254]

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        if self.request.method == "POST":
            self.refusal = login_check(email=self._email(), address=client_address(self.request))
            kwargs["refusal"] = self.refusal.message if self.refusal is not None else ""
        return kwargs

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        login_succeeded(email=self._email())
        return super().form_valid(form)

    def form_invalid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        if self.refusal is not None:
            limited = Limited(retry_after=self.refusal.retry_after)
            return too_many(super().form_invalid(form), limited)
        if form.has_error(NON_FIELD_ERRORS, "invalid_login"):
            address = client_address(self.request)
            login_failed(email=self._email(), address=address)
            now_refused = login_check(email=self._email(), address=address)
            if now_refused is not None and now_refused.reason != "slow_down":
                form.add_error(None, now_refused.message)
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    """Reset emails are limited per address asked for and per client address: past the
    limit, the form again with the wait (429, ``Retry-After``), and no email."""

    form_class = JalonsPasswordResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: JalonsPasswordResetForm) -> HttpResponse:  # type: ignore[override]
        limited = rate_hit("reset_address", client_address(self.request)) or rate_hit(
            "reset_email", form.cleaned_data["email"]
        )
        if limited is not None:
            form.add_error(None, limited.message)
            return too_many(self.form_invalid(form), limited)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        # Following the emailed link proves the address too, and lifts a login lock.
        response = super().form_valid(form)
        user_verify_email(user=form.user)
        login_unlock(email=form.user.email)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            user_update_profile(
                user=user,
                display_name=form.cleaned_data["display_name"],
                preferred_language=form.cleaned_data["preferred_language"],
            )
            response = redirect("accounts:profile")
            _set_language_cookie(response, user.preferred_language)
            messages.success(request, _("Your profile has been saved."))
            return response
    else:
        form = ProfileForm(
            initial={
                "display_name": user.display_name,
                "preferred_language": user.preferred_language,
            }
        )
    return render(request, "accounts/profile.html", {"form": form})


def _set_language_cookie(response: HttpResponse, language: str) -> None:
    from django.conf import settings

    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers the choice on the profile."""
    from django.conf import settings

    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        assert isinstance(request.user, User)
        user_set_language(user=request.user, language=language)
    # Without a safe "next", go home rather than to a blank 204 response.
    if response.status_code == 204:
        nxt = request.POST.get("next", "")
        safe = url_has_allowed_host_and_scheme(
            nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        redirected = HttpResponseRedirect(nxt if safe and nxt else reverse("home"))
        for cookie in response.cookies.values():
            redirected.cookies[cookie.key] = cookie
        return redirected
    return response


def _require_role_manager(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user.can_grant_advisor:
        raise PermissionDenied
    return user


@login_required
def advisors(request: HttpRequest) -> HttpResponse:
    """Stewards and staff grant and revoke the advisor role."""
    manager = _require_role_manager(request)
    if request.method == "POST":
        form = GrantAdvisorForm(request.POST)
        if form.is_valid():
            target = user_get_by_email(email=form.cleaned_data["email"])
            assert target is not None
            user_grant_advisor(
                user=target, granted_by=manager, organisation=form.cleaned_data["organisation"]
            )
            messages.success(request, _("%(name)s is now an advisor.") % {"name": target})
            return redirect("accounts:advisors")
    else:
        form = GrantAdvisorForm()
    return render(
        request,
        "accounts/advisors.html",
        {"form": form, "advisors": advisor_list(viewer=manager)},
    )


@login_required
@require_POST
def advisor_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    manager = _require_role_manager(request)
    target = get_object_or_404(advisor_list(viewer=manager), pk=pk)
    user_revoke_advisor(user=target, revoked_by=manager)
    messages.success(request, _("%(name)s is no longer an advisor.") % {"name": target})
    return redirect("accounts:advisors")
