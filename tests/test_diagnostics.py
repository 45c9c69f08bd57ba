"""Golden diagnostics: every tests/diagnostics/NAME.py is a small input that pyc2c must reject.

`pyc2c check tests/diagnostics/NAME.py`, run from the repository root, must exit with status 1 and
print exactly tests/diagnostics/NAME.err on stderr (file:line:col: error: message, the source
line, a caret under the token at fault; 1-based lines and columns).

To regenerate the goldens after a deliberate change of wording or position:

    PYC2C_UPDATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_diagnostics.py

and then read every changed .err by eye (git diff tests/diagnostics): a golden is a promise that
the message tells the user what to change and that the caret sits on the right token.
"""
import os
import subprocess

import pytest

from conftest import PYC2C, ROOT

pytestmark = pytest.mark.compiler

DIAG_DIR = ROOT / "tests" / "diagnostics"
CASES = sorted(p.stem for p in DIAG_DIR.glob("*.py"))
UPDATE = os.environ.get("PYC2C_UPDATE_GOLDEN") == "1"


def check(name):
    """Runs `pyc2c check` on one case; stdout and stderr as bytes (some inputs are not UTF-8)."""
    return subprocess.run([PYC2C, "check", f"tests/diagnostics/{name}.py"], cwd=ROOT,
                          capture_output=True, timeout=60)


def test_enough_cases():
    assert len(CASES) >= 25, CASES


@pytest.mark.parametrize("name", CASES)
def test_diagnostic(name):
    proc = check(name)
    golden = DIAG_DIR / f"{name}.err"
    if UPDATE:
        golden.write_bytes(proc.stderr)
    assert proc.returncode == 1, (
        f"exit status {proc.returncode}, stderr:\n{proc.stderr.decode(errors='replace')}")
    assert proc.stdout == b""
    assert golden.exists(), f"no golden {golden.name}: run with PYC2C_UPDATE_GOLDEN=1 and review it"
    expected = golden.read_bytes()
    assert proc.stderr == expected, (
        "diagnostics differ from the golden\n--- expected\n" + expected.decode(errors="replace")
        + "--- got\n" + proc.stderr.decode(errors="replace"))


@pytest.mark.parametrize("name", CASES)
def test_golden_shape(name):
    """Every error line names this file with a position, and is followed by the source line and a
    caret line; the first error is on the line the golden's caret points into."""
    lines = (DIAG_DIR / f"{name}.err").read_bytes().decode("utf-8", errors="replace").splitlines()
    errors = [i for i, l in enumerate(lines) if ": error: " in l]
    assert errors, "no error reported"
    for i in errors:
        head = lines[i]
        assert head.startswith(f"tests/diagnostics/{name}.py:"), head
        line_no = int(head.split(":")[1])
        assert int(head.split(":")[2]) >= 1
        assert lines[i + 1].lstrip().startswith(f"{line_no} | "), lines[i + 1]
        assert lines[i + 2].rstrip().endswith("^"), lines[i + 2]
