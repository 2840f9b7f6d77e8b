"""Backups of a whole installation: the database and the stored files, in one archive.

``manage.py backup`` (``config.backup.dump``) and ``manage.py restore``
(``config.backup.load``); the archive's layout is in ``config.backup.archive``, and the checks
other apps add to a restore in ``config.backup.checks``. Operators' guide: docs/operations.md.

Like the rest of ``config``, this package imports no app: it reaches every model through
Django's app registry, and an app that must check an archive before it is restored (badges:
its signing keys) registers a check in its ``AppConfig.ready``.
"""
