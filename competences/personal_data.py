"""What competences holds about a person: the versions of a framework they created or
published, as a steward (the ``competences`` section of ``accounts.data_rights``, registered
in ``CompetencesConfig.ready``). Most people have none: the section then shows nothing on
"Mes données", and its key is an empty list in the export.

Nothing to erase here: a version outlives its author (it is the territory's), and closing
the account only empties ``created_by`` and ``published_by`` (``on_delete=SET_NULL``).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.api import DataPart, Erasure, ExportWriter, IndexLink, User
from competences.models import FrameworkVersion, Status, localized
from competences.selectors import personal_data as selectors
from config.http import absolute_url

TITLE = gettext_lazy("Your work on the competence framework")


def summary(user: User) -> list[DataPart]:
    count = selectors.versions_created_or_published_by(user=user).count()
    if not count:
        return []
    return [
        DataPart(
            title=_("Versions of a framework you created or published"),
            count=count,
            description=_(
                "The versions stay the territory's; your part in them is in your export."
            ),
            url=reverse("competences:framework_list"),
            action=_("See the frameworks"),
        )
    ]


def _version(version: FrameworkVersion, user: User) -> dict[str, Any]:
    return {
        "uuid": str(version.uuid),
        "framework": localized(version.framework, "name")[0],
        "label": version.label,
        "status": version.status,
        "created_by_you": version.created_by_id == user.pk,
        "created_at": version.created_at,
        "published_by_you": version.published_by_id == user.pk,
        "published_at": version.published_at if version.published_by_id == user.pk else None,
        # A draft has no public page yet.
        "page": "" if version.status == Status.DRAFT else absolute_url(version.get_absolute_url()),
    }


def export(user: User, writer: ExportWriter) -> None:
    versions = [
        _version(version, user) for version in selectors.versions_created_or_published_by(user=user)
    ]
    writer.add_data("framework_versions", versions)
    if versions:
        writer.add_index(
            TITLE,
            [
                IndexLink(
                    _("Versions of a framework you created or published: %(count)s")
                    % {"count": len(versions)},
                    "framework_versions.json",
                )
            ],
        )


def erase(user: User, erasure: Erasure) -> None:
    """Nothing: see the module's docstring."""
