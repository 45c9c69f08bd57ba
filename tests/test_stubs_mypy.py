"""The .pyi stub `pyc2c build` writes lets mypy check callers of a compiled module: a correct
script passes, wrong calls (argument types, arity, the result's type) are errors."""
import subprocess
import sys
import textwrap

from conftest import run_pyc2c

MODULE = """\
import cython

def weighted_sum(a: cython.double[:], w: cython.double[:], scale: cython.double = 1.0) -> cython.double:
    s: cython.double = 0.0
    for i in range(a.shape[0]):
        s += a[i] * w[i]
    return s * scale

def count(v: cython.int[:], limit: cython.int) -> cython.Py_ssize_t:
    n: cython.Py_ssize_t = 0
    for i in range(v.shape[0]):
        if v[i] > limit:
            n += 1
    return n

def positive(x: cython.long) -> cython.bint:
    return x > 0
"""

GOOD = """\
import numpy as np
import kernels

a = np.ones(4)
total: float = kernels.weighted_sum(a, a)
total2: float = kernels.weighted_sum(a, a, scale=2.0)
n: int = kernels.count(np.arange(4, dtype=np.int32), 2)
ok: bool = kernels.positive(3)
"""

BAD = """\
import numpy as np
import kernels

a = np.ones(4)
kernels.weighted_sum(a)
kernels.weighted_sum("a", a)
s: str = kernels.count(np.arange(4, dtype=np.int32), 2)
kernels.positive(1.5)
kernels.count(np.arange(4, dtype=np.int32), 2, 3)
"""


def mypy(tmp_path, script):
    (tmp_path / "script.py").write_text(script)
    return subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary", "--strict-optional",
                           "--cache-dir", str(tmp_path / ".mypy_cache"), "script.py"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)


def test_mypy_accepts_right_calls_and_rejects_wrong_ones(tmp_path):
    (tmp_path / "kernels.py").write_text(MODULE)
    out = tmp_path / "out"
    out.mkdir()
    proc = run_pyc2c("build", tmp_path / "kernels.py", "-o", out, "--python", sys.executable)
    assert proc.returncode == 0, proc.stderr
    (tmp_path / "kernels.py").unlink()  # mypy sees the compiled module's stub only
    for f in out.iterdir():
        f.rename(tmp_path / f.name)
    good = mypy(tmp_path, GOOD)
    assert good.returncode == 0, good.stdout + good.stderr
    bad = mypy(tmp_path, BAD)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    errors = [ln for ln in bad.stdout.splitlines() if ": error:" in ln]
    lines = sorted({int(ln.split(":")[1]) for ln in errors})
    assert lines == [5, 6, 7, 8, 9], bad.stdout
