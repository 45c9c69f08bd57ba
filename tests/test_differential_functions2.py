"""Differential tests: functions. @cython.locals / returns, cython.declare / cast / sizeof,
@cython.inline / ccall / cfunc, defaults and keyword arguments, recursion, @cython.exceptval in
each of its forms (Cython 3: exceptions propagate by default), @pyc2c.fastmath, and the pow /
divmod builtins. Each is compared with the same file interpreted by CPython.
"""
import math
import sys

import pytest

from conftest import build_source, check_same, run_pyc2c

SOURCE = '''
import cython
import pyc2c


@cython.locals(a=cython.int, b=cython.double, big=int)
@cython.returns(cython.double)
def with_locals(n: cython.int):
    a = n * 2
    b = a / 4
    big = n
    big = big ** 5
    return b + big % 7


@cython.locals(i=cython.Py_ssize_t, s=cython.longlong)
def locals_loop(n: cython.Py_ssize_t):
    s = 0
    for i in range(n):
        s += i * i
    return s


def declared(n: cython.int):
    x = cython.declare(cython.long, 5)
    y = cython.declare(cython.double, 0.5)
    z = cython.declare(int, 2**70)
    w = cython.declare(cython.int)
    w = n
    return x * w + y + z % 1000


def casts(n: cython.long, f: cython.double):
    a = cython.cast(cython.double, n)
    b = cython.cast(cython.long, n)
    c = cython.cast(cython.int, 7)
    return a / 2 + b * c + cython.cast(cython.double, f)


def sizes():
    return (cython.sizeof(cython.int) * 1000 + cython.sizeof(cython.double) * 100
            + cython.sizeof(cython.short) * 10 + cython.sizeof(cython.char))


def size_of_local(n: cython.long):
    k: cython.long = n
    return cython.sizeof(k)


@cython.cfunc
@cython.inline
def sq(x: cython.double) -> cython.double:
    return x * x


@cython.ccall
def twice(x: cython.long) -> cython.long:
    return 2 * x


def uses_inline_and_ccall(x: cython.double, n: cython.long):
    return sq(x) + twice(n)


def defaults(a: cython.int, b: cython.double = 1.5, c: int = 10, d: cython.bint = True,
             e: cython.long = -3, s: str = "x"):
    return a + b * c + (100 if d else 0) + e


def keyword_caller(a: cython.int):
    return defaults(a, e=4) + defaults(c=2, a=a) + defaults(a, 2.5, 3, False)


def big_default(n: int = 123456789012345678901234567890, m: cython.long = 2):
    return n * m


def fact(n: int) -> int:
    if n <= 1:
        return 1
    return n * fact(n - 1)


def fib(n: cython.int) -> cython.long:
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def fib_inferred(n: cython.int):
    if n < 2:
        return n
    return fib_inferred(n - 1) + fib_inferred(n - 2)


@cython.cfunc
def is_even(n: cython.int) -> cython.bint:
    if n == 0:
        return True
    return is_odd(n - 1)


@cython.cfunc
def is_odd(n: cython.int) -> cython.bint:
    if n == 0:
        return False
    return is_even(n - 1)


def parity(n: cython.int):
    return is_even(n)


def ackermann(m: cython.int, n: cython.int) -> cython.int:
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))


def deep(n: cython.int) -> cython.int:
    if n == 0:
        return 0
    return 1 + deep(n - 1)


@cython.cfunc
@cython.exceptval(-1)
def ev_value(x: cython.int) -> cython.int:
    if x < 0:
        raise ValueError("negative")
    return x * 3


@cython.cfunc
@cython.exceptval(-1, check=True)
def ev_maybe(x: cython.int) -> cython.int:
    if x == 5:
        raise KeyError("five")
    return x - 1


@cython.cfunc
@cython.exceptval(check=True)
def ev_star(x: cython.double) -> cython.double:
    return 1.0 / x


@cython.cfunc
def ev_default(x: cython.int) -> cython.int:
    if x > 100:
        raise OverflowError("too big")
    return x


@cython.cfunc
def ev_void(x: cython.int) -> cython.void:
    if x == 7:
        raise RuntimeError("seven")


@cython.cfunc
@cython.exceptval(check=False)
def ev_noexcept(x: cython.int) -> cython.int:
    if x < 0:
        raise ValueError("swallowed")
    return x + 10


@cython.cfunc
@cython.exceptval(-7, check=False)
def ev_value_nocheck(x: cython.int) -> cython.int:
    if x < 0:
        raise ValueError("propagates")
    return x


@cython.ccall
@cython.exceptval(-1, check=True)
def ev_ccall(x: cython.long) -> cython.long:
    if x == 0:
        raise ZeroDivisionError("zero")
    return 100 // x


def call_value(x: cython.int):
    return ev_value(x) + 1


def call_maybe(x: cython.int):
    return ev_maybe(x) + 1


def call_star(x: cython.double):
    return ev_star(x)


def call_default(x: cython.int):
    return ev_default(x) * 2


def call_void(x: cython.int):
    ev_void(x)
    return x


def call_noexcept(x: cython.int):
    return ev_noexcept(x)


def call_value_nocheck(x: cython.int):
    return ev_value_nocheck(x)


@pyc2c.fastmath
def integrate_fast(a: cython.double, b: cython.double, n: cython.int):
    s = 0.0
    dx = (b - a) / n
    for i in range(n):
        x = a + i * dx
        s += x * x - x
    return s * dx


@pyc2c.fastmath
def dot_fast(a: cython.double[:], b: cython.double[:]):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] * b[i]
    return s


@pyc2c.fastmath()
def fast_div(a: cython.double, b: cython.double):
    return a / b


def integrate_strict(a: cython.double, b: cython.double, n: cython.int):
    s = 0.0
    dx = (b - a) / n
    for i in range(n):
        x = a + i * dx
        s += x * x - x
    return s * dx


def divmod_ints(a: int, b: int):
    return divmod(a, b)


def divmod_floats(a: cython.double, b: cython.double):
    return divmod(a, b)


def divmod_c(a: cython.long, b: cython.long):
    return divmod(a, b)


def pow2(a: int, b: int):
    return pow(a, b)


def pow3(a: int, b: int, m: int):
    return pow(a, b, m)


def pow_float(a: cython.double, b: cython.double):
    return pow(a, b)


def pow_lit(a: cython.long):
    return pow(a, 3) + pow(a, 2)
'''


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_source(SOURCE, tmp_path_factory.mktemp("fn2"), "functions2")


INTS = [-7, -1, 0, 1, 2, 5, 9, 100, 101, 1000]


@pytest.mark.parametrize("name,args", [
    ("with_locals", [(n,) for n in INTS + [2**20]]),
    ("locals_loop", [(0,), (10,), (100000,)]),
    ("declared", [(n,) for n in INTS]),
    ("casts", [(n, f) for n in (0, -3, 2**40) for f in (0.5, -2.25)]),
    ("uses_inline_and_ccall", [(x, n) for x in (0.0, -1.5, 3.0) for n in (0, -4, 2**40)]),
    ("twice", [(n,) for n in INTS]),
])
def test_declarations_casts_and_sizes(built, name, args):
    check_same(built, [(name, a) for a in args])


@pytest.mark.parametrize("call", [
    ("defaults", (1,)), ("defaults", (1, 2.0)), ("defaults", (1, 2.0, 3)),
    ("defaults", (1,), {"c": 7}), ("defaults", (), {"a": 3, "s": "y", "d": False}),
    ("defaults", (1, 2.0), {"e": 9, "c": 2**70}), ("defaults", ()), ("defaults", (1,), {"a": 2}),
    ("defaults", (1,), {"zz": 2}), ("defaults", (1, 2, 3, 4, 5, "s", 7)),
    ("keyword_caller", (5,)), ("keyword_caller", (-5,)),
    ("big_default", ()), ("big_default", (7,)), ("big_default", (), {"m": -2**40}),
])
def test_defaults_and_keywords(built, call):
    check_same(built, [call])


@pytest.mark.parametrize("name,args", [
    ("fact", [(0,), (1,), (20,), (21,), (50,)]),
    ("fib", [(0,), (1,), (2,), (20,)]),
    ("fib_inferred", [(0,), (1,), (15,)]),
    ("parity", [(0,), (1,), (10,), (501,)]),
    ("ackermann", [(0, 0), (1, 2), (2, 3), (3, 3)]),
    ("deep", [(0,), (100,), (1000,)]),
])
def test_recursion(built, name, args):
    check_same(built, [(name, a) for a in args])


def test_runaway_recursion_raises(built):
    check_same(built, [("deep", (10**6,))])


@pytest.mark.parametrize("name,args", [
    ("call_value", [(1,), (0,), (-1,), (-5,)]),
    ("call_maybe", [(1,), (5,), (0,)]),
    ("call_star", [(2.0,), (0.0,), (-4.0,)]),
    ("call_default", [(1,), (101,)]),
    ("call_void", [(1,), (7,)]),
    ("call_noexcept", [(0,), (5,)]),
    ("call_value_nocheck", [(0,), (3,), (-2,)]),
    ("ev_ccall", [(1,), (0,), (-7,)]),
])
def test_exceptval_variants(built, name, args):
    check_same(built, [(name, a) for a in args])


def test_sizeof_is_the_c_size(built):
    # Cython's interpreted shadow gives 1 for every type; compiled, it is C's sizeof
    assert built.compiled.sizes() == 4 * 1000 + 8 * 100 + 2 * 10 + 1
    assert built.compiled.size_of_local(3) == 8


def test_exceptval_check_false_writes_unraisable(built, monkeypatch):
    seen = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: seen.append(u.exc_type))
    assert built.compiled.call_noexcept(-1) == 0  # swallowed: 0 returned to the caller
    assert seen == [ValueError]


def test_exceptval_traceback_names_the_cfunc(built):
    with pytest.raises(ValueError) as info:
        built.compiled.call_value(-1)
    names = [entry.name for entry in info.traceback]
    assert "ev_value" in names and "call_value" in names


@pytest.mark.parametrize("args", [(0.0, 3.0, 1000), (0.0, 1.0, 1), (-2.0, 2.0, 100000), (1.0, 1.0, 10)])
def test_fastmath_results_within_tolerance(built, args):
    fast = built.compiled.integrate_fast(*args)
    want = built.interpreted.integrate_fast(*args)
    assert math.isclose(fast, want, rel_tol=1e-9, abs_tol=1e-12)
    assert built.compiled.integrate_strict(*args) == built.interpreted.integrate_strict(*args)


def test_fastmath_keeps_python_errors(built):
    from array import array
    a = memoryview(array("d", [1.5, 2.0, -3.0] * 100))
    assert math.isclose(built.compiled.dot_fast(a, a), built.interpreted.dot_fast(a, a), rel_tol=1e-12)
    check_same(built, [("fast_div", (1.0, 0.0)), ("fast_div", (1.0, 4.0)),
                       ("fast_div", (float("inf"), 2.0))])
    assert math.isnan(built.compiled.fast_div(float("nan"), 1.0))


@pytest.mark.parametrize("name,args", [
    ("divmod_ints", [(a, b) for a in (-7, 7, 2**70, -2**63) for b in (2, -3, 2**64, 0)]),
    ("divmod_floats", [(a, b) for a in (7.5, -7.5, 0.0) for b in (2.0, -0.5, 0.0)]),
    ("divmod_c", [(a, b) for a in (-7, 2**63 - 1) for b in (3, -1, 0)]),
    ("pow2", [(a, b) for a in (2, -3, 0, 10) for b in (0, 5, 70, -1, -3)]),
    ("pow3", [(3, 200, 1000), (2, -1, 5), (2, -1, 4), (5, 3, 0), (2**70, 2**70, 97)]),
    ("pow_float", [(2.0, 0.5), (0.0, -1.0), (-8.0, 3.0), (10.0, 400.0)]),
    ("pow_lit", [(0,), (-3,), (2**20,)]),
])
def test_pow_and_divmod_builtins(built, name, args):
    check_same(built, [(name, a) for a in args])


@pytest.mark.parametrize("src,message", [
    ("import cython\n@cython.exceptval(-1)\ndef f(x: cython.int) -> cython.int:\n    return x\n",
     "@cython.exceptval is for @cython.cfunc and @cython.ccall functions"),
    ("import cython\n@cython.cfunc\n@cython.exceptval(-1)\ndef f(x):\n    return x\n",
     "@cython.exceptval is not allowed for f(), which returns a Python object"),
    ("import cython\n@cython.cfunc\n@cython.exceptval(1.5)\ndef f(x: cython.int) -> cython.int:\n    return x\n",
     "the exception value does not fit the return type cython.int"),
    ("import cython\n@cython.cfunc\n@cython.exceptval(-1, check=1)\ndef f(x: cython.int) -> cython.int:\n    return x\n",
     "cython.exceptval() takes check=True or check=False"),
    ("import cython\n@cython.cfunc\n@cython.exceptval()\ndef f(x: cython.int) -> cython.int:\n    return x\n",
     "cython.exceptval() needs a value or check=True/False"),
    ("import pyc2c\n@pyc2c.fastmath(1)\ndef f(x: float) -> float:\n    return x\n",
     "@pyc2c.fastmath takes no arguments"),
])
def test_function_decorator_errors(tmp_path, src, message):
    path = tmp_path / "m.py"
    path.write_text(src)
    proc = run_pyc2c("check", path)
    assert proc.returncode == 1
    assert f"error: {message}" in proc.stderr, proc.stderr


def test_fastmath_is_scoped_to_its_function(tmp_path):
    """Only the decorated function is compiled with reassociation (a GCC optimize pragma pushed
    before it and popped after it); the rest keeps Python's evaluation order."""
    path = tmp_path / "fm.py"
    path.write_text("import cython\nimport pyc2c\n\n@pyc2c.fastmath\ndef fast(x: float) -> float:\n"
                    "    return x + 1.0\n\ndef strict(x: float) -> float:\n    return x + 1.0\n")
    out = tmp_path / "fm.c"
    proc = run_pyc2c("emit", path, "-o", out)
    assert proc.returncode == 0, proc.stderr
    c = out.read_text()
    push = c.index("#pragma GCC push_options")
    assert c.index('"associative-math"') > push
    assert push < c.index("/* fast() from") < c.index("#pragma GCC pop_options") < c.index("/* strict() from")
    assert c.count("#pragma GCC push_options") == 1
