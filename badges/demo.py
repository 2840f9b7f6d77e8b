"""Demo issuers for `manage.py demo_data` (runs after the community's demo data).

The territory (created by its steward) and the demo repair café (created by its
leader) become issuers, each with a signing key, and the advisor's Mission locale
becomes a partner organisation that endorses the territory's first badge class. The
territory gets one badge class per domain of the default framework, awards a few of
them to the demo volunteers who meet their rules and revokes one award; the others who
meet them wait in the stewards' "Badges to confirm". The repair café gets one badge
class whose rule its volunteers meet, so that Sophie has proposals to confirm.
Running it twice changes nothing more: an existing issuer is left as it is (its keys
are not rotated), a badge class is looked up by name, an award by its recipient.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from PIL import Image, ImageDraw

from accounts.api import User
from badges.designer import badge_svg
from badges.images import BadgeImage, svg_image_clean
from badges.models import Award, BadgeClass, Issuer
from badges.rules import users_meeting_rules
from badges.selectors.badge_designs import FROM_DOMAIN, FROM_RULE, FirstRule, badge_design_resolve
from badges.selectors.issuers import issuer_for_initiative, territory_issuer
from badges.services.awards import award_create
from badges.services.badge_classes import RuleSpec, badge_class_create
from badges.services.endorsements import badge_class_endorse
from badges.services.issuers import issuer_create, organisation_issuer_create
from badges.services.proposals import award_proposals_refresh
from badges.services.recognition import recognition_grant
from badges.services.revocation import award_revoke
from community.api import Endorsement, Initiative
from competences.api import Competence, Status
from config.images import CleanImage

STEWARD = "territoire@example.org"
LEADER = "sophie@example.org"
ADVISOR = "karim@example.org"
ORGANISATION = "Mission locale de Dijon"
RECOGNITION_NOTE = "Initiative connue du territoire, rencontrée lors de la cartographie de 2018."
ORGANISATION_NOTE = "Mission locale de l'agglomération, partenaire du territoire."
ORGANISATION_COMMENT = (
    "Nous recommandons ce badge : il atteste une compétence que les employeurs du "
    "territoire recherchent, vérifiée par celles et ceux qui l'ont vue à l'œuvre."
)
CAFE_BADGE = "Pilier du Repair Café"
REPAIR_CAFE = "repair-cafe-de-chenove"
MAX_AWARDS = 4
REVOCATION_REASON = "Attribué par erreur (démonstration)."


@dataclass(frozen=True)
class DemoIssuer:
    by: str
    initiative_slug: str | None
    name: str
    email: str
    url: str
    description: str
    colour: tuple[int, int, int]


DEMO_ISSUERS = [
    DemoIssuer(
        by=STEWARD,
        initiative_slug=None,
        name="Territoire de Dijon",
        email="territoire@example.org",
        url="https://territoire.example.org",
        description=(
            "Le territoire reconnaît les compétences acquises en contribuant aux projets "
            "collaboratifs, avec le référentiel partagé des compétences transverses."
        ),
        colour=(29, 79, 145),
    ),
    DemoIssuer(
        by=LEADER,
        initiative_slug=REPAIR_CAFE,
        name="Repair Café de Chenôve",
        email="repair-cafe-chenove@example.org",
        url="",
        description=(
            "Les bénévoles du Repair Café reçoivent des badges pour ce qu'ils apprennent en "
            "accueillant, en réparant et en transmettant."
        ),
        colour=(200, 80, 20),
    ),
]


@dataclass(frozen=True)
class DemoBadgeClass:
    domain: str  # the domain's code in the default framework
    name: str
    description: str
    criteria: str
    competences: tuple[str, ...]  # one rule each: level ≥ 2, one endorser, a leader
    pictogram: str  # its designed image: this pictogram, the domain's colour, the rule's level


# One rule per badge class, on the competence of the domain the demo volunteers
# practise: a rule per competence of the domain would be met by nobody.
DEMO_BADGE_CLASSES = [
    DemoBadgeClass(
        domain="ORG",
        name="Organiser et piloter — confirmé",
        description=(
            "Sait organiser une activité collective : préparer le matériel, répartir le "
            "travail et tenir le fil jusqu'au bout."
        ),
        criteria=(
            "Avoir organisé une activité au niveau 2 au moins, confirmé par au moins une "
            "personne, dont un ou une responsable d'initiative."
        ),
        competences=("ORG.1",),
        pictogram="calendar",
    ),
    DemoBadgeClass(
        domain="COOP",
        name="Coopérer et animer — confirmé",
        description=(
            "Sait créer de bonnes relations dans un collectif et accueillir chacun avec attention."
        ),
        criteria=(
            "Avoir créé de bonnes relations au niveau 2 au moins, confirmé par au moins une "
            "personne, dont un ou une responsable d'initiative."
        ),
        competences=("COOP.1",),
        pictogram="handshake",
    ),
    DemoBadgeClass(
        domain="COM",
        name="Communiquer et mobiliser — confirmé",
        description=(
            "Sait mettre des personnes et des projets en relation pour faire avancer une "
            "initiative."
        ),
        criteria=(
            "Avoir mis en réseau au niveau 2 au moins, confirmé par au moins une personne, "
            "dont un ou une responsable d'initiative."
        ),
        competences=("COM.3",),
        pictogram="megaphone",
    ),
    DemoBadgeClass(
        domain="INNO",
        name="Créer et innover — confirmé",
        description="Sait proposer des idées, les essayer et retenir la meilleure.",
        criteria=(
            "Avoir eu des idées et créé au niveau 2 au moins, confirmé par au moins une "
            "personne, dont un ou une responsable d'initiative."
        ),
        competences=("INNO.1",),
        pictogram="lightbulb",
    ),
    DemoBadgeClass(
        domain="INCL",
        name="Inclure, accompagner, apprendre — confirmé",
        description=(
            "Sait faire une place à chacun et montrer comment faire, sans faire à la place "
            "des autres."
        ),
        criteria=(
            "Avoir inclus chacun au niveau 2 au moins, confirmé par au moins une personne, "
            "dont un ou une responsable d'initiative."
        ),
        competences=("INCL.1",),
        pictogram="hand-heart",
    ),
]


def address_problem() -> str:
    """Why the demo cannot be loaded for ``SITE_URL``: demo badges signed earlier for another
    address (a signed badge names its address and cannot be changed), "" when there are none.
    """
    site = settings.SITE_URL.rstrip("/")
    credentials = Award.objects.filter(
        badge_class__issuer__name__in=[issuer.name for issuer in DEMO_ISSUERS],
        credential__isnull=False,
    ).values_list("credential", flat=True)
    for credential in credentials:
        credential_id = str(credential.get("id", "")) if isinstance(credential, dict) else ""
        if credential_id.startswith("http") and not credential_id.startswith(f"{site}/"):
            parts = urlsplit(credential_id)
            return f"{parts.scheme}://{parts.netloc}"
    return ""


def _image(colour: tuple[int, int, int]) -> CleanImage:
    """A plain round emblem, drawn here so that the demo needs no image file."""
    size = 256
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, size - 8, size - 8), fill=(*colour, 255))
    draw.ellipse((72, 72, size - 72, size - 72), fill=(255, 255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return CleanImage(content=buffer.getvalue(), extension="png", width=size, height=size)


def _designed_image(name: str, competence: Competence, pictogram: str) -> BadgeImage:
    """A badge image from the designer: the competence's domain colour, level 2 (the demo
    rules' level) with its name in the framework, ``pictogram``."""
    design = badge_design_resolve(
        name=name,
        pictogram=pictogram,
        colour=FROM_DOMAIN,
        level=FROM_RULE,
        first=FirstRule(competence=competence, min_level=2),
    )
    return svg_image_clean(badge_svg(design).encode())


@transaction.atomic
def load() -> list[Issuer]:
    """Create the demo issuers that do not exist yet; return both."""
    issuers = []
    for demo in DEMO_ISSUERS:
        by = User.objects.get(email=demo.by)
        initiative = None
        if demo.initiative_slug is not None:
            initiative = Initiative.objects.get(slug=demo.initiative_slug)
            existing = issuer_for_initiative(initiative=initiative)
        else:
            existing = territory_issuer()
        if existing is None:
            existing = issuer_create(
                by=by,
                initiative=initiative,
                name=demo.name,
                email=demo.email,
                url=demo.url,
                description=demo.description,
                image=_image(demo.colour),
            )
        issuers.append(existing)
    steward = User.objects.filter(email=STEWARD).first()
    for issuer in issuers:
        _recognise(issuer, steward, RECOGNITION_NOTE)
    territory = territory_issuer()
    if territory is not None:
        load_badges(territory)
    cafe = next((issuer for issuer in issuers if issuer.initiative_id), None)
    if cafe is not None:
        _cafe_badge_class(cafe)
    # Badge classes propose themselves once the transaction commits (a task); do it now,
    # so that the demo has its proposals whatever the task backend.
    for user in User.objects.filter(pk__in=_people_meeting_rules()).order_by("pk"):
        award_proposals_refresh(user=user)
    return issuers


def _people_meeting_rules() -> set[int]:
    people: set[int] = set()
    for badge_class in BadgeClass.objects.filter(rules__isnull=False).distinct():
        people.update(users_meeting_rules(badge_class=badge_class))
    return people


def _recognise(issuer: Issuer | None, steward: User | None, note: str) -> None:
    """The steward recognises a demo issuer in the territory's name (once)."""
    if issuer is not None and steward is not None and not issuer.is_recognised:
        recognition_grant(issuer=issuer, by=steward, note=note)


def _organisation(steward: User) -> Issuer | None:
    """The advisor's Mission locale as a partner organisation (created when missing)."""
    existing = Issuer.objects.filter(is_organisation=True, name=ORGANISATION).first()
    if existing is not None or not User.objects.filter(email=ADVISOR).exists():
        return existing
    return organisation_issuer_create(
        by=steward,
        name=ORGANISATION,
        url="https://mission-locale.example.org",
        email="contact@mission-locale.example.org",
        description="Accompagne les jeunes de 16 à 25 ans vers l'emploi et la formation.",
        staff_emails=[ADVISOR],
    )


def _organisation_endorses(organisation: Issuer, badge_class: BadgeClass) -> None:
    if not badge_class.organisation_endorsements.filter(
        endorser=organisation, withdrawn_at__isnull=True
    ).exists():
        badge_class_endorse(
            badge_class=badge_class,
            organisation=organisation,
            by=organisation.staff.get(email=ADVISOR),
            comment=ORGANISATION_COMMENT,
        )


def _cafe_badge_class(cafe: Issuer) -> BadgeClass | None:
    """The repair café's badge: the competence its leader endorsed most, at level 2 or more.

    Creating it proposes it to the volunteers who meet its rule (the badges' own hook).
    """
    existing = BadgeClass.objects.filter(issuer=cafe, name=CAFE_BADGE).first()
    leader = User.objects.filter(email=LEADER).first()
    if existing is not None or leader is None:
        return existing
    top = (
        Endorsement.objects.filter(endorser=leader, level__gte=2)
        .values("claim__competence")
        .annotate(count=Count("pk"))
        .order_by("-count", "claim__competence")
        .first()
    )
    if top is None:
        return None
    competence = Competence.objects.select_related("domain").get(pk=top["claim__competence"])
    return badge_class_create(
        issuer=cafe,
        by=leader,
        name=CAFE_BADGE,
        description="Pour les bénévoles sur qui l'atelier de réparation peut compter.",
        criteria_narrative=(
            "Une compétence du référentiel confirmée au niveau 2 au moins par l'animatrice "
            "du Repair Café."
        ),
        image=_designed_image(CAFE_BADGE, competence, "wrench"),
        rules=[
            RuleSpec(
                competence=competence,
                min_level=2,
                min_endorsers=1,
                min_leaders=1,
            )
        ],
    )


def _badge_classes(issuer: Issuer, steward: User) -> list[BadgeClass]:
    """The territory's demo badge classes, created when missing (looked up by name)."""
    competences = {
        competence.code: competence
        for competence in Competence.objects.filter(version__status=Status.PUBLISHED)
        .select_related("version", "domain")
        .order_by("version__framework__slug")
    }
    badge_classes = []
    for demo in DEMO_BADGE_CLASSES:
        existing = BadgeClass.objects.filter(issuer=issuer, name=demo.name).first()
        if existing is None:
            if any(code not in competences for code in demo.competences):
                continue
            existing = badge_class_create(
                issuer=issuer,
                by=steward,
                name=demo.name,
                description=demo.description,
                criteria_narrative=demo.criteria,
                image=_designed_image(demo.name, competences[demo.competences[0]], demo.pictogram),
                rules=[
                    RuleSpec(
                        competence=competences[code], min_level=2, min_endorsers=1, min_leaders=1
                    )
                    for code in demo.competences
                ],
            )
        badge_classes.append(existing)
    return badge_classes


def _awards(badge_classes: list[BadgeClass], steward: User) -> list[Award]:
    """Award the badge classes to the people who meet their rules, a few at most."""
    awards: list[Award] = []
    for badge_class in badge_classes:
        ids = users_meeting_rules(badge_class=badge_class)
        for user in User.objects.filter(pk__in=ids).order_by("pk"):
            if len(awards) >= MAX_AWARDS:
                return awards
            award = Award.objects.filter(
                badge_class=badge_class, recipient_email__iexact=user.email
            ).first()
            if award is None:
                award = award_create(
                    badge_class=badge_class,
                    by=steward,
                    email=user.email,
                    recipient=user,
                    narrative="Compétence confirmée par les personnes avec qui elle a été exercée.",
                )
            awards.append(award)
    return awards


@transaction.atomic
def load_badges(issuer: Issuer) -> list[BadgeClass]:
    """The territory's badge classes, a few awards and one revoked award."""
    steward = User.objects.filter(email=STEWARD).first()
    if steward is None:
        return []
    badge_classes = _badge_classes(issuer, steward)
    organisation = _organisation(steward)
    _recognise(organisation, steward, ORGANISATION_NOTE)
    if organisation is not None and badge_classes:
        _organisation_endorses(organisation, badge_classes[0])
    awards = _awards(badge_classes, steward)
    already_revoked = Award.objects.filter(
        badge_class__in=badge_classes, revoked_at__isnull=False
    ).exists()
    if awards and not already_revoked:
        award_revoke(award=awards[-1], by=steward, reason=REVOCATION_REASON)
    return badge_classes
