"""`a.T` is the same memory as `a` under another name: the restrict helper must test it for
overlap like `a` itself, and a prange body that reads `out.T[i - 1]` while writing `out[i]`
must not be given `omp simd` (found in review; each failed before the fix)."""
import numpy as np
import pytest

from conftest import build_source, run_pyc2c

SOURCE = '''
import cython
from cython.parallel import prange


@cython.boundscheck(False)
@cython.wraparound(False)
def shifted_through_t(out: cython.double[::1], a: cython.double[::1], b: cython.double[::1]):
    i: cython.Py_ssize_t
    n: cython.Py_ssize_t = out.shape[0]
    for i in range(1, n):
        out[i] = a.T[i - 1] + b[i]


@cython.boundscheck(False)
@cython.wraparound(False)
def written_through_t(out: cython.double[:, ::1], a: cython.double[:, ::1]):
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    for i in range(out.shape[0]):
        for j in range(1, out.shape[1]):
            out.T[j, i] = a[i, j - 1] + 1.0


@cython.boundscheck(False)
@cython.wraparound(False)
def prange_t(a: cython.double[:], out: cython.double[:]) -> cython.double:
    i: cython.Py_ssize_t
    s: cython.double = 0.0
    for i in prange(1, a.shape[0], nogil=True):
        out[i] = out.T[i - 1] + a[i]
        s += a[i]
    return s
'''


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_source(SOURCE, tmp_path_factory.mktemp("talias"), "talias")


def test_read_through_t_of_the_written_buffer(built):
    results = []
    for mod in (built.compiled, built.interpreted):
        x = np.zeros(64)
        mod.shifted_through_t(x, x, np.ones(64))
        results.append(x.tolist())
    assert results[0] == results[1] == [float(i) for i in range(64)]


def test_write_through_t_of_a_read_buffer(built):
    results = []
    for mod in (built.compiled, built.interpreted):
        x = np.arange(36.0).reshape(6, 6)
        mod.written_through_t(x, x)
        results.append(x.tolist())
    assert results[0] == results[1]


def test_prange_reading_t_gets_no_simd(built, tmp_path):
    src = tmp_path / "pt.py"
    src.write_text(SOURCE)
    c = run_pyc2c("emit", src).stdout
    assert "#pragma omp parallel for" in c  # the prange loop (the only one in the module)
    assert "for simd" not in c
