"""The site's addresses, plus ``/bench/one-row.json``: one row read, returned as JSON."""

from django.http import HttpRequest, JsonResponse
from django.urls import path

from badges.models import Issuer
from config.urls import handler400, handler403, handler404, handler500
from config.urls import urlpatterns as site


def one_row(request: HttpRequest) -> JsonResponse:
    """The bare Django view: one row of one table (an issuer's id and name)."""
    row = Issuer.objects.filter(uuid=request.GET["uuid"]).values("uuid", "name").first()
    return JsonResponse({"uuid": str(row["uuid"]), "name": row["name"]} if row else {})


urlpatterns = [path("bench/one-row.json", one_row), *site]
__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
