"""The email of the badges app: "you received a badge", and the task that sends it.

``award_email_send`` renders the email of one award in the recipient's language and queues
it (``accounts.api.send_templated_email``). The award services do not render it themselves:
once the awards commit they queue ``award_emails_send_task`` (queue ``emails``) with the
awards' ids, one task for a whole batch of a bulk award, so that rendering hundreds of
emails never slows the worker that signs the awards. The task lives here rather than in
``badges/tasks.py`` because the award services queue it, and ``tasks.py`` imports them.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django_tasks import task

from accounts.api import send_templated_email
from badges.models import Award
from config.http import absolute_url


def award_email_send(*, award: Award, language: str) -> None:
    """The "you received a badge" email: which badge, from whom, its page and downloads."""
    badge_class = award.badge_class
    send_templated_email(
        template="badge-awarded",
        to=award.recipient_email,
        language=language,
        context={
            "award": award,
            "badge": badge_class.name,
            "issuer": badge_class.issuer.name,
            "narrative": award.narrative,
            "has_account": award.recipient_id is not None,
            "page_url": award.page_url,
            "png_url": award.png_url,
            "svg_url": award.svg_url,
            "ob3_url": award.ob3_url,
            "mine_url": absolute_url(reverse("badges:my_badges")),
            "signup_url": absolute_url(reverse("accounts:signup")),
            "settings_url": absolute_url(reverse("accounts:notification_settings")),
        },
    )


@task(queue_name="emails")
def award_emails_send_task(award_ids: list[int], language: str) -> int:
    """Send the "you received a badge" email of these awards in ``language``; how many.

    An award gone, or whose holder closed their account in the meantime, gets none.
    """
    awards = (
        Award.objects.filter(pk__in=award_ids, holder_erased_at__isnull=True)
        .exclude(recipient_email="")
        .select_related("badge_class__issuer")
        .order_by("pk")
    )
    sent = 0
    for award in awards:
        award_email_send(award=award, language=language)
        sent += 1
    return sent


def award_emails_send_on_commit(*, awards: list[Award], language: str) -> None:
    """Queue ``award_emails_send_task`` for these awards once the transaction commits."""
    if not awards:
        return
    award_ids = [award.pk for award in awards]
    transaction.on_commit(
        lambda: award_emails_send_task.enqueue(award_ids=award_ids, language=language),
        robust=True,
    )
