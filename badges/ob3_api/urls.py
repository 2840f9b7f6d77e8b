"""Addresses of the OB 3.0 API (namespace ``ob3_api``), under ``/ims/ob/v3p0/`` as the
specification fixes them; the OAuth 2.0 endpoints it advertises in the discovery document
are under ``/ims/ob/v3p0/oauth/``."""

from django.urls import path
from oauth2_provider.views import RevokeTokenView, TokenView

from badges.ob3_api import discovery, registration, views
from badges.ob3_api.authorize import WalletAuthorizationView

app_name = "ob3_api"

urlpatterns = [
    path("discovery", discovery.discovery, name="discovery"),
    path("credentials", views.credentials, name="credentials"),
    path("profile", views.profile, name="profile"),
    path("oauth/register", registration.register, name="register"),
    path("oauth/authorize", WalletAuthorizationView.as_view(), name="authorize"),
    path("oauth/token", TokenView.as_view(), name="token"),
    path("oauth/revoke", RevokeTokenView.as_view(), name="revoke"),
]
