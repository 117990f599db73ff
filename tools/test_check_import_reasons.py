"""The check of the reasons given for imports inside functions."""

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "check_import_reasons.py"


def _check(tmp_path: Path, source: str) -> subprocess.CompletedProcess[str]:
    module = tmp_path / "module.py"
    module.write_text(source, encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(module)], capture_output=True, text=True, check=False
    )


def test_an_accepted_reason_passes(tmp_path):
    done = _check(tmp_path, "def f():\n    import django  # noqa: PLC0415 -- django setup\n")
    assert (done.returncode, done.stderr) == (0, "")


def test_a_missing_or_unknown_reason_fails_naming_the_line(tmp_path):
    done = _check(
        tmp_path,
        "def f():\n"
        "    import json  # noqa: PLC0415\n"
        "    import csv  # noqa: E501, PLC0415 -- faster\n"
        '    """# noqa: PLC0415 in a string is no exemption"""\n',
    )
    assert done.returncode == 1
    assert "module.py:2: PLC0415 exemption without `-- <reason>`" in done.stderr
    assert "module.py:3: unknown reason 'faster' for PLC0415" in done.stderr
    assert "module.py:4" not in done.stderr
