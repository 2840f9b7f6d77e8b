# Two kinds of notification for the badges app: badges to confirm, badges awarded.

from django.db import migrations, models

KINDS = [
    ("invitation", "Invitations to join an initiative"),
    ("join_request", "Requests to join an initiative I lead"),
    ("join_accepted", "Answers to my requests to join"),
    ("endorsement_requested", "Requests to endorse someone's competences"),
    ("endorsement_received", "Endorsements of my competences"),
    ("endorsement_declined", "Declined endorsement requests"),
    ("badge_proposed", "Badges to confirm, for the issuers I manage"),
    ("badge_awarded", "Badges awarded to me"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("portfolios", "0002_contributions_claims_endorsements"),
    ]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=32, verbose_name="kind"),
        ),
        migrations.AlterField(
            model_name="notificationpreference",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=32, verbose_name="kind"),
        ),
    ]
