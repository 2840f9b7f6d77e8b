"""Addresses of the initiatives API, under /api/v1/ (namespace ``initiatives_api``).

Initiatives, their members, invitations and requests to join, and the signed-in
person's notifications. Every path has its own prefix (``initiatives/``,
``notifications/``), so that it never meets the other APIs under /api/v1/.
"""

from django.urls import path

from portfolios.api import initiatives as views

app_name = "initiatives_api"

initiative_patterns = [
    path("initiatives/", views.InitiativeList.as_view(), name="initiative_list"),
    path("initiatives/<slug:slug>/", views.InitiativeDetail.as_view(), name="initiative_detail"),
    path(
        "initiatives/<slug:slug>/verify/",
        views.InitiativeVerify.as_view(),
        name="initiative_verify",
    ),
    path(
        "initiatives/<slug:slug>/leave/", views.InitiativeLeave.as_view(), name="initiative_leave"
    ),
    path("initiatives/<slug:slug>/members/", views.MemberList.as_view(), name="member_list"),
    path(
        "initiatives/<slug:slug>/members/<int:pk>/",
        views.MemberDetail.as_view(),
        name="member_detail",
    ),
    path(
        "initiatives/<slug:slug>/invitations/",
        views.InvitationList.as_view(),
        name="invitation_list",
    ),
    path(
        "initiatives/<slug:slug>/invitations/<int:pk>/",
        views.InvitationDetail.as_view(),
        name="invitation_detail",
    ),
    path(
        "initiatives/<slug:slug>/join-requests/",
        views.JoinRequestList.as_view(),
        name="join_request_list",
    ),
    path(
        "initiatives/<slug:slug>/join-requests/<int:pk>/accept/",
        views.JoinRequestAccept.as_view(),
        name="join_request_accept",
    ),
    path(
        "initiatives/<slug:slug>/join-requests/<int:pk>/refuse/",
        views.JoinRequestRefuse.as_view(),
        name="join_request_refuse",
    ),
]

notification_patterns = [
    path("notifications/", views.NotificationList.as_view(), name="notification_list"),
    path(
        "notifications/read-all/",
        views.NotificationReadAll.as_view(),
        name="notification_read_all",
    ),
    path(
        "notifications/<int:pk>/read/",
        views.NotificationRead.as_view(),
        name="notification_read",
    ),
]

urlpatterns = [
    *initiative_patterns,
    *notification_patterns,
]
