"""Addresses of the accounts pages (namespace ``accounts``): sign-up, email verification,
login, password, profile, "Mes données" and its exports, advisors (under /accounts/), the
person's notifications (under /notifications/), the audit log (/audit/, stewards and staff)
and the privacy notice (/privacy/). The verification and password reset paths are in sent
emails; the privacy notice's in emails and PDFs."""

from django.urls import path

from accounts.views import accounts as views
from accounts.views import audit, data, deletion, notifications, privacy

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
    # --- "Mes données": what Jalons holds about the person, and its export (views/data.py) ---
    path("accounts/data/", data.my_data, name="my_data"),
    path("accounts/data/close/", deletion.account_deletion, name="account_deletion"),
    path(
        "accounts/data/close/cancel/",
        deletion.account_deletion_cancel_view,
        name="account_deletion_cancel",
    ),
    path("accounts/data/export/", data.data_export_create, name="data_export_create"),
    path("accounts/data/exports/<uuid:uuid>/", data.data_export_detail, name="data_export_detail"),
    path(
        "accounts/data/exports/<uuid:uuid>/download/",
        data.data_export_download,
        name="data_export_download",
    ),
    path("accounts/advisors/", views.advisors, name="advisors"),
    path("accounts/advisors/<int:pk>/revoke/", views.advisor_revoke, name="advisor_revoke"),
    # --- The privacy notice, for everyone (views/privacy.py): a stable address ---
    path("privacy/", privacy.privacy_notice, name="privacy"),
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
