"""API of the signed-in person's notifications (DRF), the same rules as the pages
(``accounts/views/notifications.py``): notifications are their recipient's (404 for anyone
else's); sign-in is required. Reads go through ``accounts.selectors.notifications``, writes
through ``accounts.services.notifications``.
"""

from __future__ import annotations

from functools import partial

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import Notification
from accounts.rest.serializers.notifications import NotificationSerializer, ReadAllSerializer
from accounts.selectors.notifications import notification_list
from accounts.services.notifications import notification_mark_all_read, notification_mark_read
from config.http import signed_in_user
from config.rest import Pagination, api_responses

TAG_NOTIFICATIONS = "notifications"
ERRORS = {
    403: OpenApiResponse(description="Not signed in."),
    404: OpenApiResponse(description="Not found, or not something you may see."),
}

responses = partial(api_responses, errors=ERRORS)


@extend_schema_view(
    get=extend_schema(
        summary="List my notifications",
        description="Newest first, read or not.",
        tags=[TAG_NOTIFICATIONS],
    ),
)
class NotificationList(generics.ListAPIView[Notification]):
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination
    serializer_class = NotificationSerializer

    def get_queryset(self) -> QuerySet[Notification]:
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return notification_list(recipient=self.request.user)


@extend_schema(
    summary="Mark a notification as read",
    tags=[TAG_NOTIFICATIONS],
    request=None,
    responses=responses(200, NotificationSerializer),
)
class NotificationRead(generics.GenericAPIView[Notification]):
    permission_classes = [IsAuthenticated]
    serializer_class = NotificationSerializer

    def post(self, request: Request, pk: int) -> Response:
        notification = get_object_or_404(notification_list(recipient=request.user), pk=pk)
        notification_mark_read(notification=notification, user=signed_in_user(request))
        return Response(self.get_serializer(notification).data)


@extend_schema(
    summary="Mark all my notifications as read",
    tags=[TAG_NOTIFICATIONS],
    request=None,
    responses=responses(200, ReadAllSerializer),
)
class NotificationReadAll(generics.GenericAPIView[Notification]):
    permission_classes = [IsAuthenticated]
    serializer_class = ReadAllSerializer

    def post(self, request: Request) -> Response:
        marked = notification_mark_all_read(user=signed_in_user(request))
        return Response(ReadAllSerializer({"marked": marked}).data)
