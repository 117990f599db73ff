"""Every import inside a function says why, with one of the accepted reasons.

Ruff's PLC0415 (import-outside-toplevel) refuses imports inside functions; where one is needed,
the line carries `# noqa: PLC0415 -- <reason>`, the reason one of REASONS below. This script
fails on a PLC0415 exemption without a reason or with another one (ruff's RUF100 already fails
on an exemption nothing needs). See docs/architecture.md.

    python tools/check_import_reasons.py [PATH ...]    (default: the repository)
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import tokenize
from pathlib import Path

REASONS = {
    # Runs before Django is set up (the `grappe` command chooses its settings, then imports
    # what needs them), or in AppConfig.ready(), once the app registry is loaded.
    "django setup",
    # A package the installed platform does not require: a data builder's sources, the
    # browser driver of the tests.
    "optional dependency",
    # Django loads the module while building what the import needs (settings, URL
    # configuration, app registry), so a top-level import would be circular.
    "cycle in Django's own machinery",
    # A migration's function, which must not tie the migration to today's code at import time.
    "migration",
}

NOQA = re.compile(r"#\s*noqa:\s*(?P<codes>[A-Z0-9, ]+?)(?:\s+--\s*(?P<reason>.*?))?\s*$")
ROOT = Path(__file__).resolve().parent.parent


def problems(path: Path) -> list[str]:
    """What is wrong with the PLC0415 exemptions of one file (comments only, not strings)."""
    found = []
    text = path.read_text(encoding="utf-8")
    comments = [
        (token.start[0], token.string)
        for token in tokenize.generate_tokens(io.StringIO(text).readline)
        if token.type == tokenize.COMMENT
    ]
    for number, line in comments:
        match = NOQA.search(line)
        if not match or "PLC0415" not in re.split(r"[,\s]+", match["codes"]):
            continue
        reason = (match["reason"] or "").strip()
        if not reason:
            found.append(f"{path}:{number}: PLC0415 exemption without `-- <reason>`")
        elif reason not in REASONS:
            found.append(f"{path}:{number}: unknown reason {reason!r} for PLC0415")
    return found


def python_files(paths: list[str]) -> list[Path]:
    if paths:
        files: list[Path] = []
        for name in paths:
            path = Path(name)
            files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
        return files
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return [ROOT / name for name in listed.stdout.split()]


def main(argv: list[str]) -> int:
    found = [p for path in python_files(argv) for p in problems(path)]
    for line in found:
        print(line, file=sys.stderr)
    if found:
        print("Accepted reasons: " + "; ".join(sorted(REASONS)), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
