"""Generated accounts for ``manage.py generate_scale_data`` (config/scale.py).

Volunteers, one leader per initiative, a steward (who manages the territory's issuer), and a
few advisors, all with the address domain ``SCALE_EMAIL_DOMAIN`` and the password
``SCALE_PASSWORD`` (hashed once: every account shares the hash).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.contrib.auth.hashers import make_password

from accounts.models import User
from config.scale import SCALE_EMAIL_DOMAIN, SCALE_PASSWORD, ScalePlan, bulk_insert

ADVISORS = 5
FIRST_NAMES = [
    "Amina",
    "Léa",
    "Inès",
    "Chloé",
    "Manon",
    "Camille",
    "Sarah",
    "Nadia",
    "Fatou",
    "Julie",
    "Emma",
    "Lina",
    "Zoé",
    "Yasmine",
    "Claire",
    "Karim",
    "Lucas",
    "Hugo",
    "Mehdi",
    "Thomas",
    "Nathan",
    "Yanis",
    "Louis",
    "Marc",
    "Omar",
    "Paul",
    "Samir",
    "Théo",
    "Jules",
    "Bilal",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "Benali",
    "Haddad",
    "Diallo",
    "Traoré",
    "Nguyen",
    "Mercier",
    "Blanc",
    "Guerin",
]
ORGANISATIONS = (
    "Mission locale de Dijon",
    "France Travail Quetigny",
    "Mission locale de Beaune",
    "SIAE Les Ateliers du Suzon",
    "France Travail Chenôve",
)


@dataclass
class AccountsScale:
    volunteer_ids: list[int]
    volunteer_emails: list[str]
    volunteer_names: list[str]
    leader_ids: list[int]  # one per initiative, in the initiatives' order
    leader_emails: list[str]
    leader_names: list[str]
    steward_id: int
    steward_email: str
    advisor_ids: list[int]
    advisor_emails: list[str]
    advisor_names: list[str]
    advisor_organisations: list[str] = field(default_factory=lambda: list(ORGANISATIONS))

    def summary(self) -> dict[str, Any]:
        return {
            "counts": {
                "volunteers": len(self.volunteer_ids),
                "leaders": len(self.leader_ids),
                "advisors": len(self.advisor_ids),
            },
            "personas": {"steward": {"email": self.steward_email}},
        }


def load(*, plan: ScalePlan, loaded: dict[str, Any]) -> AccountsScale:
    rng = plan.rng("accounts")
    password = make_password(SCALE_PASSWORD)
    verified = plan.now - timedelta(days=1)

    def person(email: str, name: str, **extra: Any) -> User:
        joined = plan.now - timedelta(days=rng.randint(30, 1500), seconds=rng.randint(0, 86399))
        return User(
            email=email,
            display_name=name,
            password=password,
            preferred_language="fr" if rng.random() < 0.9 else "en",
            email_verified_at=verified,
            date_joined=joined,
            **extra,
        )

    def name() -> str:
        return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"

    steward = person(plan.email("steward"), "Territoire (données générées)", is_steward=True)
    advisors = [
        person(
            plan.email(f"advisor{index}"),
            name(),
            is_advisor=True,
            advisor_granted_at=verified,
            advisor_organisation=ORGANISATIONS[index % len(ORGANISATIONS)],
        )
        for index in range(ADVISORS)
    ]
    leaders = [person(plan.email(f"leader{index}"), name()) for index in range(plan.initiatives)]
    plan.progress(f"accounts: {plan.volunteers} volunteers, {len(leaders)} leaders")
    (steward,) = bulk_insert(User, [steward])
    advisors = bulk_insert(User, advisors)
    for advisor in advisors:
        advisor.advisor_granted_by = steward
    User.objects.bulk_update(advisors, ["advisor_granted_by"])
    leaders = bulk_insert(User, leaders)
    volunteers = bulk_insert(
        User,
        (person(plan.email(f"volunteer{index}"), name()) for index in range(plan.volunteers)),
    )
    return AccountsScale(
        volunteer_ids=[user.pk for user in volunteers],
        volunteer_emails=[user.email for user in volunteers],
        volunteer_names=[user.display_name for user in volunteers],
        leader_ids=[user.pk for user in leaders],
        leader_emails=[user.email for user in leaders],
        leader_names=[user.display_name for user in leaders],
        steward_id=steward.pk,
        steward_email=steward.email,
        advisor_ids=[user.pk for user in advisors],
        advisor_emails=[user.email for user in advisors],
        advisor_names=[user.display_name for user in advisors],
    )


def generated_runs() -> int:
    """How many generations this database holds (one steward each)."""
    return User.objects.filter(
        is_steward=True, email__iendswith=f"steward@{SCALE_EMAIL_DOMAIN}"
    ).count()


def other_accounts_exist() -> bool:
    """Does the database hold accounts that this command did not generate?"""
    return User.objects.exclude(email__iendswith=f"@{SCALE_EMAIL_DOMAIN}").exists()
