"""Addresses of the accounts API under /api/v1/ (namespace ``accounts_api``): the signed-in
person's notifications, under their own prefix (``notifications/``), and the exports of their
data (``me/exports/``)."""

from django.urls import path

from accounts.rest import exports, notifications

app_name = "accounts_api"

urlpatterns = [
    path("me/exports/", exports.DataExportCreate.as_view(), name="data_export_create"),
    path("me/exports/<uuid:uuid>/", exports.DataExportDetail.as_view(), name="data_export_detail"),
    path("notifications/", notifications.NotificationList.as_view(), name="notification_list"),
    path(
        "notifications/read-all/",
        notifications.NotificationReadAll.as_view(),
        name="notification_read_all",
    ),
    path(
        "notifications/<int:pk>/read/",
        notifications.NotificationRead.as_view(),
        name="notification_read",
    ),
]
