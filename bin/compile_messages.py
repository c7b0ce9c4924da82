"""Compile every locale/*/LC_MESSAGES/django.po of the project into .mo files, with no GNU gettext needed.

A fuzzy header (as makemessages writes it) does not stop the compilation; fuzzy messages are left out,
as msgfmt does.
"""

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    for po_path in sorted(ROOT.glob("*/ru/LC_MESSAGES/*.po")) + sorted(ROOT.glob("*/*/ru/LC_MESSAGES/*.po")):
        if ".venv" in po_path.parts:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, ignore_obsolete=True)
        catalog.fuzzy = False
        with po_path.with_suffix(".mo").open("wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
