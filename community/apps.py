from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Initiatives and contributions")

    def ready(self) -> None:
        from accounts.api import (
            PersonalDataSection,
            RetentionRule,
            register_privacy_figure,
            register_retention_rule,
            register_section,
        )
        from community import personal_data, receivers
        from community.models.endorsements import ENDORSEMENT_REQUEST_VALID_DAYS
        from community.models.initiatives import INVITATION_VALID_DAYS
        from community.selectors.indicators import community_sources_register
        from community.services.erasure import (
            deletion_blockers,
            endorser_names,
            erasure_consequences,
            personal_data_erase,
        )
        from community.services.retention import referent_tokens_clear
        from community.tasks import indicator_runs_register

        receivers.connect()
        community_sources_register()
        indicator_runs_register()
        register_retention_rule(
            RetentionRule(
                key="referent_tokens",
                label=_("Outside referents' links, after the answer or the expiry"),
                purge=lambda cutoff: referent_tokens_clear(cutoff=cutoff),
            )
        )
        register_privacy_figure("referent_link_days", ENDORSEMENT_REQUEST_VALID_DAYS)
        register_privacy_figure("invitation_days", INVITATION_VALID_DAYS)
        register_section(
            PersonalDataSection(
                key="community",
                order=20,
                title=personal_data.TITLE,
                summary=personal_data.summary,
                export=personal_data.export,
                erase=lambda user, erasure: personal_data_erase(user=user, erasure=erasure),
                consequences=erasure_consequences,
                blockers=deletion_blockers,
                names=endorser_names,
            )
        )
