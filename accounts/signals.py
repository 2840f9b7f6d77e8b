"""Signals of the accounts app, for the apps that build on it (badges listens).

accounts never imports those apps: it announces what happened, they react.

- ``email_verified``: an account's email address was just proven (a verification link
  or an invitation was opened), sent inside the transaction with ``user`` = the
  account. Receivers that only queue work should do it on commit.
"""

from __future__ import annotations

from django.dispatch import Signal

email_verified = Signal()
