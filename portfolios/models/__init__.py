"""Models of the portfolios app: portfolios, their items and releases, share links.

Every public name of the submodules, so that ``portfolios.models`` is the one way in.
"""

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

__all__ = [
    "SHARE_DEFAULT_DAYS",
    "SHARE_MAX_DAYS",
    "STATEMENT_MAX_LENGTH",
    "AccessWhat",
    "ItemKind",
    "Portfolio",
    "PortfolioItem",
    "PortfolioLanguage",
    "PortfolioRelease",
    "ShareAccess",
    "ShareLink",
    "default_share_expiry",
]
