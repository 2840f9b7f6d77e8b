"""Demo volunteers and their contributions, for `manage.py demo_data` (after the initiatives).

Ten volunteers (Amina and nine more, password ``jalons-demo``) are members of
the three demo initiatives and recorded a few contributions there, with
competence claims on the default framework and a text or a link as evidence.
Everything goes through the services; running it twice changes nothing more.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.api import User, demo_user
from community.models import Contribution, ContributionStatus, EvidenceKind, Initiative, Membership
from community.models import Role as MemberRole
from community.services import contributions as services
from competences.api import Competence, Status

REPAIR = "repair-cafe-de-chenove"
CANTEEN = "la-cantine-solidaire-des-gresilles"
FABLAB = "fablab-de-quetigny"


@dataclass(frozen=True)
class DemoWork:
    initiative: str
    title: str
    narrative: str
    hours: str
    claims: tuple[tuple[str, int, str], ...]  # (competence code, self level, statement)
    evidence: str  # a text, or a link when it starts with https://
    days_ago: int


WORKS = {
    "accueil": DemoWork(
        REPAIR,
        "Accueil des visiteurs au Repair Café",
        "J'ai accueilli les visiteurs, noté leurs objets et expliqué comment ça se passe.",
        "4",
        (
            ("COOP.1", 2, "J'ai accueilli une trentaine de personnes dans la matinée."),
            ("COM.1", 1, "J'ai expliqué le fonctionnement du Repair Café aux nouveaux."),
        ),
        "Merci pour ton accueil samedi, les gens se sentaient attendus ! (Sophie)",
        12,
    ),
    "reparation": DemoWork(
        REPAIR,
        "Réparation de petit électroménager",
        "Avec un visiteur, on a démonté un grille-pain et changé le fusible.",
        "3",
        (
            ("INCL.3", 2, "J'ai appris à tester un fusible en regardant un autre bénévole."),
            ("INCL.1", 2, "J'ai montré au visiteur comment faire, sans faire à sa place."),
        ),
        "Le visiteur est reparti avec son grille-pain qui marche, et il reviendra aider.",
        40,
    ),
    "cuisine": DemoWork(
        CANTEEN,
        "Préparation des repas du mardi",
        "J'ai cuisiné avec l'équipe pour 60 personnes, en suivant les règles d'hygiène.",
        "5",
        (
            ("ORG.1", 2, "J'ai préparé le matériel et les légumes avant l'arrivée de l'équipe."),
            ("COOP.2", 1, "J'ai réparti les tâches entre trois bénévoles."),
        ),
        "Menu du jour : soupe de courge, gratin, compote. 62 repas servis.",
        8,
    ),
    "approvisionnement": DemoWork(
        CANTEEN,
        "Commande aux producteurs locaux",
        "J'ai appelé deux maraîchers et organisé la livraison de la semaine.",
        "2",
        (
            ("ORG.2", 2, "J'ai suivi les commandes de la semaine dans un tableau."),
            ("COM.3", 2, "J'ai trouvé un nouveau producteur par le réseau de l'AMAP."),
        ),
        "https://example.org/cantine/producteurs",
        25,
    ),
    "atelier_3d": DemoWork(
        FABLAB,
        "Atelier d'initiation à l'impression 3D",
        "J'ai animé un atelier pour six adolescents : de la modélisation à l'impression.",
        "3",
        (
            ("COOP.2", 3, "J'ai animé seul l'atelier de six jeunes, du début à la fin."),
            ("INCL.3", 3, "J'ai préparé une fiche pour que les jeunes continuent seuls."),
        ),
        "https://example.org/fablab/atelier-impression-3d",
        15,
    ),
    "prototype": DemoWork(
        FABLAB,
        "Prototype d'un support de téléphone adapté",
        "Avec une habitante en fauteuil, nous avons conçu et testé un support sur mesure.",
        "6",
        (
            ("INNO.1", 2, "J'ai proposé trois idées de support et on a testé la meilleure."),
            ("INNO.3", 2, "Le support répond à un besoin que personne ne vendait."),
        ),
        "Photos des trois versions du prototype, avec les remarques de l'habitante.",
        30,
    ),
}


@dataclass(frozen=True)
class DemoVolunteer:
    email: str
    display_name: str
    initiatives: tuple[str, ...]
    works: tuple[str, ...]


VOLUNTEERS = [
    DemoVolunteer("amina@example.org", "Amina Benali", (REPAIR, CANTEEN), ("accueil", "cuisine")),
    DemoVolunteer(
        "marc.lefevre@example.org",
        "Marc Lefèvre",
        (FABLAB, REPAIR),
        ("atelier_3d", "prototype", "reparation"),
    ),
    DemoVolunteer(
        "fatou.diallo@example.org", "Fatou Diallo", (CANTEEN,), ("cuisine", "approvisionnement")
    ),
    DemoVolunteer("lucas.moreau@example.org", "Lucas Moreau", (REPAIR,), ("reparation", "accueil")),
    DemoVolunteer(
        "chloe.bernard@example.org", "Chloé Bernard", (FABLAB,), ("prototype", "atelier_3d")
    ),
    DemoVolunteer(
        "youssef.elamrani@example.org",
        "Youssef El Amrani",
        (CANTEEN, REPAIR),
        ("approvisionnement", "accueil"),
    ),
    DemoVolunteer("ines.petit@example.org", "Inès Petit", (REPAIR,), ("accueil", "reparation")),
    DemoVolunteer(
        "thomas.girard@example.org", "Thomas Girard", (FABLAB,), ("atelier_3d", "prototype")
    ),
    DemoVolunteer(
        "nadia.haddou@example.org", "Nadia Haddou", (CANTEEN,), ("cuisine", "approvisionnement")
    ),
    DemoVolunteer(
        "jeanne.roux@example.org", "Jeanne Roux", (FABLAB, CANTEEN), ("prototype", "cuisine")
    ),
]


def _volunteer(demo: DemoVolunteer) -> User:
    return demo_user(email=demo.email, display_name=demo.display_name)


def _competences() -> dict[str, Competence]:
    """The published competences by code (the default framework is the only one in the demo)."""
    return {
        competence.code: competence
        for competence in Competence.objects.filter(version__status=Status.PUBLISHED)
        .select_related("version")
        .order_by("version__framework__slug")
    }


def _record(user: User, work: DemoWork, initiative: Initiative, competences: dict) -> None:
    if Contribution.objects.filter(owner=user, title=work.title).exists():
        return
    contribution = services.contribution_create(
        owner=user,
        initiative=initiative,
        title=work.title,
        narrative=work.narrative,
        started_on=timezone.localdate() - datetime.timedelta(days=work.days_ago),
        hours=Decimal(work.hours),
    )
    for code, level, statement in work.claims:
        if code in competences:
            services.claim_create(
                contribution=contribution,
                by=user,
                competence=competences[code],
                self_level=level,
                statement=statement,
            )
    if work.evidence.startswith("https://"):
        services.evidence_add(
            contribution=contribution, by=user, kind=EvidenceKind.LINK, url=work.evidence
        )
    else:
        services.evidence_add(
            contribution=contribution, by=user, kind=EvidenceKind.TEXT, text=work.evidence
        )


@transaction.atomic
def load() -> list[User]:
    """Create the demo volunteers and their contributions; idempotent."""
    initiatives = {
        item.slug: item for item in Initiative.objects.filter(slug__in=[REPAIR, CANTEEN, FABLAB])
    }
    competences = _competences()
    volunteers = []
    for demo in VOLUNTEERS:
        user = _volunteer(demo)
        for slug in demo.initiatives:
            if slug in initiatives:
                Membership.objects.get_or_create(
                    initiative=initiatives[slug], user=user, defaults={"role": MemberRole.MEMBER}
                )
        for key in demo.works:
            work = WORKS[key]
            if work.initiative in initiatives and work.initiative in demo.initiatives:
                _record(user, work, initiatives[work.initiative], competences)
        volunteers.append(user)
    amina = volunteers[0]
    if not Contribution.objects.filter(owner=amina, status=ContributionStatus.DRAFT).exists():
        services.contribution_create(
            owner=amina,
            initiative=initiatives.get(REPAIR),
            title="Tri des pièces détachées",
            narrative="À finir : j'ai commencé à ranger les vis et les fusibles par taille.",
            status=ContributionStatus.DRAFT,
        )
    return volunteers
