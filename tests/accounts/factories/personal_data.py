"""Amina's data on Jalons, built through the real services, for the "Mes données" tests.

``build_amina_data(version, amina=…, sophie=…, karim=…)`` gives the portfolio scene of
``tests/portfolios/factories/portfolios.py`` (two contributions at a repair café led by
Sophie, claims, evidence of each visibility, endorsements by Sophie and Bastien, two badges
signed by the repair café's issuer, a portfolio) and adds:

- a PDF evidence file on Amina's first contribution (``AMINA_FILE``);
- a request sent to an outside referent without an account (Nora, by email);
- Bastien's own contribution, with a private note, a PDF of his and a narrative, which Amina
  was asked to endorse and endorsed (``AMINA_WORDS``): his texts and file must never be in
  Amina's export;
- a release of the portfolio (signed CLR and PDF);
- a share link to Karim (the address Amina typed), opened twice;
- the notifications and audit entries all of this made.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import User
from community.evidence import evidence_file_clean
from community.models import (
    CompetenceClaim,
    Contribution,
    ContributionStatus,
    Endorsement,
    Evidence,
    EvidenceKind,
    Visibility,
)
from community.services.contributions import evidence_add
from community.services.endorsements import (
    ClaimAnswer,
    endorsement_answer,
    endorsement_request_create,
)
from competences.models import FrameworkVersion
from portfolios.models import PortfolioRelease, ShareLink
from portfolios.services.releases import portfolio_release_create
from portfolios.services.shares import share_link_create
from tests.accounts.factories.users import UserFactory
from tests.community.factories.contributions import pdf_bytes
from tests.community.factories.endorsements import EndorsementRequestFactory
from tests.portfolios.factories.portfolios import PortfolioScene, build_portfolio_scene

AMINA_FILE = "AMINA-FILE-CONTENT-7f3a"
AMINA_WORDS = "Bastien répare avec soin, AMINA-WORDS-c41d."
BASTIEN_PRIVATE = "BASTIEN-PRIVATE-NOTE-9e2b"
BASTIEN_FILE = "BASTIEN-FILE-CONTENT-5d8c"
BASTIEN_NARRATIVE = "BASTIEN-NARRATIVE-0a6e"
NORA_EMAIL = "nora.petit@example.org"


@dataclass
class AminaData:
    scene: PortfolioScene
    evidence_file: Evidence
    bastien: User
    bastien_contribution: Contribution
    given: list[Endorsement]
    release: PortfolioRelease
    share: ShareLink


def build_amina_data(
    version: FrameworkVersion, *, amina: User, sophie: User, karim: User
) -> AminaData:
    bastien = UserFactory(email="bastien.roux@example.org", display_name="Bastien")
    scene = build_portfolio_scene(version, owner=amina, leader=sophie, peer=bastien)
    first, second = scene.contributions

    evidence_file = evidence_add(
        contribution=first,
        by=amina,
        kind=EvidenceKind.FILE,
        title="Attestation du repair café",
        visibility=Visibility.ENDORSERS,
        file=evidence_file_clean(
            SimpleUploadedFile(
                "attestation été.pdf", pdf_bytes(AMINA_FILE), content_type="application/pdf"
            )
        ),
    )
    EndorsementRequestFactory(
        contribution=second, kind="outside", endorser=None, email=NORA_EMAIL, name="Nora Petit"
    )

    # Bastien's contribution, which Amina endorses.
    theirs = Contribution.objects.create(
        owner=bastien,
        initiative=scene.initiative,
        title="Réparation de grille-pain",
        narrative=BASTIEN_NARRATIVE,
        status=ContributionStatus.RECORDED,
    )
    claim = CompetenceClaim.objects.create(
        contribution=theirs, competence=scene.competences[0], self_level=2
    )
    evidence_add(
        contribution=theirs,
        by=bastien,
        kind=EvidenceKind.TEXT,
        title="Mes notes",
        text=BASTIEN_PRIVATE,
        visibility=Visibility.PRIVATE,
    )
    evidence_add(
        contribution=theirs,
        by=bastien,
        kind=EvidenceKind.FILE,
        title="Ma facture",
        visibility=Visibility.ENDORSERS,
        file=evidence_file_clean(
            SimpleUploadedFile("facture.pdf", pdf_bytes(BASTIEN_FILE), "application/pdf")
        ),
    )
    to_amina = next(
        request
        for request in endorsement_request_create(contribution=theirs, by=bastien, peers=[amina])
        if request.endorser_id == amina.pk
    )
    given = endorsement_answer(
        request=to_amina,
        by=amina,
        answers=[ClaimAnswer(claim=claim, level=3, comment=AMINA_WORDS)],
        relationship="Nous sommes bénévoles ensemble.",
    )

    release = portfolio_release_create(portfolio=scene.portfolio)
    share, token = share_link_create(
        portfolio=scene.portfolio,
        by=amina,
        recipient_name="Karim",
        recipient_organisation="Mission locale",
        recipient_email=karim.email,
    )
    visitor = Client()
    for _ in range(2):
        assert visitor.get(reverse("portfolios:shared_view", args=[token])).status_code == 200
    return AminaData(
        scene=scene,
        evidence_file=evidence_file,
        bastien=bastien,
        bastien_contribution=theirs,
        given=given,
        release=release,
        share=share,
    )
