"""Every French message shows what its own catalogue says.

Each app keeps its catalogue in `grappe/<app>/locale/fr/LC_MESSAGES/django.po` (and the project's
own modules in `grappe/locale/`), with the compiled `django.mo` beside it, committed. This checks
two things a `makemessages`/`msgattrib` pass cannot see:

1. every `django.mo` holds exactly its `django.po` (a stale one shows old French in the demo);
2. with French active, Django gives every message of every catalogue the translation of that
   catalogue: Django merges the catalogues of all installed apps, the first app listed in
   INSTALLED_APPS winning, so the same message translated otherwise by Django's own apps (the
   admin says "Connexion" for "Log in") or by another of our apps would silently replace ours.
   Give such a message a context (`pgettext`, `{% translate "…" context "…" %}`) or the same
   translation.

    python tools/check_translations.py    (needs gettext's msgfmt; exit status 1 on a problem)
"""

from __future__ import annotations

import gettext
import os
import subprocess
import sys
import tempfile
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "grappe"
CONTEXT_SEPARATOR = "\x04"


def catalogues() -> list[Path]:
    return sorted(PACKAGE.glob("**/locale/fr/LC_MESSAGES/django.po"))


def _messages(mo: Path) -> dict[object, str]:
    with mo.open("rb") as handle:
        catalogue: dict[object, str] = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    return {key: value for key, value in catalogue.items() if key != ""}


def _compiled(po: Path) -> dict[object, str]:
    with tempfile.TemporaryDirectory() as tmp:
        mo = Path(tmp) / "django.mo"
        subprocess.run(["msgfmt", "--check-format", "-o", str(mo), str(po)], check=True)
        return _messages(mo)


def _shown(key: object) -> str:
    """What Django shows for a message key of a compiled catalogue, French being active."""
    from django.utils.translation import gettext as _gettext  # noqa: PLC0415 -- django setup
    from django.utils.translation import ngettext, npgettext, pgettext  # noqa: PLC0415 -- django setup

    if isinstance(key, tuple):  # (msgid, plural form index): ask for a count of that form
        msgid, index = key
        count = 1 if index == 0 else 2  # French: form 0 for 0 and 1, form 1 from 2
        context, _sep, msgid = msgid.rpartition(CONTEXT_SEPARATOR)
        # The catalogue is looked up by the singular; the plural id matters only untranslated.
        if context:
            return npgettext(context, msgid, msgid, count)
        return ngettext(msgid, msgid, count)
    context, _sep, msgid = str(key).rpartition(CONTEXT_SEPARATOR)
    return pgettext(context, msgid) if context else _gettext(msgid)


def main() -> int:
    problems: list[str] = []
    found = catalogues()
    for po in found:
        mo = po.with_suffix(".mo")
        if not mo.exists():
            problems.append(f"{mo.relative_to(PACKAGE.parent)}: missing (run compilemessages)")
        elif _messages(mo) != _compiled(po):
            problems.append(
                f"{mo.relative_to(PACKAGE.parent)}: not compiled from its django.po "
                "(run: grappe manage compilemessages)"
            )
    if not problems:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "grappe.settings")
        os.environ.setdefault("GRAPPE_DATA_DIR", tempfile.mkdtemp())
        import django  # noqa: PLC0415 -- django setup
        from django.utils import translation  # noqa: PLC0415 -- django setup

        django.setup()
        with translation.override("fr"):
            for po in found:
                for key, expected in _messages(po.with_suffix(".mo")).items():
                    shown = _shown(key)
                    if shown != expected:
                        msgid = key[0] if isinstance(key, tuple) else key
                        problems.append(
                            f"{po.relative_to(PACKAGE.parent)}: {msgid!r} shows {shown!r}, "
                            f"not {expected!r} (another catalogue translates it too: give it "
                            "a context or the same translation)"
                        )
    for line in problems:
        print(line, file=sys.stderr)
    print(f"{len(found)} catalogues checked, {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
