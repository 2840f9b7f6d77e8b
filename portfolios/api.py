"""What the other apps may use of portfolios: nothing yet.

portfolios is the last app of the order (``accounts`` ← ``competences`` ← ``community`` ←
``badges`` ← ``portfolios``): no app is built on it, so it offers nothing to others. Should
one be, what it may use goes here, and only here (checked by import-linter in ``make lint``;
docs/development.md#architecture).
"""

from __future__ import annotations

__all__: list[str] = []
