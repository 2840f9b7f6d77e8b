"""Addresses of the accounts pages (namespace ``accounts``): sign-up, email verification,
login, password, profile, advisors (under /accounts/), the person's notifications (under
/notifications/) and the audit log (/audit/, stewards and staff). The verification and
password reset paths are in sent emails."""

from django.urls import path

from accounts.views import accounts as views
from accounts.views import audit, notifications

app_name = "accounts"

urlpatterns = [
    path("accounts/signup/", views.sign_up, name="signup"),
    path("accounts/signup/done/", views.sign_up_done, name="signup_done"),
    path("accounts/verify/resend/", views.resend_verification, name="resend_verification"),
    path("accounts/verify/<uidb64>/<token>/", views.verify_email, name="verify_email"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path("accounts/password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/advisors/", views.advisors, name="advisors"),
    path("accounts/advisors/<int:pk>/revoke/", views.advisor_revoke, name="advisor_revoke"),
    # --- The audit log, for stewards and staff (views/audit.py) ---
    path("audit/", audit.audit_log, name="audit_log"),
    # --- Notifications: the person's inbox and email settings (views/notifications.py) ---
    path("notifications/", notifications.notification_list, name="notification_list"),
    path(
        "notifications/settings/",
        notifications.notification_settings,
        name="notification_settings",
    ),
    path("notifications/read/", notifications.notification_read_all, name="notification_read_all"),
    path("notifications/<int:pk>/", notifications.notification_open, name="notification_open"),
    path("notifications/<int:pk>/read/", notifications.notification_read, name="notification_read"),
]
