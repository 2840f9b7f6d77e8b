"""``manage.py award_badge --badge UUID|SLUG --email ADDRESS [--narrative …] [--evidence-url …]``.

Awards a badge class in its issuer's name (the operator acts for the issuer: no
"awarded by") and prints one JSON object: the award's identifier, its badge class,
its recipient and the addresses of its page, documents and baked images. The badge
class is named by its identifier, by its slug when no other issuer uses it, or by
``<issuer uuid>/<slug>``.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from badges.models import Award, BadgeClass
from badges.services.awards import award_issue
from badges.services.bulk import EVIDENCE_URL_MAX_LENGTH, NARRATIVE_MAX_LENGTH


def _candidates(badge_classes: list[BadgeClass]) -> str:
    return "; ".join(
        f"{badge_class.issuer.uuid}/{badge_class.slug} ({badge_class.issuer.name}, "
        f"{badge_class.uuid})"
        for badge_class in badge_classes
    )


def badge_class_find(reference: str) -> BadgeClass:
    """The badge class named by a UUID, a slug unique across issuers, or ``issuer/slug``."""
    reference = reference.strip().strip("/")
    classes = BadgeClass.objects.select_related("issuer")
    try:
        identifier = uuid.UUID(reference)
    except ValueError:
        pass
    else:
        found = classes.filter(uuid=identifier).first()
        if found is None:
            raise CommandError(
                _("There is no badge class with the identifier %(uuid)s.") % {"uuid": identifier}
            )
        return found
    issuer_part, _slash, slug = reference.rpartition("/")
    matches = classes.filter(slug=slug).order_by("issuer__name", "pk")
    if issuer_part:
        try:
            matches = matches.filter(issuer__uuid=uuid.UUID(issuer_part))
        except ValueError:
            raise CommandError(
                _("“%(reference)s” is not <issuer uuid>/<slug>: %(issuer)s is not an identifier.")
                % {"reference": reference, "issuer": issuer_part}
            ) from None
    found_list = list(matches[:20])
    if len(found_list) == 1:
        return found_list[0]
    if not found_list:
        similar = list(classes.filter(slug__icontains=slug[:20]).order_by("slug", "pk")[:10])
        message = _("There is no badge class “%(reference)s”.") % {"reference": reference}
        if similar:
            message += " " + _("Did you mean: %(candidates)s?") % {
                "candidates": _candidates(similar)
            }
        raise CommandError(message)
    raise CommandError(
        _("Several issuers have a badge class “%(slug)s”; name it as <issuer uuid>/<slug>: "
          "%(candidates)s.") % {"slug": slug, "candidates": _candidates(found_list)}
    )  # fmt: skip


def award_summary(award: Award) -> dict[str, Any]:
    return {
        "id": str(award.uuid),
        "badge": {"uuid": str(award.badge_class.uuid), "name": award.badge_class.name},
        "recipient": award.recipient_email,
        "urls": {
            "page": award.page_url,
            "ob2": award.ob2_url,
            "ob3": award.ob3_url,
            "png": award.png_url,
            "svg": award.svg_url,
            "ob2_png": award.ob2_png_url,
            "ob2_svg": award.ob2_svg_url,
        },
    }


class Command(BaseCommand):
    help = (
        "Award a badge class to an email address, in its issuer's name, and print the award "
        "(identifier and addresses) as JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--badge",
            required=True,
            metavar="UUID|SLUG",
            help="The badge class: its identifier, its slug, or <issuer uuid>/<slug>.",
        )
        parser.add_argument("--email", required=True, help="The recipient's email address.")
        parser.add_argument("--narrative", default="", help="Why this badge (public).")
        parser.add_argument(
            "--evidence-url", dest="evidence_url", default="", help="A web page showing the work."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        badge_class = badge_class_find(options["badge"])
        evidence_url = options["evidence_url"].strip()
        if evidence_url:
            try:
                if len(evidence_url) > EVIDENCE_URL_MAX_LENGTH:
                    raise ValidationError("too long")
                URLValidator(schemes=["http", "https"])(evidence_url)
            except ValidationError:
                raise CommandError(
                    _("The evidence URL must be a web address starting with http:// or "
                      "https:// (500 characters at most).")
                ) from None  # fmt: skip
        if len(options["narrative"]) > NARRATIVE_MAX_LENGTH:
            raise CommandError(_("The narrative is too long (4000 characters at most)."))
        try:
            award = award_issue(
                badge_class=badge_class,
                email=options["email"],
                narrative=options["narrative"],
                evidence_url=evidence_url,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(json.dumps(award_summary(award), ensure_ascii=False))
