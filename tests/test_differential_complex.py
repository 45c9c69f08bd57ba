"""Differential tests of complex scalars (cython.doublecomplex, cython.complex, the `complex`
annotation, cython.floatcomplex, imaginary literals): every operation is run compiled and
interpreted on the same operands, including zeros of both signs, infinities, NaNs and values
near the overflow threshold, and must give the same value bit for bit (signed zeros and NaN
positions included) or the same exception with the same message."""
import math
import sys

import numpy as np
import pytest

from conftest import build_source

SRC = '''
import cython

def add(a: complex, b: complex) -> complex:
    return a + b

def sub(a: cython.doublecomplex, b: cython.doublecomplex) -> cython.doublecomplex:
    return a - b

def mul(a: cython.complex, b: cython.complex) -> cython.complex:
    return a * b

def div(a: complex, b: complex) -> complex:
    return a / b

def pw(a: complex, b: complex) -> complex:
    return a ** b

def neg(a: complex):
    return -a, +a

def eq(a: complex, b: complex):
    return a == b, a != b, not a, bool(a)

def parts(a: complex):
    return a.real, a.imag, a.conjugate(), (a * 2).real

def ab(a: complex) -> cython.double:
    return abs(a)

def mixed_float(a: complex, x: cython.double):
    return a + x, x + a, a - x, x - a, a * x, x * a, a == x, x != a

def mixed_div_float(a: complex, x: cython.double):
    return a / x

def rdiv_float(a: complex, x: cython.double):
    return x / a

def mixed_int(a: complex, n: cython.int, m: cython.longlong):
    return a + n, n * a, a - m, m * a, a == m, n == a

def mixed_pyint(a: complex, n: int):
    return a + n, n * a, a == n, a != n

def div_int(a: complex, n: cython.int) -> complex:
    return a / n

def pow_int(a: complex, n: cython.int) -> complex:
    return a ** n

def pow_float(a: complex, x: cython.double) -> complex:
    return a ** x

def rpow_float(x: cython.double, a: complex) -> complex:
    return x ** a

def literals():
    z = 1 + 2j
    w = 3j
    v = 2.5 - 0.5j
    return z, w, v, z * w - v, 1j * 1j, -0j, 0j, 1e400j

def ctor(x: cython.double, y: cython.double):
    return complex(x, y), complex(x), complex(), cython.doublecomplex(x)

def casts(x: cython.double, n: cython.int, o):
    return cython.cast(cython.doublecomplex, x) + cython.floatcomplex(n), cython.doublecomplex(o)

def sizes():
    return cython.sizeof(cython.doublecomplex), cython.sizeof(cython.floatcomplex), cython.sizeof(cython.complex)

def ctor_complex(a: complex, b: complex, x: cython.double):
    return complex(a, b), complex(a, x), complex(x, b), complex(a)

def ctor_int(n: cython.int, m: int):
    return complex(n, m), complex(m)

def inferred(a: complex, n: cython.int):
    z = a
    for i in range(n):
        z = z * a + 1
    return z, z.real + z.imag

def accumulate(n: cython.int) -> complex:
    s: complex = 0
    for k in range(n):
        s += complex(k, -k) / (k + 1j)
    return s

def aug(a: complex, b: complex):
    a += b
    a *= b
    a -= 1
    a /= 2
    return a

def flt(a: cython.floatcomplex, b: cython.floatcomplex) -> cython.floatcomplex:
    return a * b + a

def to_double(a: cython.floatcomplex) -> cython.doublecomplex:
    return a

def branch(a: complex, c: cython.bint):
    z = a if c else 2j
    return z

def call_helper(a: complex) -> complex:
    return helper(a, 2.0) + helper(1j, a.real)

@cython.cfunc
def helper(z: complex, x: cython.double) -> complex:
    return z * x

def chains(a: complex, x: cython.double, c: cython.bint):
    return (complex(x, 1.0).conjugate(), helper(a, x).real, (a if c else 2j).imag,
            (a * 2).conjugate().imag, complex(x).real, (-a).real, (1j).conjugate())

def boxed(a: complex):
    items = [a, a * 2]
    return items, str(a)

Z0 = 2 - 1j

def module_var(a: complex):
    return Z0 * a, f"{a}|{a * 1j!r}|{a.real:.3f}"

@cython.locals(w=cython.doublecomplex, k=cython.int)
def declared(a: complex, n: cython.int) -> complex:
    v = cython.declare(cython.doublecomplex, 2j)
    w = a
    for k in range(n):
        w = w * v + k
    return w

def nogil_sum(a: complex, n: cython.int) -> complex:
    s: complex = 0j
    with cython.nogil:
        for i in range(n):
            s = s + a / (i - 3)
    return s

def default_arg(a: complex = 1.5j, b: complex = -2) -> complex:
    return a * b

def from_object(o) -> complex:
    z: complex = o
    return z
'''

SPECIAL = [0.0, -0.0, 1.0, -2.5, 1e-310, 1.7e308, -1.7e308, math.inf, -math.inf, math.nan]
VALUES = [complex(0.0, 0.0), complex(-0.0, -0.0), complex(1.0, 2.0), complex(-3.5, 0.25),
          complex(0.0, -1.0), complex(1e308, 1e308), complex(1e-308, -1e-310),
          complex(math.inf, 0.0), complex(math.inf, math.inf), complex(-math.inf, 1.0),
          complex(math.nan, 0.0), complex(1.0, math.nan), complex(math.inf, math.nan),
          complex(0.0, math.inf), complex(3.0, -4.0), complex(1e-300, 1e300)]


@pytest.fixture(scope="module")
def mod(tmp_path_factory):
    return build_source(SRC, tmp_path_factory.mktemp("complex"), "cplx")


def bits(x):
    """A value as comparable data: floats and complex parts by value, sign of zero and NaN."""
    if isinstance(x, complex):
        return ("complex", bits(x.real), bits(x.imag))
    if isinstance(x, float):
        return ("float", "nan") if math.isnan(x) else ("float", x, math.copysign(1.0, x))
    if isinstance(x, (tuple, list)):
        return (type(x).__name__,) + tuple(bits(v) for v in x)
    return (type(x).__name__, x)


def outcome(fn, *args):
    try:
        return ("value", bits(fn(*args)))
    except Exception as exc:  # the exception's type and message are the outcome compared
        return ("raises", type(exc).__name__, str(exc))


def check(mod, name, *args):
    got = outcome(getattr(mod.compiled, name), *args)
    want = outcome(getattr(mod.interpreted, name), *args)
    assert got == want, f"{name}{args}: compiled {got}, interpreted {want}"
    return got


@pytest.mark.parametrize("name", ["add", "sub", "mul", "div", "pw"])
def test_binary_operators_on_special_values(mod, name):
    for a in VALUES:
        for b in VALUES:
            check(mod, name, a, b)


@pytest.mark.parametrize("name", ["neg", "parts", "ab"])
def test_unary_operations(mod, name):
    for a in VALUES + [complex(1.7e308, 1.7e308), complex(-1e308, 1e308)]:
        check(mod, name, a)


def test_equality(mod):
    for a in VALUES:
        for b in VALUES:
            check(mod, "eq", a, b)


@pytest.mark.parametrize("name", ["mixed_float", "mixed_div_float", "rdiv_float", "pow_float", "rpow_float"])
def test_mixing_with_floats(mod, name):
    for a in VALUES:
        for x in SPECIAL:
            if name == "rpow_float":
                check(mod, name, x, a)
            else:
                check(mod, name, a, x)


@pytest.mark.parametrize("name", ["div_int", "pow_int"])
def test_mixing_with_c_ints(mod, name):
    for a in VALUES:
        for n in [0, 1, -1, 2, 3, -3, 7, 100, 101, -101, 2**31 - 1]:
            check(mod, name, a, n)


def test_mixing_with_ints_exact_comparison(mod):
    for a in VALUES + [complex(2.0**53 + 2, 0.0), complex(9007199254740993.0, 0.0)]:
        for n, m in [(0, 0), (1, 2**53 + 1), (-7, -(2**63)), (2**31 - 1, 2**63 - 1)]:
            check(mod, "mixed_int", a, n, m)
    for a in [complex(2.0**53, 0.0), 1 + 0j, complex(1e300, 0.0)]:
        for n in [2**53, 2**53 + 1, 1, 10**300, 10**400, -5]:
            check(mod, "mixed_pyint", a, n)


def test_division_by_zero_message(mod):
    for name, args in [("div", (1 + 2j, 0j)), ("div", (0j, -0.0 + 0j)), ("mixed_div_float", (1j, 0.0)),
                       ("rdiv_float", (0j, 1.0)), ("div_int", (1j, 0)), ("pw", (0j, -1 + 0j)),
                       ("pw", (0j, 1j)), ("pow_int", (0j, -2))]:
        assert check(mod, name, *args)[0] == "raises"
    assert check(mod, "div", 1 + 2j, 0j) == ("raises", "ZeroDivisionError", "complex division by zero")
    assert check(mod, "pw", 0j, -1 + 0j) == ("raises", "ZeroDivisionError",
                                            "0.0 to a negative or complex power")


def test_overflow_messages(mod):
    assert check(mod, "ab", complex(1.7e308, 1.7e308)) == ("raises", "OverflowError",
                                                           "absolute value too large")
    assert check(mod, "pw", complex(1e200, 1e200), complex(2.5, 0)) == (
        "raises", "OverflowError", "complex exponentiation")
    check(mod, "pow_int", complex(1e200, 1e200), 2)
    check(mod, "pow_int", complex(1e300, 1e300), 3)


def test_literals_and_constructors(mod):
    check(mod, "literals")
    for x, y in [(1.5, -2.0), (-0.0, 0.0), (math.inf, math.nan), (0.0, -0.0)]:
        check(mod, "ctor", x, y)
    for a in VALUES[:8]:
        for b in [1j, -0.0 - 0.0j, complex(2, -3)]:
            check(mod, "ctor_complex", a, b, -1.5)
    check(mod, "ctor_int", 3, 2**60)
    check(mod, "casts", 1.5, -7, 2 - 1j)
    assert mod.compiled.sizes() == (16, 8, 16)
    check(mod, "casts", -0.0, 0, 4.25)
    check(mod, "ctor_int", -1, 10**400)


def test_inference_and_loops(mod):
    for a in [0.5 + 0.5j, 1j, complex(2, -1)]:
        check(mod, "inferred", a, 5)
    check(mod, "accumulate", 20)
    for a, b in [(1 + 1j, 2 - 1j), (1j, 0j), (complex(math.inf, 0), 1j)]:
        check(mod, "aug", a, b)
    check(mod, "branch", 1 + 1j, True)
    check(mod, "branch", 1 + 1j, False)
    check(mod, "call_helper", 3 - 4j)
    check(mod, "chains", 3 - 4j, -0.0, True)
    check(mod, "chains", complex(-0.0, 5), 2.5, False)
    check(mod, "boxed", -0.5 + 2j)


def test_module_variables_declarations_and_nogil(mod):
    check(mod, "module_var", -0.5 + 3j)
    for n in [0, 1, 6]:
        check(mod, "declared", 0.5 - 1j, n)
    check(mod, "nogil_sum", 1 + 1j, 3)
    assert check(mod, "nogil_sum", 1 + 1j, 5) == ("raises", "ZeroDivisionError", "complex division by zero")
    check(mod, "default_arg")
    check(mod, "default_arg", 2j)
    assert mod.compiled.default_arg(b=1 + 1j) == mod.interpreted.default_arg(b=1 + 1j)


def test_float_complex_rounds_to_float(mod):
    got = mod.compiled.flt(1.1 + 2.2j, 3.3 + 4.4j)
    a, b = np.complex64(1.1 + 2.2j), np.complex64(3.3 + 4.4j)
    # computed in double from the float parts, then rounded to float parts
    ad, bd = complex(a), complex(b)
    prod = complex(ad.real * bd.real - ad.imag * bd.imag, ad.real * bd.imag + ad.imag * bd.real)
    want = complex(np.float32(prod.real + ad.real), np.float32(prod.imag + ad.imag))
    assert got == want and type(got) is complex
    assert mod.compiled.to_double(0.1 + 0.2j) == complex(np.float32(0.1), np.float32(0.2))


class WithComplex:
    def __complex__(self):
        return 3 - 4j


class WithFloat:
    def __float__(self):
        return 2.5


class WithIndex:
    def __index__(self):
        return 7


def test_conversion_from_python_objects(mod):
    for o in [1 + 2j, 2.5, 7, True, np.float64(1.5), np.complex128(1 - 1j), np.complex64(0.5j),
              np.int32(4), WithComplex(), WithFloat(), WithIndex()]:
        got = mod.compiled.add(o, 0j)
        assert type(got) is complex and got == complex(o) + 0j, o
        assert mod.compiled.from_object(o) == complex(o)
    for o in ["1+2j", None, [1], b"x"]:
        with pytest.raises(TypeError, match="must be real number"):
            mod.compiled.add(o, 0j)
    with pytest.raises(OverflowError, match="int too large to convert to float"):
        mod.compiled.add(10**400, 0j)


def test_reference_counts_unchanged(mod):
    a, b, o = complex(1.5, -2.5), complex(3, 4), WithComplex()
    before = [sys.getrefcount(x) for x in (a, b, o)]
    for _ in range(1000):
        mod.compiled.add(a, b)
        mod.compiled.mul(o, b)
        mod.compiled.parts(a)
        mod.compiled.boxed(a)
        try:
            mod.compiled.div(a, 0j)
        except ZeroDivisionError:
            pass
        mod.compiled.mixed_pyint(a, 10**30)
    assert [sys.getrefcount(x) for x in (a, b, o)] == before


def test_traceback_names_the_line(mod):
    with pytest.raises(ZeroDivisionError) as info:
        mod.compiled.div(1j, 0j)
    tb = info.traceback[-1]
    assert tb.path.name == "cplx.py"
    assert tb.lineno == SRC.lstrip("\n").splitlines().index("    return a / b")  # 0-based
