"""Models of the portfolios app: portfolios, their items and releases, share links."""

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
]
