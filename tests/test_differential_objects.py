"""Differential tests: unannotated (object) and str parameters, Python int locals, literals of
every form, non-ASCII names, and reference counting (no leaks on value or error paths)."""
import gc
import math
import sys

import pytest


def calls(names, argsets):
    return [(n, a) for n in names for a in argsets]


OBJ_SRC = '''
import cython

def add(a, b):
    return a + b

def mul(a, b):
    return a * b

def fmt(a, b):
    return a % b

def sub(a, b):
    return a - b

def div(a, b):
    return a / b

def fdiv(a, b):
    return a // b

def pw(a, b):
    return a ** b

def lt(a, b):
    return a < b

def eq(a, b):
    return a == b

def ne(a, b):
    return a != b

def neg(a):
    return -a

def aug(a, b):
    x = a
    x += b
    x *= 2
    return x

def with_int(a, n: cython.int):
    return a * n + a

def with_float(a, f: float):
    return a * f

def with_lit(a):
    return a * 2 + 1

def truth(a) -> bool:
    return bool(a)

def float_of(a):
    return float(a)

def int_of(a):
    return int(a)

def abs_of(a):
    return abs(a)

def float_local(a):
    f: float = float(a)
    return f * 2.0
'''

VALUES = [0, 1, -7, 3**50, 2.5, -0.0, math.inf, math.nan, True, "ab", "", None]


def test_object_parameters_ints_floats_strings(differential):
    pairs = [(a, b) for a in VALUES for b in VALUES]
    differential(OBJ_SRC, calls(["add", "mul", "sub", "div", "fdiv", "lt", "eq", "ne", "aug"], pairs)
                 + calls(["fmt"], [("%d-%s", (1, "x")), ("%5.2f", 3.14159), ("%r", "s"), (7, 3), (-7, 3), (7.5, -2)])
                 + calls(["pw"], [(2, 10), (2, -1), (-8, 3), (2.0, 0.5), (3, 50), (0, -1), ("a", 2)])
                 + calls(["neg", "truth", "abs_of"], [(v,) for v in VALUES])
                 + calls(["with_int"], [(v, n) for v in (3, 2.5, "ab", 3**50) for n in (-1, 0, 3)])
                 + calls(["with_float"], [(v, f) for v in (3, 2.5, 3**50, "s") for f in (0.5, -0.0)])
                 + calls(["with_lit"], [(v,) for v in (3, 2.5, "ab", None, 3**50)]))


def test_float_and_int_of_objects_including_strings(differential):
    vals = ["1.5", " -2 ", "inf", "nan", "1e500", "abc", "", 3, 3**50, 10**400, 2.5, True, None,
            "12", " 7 ", "0x10", "1_000"]
    differential(OBJ_SRC, calls(["float_of", "int_of", "float_local"], [(v,) for v in vals])
                 + calls(["int_of"], [(v,) for v in (math.inf, math.nan, -2.9, 1e30)]))


STR_SRC = '''
import cython

def echo(s: str) -> str:
    return s

def choose(s: str, n: cython.int) -> str:
    return s if n > 0 else "neg\\u00e9"

def is_x(s: str):
    return s == "x"

def nonempty(s: str) -> bool:
    if s:
        return True
    return False

def default_str(s: str = "d\\u00e9faut\\n\\ttab\\x00nul") -> str:
    return s

def literals(k: cython.int):
    if k == 0:
        return "plain"
    elif k == 1:
        return 'single \\'quoted\\' "dq"'
    elif k == 2:
        return """triple
line 2\\tend"""
    elif k == 3:
        return r"raw \\d+ \\n"
    elif k == 4:
        return "implicit " "concatenation " 'works'
    elif k == 5:
        return "\\u03b1\\u03b2\\U0001F600\\x41\\101"
    elif k == 6:
        return "*/ /* not a comment ??/ ??= \\\\"
    elif k == 7:
        return "caf\u00e9 \u2192 \U0001F600"
    return ""

def numbers(k: cython.int):
    if k == 0:
        return 0xFF + 0o17 + 0b1011 + 1_000_000
    elif k == 1:
        return 0xFFFF_FFFF_FFFF_FFFF_FFFF
    elif k == 2:
        return 1e3 + 1_0.5e1_0 + .5 + 5.
    elif k == 3:
        return 123456789012345678901234567890
    elif k == 4:
        return -9223372036854775808
    elif k == 5:
        return 9223372036854775807 + 1
    elif k == 6:
        return 1e308 * 10.0
    elif k == 7:
        return 0.1 + 0.2
    return 00
'''


def test_str_parameters_and_literals(differential):
    built = differential(STR_SRC, calls(["echo", "is_x", "nonempty"], [(s,) for s in ("", "x", "é\x00\U0001F600")])
                         + calls(["choose"], [("a", 1), ("a", 0)])
                         + [("default_str", ()), ("default_str", ("given",)), ("default_str", (), {"s": "kw"})]
                         + calls(["literals", "numbers"], [(k,) for k in range(9)]))
    c = built.compiled
    with pytest.raises(TypeError):
        c.echo(1)
    assert c.literals(5) == "\N{GREEK SMALL LETTER ALPHA}\u03b2\U0001F600AA"
    assert c.literals(6) == "*/ /* not a comment ??/ ??= \\"


UNICODE_SRC = '''
"""Un module \u00e9crit en fran\u00e7ais: caf\u00e9 \u2192 th\u00e9 \U0001F375."""
import cython

def resume(ete: cython.int, nino=2, x: float = 0.5, s: str = "\u00e9t\u00e9"):
    """Fonction accentu\u00e9e \u2014 \u00e7a marche: \U0001F600."""
    total = ete * nino
    return total + x if s == "\u00e9t\u00e9" else s

def calls_it(n: cython.int):
    return resume(nino=3, ete=n, s="\u2192")
'''


def test_non_ascii_strings_and_docstrings(differential):
    built = differential(UNICODE_SRC, [("resume", (2,)), ("resume", (2, 5)),
                                       ("resume", (), {"ete": 4, "nino": 1}),
                                       ("resume", (1,), {"x": 2.0, "s": "\u00e9t\u00e9"}), ("calls_it", (5,))])
    c, i = built.compiled, built.interpreted
    assert c.__doc__ == i.__doc__ and "\U0001F375" in c.__doc__
    assert c.resume.__doc__ == i.resume.__doc__
    msgs = []
    for mod in (c, i):
        with pytest.raises(TypeError) as ei:
            mod.resume(**{"\u00e9t\u00e9": 1})
        msgs.append(str(ei.value))
    assert msgs[0] == msgs[1]


PYINT_LOCALS_SRC = '''
import cython

def poly(n: cython.int):
    x = 0
    for i in range(n):
        x = x * 3 + i
    return x

def powers(n: cython.int):
    p = 1
    total = 0
    for i in range(n):
        p *= 7
        total += p % 1000003
    return total, p if False else p - total

def mixed_kinds(flag: bool):
    v = 1
    if flag:
        v = 2.5
    return v * 2

def counter(n: int):
    c = 0
    while n > 0:
        n //= 3
        c += 1
    return c
'''


def test_python_int_locals_are_exact(differential):
    src = PYINT_LOCALS_SRC.replace("return total, p if False else p - total", "return p - total")
    built = differential(src, calls(["poly"], [(n,) for n in (0, 1, 10, 60, 200)])
                         + calls(["powers"], [(n,) for n in (0, 5, 100)])
                         + calls(["mixed_kinds"], [(True,)])
                         + calls(["counter"], [(n,) for n in (0, 1, 3**50, -5)]))
    assert built.compiled.poly(60) == built.interpreted.poly(60) > 2**64
    # The documented departure (docs/language.md, "Type inference"): an int literal joined with a
    # float makes a double, as in Numba, so the path that never assigns the float gives 2.0
    # where CPython gives the int 2.
    assert built.interpreted.mixed_kinds(False) == 2 and type(built.interpreted.mixed_kinds(False)) is int
    assert built.compiled.mixed_kinds(False) == 2.0 and type(built.compiled.mixed_kinds(False)) is float


LEAK_SRC = '''
import cython

def ident(a):
    return a

def add(a, b):
    return a + b

def pick(a, b, c: bool):
    return a if c else b

def chain(a, b, c):
    return a < b < c

def andor(a, b):
    return a and b or a

def err_add(a):
    return a + 1

def loop(a, n: cython.int):
    x = a
    y = a
    for i in range(n):
        x = y
        y = x
    return y

def unb(a, flag: bool):
    if flag:
        z = a
    return z

def to_c(a: cython.int) -> cython.int:
    return a

def pyint(a: int, b: int) -> int:
    return a * b + a

def kw(a, b=None, c: str = "s"):
    return a if b is None else b

def asserting(a):
    assert not a, a
    return a

@cython.cfunc
def inner(a):
    return a

def outer(a):
    t = inner(a)
    return inner(t)
'''


def _rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096


def _hammer(c, obj, big, s):
    for _ in range(100_000):
        c.ident(obj)
        c.add(big, big)
        c.pick(obj, s, True)
        c.pick(obj, s, False)
        c.chain(1, big, 2)
        c.andor(obj, s)
        c.loop(obj, 3)
        c.pyint(big, 3)
        c.kw(obj, b=s)
        c.outer(obj)
        try:
            c.err_add(s)
        except TypeError:
            pass
        try:
            c.unb(obj, False)
        except UnboundLocalError:
            pass
        try:
            c.to_c(obj)
        except TypeError:
            pass
        try:
            c.asserting(obj)
        except AssertionError:
            pass


def test_no_reference_leaks_or_memory_growth(pyc2c_build):
    c = pyc2c_build(LEAK_SRC).compiled
    obj = [1, 2, 3]          # a unique object: its refcount is observable
    big = 3**100
    s = "leak-check-string"
    # warm up (first-time allocations: code objects, caches), then measure
    for _ in range(2):
        _hammer(c, obj, big, s)
    gc.collect()
    refs = (sys.getrefcount(obj), sys.getrefcount(big), sys.getrefcount(s))
    before = _rss_bytes()
    _hammer(c, obj, big, s)
    gc.collect()
    after = _rss_bytes()
    assert (sys.getrefcount(obj), sys.getrefcount(big), sys.getrefcount(s)) == refs
    assert after - before < 1 << 20, f"RSS grew by {after - before} bytes over 100,000 rounds"
    # the values themselves are right
    assert c.ident(obj) is obj and c.pick(obj, s, False) is s and c.kw(obj) is obj
    assert c.loop(obj, 5) is obj and c.outer(obj) is obj
    assert c.add(big, big) == 2 * big and c.chain(1, big, 2) is False


DEFAULTS_LEAK_SRC = '''
import cython

def dflt(a: bool = None, b: bool = "text", c: cython.double = 2, d=None, e: str = "e") -> cython.int:
    return (1 if a else 0) + (2 if b else 0)
'''


def test_converted_defaults_do_not_leak(pyc2c_build):
    built = pyc2c_build(DEFAULTS_LEAK_SRC)
    c = built.compiled
    assert c.dflt() == built.interpreted.dflt() == 2
    gc.collect()
    none_refs, text_refs = sys.getrefcount(None), sys.getrefcount("text")
    for _ in range(20_000):
        c.dflt()
    gc.collect()
    assert abs(sys.getrefcount(None) - none_refs) < 100
    assert abs(sys.getrefcount("text") - text_refs) < 100


class BadBool:
    def __bool__(self):
        raise RuntimeError("no truth value")


class Weird:
    """Rich comparisons that return non-bools, and an __index__ and a __float__."""

    def __lt__(self, other):
        return "yes"

    def __gt__(self, other):
        return ""

    def __index__(self):
        return 7

    def __float__(self):
        return 2.5

    def __add__(self, other):
        return NotImplemented

    def __radd__(self, other):
        return "radd"


class Countdown:
    def __init__(self, n):
        self.n = n

    def __bool__(self):
        self.n -= 1
        return self.n >= 0


DUNDER_SRC = '''
import cython

def truth(a):
    if a:
        return 1
    return 0

def lt(a, b):
    return a < b

def gt(a, b):
    return a > b

def chain(a, b, c):
    return a < b < c

def land(a, b):
    return a and b

def lor(a, b):
    return a or b

def lnot(a):
    return not a

def ifexp(a, b):
    return b if a else -b

def spin(a):
    n = 0
    while a:
        n += 1
    return n

def add(a, b):
    return a + b

def as_bint(a: bool):
    return a

def as_int(a: cython.int):
    return a * 2

def as_double(a: cython.double):
    return a * 2.0

def assert_it(a):
    assert a
    return 1
'''


def test_objects_with_special_methods(differential):
    bad, w = BadBool(), Weird()
    differential(DUNDER_SRC, calls(["truth", "lnot", "assert_it"], [(bad,), (w,), (0,)])
                 + calls(["lt", "gt"], [(w, 1), (1, w), (w, w)])
                 + calls(["chain"], [(w, 1, 2), (1, w, 2), (1, 2, w), (w, w, w), (1, 0, bad)])
                 + calls(["land", "lor"], [(bad, 1), (0, bad), (1, bad)])
                 + calls(["ifexp"], [(bad, 1), (1, 2.5)])
                 + calls(["add"], [(w, 1), (1, w), ("a", w)]))


def test_objects_with_special_methods_stateful(pyc2c_build):
    built = pyc2c_build(DUNDER_SRC)
    for mod in (built.compiled, built.interpreted):
        assert mod.spin(Countdown(5)) == 5
        with pytest.raises(RuntimeError, match="no truth value"):
            mod.spin(BadBool())
    c = built.compiled
    # C-typed parameters convert through the protocols Cython uses
    assert c.as_int(Weird()) == 14
    assert c.as_double(Weird()) == 5.0
    assert c.as_bint(Countdown(1)) is True
    with pytest.raises(RuntimeError):
        c.as_bint(BadBool())


STRCMP_SRC = '''
import cython

def s_lt(a: str, b: str):
    return a < b

def s_eq(a: str, b: str):
    return a == b

def s_chain(a: str, b: str, c: str):
    return a <= b < c

def s_is(a: str, b):
    return a is b

def o_eq(a, b):
    return a == b

def o_ne_lit(a):
    return a != "x"

def pick(a: str, b: str) -> str:
    return a if a > b else b

def s_or(a: str, b: str):
    return a or b
'''


def test_string_comparisons_and_selection(differential):
    strs = ["", "a", "b", "ab", "\u00e9", "\U0001F600", "a\x00"]
    pairs = [(a, b) for a in strs for b in strs]
    differential(STRCMP_SRC, calls(["s_lt", "s_eq", "pick", "s_or", "o_eq"], pairs)
                 + calls(["s_chain"], [(a, b, c) for a in strs[:4] for b in strs[:4] for c in strs[:4]])
                 + calls(["s_is"], [("a", None), ("a", 1)])
                 + calls(["o_eq"], [(1, 1.0), (1, True), (math.nan, math.nan), (None, None), ("1", 1)])
                 + calls(["o_ne_lit"], [("x",), ("y",), (1,), (None,)]))
