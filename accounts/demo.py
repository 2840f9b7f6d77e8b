"""Demo accounts for `manage.py demo_data`. Known passwords: never use them in production."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import User

DEMO_PASSWORD = "jalons-demo"  # noqa: S105 -- printed by `make run` on purpose


@dataclass(frozen=True)
class DemoAccount:
    email: str
    display_name: str
    role: str
    is_steward: bool = False
    is_advisor: bool = False
    is_staff: bool = False
    organisation: str = ""


DEMO_ACCOUNTS = [
    DemoAccount("amina@example.org", "Amina Benali", "volunteer"),
    DemoAccount("sophie@example.org", "Sophie Martin", "initiative leader"),
    DemoAccount(
        "karim@example.org",
        "Karim Haddad",
        "advisor",
        is_advisor=True,
        organisation="Mission locale de Dijon",
    ),
    DemoAccount("territoire@example.org", "Territoire de Dijon", "steward", is_steward=True),
    DemoAccount("admin@example.org", "Administration", "staff", is_staff=True),
]


@transaction.atomic
def load() -> list[tuple[DemoAccount, User]]:
    """Create or refresh the demo accounts; running it twice changes nothing more."""
    now = timezone.now()
    result = []
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email__iexact=account.email).first()
        if user is None:
            user = User(email=account.email)
        user.display_name = account.display_name
        user.is_steward = account.is_steward
        user.is_staff = account.is_staff
        user.is_superuser = account.is_staff
        user.is_active = True
        user.email_verified_at = user.email_verified_at or now
        if account.is_advisor and not user.is_advisor:
            user.is_advisor = True
            user.advisor_granted_at = now
        user.advisor_organisation = account.organisation
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
        user.save()
        result.append((account, user))
    # The steward granted the advisor role (both exist only now).
    steward = next(user for account, user in result if account.is_steward)
    for account, user in result:
        if account.is_advisor and user.advisor_granted_by_id is None:
            user.advisor_granted_by = steward
            user.save(update_fields=["advisor_granted_by"])
    return result


def demo_user(*, email: str, display_name: str) -> User:
    """A demo account with a verified address and the demo password, made if missing (for
    the other apps' demo data: members, peers, endorsers)."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(email=email, display_name=display_name)
        user.set_password(DEMO_PASSWORD)
        user.email_verified_at = timezone.now()
        user.full_clean(exclude=["password"])
        user.save()
    return user
