"""Complex reductions in prange loops (`z += ...`, `z -= ...`, `z *= ...` on a
cython.doublecomplex or cython.floatcomplex variable): compiled with OpenMP (2 threads) and
interpreted (the shadow's prange is range). Sums and products are compared part by part within a
reordering tolerance, as float sums are (threads combine their partial results in any order)."""
import math

import numpy as np
import pytest

pytestmark = pytest.mark.compiler

SOURCE = """
import cython
from cython.parallel import prange
import cmath

def csum(a: cython.doublecomplex[:]) -> cython.doublecomplex:
    z: cython.doublecomplex = 0j
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True, num_threads=2):
        z += a[i]
    return z

def csum_start(a: cython.doublecomplex[:], z: cython.doublecomplex) -> cython.doublecomplex:
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True, num_threads=2):
        z += a[i]
    return z

def csub(a: cython.doublecomplex[:]) -> cython.doublecomplex:
    z: cython.doublecomplex = 10 + 20j
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True, num_threads=2):
        z -= a[i] * 2.0
    return z

def cprod(a: cython.doublecomplex[:]) -> complex:
    p: cython.doublecomplex = 1 + 0j
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True, num_threads=2):
        p *= a[i]
    return p

def from_reals(x: cython.double[:], y: cython.double[:]) -> cython.doublecomplex:
    z: cython.doublecomplex = 0j
    i: cython.Py_ssize_t
    for i in prange(x.shape[0], nogil=True, num_threads=2):
        z += complex(x[i], y[i]) * complex(x[i], -y[i])
    return z

def dft0(x: cython.double[:], k: cython.int) -> cython.doublecomplex:
    z: cython.doublecomplex = 0j
    n: cython.Py_ssize_t = x.shape[0]
    i: cython.Py_ssize_t
    w: cython.doublecomplex
    for i in prange(n, nogil=True, num_threads=2):
        w = complex(0.0, -2.0 * 3.141592653589793 * k * i / n)
        z += x[i] * (1 + w + w * w / 2)
    return z

def fsum(a: cython.floatcomplex[:]) -> cython.floatcomplex:
    z: cython.floatcomplex = 0j
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True, num_threads=2):
        z += a[i]
    return z

def with_real(a: cython.doublecomplex[:]):
    z: cython.doublecomplex = 0j
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True, num_threads=2):
        z += a[i]
        s += a[i].real
    return z, s

def div_sum(a: cython.doublecomplex[:], b: cython.doublecomplex[:]) -> cython.doublecomplex:
    z: cython.doublecomplex = 0j
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True, num_threads=2):
        z += complex(a[i]) / complex(b[i])  # Python's complex division (NumPy scalars': no error)
    return z
"""

SOURCE += """
def with_cmath(a: cython.doublecomplex[:]) -> cython.doublecomplex:
    z: cython.doublecomplex = 0j
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True, num_threads=2):
        z += cmath.exp(a[i]) + cmath.sqrt(a[i]) * cmath.log(a[i] + 2)
    return z
"""

RNG = np.random.default_rng(7)
C = RNG.standard_normal(1001) + 1j * RNG.standard_normal(1001)
UNIT = np.exp(1j * RNG.uniform(0, 2 * np.pi, 300)) * RNG.uniform(0.9, 1.1, 300)
X = RNG.standard_normal(500)
Y = RNG.standard_normal(500)


def part_close(a, b, tol):
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b or math.isclose(a, b, rel_tol=tol, abs_tol=tol)


def close(a, b, tol=1e-9):
    if isinstance(a, tuple):
        return type(b) is tuple and len(a) == len(b) and all(close(x, y, tol) for x, y in zip(a, b))
    a, b = (x.item() if isinstance(x, np.generic) else x for x in (a, b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        a, b = complex(a), complex(b)
    return type(a) is type(b) and part_close(a.real, b.real, tol) and part_close(a.imag, b.imag, tol)


def outcome(fn, args):
    try:
        return ("value", fn(*args))
    except Exception as exc:  # the exception type is the outcome compared
        return ("raises", type(exc))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import build_source
    return build_source(SOURCE, tmp_path_factory.mktemp("cprange"))


@pytest.mark.parametrize("name,args,tol", [
    ("csum", (C,), 1e-9), ("csum", (C[:0],), 0), ("csum", (C[:1],), 0), ("csum", (C[:2],), 1e-12),
    ("csum_start", (C, 3 - 4j), 1e-9), ("csum_start", (C[:0], -0.0 - 0.0j), 0),
    ("csub", (C,), 1e-9), ("csub", (C[:3],), 1e-12),
    ("cprod", (UNIT,), 1e-9), ("cprod", (UNIT[:0],), 0), ("cprod", (C[:7],), 1e-9),
    ("from_reals", (X, Y), 1e-9), ("dft0", (X, 3), 1e-9), ("dft0", (X[:0], 1), 0),
    ("fsum", (C.astype(np.complex64)[:50],), 1e-4),
    ("with_real", (C,), 1e-9),
    ("div_sum", (C[:100], C[100:200]), 1e-9),
    ("with_cmath", (C,), 1e-9), ("with_cmath", (np.where(np.arange(1001) == 500, 1000, C),), 0),
    ("with_cmath", (np.where(np.arange(1001) == 3, -2, C),), 0),
    ("div_sum", (C[:100], np.where(np.arange(100) == 57, 0, C[100:200])), 0),
])
def test_complex_reduction(built, name, args, tol):
    got = outcome(getattr(built.compiled, name), args)
    want = outcome(getattr(built.interpreted, name), args)
    assert got[0] == want[0], f"{name}: compiled {got}, interpreted {want}"
    if got[0] == "value":
        assert close(got[1], want[1], tol), f"{name}: compiled {got}, interpreted {want}"
    else:
        assert got[1] is want[1], f"{name}: compiled {got}, interpreted {want}"
