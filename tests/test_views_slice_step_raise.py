"""Slicing a view with a constant non-zero step (a[::2], a[1:n:3], a[::-1]) cannot raise: a
function doing only that is not marked as able to raise (so a cfunc needs no exception check and
a nogil call from prange no stop-flag test). A zero or variable step, or an integer index under
boundscheck, still can raise; results and exception types match CPython on NumPy arrays."""
import numpy as np

from conftest import run_pyc2c

SRC = '''
# cython: boundscheck=True
import cython
from cython.parallel import prange


@cython.cfunc
@cython.nogil
@cython.boundscheck(False)
def every_other(a: cython.double[:], n: cython.Py_ssize_t) -> cython.double:
    return a[1:n:3].shape[0] * 100.0 + a[::2][1] * 10.0 + a[::-1][0]


@cython.boundscheck(False)
def step_sums(a: cython.double[:, :], n: cython.Py_ssize_t) -> cython.double:
    b = a[::2, 1:n:-2]
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    for i in range(b.shape[0]):
        for j in range(b.shape[1]):
            s = s * 3.0 + b[i, j]
    return float(s)


@cython.boundscheck(False)
def in_prange(a: cython.double[:], out: cython.double[:]):
    i: cython.Py_ssize_t
    for i in prange(out.shape[0], nogil=True):
        out[i] = every_other(a, i)


def zero_step(a: cython.double[:]) -> cython.Py_ssize_t:
    return a[::0].shape[0]


def variable_step(a: cython.double[:], st: cython.Py_ssize_t) -> cython.Py_ssize_t:
    return a[::st].shape[0]


def row_step(a: cython.double[:, :], i: cython.Py_ssize_t) -> cython.Py_ssize_t:
    return a[i, ::2].shape[0]
'''


def test_constant_steps_cannot_raise(tmp_path):
    path = tmp_path / "steps.py"
    path.write_text(SRC)
    proc = run_pyc2c("check", "--types", path)
    assert proc.returncode == 0, proc.stderr
    raises = {line.split("(")[0][4:]: line.endswith("# can raise")
              for line in proc.stdout.splitlines() if line.startswith("def ")}
    assert raises == {"every_other": False, "step_sums": False, "in_prange": False,
                      "zero_step": True, "variable_step": True, "row_step": True}
    c = tmp_path / "steps.c"
    assert run_pyc2c("emit", path, "-o", c).returncode == 0
    text = c.read_text()
    assert "slice step cannot be zero" in text  # zero_step and variable_step keep their test
    assert "PYC2C_STOPPED" not in text  # every_other cannot fail: prange needs no stop test


def test_constant_steps_match_python(differential):
    a = np.arange(11.0)
    m = np.arange(42.0).reshape(6, 7)
    out_c, out_i = np.zeros(9), np.zeros(9)
    built = differential(SRC, [
        ("step_sums", (m, 5)), ("step_sums", (m, -1)), ("step_sums", (m, 0)), ("step_sums", (m, 50)),
        ("zero_step", (a,)), ("variable_step", (a, 3)), ("variable_step", (a, -4)),
        ("variable_step", (a, 0)), ("row_step", (m, 2)), ("row_step", (m, -1)), ("row_step", (m, 6)),
    ])
    built.compiled.in_prange(a, out_c)
    built.interpreted.in_prange(a, out_i)
    assert out_c.tolist() == out_i.tolist()
