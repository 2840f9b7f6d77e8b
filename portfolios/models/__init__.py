"""Models of the portfolios app: portfolios, their items and releases, share links.

Every public name of the submodules, so that ``portfolios.models`` is the one way in.
"""

from portfolios.models.orientations import (
    ORIENTATION_MESSAGE_MAX_LENGTH,
    Orientation,
    OrientationStatus,
)
from portfolios.models.portfolios import (
    SHARE_DEFAULT_DAYS,
    SHARE_MAX_DAYS,
    STATEMENT_MAX_LENGTH,
    AccessWhat,
    ItemKind,
    Portfolio,
    PortfolioItem,
    PortfolioLanguage,
    PortfolioRelease,
    ShareAccess,
    ShareLink,
    default_share_expiry,
)
from portfolios.models.reports import (
    QUOTE_MAX_LENGTH,
    REPORT_PENDING,
    ReportQuote,
    ReportStatus,
    TerritorialReport,
)
from portfolios.models.rome import MAX_TARGET_JOBS, PortfolioTargetJob

__all__ = [
    "MAX_TARGET_JOBS",
    "ORIENTATION_MESSAGE_MAX_LENGTH",
    "QUOTE_MAX_LENGTH",
    "REPORT_PENDING",
    "SHARE_DEFAULT_DAYS",
    "SHARE_MAX_DAYS",
    "STATEMENT_MAX_LENGTH",
    "AccessWhat",
    "ItemKind",
    "Orientation",
    "OrientationStatus",
    "Portfolio",
    "PortfolioItem",
    "PortfolioLanguage",
    "PortfolioRelease",
    "PortfolioTargetJob",
    "ReportQuote",
    "ReportStatus",
    "ShareAccess",
    "ShareLink",
    "TerritorialReport",
    "default_share_expiry",
]
