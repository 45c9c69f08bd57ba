"""Differential tests: calls between functions, recursion (and RecursionError), keyword arguments
and defaults, argument errors with CPython's messages, cfunc/ccall/inline, docstrings, and
tracebacks that point at the .py file."""
import inspect
import os
import sys
import traceback

import pytest


def calls(names, argsets):
    return [(n, a) for n in names for a in argsets]


RECURSION_SRC = '''
import cython

def fib(n: cython.int) -> cython.long:
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)

def fact(n: int) -> int:
    if n <= 1:
        return 1
    return n * fact(n - 1)

def fact_untyped(n):
    if n <= 1:
        return 1
    return n * fact_untyped(n - 1)

def down(n: cython.int) -> cython.int:
    if n == 0:
        return 0
    return down(n - 1) + 1

def down_obj(n):
    if n == 0:
        return "bottom"
    return down_obj(n - 1)

def is_even(n: cython.int) -> bool:
    if n == 0:
        return True
    return is_odd(n - 1)

def is_odd(n: cython.int) -> bool:
    if n == 0:
        return False
    return is_even(n - 1)

@cython.cfunc
def gcd_c(a: cython.long, b: cython.long) -> cython.long:
    if b == 0:
        return a
    return gcd_c(b, a % b)

def gcd(a: cython.long, b: cython.long) -> cython.long:
    return gcd_c(a, b)

def ackermann(m: cython.int, n: cython.int) -> cython.int:
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))
'''


def test_recursion_fib_fact_mutual(differential):
    built = differential(RECURSION_SRC, calls(["fib"], [(n,) for n in (0, 1, 2, 10, 20)])
                         + calls(["fact", "fact_untyped"], [(n,) for n in (0, 1, 5, 20, 21, 30, 60)])
                         + calls(["fact_untyped"], [(2.5,), (10.0,)])
                         + calls(["is_even", "is_odd"], [(n,) for n in (0, 1, 10, 77)])
                         + calls(["gcd"], [(a, b) for a in (0, 12, -18, 2**40) for b in (0, 8, -27, 3**20)])
                         + calls(["ackermann"], [(m, n) for m in (0, 1, 2) for n in (0, 3)])
                         + calls(["down", "down_obj"], [(n,) for n in (0, 1, 200)]))
    c = built.compiled
    assert c.fact(30) == 265252859812191058636308480000000
    assert type(c.fact(30)) is int
    assert c.fib(20) == 6765


def test_deep_recursion_raises_recursion_error(pyc2c_build):
    built = pyc2c_build(RECURSION_SRC)
    for mod in (built.compiled, built.interpreted):
        with pytest.raises(RecursionError):
            mod.down(10**6)
        with pytest.raises(RecursionError):
            mod.down_obj(10**6)
        with pytest.raises(RecursionError):
            mod.is_even(10**6)
    c = built.compiled
    # the recursion counter is restored: ordinary calls still work afterwards, many times
    for _ in range(3):
        with pytest.raises(RecursionError):
            c.down(10**6)
    assert c.down(300) == 300 and c.down_obj(300) == "bottom"
    depth = sys.getrecursionlimit()
    assert c.down(depth // 2) == depth // 2


KWARGS_SRC = '''
import cython

def kw(a: cython.int, b: float = 2.5, c: int = 12157665459056928801, d: str = "dflt", e=None,
       f: bool = True, g: cython.int = -7):
    if e is None:
        return (a + b) * 2 + c + g if f else d
    return e

def kw2(x, y=0, z=-0.5):
    return x * 100 + y * 10 + z

def caller(n: cython.int):
    return kw(n, d="from caller", f=False)

def caller2(n: cython.int):
    return kw2(z=1, x=n) + kw2(n, 3) + kw2(n, z=2.0, y=1)

def no_args():
    return 42

def one(a):
    return a

def two(a, b):
    return a - b

def three(a: cython.int, b: cython.int, c: cython.int) -> cython.int:
    return a * 100 + b * 10 + c
'''


def test_keyword_arguments_and_defaults(differential):
    differential(KWARGS_SRC, [
        ("kw", (1,)), ("kw", (1, 0.5)), ("kw", (1, 0.5, 3)), ("kw", (1, 0.5, 3, "s", None, False)),
        ("kw", (1,), {"f": False, "d": "kw"}), ("kw", (), {"a": 5, "g": 3}),
        ("kw", (2,), {"e": "E"}), ("kw", (2, 1.0, 5, "x", None, True, 0)),
        ("kw2", (1,)), ("kw2", (1, 2)), ("kw2", (1, 2, 3)), ("kw2", (), {"x": 1, "z": 5}),
        ("kw2", ("a",), {"y": "b", "z": "c"}) if False else ("kw2", (1.5,), {"y": 2}),
        ("caller", (3,)), ("caller2", (4,)), ("no_args", ()), ("one", ("s",)), ("two", (5, 8)),
        ("three", (1, 2, 3)), ("three", (1,), {"c": 3, "b": 2}), ("three", (), {"c": 1, "a": 2, "b": 3}),
    ])


def test_argument_errors_match_cpython_messages(pyc2c_build):
    built = pyc2c_build(KWARGS_SRC)
    bad = [
        ("no_args", (1,), {}), ("no_args", (), {"x": 1}), ("one", (), {}), ("one", (1, 2), {}),
        ("two", (), {}), ("two", (1,), {}), ("two", (1, 2, 3), {}), ("two", (1,), {"a": 2}),
        ("two", (1,), {"c": 2}), ("three", (), {}), ("three", (1,), {}),
        ("kw", (), {}), ("kw", (1, 2, 3, 4, 5, 6, 7, 8), {}), ("kw", (1,), {"zz": 0}),
        ("kw", (1,), {"a": 1}), ("kw2", (1, 2, 3, 4), {}), ("kw2", (), {"y": 1}),
    ]
    for name, args, kwargs in bad:
        msgs = []
        for mod in (built.compiled, built.interpreted):
            with pytest.raises(TypeError) as ei:
                getattr(mod, name)(*args, **kwargs)
            msgs.append(str(ei.value))
        assert msgs[0] == msgs[1], (name, args, kwargs)


def test_argument_type_errors(pyc2c_build):
    c = pyc2c_build(KWARGS_SRC).compiled
    with pytest.raises(TypeError):
        c.three(1.0, 2, 3)
    with pytest.raises(TypeError):
        c.three(1, 2, c=3.5)
    with pytest.raises(OverflowError, match="value too large to convert to int"):
        c.three(2**40, 0, 0)
    with pytest.raises(OverflowError):
        c.kw(1, g=-2**31 - 1)
    with pytest.raises(TypeError, match=r"expected int, got str"):
        c.kw(1, c="3")
    with pytest.raises(TypeError, match=r"expected str, got int"):
        c.kw(1, d=4)
    with pytest.raises(TypeError):
        c.kw(1, b="x")
    assert c.three(True, 0, 1) == 101


DECORATED_SRC = '''
"""Decorated functions: cfunc, ccall, inline, locals, returns."""
import cython

@cython.cfunc
def hidden(a: cython.int) -> cython.int:
    return a * 2

@cython.cfunc
@cython.inline
def sq(x: cython.double) -> cython.double:
    return x * x

@cython.ccall
def both(a: cython.int, b: cython.int = 3) -> cython.int:
    return hidden(a) + b

@cython.locals(n=cython.int, i=cython.int, s=cython.double)
@cython.returns(cython.double)
def sumsq(n):
    s = 0.0
    for i in range(n):
        s += sq(i)
    return s

@cython.cfunc
def maybe_fail(a: cython.int) -> cython.int:
    if a > 100:
        raise ValueError("too big")
    return a + 1

def uses_fail(a: cython.int) -> cython.int:
    return maybe_fail(a) * maybe_fail(a + 1)

@cython.cfunc
def noval(a: cython.int) -> None:
    if a < 0:
        raise ValueError("negative")

def call_noval(a: cython.int):
    noval(a)
    return a

def returns_none(a: cython.int) -> None:
    pass

def declared_local(n: cython.int):
    total = cython.declare(cython.long, 0)
    x = cython.declare(cython.int)
    x = n
    for k in range(x):
        total += k
    return total
'''


def test_cfunc_ccall_inline_locals(differential):
    built = differential(DECORATED_SRC, calls(["both"], [(a,) for a in (-3, 0, 50)]) + [("both", (1,), {"b": 9})]
                         + calls(["sumsq"], [(n,) for n in (0, 1, 10, 1000)])
                         + calls(["uses_fail", "call_noval"], [(a,) for a in (-5, 0, 99, 100, 101)])
                         + calls(["returns_none"], [(1,)])
                         + calls(["declared_local"], [(n,) for n in (0, 10, 1000)]))
    c, i = built.compiled, built.interpreted
    assert not hasattr(c, "hidden") and not hasattr(c, "sq") and hasattr(i, "hidden")
    with pytest.raises(ValueError, match="too big"):
        c.uses_fail(100)
    assert c.returns_none(3) is None


DOC_SRC = '''
"""Module docstring.

    With an indented second paragraph and a "quote".
"""
import cython

def documented(a: cython.int, b: float = 1.5) -> float:
    """Adds a and b.

    Second line, indented.
    """
    return a + b

def undocumented(x):
    return x

@cython.ccall
def single_quoted(x: cython.int = -3) -> cython.int:
    \'\'\'Single-quoted docstring with unicode: \u00e9\u2192.\'\'\'
    return x
'''


def test_docstrings_and_signatures(pyc2c_build):
    built = pyc2c_build(DOC_SRC)
    c, i = built.compiled, built.interpreted
    assert c.__doc__ == i.__doc__
    assert c.__doc__.startswith("Module docstring.")
    for name in ("documented", "undocumented", "single_quoted"):
        assert getattr(c, name).__doc__ == getattr(i, name).__doc__, name
    assert c.documented(1, 2.0) == 3.0
    sig_c = inspect.signature(c.documented)
    sig_i = inspect.signature(i.documented)
    assert list(sig_c.parameters) == list(sig_i.parameters)
    assert [p.default for p in sig_c.parameters.values()] == [p.default for p in sig_i.parameters.values()]
    assert inspect.signature(c.single_quoted).parameters["x"].default == -3


TRACEBACK_SRC = '''
import cython

@cython.cfunc
def inner(a: cython.int, b: cython.int) -> cython.int:
    x: cython.int = a + 1
    return x // b

def outer(a: cython.int, b: cython.int) -> cython.int:
    y: cython.int = 0
    y = inner(a, b)
    return y

def objects(a, b):
    t = a
    t = t + b
    return t

def asserting(v: float):
    assert v > 0.0, "must be positive"
    return v

def explicit():
    raise ValueError("x")
'''


def test_traceback_points_at_py_file_and_line(pyc2c_build):
    built = pyc2c_build(TRACEBACK_SRC)
    src_lines = built.path.read_text().splitlines()

    def line_of(text):
        return next(n for n, l in enumerate(src_lines, 1) if text in l)

    def tb_entries(fn, *args):
        with pytest.raises(Exception) as ei:
            fn(*args)
        return ei.type, traceback.extract_tb(ei.value.__traceback__)

    path = os.path.realpath(built.path)
    for mod in (built.compiled, built.interpreted):
        cases = [
            ((mod.outer, 1, 0), ZeroDivisionError, [("outer", "y = inner(a, b)"), ("inner", "return x // b")]),
            ((mod.objects, 1, "s"), TypeError, [("objects", "t = t + b")]),
            ((mod.asserting, -1.0), AssertionError, [("asserting", "assert v > 0.0")]),
            ((mod.explicit,), ValueError, [("explicit", 'raise ValueError("x")')]),
        ]
        for (fn, *args), exc, want in cases:
            typ, entries = tb_entries(fn, *args)
            assert typ is exc
            ours = [e for e in entries if os.path.realpath(e.filename) == path]
            assert [(e.name, e.lineno) for e in ours] == [(n, line_of(t)) for n, t in want], (mod, fn)


RETTYPES_SRC = '''
import cython

def maybe(a: cython.int):
    if a > 0:
        return a

def int_or_float(a: cython.int):
    if a > 0:
        return a
    return 0.5

def int_or_str(a: cython.int):
    if a > 0:
        return a * 2
    elif a == 0:
        return "zero"
    return None

def bools(a: cython.int):
    if a > 0:
        return True
    return a < -5

def floats(a: cython.int):
    if a > 0:
        return 1.5
    return a * 0.25

def nothing(a: cython.int):
    a += 1

def returns_none_explicit(a) -> None:
    return None

def inferred_callee(a: cython.int):
    return a * 2

def uses_inferred(a: cython.int):
    return inferred_callee(a) + 1

def uses_maybe(a: cython.int):
    return maybe(a)

def uses_nothing(a: cython.int):
    return nothing(a)
'''


def test_inferred_return_types(differential):
    differential(RETTYPES_SRC, calls(["maybe", "int_or_float", "int_or_str", "bools", "floats", "nothing",
                                      "returns_none_explicit", "uses_inferred", "uses_maybe", "uses_nothing"],
                                     [(a,) for a in (-10, -1, 0, 1, 7)]))


CONV_CALLS_SRC = '''
import cython

@cython.cfunc
def c_int(a: cython.int) -> cython.int:
    return a + 1

@cython.cfunc
def c_str(s: str) -> cython.int:
    return 1 if s == "x" else 0

def pass_obj(a):
    return c_int(a)

def pass_pyint(a: int):
    return c_int(a)

def pass_float_to_double(a):
    return half(a)

def half(x: cython.double) -> cython.double:
    return x / 2

def pass_str(a):
    return c_str(a)

def nested(a):
    return c_int(c_int(a) * 2)
'''


def test_conversions_at_internal_calls(pyc2c_build):
    built = pyc2c_build(CONV_CALLS_SRC)
    c = built.compiled
    # in range: the same as interpreted
    for v in (-5, 0, 41):
        assert c.pass_obj(v) == built.interpreted.pass_obj(v)
        assert c.pass_pyint(v) == built.interpreted.pass_pyint(v)
        assert c.nested(v) == built.interpreted.nested(v)
    assert c.pass_float_to_double(3) == 1.5 and c.pass_float_to_double(2.5) == 1.25
    assert c.pass_str("x") == 1 and c.pass_str("y") == 0
    # C-typed parameters of internal calls convert as Cython does, with a traceback into the .py
    with pytest.raises(TypeError):
        c.pass_obj(1.5)
    with pytest.raises(OverflowError):
        c.pass_pyint(2**40)
    with pytest.raises(TypeError):
        c.pass_str(3)
    with pytest.raises(OverflowError) as ei:
        c.pass_obj(3**50)
    names = [e.name for e in traceback.extract_tb(ei.value.__traceback__)]
    assert "pass_obj" in names


CHAIN_SRC = '''
import cython

@cython.cfunc
def level3(a: cython.int) -> cython.int:
    if a == 3:
        raise ValueError("level3")
    return 10 // a

@cython.cfunc
def level2(a: cython.int) -> cython.int:
    return level3(a) + 1

def level1(a: cython.int) -> cython.int:
    b: cython.int = level2(a)
    return b * 2

@cython.cfunc
def deep_c(n: cython.int) -> cython.int:
    return deep_c(n + 1) + 1

def call_deep_c() -> cython.int:
    return deep_c(0)
'''


def test_errors_propagate_through_cfunc_chain(pyc2c_build):
    built = pyc2c_build(CHAIN_SRC)
    c = built.compiled
    assert c.level1(2) == built.interpreted.level1(2) == 12
    lines = built.path.read_text().splitlines()
    for arg, exc, text in ((3, ValueError, 'raise ValueError("level3")'), (0, ZeroDivisionError, "return 10 // a")):
        with pytest.raises(exc) as ei:
            c.level1(arg)
        tb = [(e.name, e.lineno) for e in traceback.extract_tb(ei.value.__traceback__)
              if os.path.realpath(e.filename) == os.path.realpath(built.path)]
        want_line = next(n for n, l in enumerate(lines, 1) if text in l)
        assert [n for n, _ in tb] == ["level1", "level2", "level3"]
        assert tb[-1][1] == want_line
    with pytest.raises(RecursionError):
        c.call_deep_c()
    assert c.level1(5) == 6  # still usable after the RecursionError


def test_cfunc_not_exported_ccall_exported(pyc2c_build):
    built = pyc2c_build(DECORATED_SRC)
    c = built.compiled
    assert callable(c.both) and c.both(4) == built.interpreted.both(4) == 11
    assert not hasattr(c, "maybe_fail") and not hasattr(c, "noval")
    assert c.__doc__ == built.interpreted.__doc__
    assert c.sumsq.__name__ == "sumsq"


MULTILINE_SRC = '''
import cython

def split_div(a: cython.int, b: cython.int) -> cython.int:
    x: cython.int = (
        a
        // b)
    return x

def split_call(a, b):
    return max(1,
               2) + helper(a,
                           b)

def helper(a, b):
    return (a +
            b)
'''


def test_traceback_line_of_expression_in_multiline_statement(pyc2c_build):
    built = pyc2c_build(MULTILINE_SRC)
    path = os.path.realpath(built.path)
    got = []
    for mod in (built.compiled, built.interpreted):
        rows = []
        for fn, args in ((mod.split_div, (1, 0)), (mod.split_call, (1, "s"))):
            with pytest.raises((ZeroDivisionError, TypeError)) as ei:
                fn(*args)
            rows.append([(e.name, e.lineno) for e in traceback.extract_tb(ei.value.__traceback__)
                         if os.path.realpath(e.filename) == path])
        got.append(rows)
    assert got[0] == got[1]
    assert got[0][0] == [("split_div", 5)]


ORDER_SRC = '''
"""Functions calling functions defined later, and a shared helper."""
import cython

def first(n: cython.int) -> cython.long:
    return second(n) + third(n, 2)

def second(n: cython.int) -> cython.long:
    return third(n, 3) * 2

@cython.cfunc
@cython.inline
def third(n: cython.int, k: cython.int) -> cython.long:
    return n * k + 1

def countdown_obj(a, n: cython.int):
    if n == 0:
        return a
    return countdown_obj(a, n - 1)
'''


def test_forward_calls_and_recursion_error_releases_references(differential):
    built = differential(ORDER_SRC, calls(["first", "second"], [(n,) for n in (-3, 0, 5, 2**20)])
                         + [("countdown_obj", ("x", 10))])
    c = built.compiled
    obj = object()
    before = sys.getrefcount(obj)
    for _ in range(20):
        with pytest.raises(RecursionError):
            c.countdown_obj(obj, 10**6)
    assert sys.getrefcount(obj) == before
    assert c.countdown_obj(obj, 50) is obj


ORDER_EVAL_SRC = '''
import cython

def check(x: cython.int, which: cython.int) -> cython.int:
    if x == which:
        if x == 1:
            raise ValueError("first")
        elif x == 2:
            raise TypeError("second")
        raise KeyError("third")
    return x

def two(a: cython.int, b: cython.int) -> cython.int:
    return a * 10 + b

def kw_order(w: cython.int):
    return two(b=check(2, w), a=check(1, w))

def pos_order(w: cython.int):
    return two(check(1, w), check(2, w))

def binop_order(w: cython.int):
    return check(1, w) - check(2, w) * check(3, w)

def obj_binop_order(w: cython.int):
    x = 0
    x = x + check(1, w) + check(2, w)
    return x

def cmp_order(w: cython.int):
    return check(1, w) < check(2, w) < check(3, w)

def minmax_order(w: cython.int):
    return max(check(1, w), check(2, w), check(3, w))

def shift_order(w: cython.int, s: cython.ulonglong):
    return check(1, w) << (s + check(2, w) - 2)

def div_order(w: cython.int):
    return check(1, w) // (check(2, w) - 2 + check(3, w))

def tdiv_order(w: cython.long):
    return check(1, w) / (check(2, w) - 2)
'''


def test_evaluation_order_of_operands_and_arguments(differential):
    names = ["kw_order", "pos_order", "binop_order", "obj_binop_order", "cmp_order", "minmax_order",
             "div_order", "tdiv_order"]
    differential(ORDER_EVAL_SRC, calls(names, [(w,) for w in (0, 1, 2, 3)])
                 + calls(["shift_order"], [(w, s) for w in (0, 1, 2) for s in (0, 3, 20)]))


SHADOW_SRC = '''
import cython as cy

def abs(x: cy.int) -> cy.int:
    return x * 100

def max(a, b):
    return "mine"

def uses_abs(a: cy.int):
    return abs(a) + 1

def uses_max():
    return max(1, 2)

def many(a0, a1: cy.int, a2: float, a3=3, a4: cy.long = 4, a5: str = "5", a6: bool = False, a7=None,
         a8: cy.double = -8.5, a9: int = 9, a10=10, a11=11, a12=12):
    return a0 + a1 + a2 + a3 + a4 + (1 if a6 else 0) + a8 + a9 + a10 + a11 + a12

def local_named_int(a: cy.int):
    int = a
    return int
'''


def test_module_functions_shadow_builtins_and_many_parameters(differential):
    differential(SHADOW_SRC, [("uses_abs", (3,)), ("uses_max", ()), ("abs", (-2,)), ("max", (1, 2)),
                              ("many", (1, 2, 3.0)), ("many", (1, 2, 3.0), {"a12": 100, "a6": True}),
                              ("many", (1, 2, 3.0), {"a0": 5}),
                              ("many", (0, 0, 0.0, 1, 2, "x", True, None, 1.0, 3**50, 1, 2, 3)),
                              ("many", (0, 0, 0.0, 1, 2, "x", True, None, 1.0, 3**50, 1, 2, 3, 4)),
                              ("many", (), {"a0": 1, "a1": 2, "a2": 0.5, "a9": -3**40}),
                              ("local_named_int", (4,))])
