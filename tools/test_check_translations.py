"""The French catalogues as Django shows them: compiled, complete and not hidden by another."""

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "check_translations.py"


def test_every_catalogue_is_compiled_and_shown_as_written():
    done = subprocess.run(
        [sys.executable, str(SCRIPT)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "0 problem(s)" in done.stderr
