"""API of the signed-in person's data exports (DRF), the same rules as the "Mes données" page
(``accounts/views/data.py``): an export is its owner's only (404 for anyone else's);
sign-in is required.

- ``POST me/exports/``: ask for an export; ``202`` with its status and its address. ``409``
  (``export_in_progress``) while another one is being prepared; ``429`` past
  ``RATE_LIMITS["data_export"]`` a day.
- ``GET me/exports/<uuid>/``: its status, and ``download`` once it is ready: the ZIP, through
  the same owner-only address as the page's button (the session is the credential). Like the
  progress page, it resumes an export whose worker died (``resumed_at`` says when).
"""

from __future__ import annotations

from uuid import UUID

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import DataExport
from accounts.rest.serializers.exports import DataExportSerializer
from accounts.selectors.exports import data_export_get_for_owner, data_export_in_progress
from accounts.services.export_run import data_export_resume
from accounts.services.exports import data_export_request
from config.http import or_404, signed_in_user
from config.ratelimit import rate_hit
from config.rest import api_responses, service_errors

TAG = "my data"
CONFLICT_CODES = ("export_in_progress",)


@extend_schema(
    summary="Ask for an export of my data",
    description=(
        "Prepares, in the background, a ZIP of everything Jalons holds about you "
        "(docs/personal-data.md); you get an email when it is ready. Answers `202` with the "
        "export: follow its `url` until `status` is `ready`, then download `download`. One "
        "export at a time (`409`, code `export_in_progress`), a few a day (`429`)."
    ),
    tags=[TAG],
    request=None,
    responses=api_responses(
        202,
        DataExportSerializer,
        errors={
            409: OpenApiResponse(
                description='Another export is being prepared: `{"detail": "…", "code": '
                '"export_in_progress"}`.'
            ),
        },
    ),
)
class DataExportCreate(generics.GenericAPIView[DataExport]):
    permission_classes = [IsAuthenticated]
    serializer_class = DataExportSerializer

    def post(self, request: Request) -> Response:
        user = signed_in_user(request)
        with service_errors(conflicts=CONFLICT_CODES):
            if data_export_in_progress(user=user) is None:
                limited = rate_hit("data_export", str(user.pk))
                if limited is not None:
                    # 429 with Retry-After, said by config.rest.exception_handler.
                    raise exceptions.Throttled(wait=limited.retry_after)
            export = data_export_request(user=user)
        data = self.get_serializer(export).data
        return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": data["url"]})


@extend_schema(
    summary="Read one of my data exports",
    description=(
        "Its status; `download` is the ZIP's address while it is ready. An export whose "
        "preparation was interrupted (the server stopped) is started again by this request; "
        "`resumed_at` then says when."
    ),
    tags=[TAG],
    responses=api_responses(200, DataExportSerializer, errors={}),
)
class DataExportDetail(generics.GenericAPIView[DataExport]):
    permission_classes = [IsAuthenticated]
    serializer_class = DataExportSerializer

    def get(self, request: Request, uuid: UUID) -> Response:
        export = or_404(data_export_get_for_owner(uuid=uuid, user=signed_in_user(request)))
        if data_export_resume(export=export):
            export.refresh_from_db()
        return Response(self.get_serializer(export).data)
