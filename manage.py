#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imoscow.settings")
    from django.core.management import execute_from_command_line
    from django.db import OperationalError

    from imoscow.database import DatabaseUnavailable

    try:
        execute_from_command_line(sys.argv)
    except DatabaseUnavailable as error:
        sys.exit(f"error: {error}")
    except OperationalError as error:
        if _database_answers():
            raise  # a real error in a command, not a connection problem: show it whole
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else error.__class__.__name__
        sys.exit(
            f"error: cannot reach the database ({first_line}). Check DATABASE_URL, or unset it to use the "
            "embedded PostgreSQL under var/pg."
        )


def _database_answers() -> bool:
    from django.db import OperationalError, connection

    try:
        connection.close()
        connection.ensure_connection()
    except OperationalError:
        return False
    return True


if __name__ == "__main__":
    main()
