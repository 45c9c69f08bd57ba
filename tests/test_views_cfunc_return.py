"""Views as the declared return type of cfuncs, ccalls and defs (`-> cython.double[:, ::1]`).

Compiled, the pyc2c_View comes back by value with one reference to its object handed to the
caller, so a view of a new array outlives the callee's locals, and no reference is leaked or
released twice (checked with sys.getrefcount on the arrays and over many calls). Given to Python,
a whole view is the object itself (the array, or the argument), a slice a memoryview over the
same memory; interpreted, the same file returns NumPy arrays, so values are compared as lists."""
import sys
from array import array

import numpy as np
import pytest

from conftest import build_source

SOURCE = '''
import cython
import numpy as np

@cython.cfunc
def make(n: cython.Py_ssize_t) -> cython.double[:, ::1]:
    r = np.zeros((n, 2))
    for i in range(n):
        r[i, 0] = i
        r[i, 1] = i * i
    return r

@cython.cfunc
def ident(a: cython.double[:]) -> cython.double[:]:
    return a

@cython.cfunc
def half(a: cython.double[:]) -> cython.double[:]:
    return a[::2]

@cython.cfunc
def pick(a: cython.double[:], b: cython.double[:], i: cython.Py_ssize_t) -> cython.double[:]:
    r = a
    if a[i] > 0:
        return b
    return r

@cython.cfunc
def shrink(a: cython.long[:], k: cython.int) -> cython.long[:]:
    if k <= 0 or a.shape[0] < 2:
        return a
    return shrink(a[1:], k - 1)

@cython.cfunc
def reader(a: cython.const[cython.double][:]) -> cython.const[cython.double][:]:
    return a[1:]

def total_made(n: cython.Py_ssize_t):
    v = make(n)
    s = 0.0
    for i in range(v.shape[0]):
        s += v[i, 0] + v[i, 1]
    return s

def made(n: cython.Py_ssize_t):
    return make(n)

def made_twice(n: cython.Py_ssize_t):
    v = make(n)
    v = make(n + 1)
    return v.shape[0], v[n, 1]

def made_element(n: cython.Py_ssize_t):
    return make(n)[n - 1, 1]

def write_through(a: cython.double[:], x: cython.double):
    b = ident(a)
    b[0] = x
    return a[0]

def write_half(a: cython.double[:]):
    half(a)[1] = -1.0

def read_half(a: cython.double[:]):
    h = half(half(a))
    s = 0.0
    for i in range(h.shape[0]):
        s += h[i]
    return s

def half_to_python(a: cython.double[:]):
    return half(a)

def ident_to_python(a: cython.double[:]):
    return ident(a)

def picked(a: cython.double[:], b: cython.double[:], i: cython.Py_ssize_t):
    v = pick(a, b, i)
    return v[0]

def shrunk(a: cython.long[:], k: cython.int):
    v = shrink(a, k)
    return v.shape[0], v[0]

def read_only_sum(a: cython.const[cython.double][:]):
    v = reader(a)
    s = 0.0
    for x in v:
        s += x
    return s

@cython.ccall
def ccall_whole(a: cython.double[:, :]) -> cython.double[:, :]:
    return a

@cython.ccall
def ccall_slice(a: cython.double[:]) -> cython.double[:]:
    return a[1:]

@cython.ccall
def ccall_new(n: cython.Py_ssize_t) -> cython.int[::1]:
    r = np.empty(n, dtype=np.int32)
    for i in range(n):
        r[i] = i
    return r

def def_declared(a: cython.float[:]) -> cython.float[:]:
    return a

@cython.cfunc
def in_finally(a: cython.double[:], b: cython.double[:], i: cython.Py_ssize_t) -> cython.double[:]:
    try:
        return a
    finally:
        if b[i] > 0:
            return b
    return b  # not reached (pyc2c's end-of-function check does not see through try/finally)

def finally_first(a: cython.double[:], b: cython.double[:], i: cython.Py_ssize_t):
    return in_finally(a, b, i)[0]

def chosen(a: cython.double[:], c: cython.bint):
    v = half(a) if c else ident(a)
    return v.shape[0]

def sum_of(v: cython.double[:]) -> cython.double:
    s = 0.0
    for x in v:
        s += x
    return s

def nested_calls(a: cython.double[:]):
    s = sum_of(half(a))
    for x in half(ident(a)):
        s += x
    return s

def use_ccall(a: cython.double[:]):
    s = ccall_slice(a)
    return s[0] + ccall_slice(s)[0]
'''


@pytest.fixture(scope="module")
def mod(tmp_path_factory):
    return build_source(SOURCE, tmp_path_factory.mktemp("cfunc_return"))


def values(x):
    return np.asarray(x).tolist()


def py(x):
    """Interpreted, elements of NumPy arrays are NumPy scalars: their Python values."""
    if isinstance(x, tuple):
        return tuple(py(v) for v in x)
    return x.item() if isinstance(x, np.generic) else x


def both(mod, name, *make_args):
    """Calls name on fresh arguments in both modules; returns (compiled, interpreted) results."""
    got = getattr(mod.compiled, name)(*[m() for m in make_args])
    want = getattr(mod.interpreted, name)(*[m() for m in make_args])
    return got, want


@pytest.mark.parametrize("name,args", [
    ("total_made", (lambda: 4,)), ("total_made", (lambda: 0,)),
    ("made_twice", (lambda: 3,)), ("made_element", (lambda: 5,)),
    ("write_through", (lambda: np.arange(3.0), lambda: 7.5)),
    ("read_half", (lambda: np.arange(9.0),)), ("read_half", (lambda: np.arange(20.0)[::3],)),
    ("picked", (lambda: np.array([1.0, -2.0]), lambda: np.array([5.0]), lambda: 0)),
    ("picked", (lambda: np.array([1.0, -2.0]), lambda: np.array([5.0]), lambda: 1)),
    ("picked", (lambda: np.array([1.0, -2.0]), lambda: np.array([5.0]), lambda: -1)),
    ("shrunk", (lambda: np.arange(6), lambda: 3)), ("shrunk", (lambda: np.arange(6), lambda: 9)),
    ("read_only_sum", (lambda: np.arange(5.0),)),
    ("use_ccall", (lambda: np.arange(5.0),)),
    ("finally_first", (lambda: np.array([1.0]), lambda: np.array([2.0, -1.0]), lambda: 0)),
    ("finally_first", (lambda: np.array([1.0]), lambda: np.array([2.0, -1.0]), lambda: 1)),
    ("chosen", (lambda: np.arange(5.0), lambda: True)), ("chosen", (lambda: np.arange(5.0), lambda: False)),
    ("nested_calls", (lambda: np.arange(7.0),)),
])
def test_scalar_results_match(mod, name, args):
    got, want = both(mod, name, *args)
    assert got == py(want) and type(got) is type(py(want))


def test_errors_propagate_through_a_view_return(mod):
    a, b = np.array([1.0, -2.0]), np.array([5.0])
    ra, rb = sys.getrefcount(a), sys.getrefcount(b)
    for _ in range(50):
        with pytest.raises(IndexError):
            mod.compiled.picked(a, b, 2)
        with pytest.raises(IndexError):
            mod.interpreted.picked(a, b, 2)
        with pytest.raises(IndexError):  # raised in a finally after a return
            mod.compiled.finally_first(b, a, 5)
        with pytest.raises(IndexError):
            mod.interpreted.finally_first(b, a, 5)
    assert (sys.getrefcount(a), sys.getrefcount(b)) == (ra, rb)


def test_new_array_outlives_the_callee(mod):
    got = mod.compiled.made(3)
    assert type(got) is np.ndarray and values(got) == values(mod.interpreted.made(3))
    assert got.flags.c_contiguous and got.flags.owndata
    assert sys.getrefcount(got) == 2  # only `got` (and getrefcount's argument) hold it


def test_writes_reach_the_argument(mod):
    a = np.arange(6.0)
    mod.compiled.write_half(a)
    b = np.arange(6.0)
    mod.interpreted.write_half(b)
    assert values(a) == values(b) == [0.0, 1.0, -1.0, 3.0, 4.0, 5.0]


def test_written_result_needs_a_writable_buffer(mod):
    ro = np.arange(4.0)
    ro.setflags(write=False)
    with pytest.raises(ValueError, match="read-only"):
        mod.compiled.write_through(ro, 1.0)
    with pytest.raises(ValueError):
        mod.interpreted.write_through(ro, 1.0)
    with pytest.raises(ValueError, match="read-only"):
        mod.compiled.write_half(ro)
    assert values(ro) == [0.0, 1.0, 2.0, 3.0]
    # only read: a read-only buffer is accepted, as interpreted
    assert mod.compiled.read_half(ro) == mod.interpreted.read_half(ro)
    assert mod.compiled.read_only_sum(ro) == mod.interpreted.read_only_sum(ro) == 6.0


def test_whole_views_give_back_the_object(mod):
    a = np.arange(6.0).reshape(2, 3)
    before = sys.getrefcount(a)
    assert mod.compiled.ccall_whole(a) is a
    row = a[0]
    assert mod.compiled.ident_to_python(row) is row
    f = np.arange(3, dtype=np.float32)
    assert mod.compiled.def_declared(f) is f and mod.interpreted.def_declared(f) is f
    arr = array("f", [1.0, 2.0])
    assert mod.compiled.def_declared(arr) is arr
    for _ in range(100):
        mod.compiled.ccall_whole(a)
        mod.compiled.ident_to_python(a[1])
    assert sys.getrefcount(a) == before


def test_slices_become_memoryviews_sharing_memory(mod):
    a = np.arange(7.0)
    before = sys.getrefcount(a)
    for name in ("half_to_python", "ccall_slice"):
        got = getattr(mod.compiled, name)(a)
        want = getattr(mod.interpreted, name)(np.arange(7.0))
        assert isinstance(got, memoryview) and values(got) == values(want)
        np.asarray(got)[0] = 42.0
        assert 42.0 in a
        a[:] = np.arange(7.0)
        del got
    assert sys.getrefcount(a) == before


def test_ccall_new_array(mod):
    got = mod.compiled.ccall_new(4)
    assert type(got) is np.ndarray and got.dtype == np.int32 and values(got) == [0, 1, 2, 3]
    assert sys.getrefcount(got) == 2


def test_no_leak_over_many_calls(mod):
    a = np.arange(10.0)
    ra = sys.getrefcount(a)
    for _ in range(2000):
        mod.compiled.total_made(3)
        mod.compiled.made_twice(2)
        mod.compiled.read_half(a)
        mod.compiled.write_through(a, 1.0)
        mod.compiled.use_ccall(a)
        mod.compiled.finally_first(a, a, 0)
        mod.compiled.chosen(a, True)
        mod.compiled.nested_calls(a)
        try:
            mod.compiled.finally_first(a, a, 50)
        except IndexError:
            pass
    assert sys.getrefcount(a) == ra
    x = np.arange(6)
    rx = sys.getrefcount(x)
    for _ in range(500):
        mod.compiled.shrunk(x, 4)
    assert sys.getrefcount(x) == rx


TUTORIAL_STEP4 = '''
import cython
import numpy as np

@cython.cfunc
def f(x: cython.double) -> cython.double:
    return x ** 2 - x

@cython.cfunc
def integrate_f(a: cython.double, b: cython.double, N: cython.long) -> cython.double:
    s: cython.double
    dx: cython.double
    i: cython.long
    s = 0
    dx = (b - a) / N
    for i in range(N):
        s += f(a + i * dx)
    return s * dx

@cython.ccall
def apply_integrate_f(col_a: cython.double[:], col_b: cython.double[:],
                      col_N: cython.long[:]) -> cython.double[:]:
    n: cython.int
    i: cython.int
    res: cython.double[:]
    n = len(col_N)
    res = np.empty(n, dtype=np.float64)
    for i in range(n):
        res[i] = integrate_f(col_a[i], col_b[i], col_N[i])
    return res
'''


def test_tutorial_step4_ccall_returns_the_array(tmp_path):
    """The tutorial's step 4 as written: a ccall declared `-> cython.double[:]` returning the
    np.empty result gives back that ndarray, equal to the interpreted one."""
    built = build_source(TUTORIAL_STEP4, tmp_path)
    rng = np.random.default_rng(4)
    a = rng.standard_normal(50)
    b = a + rng.random(50)
    n = rng.integers(1, 200, size=50)
    got = built.compiled.apply_integrate_f(a, b, n)
    want = built.interpreted.apply_integrate_f(a, b, n)
    assert type(got) is np.ndarray and got.dtype == np.float64 and sys.getrefcount(got) == 2
    np.testing.assert_allclose(got, want, rtol=1e-12)
    with pytest.raises(IndexError):
        built.compiled.apply_integrate_f(a[:3], b, n)
    with pytest.raises(IndexError):
        built.interpreted.apply_integrate_f(a[:3], b, n)


def test_stub_says_what_comes_back(mod):
    from pathlib import Path
    so = Path(mod.compiled.__file__)
    stub = (so.parent / (so.name.split(".")[0] + ".pyi")).read_text()
    assert "def ccall_slice(a: numpy.typing.NDArray[numpy.float64]) -> memoryview: ..." in stub
    assert ("def ccall_whole(a: numpy.typing.NDArray[numpy.float64]) -> "
            "numpy.typing.NDArray[numpy.float64]: ...") in stub
    assert "def ccall_new(n: int) -> numpy.typing.NDArray[numpy.int32]: ..." in stub
