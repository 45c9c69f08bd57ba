"""`a, b = x, y` of C values (NF_MULTI_ASSIGN): the values are computed left to right into C
temporaries, then stored left to right, with no tuple object, exactly as Python's evaluation
order makes it behave (a target's index is evaluated when it is stored)."""
import re

import numpy as np
import pytest

from conftest import build_source, check_same, run_pyc2c

SOURCE = '''
import cython


def swap(a: cython.long, b: cython.long):
    a, b = b, a
    return a * 1000 + b


def fib(n: cython.int) -> cython.long:
    a: cython.long = 0
    b: cython.long = 1
    for _ in range(n):
        a, b = b, a + b
    return a


def fib_inferred(n: cython.int):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def euclid(x: cython.long, y: cython.long) -> cython.long:
    while y:
        x, y = y, x % y
    return x


def rotate3(x: cython.double, y: cython.double, z: cython.double):
    x, y, z = y, z, x
    return x + 10.0 * y + 100.0 * z


def list_target(a: cython.int, b: cython.int):
    [a, b] = b, a - b
    return a * 1000 + b


def reverse(v: cython.double[:]):
    i: cython.Py_ssize_t
    n: cython.Py_ssize_t = v.shape[0]
    for i in range(n // 2):
        v[i], v[n - 1 - i] = v[n - 1 - i], v[i]


def index_after_store(v: cython.int[:]):
    i: cython.Py_ssize_t = 0
    i, v[i] = 2, 7
    return i


def index_before_store(v: cython.int[:]):
    i: cython.Py_ssize_t = 0
    v[i], i = 7, 2
    return i


def out_of_bounds_second(v: cython.double[:]):
    v[0], v[10] = 1.5, 2.5


def into_dict(d, k: cython.int):
    x: cython.double
    d[k], x = 1.5, 2.0
    return x


def complex_pair(z: complex, w: complex):
    z, w = w * 1j, z + w
    return z * 2 + w


def mixed(n: cython.int):
    a, f = n, n * 0.5
    return a, f


def starred_falls_back():
    a, *b = 1, 2, 3
    return a, b


def from_call_falls_back(t):
    a, b = t
    return a, b
'''


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_source(SOURCE, tmp_path_factory.mktemp("multi"))


def test_scalars(built):
    check_same(built, [
        ("swap", (1, 2)), ("swap", (-5, 2 ** 40)),
        ("fib", (0,)), ("fib", (1,)), ("fib", (30,)), ("fib", (92,)),
        ("fib_inferred", (10,)), ("fib_inferred", (100,)),
        ("euclid", (48, 18)), ("euclid", (-48, 18)), ("euclid", (0, 0)), ("euclid", (-(2 ** 63), -1)),
        ("rotate3", (1.0, 2.0, 3.0)), ("list_target", (3, 10)),
        ("complex_pair", (1 + 2j, 3 - 1j)), ("mixed", (7,)),
        ("starred_falls_back", ()), ("from_call_falls_back", ((1, 2),)),
        ("from_call_falls_back", ((1, 2, 3),)),
    ])


@pytest.mark.parametrize("n", [0, 1, 2, 5, 8])
def test_reverse_in_place(built, n):
    got, want = np.arange(n, dtype=float), np.arange(n, dtype=float)
    built.compiled.reverse(got)
    built.interpreted.reverse(want)
    assert got.tobytes() == want.tobytes()


def test_target_index_order(built):
    for name in ("index_after_store", "index_before_store"):
        got, want = np.zeros(4, dtype=np.intc), np.zeros(4, dtype=np.intc)
        assert getattr(built.compiled, name)(got) == getattr(built.interpreted, name)(want)
        assert got.tolist() == want.tolist(), name


def test_error_after_first_store(built):
    got, want = np.zeros(3), np.zeros(3)
    for fn, v in ((built.compiled.out_of_bounds_second, got),
                  (built.interpreted.out_of_bounds_second, want)):
        with pytest.raises(IndexError):
            fn(v)
    assert got.tolist() == want.tolist() == [1.5, 0.0, 0.0]


def test_object_subscript_target(built):
    dc, di = {}, {}
    assert built.compiled.into_dict(dc, 3) == built.interpreted.into_dict(di, 3)
    assert dc == di == {3: 1.5}


def test_no_tuple_object(built, tmp_path):
    c_path = tmp_path / "ma.c"
    proc = run_pyc2c("emit", built.path, "-o", c_path, "--no-line-directives")
    assert proc.returncode == 0, proc.stderr
    bodies = dict(re.findall(r"\nstatic [^\n]*\bf_(\w+)\([^\n]*\{\n(.*?)\n\}\n", c_path.read_text(), re.S))
    for name in ("swap", "fib", "euclid", "rotate3", "list_target", "reverse", "index_after_store",
                 "complex_pair"):
        assert "PyTuple_New" not in bodies[name] and "pyc2c_unpack" not in bodies[name], name
    for name in ("starred_falls_back", "from_call_falls_back"):
        assert "pyc2c_unpack" in bodies[name], name
