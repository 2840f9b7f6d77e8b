#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    from config.env import EnvError

    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 -- load settings now, to report bad values plainly
        execute_from_command_line(sys.argv)
    except EnvError as exc:
        sys.stderr.write(f"Configuration error: {exc}\nSee docs/configuration.md.\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
