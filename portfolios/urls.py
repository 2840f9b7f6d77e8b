from django.urls import path

from portfolios.views import initiatives as views
from portfolios.views import notifications as notes

app_name = "portfolios"

urlpatterns = [
    path("initiatives/", views.initiative_list, name="initiative_list"),
    path("initiatives/new/", views.initiative_create, name="initiative_create"),
    path("initiatives/<slug:slug>/", views.initiative_detail, name="initiative_detail"),
    path("initiatives/<slug:slug>/edit/", views.initiative_edit, name="initiative_edit"),
    path("initiatives/<slug:slug>/verify/", views.initiative_verify, name="initiative_verify"),
    path("initiatives/<slug:slug>/members/", views.member_list, name="member_list"),
    path("initiatives/<slug:slug>/members/<int:pk>/role/", views.member_role, name="member_role"),
    path(
        "initiatives/<slug:slug>/members/<int:pk>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path("initiatives/<slug:slug>/leave/", views.initiative_leave, name="initiative_leave"),
    path("initiatives/<slug:slug>/invite/", views.invitation_create, name="invitation_create"),
    path(
        "initiatives/<slug:slug>/invitations/<int:pk>/cancel/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("initiatives/<slug:slug>/invitation/", views.invitation_answer, name="invitation_answer"),
    path("initiatives/<slug:slug>/join/", views.join_request_create, name="join_request_create"),
    path(
        "initiatives/<slug:slug>/requests/<int:pk>/accept/",
        views.join_request_accept,
        name="join_request_accept",
    ),
    path(
        "initiatives/<slug:slug>/requests/<int:pk>/refuse/",
        views.join_request_refuse,
        name="join_request_refuse",
    ),
    path("invitations/<str:token>/", views.invitation_open, name="invitation_open"),
    path("notifications/", notes.notification_list, name="notification_list"),
    path("notifications/settings/", notes.notification_settings, name="notification_settings"),
    path("notifications/read/", notes.notification_read_all, name="notification_read_all"),
    path("notifications/<int:pk>/", notes.notification_open, name="notification_open"),
    path("notifications/<int:pk>/read/", notes.notification_read, name="notification_read"),
]
