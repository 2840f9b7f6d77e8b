"""Portfolio contents built by hand for the PDF tests and the benchmark (no database).

``hand_content()`` gives a ``PortfolioContent`` of Amina's kind, of any size; its badge
images are PNG files written with Pillow under ``MEDIA_ROOT`` and addressed by their
URL on this site (``SITE_URL`` + ``MEDIA_URL``), as the PDF's fetcher expects.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageDraw

from portfolios.content import (
    BadgeLine,
    CompetenceLine,
    ContributionLine,
    DomainBlock,
    EndorsementQuote,
    EvidenceLine,
    PortfolioContent,
)

OWNER = "Amina Benali"
PRIVATE_NOTE = "PRIVATE-NOTE-xyz"
QUOTES = (
    "Amina accueille chaque visiteur avec patience et méthode.",
    "Elle a organisé tout le planning de l'atelier.",
    "She can lead a group of ten people through a repair session.",
)
LEVELS = {1: "with support", 2: "autonomously", 3: "taking responsibility", 4: "expert"}
DOMAINS = (
    ("D1", "Organise and steer", ("Organisation", "Project management", "Experimentation")),
    ("D2", "Cooperate and facilitate", ("Relationship", "Team facilitation", "Facilitation")),
    ("D3", "Communicate and mobilise", ("Communication", "Community mobilisation", "Networking")),
    ("D4", "Create and innovate", ("Creativity", "Innovation", "Social innovation")),
    ("D5", "Include, support, learn", ("Inclusion", "Advising initiatives", "Learning to learn")),
)
PALETTE = ("#1d4f91", "#1e6b3a", "#5b3a8c", "#7a2e3a", "#2f4858")


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def badge_png(index: int, size: int = 256) -> bytes:
    """A round medal of one of five colours, with a white ring: a small, valid PNG."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, size - 4, size - 4), fill=PALETTE[index % len(PALETTE)])
    draw.ellipse((size // 4, size // 4, 3 * size // 4, 3 * size // 4), outline="white", width=8)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def badge_image_url(index: int) -> str:
    """Write badge ``index``'s PNG under MEDIA_ROOT and return its URL on this site."""
    relative = f"pdf-tests/badge-{index}.png"
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_bytes(badge_png(index))
    return site_url(settings.MEDIA_URL + relative)


def hand_content(
    *,
    domains: int = 2,
    contributions: int = 2,
    endorsements: int = 3,
    badges: int = 2,
    language: str = "en",
    image_url: str | None = None,
) -> PortfolioContent:
    """A portfolio content; ``image_url`` replaces every badge image URL when given."""
    start = date(2024, 3, 4)
    domain_blocks = [
        DomainBlock(
            code=code,
            title=title,
            competences=[
                CompetenceLine(
                    uuid=f"00000000-0000-4000-8000-{d:06d}{c:06d}",
                    code=f"{code}.{c + 1}",
                    title=name,
                    domain_code=code,
                    domain_title=title,
                    level=(c % 4) + 1 if c < 2 else None,
                    level_label=LEVELS[(c % 4) + 1] if c < 2 else "",
                    max_level=4,
                    endorsers=2,
                    leaders=1,
                    url=site_url(f"/framework/competences/{code}.{c + 1}/"),
                )
                for c, name in enumerate(names)
            ],
        )
        for d, (code, title, names) in enumerate(DOMAINS[:domains])
    ]
    return PortfolioContent(
        portfolio_uuid="7d3c9a52-5a7e-4f43-9a55-2f7f5a3b9c10",
        owner_name=OWNER,
        title="Repair and reuse",
        target="Job in logistics",
        statement="I repair, I welcome, I organise: three years at the repair café.",
        language=language,
        domains=domain_blocks,
        contributions=[
            ContributionLine(
                uuid=f"c0000000-0000-4000-8000-{n:012d}",
                title=f"Repair workshop #{n + 1}",
                initiative="Repair Café de Chenôve",
                role="Welcome and planning",
                started_on=start + timedelta(days=30 * n),
                ended_on=start + timedelta(days=30 * n + 2) if n % 3 else None,
                hours=3.5 + n,
                summary=(
                    "Welcomed visitors, sorted the repairs by difficulty, kept the waiting "
                    "list and explained to each person how the repair would go. " * 2
                ).strip(),
                competences=["Organisation", "Relationship"],
                evidence=[
                    EvidenceLine(kind="text", title="Workshop report", text="12 items repaired.")
                ],
            )
            for n in range(contributions)
        ],
        endorsements=[
            EndorsementQuote(
                uuid=f"e0000000-0000-4000-8000-{n:012d}",
                endorser_name=("Sophie Martin", "Bastien Roux")[n % 2],
                endorser_role=("Initiative leader", "Peer")[n % 2],
                initiative="Repair Café de Chenôve",
                competence_title="Organisation",
                level=2 + n % 2,
                level_label=LEVELS[2 + n % 2],
                quote=QUOTES[n % len(QUOTES)] + (f" ({n + 1})" if n >= len(QUOTES) else ""),
                given_on=start + timedelta(days=40 + n),
            )
            for n in range(endorsements)
        ],
        badges=[
            BadgeLine(
                award_uuid=f"a0000000-0000-4000-8000-{n:012d}",
                name=f"Repairer badge {n + 1}",
                description="Welcomes visitors and organises repair sessions with method.",
                issuer_name="Repair Café de Chenôve",
                image_url=image_url if image_url is not None else badge_image_url(n),
                verification_url=site_url(f"/badges/awards/a0000000-0000-4000-8000-{n:012d}/"),
                issued_on=start + timedelta(days=60 + n),
                expires_on=None,
                status="valid",
                status_label="Valid",
                issuer_standing="recognised",
                issuer_standing_text="Recognised by Territoire de Dijon since 3 March 2025.",
                credential={"id": f"urn:uuid:a0000000-0000-4000-8000-{n:012d}"},
            )
            for n in range(badges)
        ],
        generated_at=datetime(2025, 3, 12, 9, 30, tzinfo=UTC),
    )
