"""Differential tests: Python's int (the tagged int: a C int64 fast path that promotes to a Python
int object on overflow). Every operator at the boundaries of the small range (2**62) and of
int64 (2**63), big values, promotion inside loops, mixing with floats, and conversions to C types.
Each case compares the compiled module with the same file interpreted by CPython: values, their
types and exception types.
"""
import itertools

import pytest

from conftest import build_source, check_same

EDGES = [0, 1, -1, 2, -2, 3, -7, 100, 2**31 - 1, -2**31, 2**62 - 1, 2**62, -2**62, -2**62 - 1,
         2**63 - 1, 2**63, -2**63, -2**63 - 1, 2**64 + 5, 3**50, -(3**50), 10**30 + 7]
SMALL_EDGES = [0, 1, -1, 2, -3, 7, 2**62 - 1, -2**62, 2**63 - 1, -2**63, 10**20]
SHIFTS = [0, 1, 2, 31, 61, 62, 63, 64, 65, 100, 200, -1, -64, 2**63]

BINOPS = {
    "add": "a + b", "sub": "a - b", "mul": "a * b", "floordiv": "a // b", "mod": "a % b",
    "truediv": "a / b", "lshift": "a << b", "rshift": "a >> b", "and_": "a & b", "or_": "a | b",
    "xor": "a ^ b", "lt": "a < b", "le": "a <= b", "gt": "a > b", "ge": "a >= b", "eq": "a == b",
    "ne": "a != b", "chain": "a < b <= a * 2",
}
UNARY = {"neg": "-a", "pos": "+a", "invert": "~a", "abs_": "abs(a)", "not_": "not a",
         "truth": "bool(a)", "int_": "int(a)", "float_": "float(a)", "square": "a * a",
         "cube": "a * a * a", "pow3": "a ** 3", "pow_neg": "a ** -2", "halve": "a // 2",
         "mod7": "a % 7", "neg_mod": "a % -7", "shl70": "a << 70", "shr70": "a >> 70"}

SOURCE = "import cython\n\n" + "".join(
    f"def {name}(a: int, b: int):\n    return {expr}\n\n" for name, expr in BINOPS.items()) + "".join(
    f"def u_{name}(a: int):\n    return {expr}\n\n" for name, expr in UNARY.items()) + '''
def aug(a: int, b: int):
    x = a
    x += b
    x *= b
    x -= a
    x //= (b or 1)
    return x

def mixed_c(a: int, n: cython.int, m: cython.long):
    return a * n + m - a

def mf_add(a: int, f: float):
    return a + f

def mf_mul(a: int, f: float):
    return a * f

def mf_rsub(a: int, f: float):
    return f - a

def mf_div(a: int, f: float):
    return a / f if f else 0.0

def mf_rdiv(a: int, f: float):
    return f / a if a else 0.0

def mf_floordiv(a: int, f: float):
    return a // f if f else 0.0

def cf_lt(a: int, f: float):
    return a < f

def cf_le(a: int, f: float):
    return f <= a

def cf_eq(a: int, f: float):
    return a == f

def cf_ne(a: int, f: float):
    return a != f

def cf_gt(a: int, f: float):
    return a > f

def pow_ints(a: int, b: int):
    return a ** b

def min2(a: int, b: int):
    return min(a, b)

def max2(a: int, b: int):
    return max(a, b)

def min3(a: int, b: int):
    return min(a, b, 0)

def max3(a: int, b: int):
    return max(a, 3, b)

def ifexp(a: int, b: int):
    return a if a > b else b

def and_op(a: int, b: int):
    return a and b

def or_op(a: int, b: int):
    return a or b

def to_int(a: int) -> cython.int:
    return a

def to_long(a: int) -> cython.long:
    return a

def to_uint(a: int) -> cython.uint:
    return a

def to_uchar(a: int) -> cython.uchar:
    return a

def to_short(a: int) -> cython.short:
    return a

def to_ulonglong(a: int) -> cython.ulonglong:
    return a

def to_ssize(a: int) -> cython.Py_ssize_t:
    return a

def to_double(a: int) -> cython.double:
    return a

def to_bint(a: int) -> cython.bint:
    return a

def cast_int(a: int):
    return cython.cast(cython.int, a)

def from_c(n: cython.long, u: cython.ulonglong, c: cython.char):
    x: int = n
    y: int = u
    z: int = c
    return x * 4 + y * 4 + z

def int_of_float(f: float):
    return int(f)

def int_of_obj(o):
    return int(o)

def identity(a: int):
    return a

def default_big(a: int = 1180591620717411303424, b: int = -5):
    return a + b

def through_obj(o, a: int):
    return o + a

def through_obj2(o, a: int):
    return a - o

def through_obj3(o, a: int):
    return o * a

def store_obj(o):
    x: int = o
    return x + 1
'''


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_source(SOURCE, tmp_path_factory.mktemp("pyint"), "pyint_ops")


def pairs(values):
    return list(itertools.product(values, values))


@pytest.mark.parametrize("name", [n for n in BINOPS if n not in ("lshift", "rshift")])
def test_binop_at_the_boundaries(built, name):
    check_same(built, [(name, p) for p in pairs(EDGES)])


@pytest.mark.parametrize("name", ["lshift", "rshift"])
def test_shifts_by_large_and_negative_counts(built, name):
    check_same(built, [(name, (a, s)) for a in EDGES for s in SHIFTS])


@pytest.mark.parametrize("name", list(UNARY))
def test_unary_and_builtins_at_the_boundaries(built, name):
    check_same(built, [("u_" + name, (a,)) for a in EDGES + [10**400, -10**400]])


def test_shift_errors_are_cpythons(built):
    c = built.compiled
    with pytest.raises(ValueError, match="negative shift count"):
        c.lshift(1, -1)
    with pytest.raises(ValueError, match="negative shift count"):
        c.rshift(2**70, -3)
    assert c.rshift(-1, 2**70) == -1 and c.rshift(5, 2**70) == 0


def test_division_errors_are_cpythons(built):
    c = built.compiled
    with pytest.raises(ZeroDivisionError, match="integer division or modulo by zero"):
        c.floordiv(5, 0)
    with pytest.raises(ZeroDivisionError, match="integer modulo by zero|integer division or modulo by zero"):
        c.mod(2**70, 0)
    with pytest.raises(ZeroDivisionError, match="division by zero"):
        c.truediv(1, 0)
    with pytest.raises(OverflowError, match="integer division result too large for a float"):
        c.truediv(10**400, 3)
    assert c.floordiv(-2**63, -1) == 2**63
    assert c.floordiv(-2**62, -1) == 2**62 and type(c.floordiv(-2**62, -1)) is int


def test_true_division_is_correctly_rounded(built):
    values = [2**53 + 1, 2**63 - 1, 3**40, 10**30 + 1, 10**400, -(2**64 + 1), 7, -3]
    check_same(built, [("truediv", (a, b)) for a in values for b in values])


def test_augmented_assignment(built):
    check_same(built, [("aug", p) for p in pairs(SMALL_EDGES)])


def test_mixed_with_c_integers(built):
    check_same(built, [("mixed_c", (a, n, m)) for a in SMALL_EDGES
                       for n in (0, -1, 2**31 - 1, -2**31) for m in (0, 2**63 - 1, -2**63)])


def test_mixed_with_floats(built):
    floats = [0.0, -0.0, 0.5, -2.5, 1e300, -1e300, float("inf"), float("nan"), 2.0**63, 9007199254740993.0]
    check_same(built, [(n, (a, f)) for n in ("mf_add", "mf_mul", "mf_rsub", "mf_div", "mf_rdiv", "mf_floordiv")
                       for a in SMALL_EDGES + [10**400] for f in floats])
    c = built.compiled
    with pytest.raises(OverflowError, match="int too large to convert to float"):
        c.mf_add(10**400, 1.0)


def test_exact_comparison_with_floats(built):
    ints = [2**53, 2**53 + 1, -2**53 - 1, 2**63, 2**63 - 1, 2**64, 10**400, -10**400, 0, 1]
    floats = [2.0**53, 2.0**53 + 2, -2.0**53, 2.0**63, 2.0**64, 1e300, float("inf"), -float("inf"),
              float("nan"), 0.0, -0.0, 0.5]
    check_same(built, [(n, (a, f)) for n in ("cf_lt", "cf_le", "cf_eq", "cf_ne", "cf_gt")
                       for a in ints for f in floats])


def test_pow_signs_and_sizes(built):
    check_same(built, [("pow_ints", (a, b)) for a in (0, 1, -1, 2, -3, 10, 2**40, -2**62)
                       for b in (0, 1, 2, 3, 10, 63, 64, 100)])
    check_same(built, [("pow_ints", (a, b)) for a in (1, -1, 2, -3, 10, 2**40) for b in (-1, -2, -5)])
    check_same(built, [("pow_ints", (0, -1))])


def test_min_max_ifexp_boolops(built):
    check_same(built, [(n, p) for n in ("min2", "max2", "min3", "max3", "ifexp", "and_op", "or_op")
                       for p in pairs(SMALL_EDGES)])


RANGES = {"to_int": (-2**31, 2**31 - 1), "to_long": (-2**63, 2**63 - 1), "to_uint": (0, 2**32 - 1),
          "to_uchar": (0, 255), "to_short": (-2**15, 2**15 - 1), "to_ulonglong": (0, 2**64 - 1),
          "to_ssize": (-2**63, 2**63 - 1), "cast_int": (-2**31, 2**31 - 1)}


@pytest.mark.parametrize("name", list(RANGES))
def test_conversion_to_c_types(built, name):
    """In range: the same value as CPython (which does not convert). Out of range: OverflowError,
    as Cython raises when a Python int is converted to a C type."""
    lo, hi = RANGES[name]
    values = EDGES + [255, 256, -129, 2**32, 2**32 - 1, 2**64 - 1, 10**400]
    check_same(built, [(name, (a,)) for a in values if lo <= a <= hi])
    for a in values:
        if not lo <= a <= hi:
            with pytest.raises(OverflowError):
                getattr(built.compiled, name)(a)


def test_conversion_to_double_and_bint(built):
    c = built.compiled
    for a in EDGES:
        assert c.to_double(a) == float(a) and type(c.to_double(a)) is float
        assert c.to_bint(a) is bool(a)


def test_conversion_messages(built):
    c = built.compiled
    with pytest.raises(OverflowError, match="value too large to convert to int"):
        c.to_int(2**31)
    with pytest.raises(OverflowError, match="can't convert negative value to unsigned int"):
        c.to_uint(-1)
    with pytest.raises(OverflowError, match="int too large to convert to float"):
        c.to_double(10**400)
    with pytest.raises(OverflowError):
        c.to_long(2**63)


def test_conversion_from_c_types(built):
    check_same(built, [("from_c", (n, u, ch)) for n in (0, -1, 2**63 - 1, -2**63)
                       for u in (0, 2**63, 2**64 - 1) for ch in (-128, 0, 127)])


def test_int_builtin(built):
    check_same(built, [("int_of_float", (f,)) for f in (0.0, -0.5, 2.5, 1e20, -1e300, 2.0**62, 2.0**63,
                                                         float("inf"), -float("inf"), float("nan"))])
    check_same(built, [("int_of_obj", (o,)) for o in ("12", " -7 ", "x", 3.9, True, 2**80, None)])


def test_bool_argument_comes_back_unchanged(built):
    check_same(built, [("identity", (v,)) for v in (True, False, 0, 2**70)])
    check_same(built, [(n, (True, False)) for n in ("add", "eq", "lt", "and_", "mul", "floordiv")])
    check_same(built, [("u_" + n, (v,)) for n in ("neg", "truth", "not_", "int_", "abs_")
                       for v in (True, False)])


def test_argument_types_and_defaults(built):
    c = built.compiled
    for bad in (1.5, "7", None):  # an int parameter is checked, as Cython checks it
        with pytest.raises(TypeError, match="Argument 'a' has incorrect type"):
            c.identity(bad)
    check_same(built, [("default_big", ()), ("default_big", (3,)), ("default_big", (), {"b": 2**70}),
                       ("default_big", (), {"a": -1, "b": 1})])


def test_objects_meeting_ints(built):
    check_same(built, [(n, (o, a)) for n in ("through_obj", "through_obj2", "through_obj3")
                       for o in (1, 2**70, 2.5, True) for a in (3, -2**63)])
    check_same(built, [("through_obj", ("s", 1)), ("store_obj", (2**80,)), ("store_obj", (False,))])
    with pytest.raises(TypeError, match="expected int, got float"):  # x: int = o checks o
        built.compiled.store_obj(1.5)


LOOPS = '''
import cython

def cube_sum(n: cython.long):
    s = 0
    for i in range(n):
        s += i * i * i
    return s

def factorial(n: int) -> int:
    r = 1
    for k in range(2, n + 1):
        r *= k
    return r

def fib_loop(n: cython.int):
    a = 0
    b = 1
    for _ in range(n):
        t = a + b
        a = b
        b = t
    return a

def doubling(limit: int):
    x = 1
    steps = 0
    while x < limit:
        x = x * 2 + 1
        steps += 1
    return x * 1000 + steps

def collatz_max(n: int):
    best = n
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        if n > best:
            best = n
    return best

def powers(b: int, k: cython.int):
    total = 0
    p = 1
    for _ in range(k):
        p *= b
        total += p
    return total

def index_product(n: cython.Py_ssize_t):
    s = 0
    for i in range(n):
        for j in range(n):
            s += i * j * 1000000007
    return s

def inferred_from_c(a: cython.int):
    x = a
    x = x * 1000000
    return x * x

def big_range_sum(lo: int, hi: int):
    s = 0
    for i in range(lo, hi):
        s += i
    return s

def len_arith(a: cython.double[:]):
    n = len(a)
    return n * n * n * 10**12

def declared_int_loop(n: cython.long):
    i: int
    s = 0
    for i in range(n):
        s += i * i * i * i
    return s + i

def countdown(n: int):
    out = 0
    while n:
        n -= 1
        out += n << 60
    return out
'''


@pytest.fixture(scope="module")
def loops(tmp_path_factory):
    return build_source(LOOPS, tmp_path_factory.mktemp("pyint_loops"), "pyint_loops")


@pytest.mark.parametrize("name,args", [
    ("cube_sum", [(0,), (1,), (10,), (100000,), (300000,)]),
    ("factorial", [(0,), (1,), (5,), (20,), (21,), (30,), (100,)]),
    ("fib_loop", [(0,), (1,), (50,), (92,), (93,), (200,)]),
    ("doubling", [(0,), (1,), (2**62,), (2**63,), (10**40,)]),
    ("collatz_max", [(1,), (27,), (2**62 - 1,), (2**70 + 1,)]),
    ("powers", [(2, 10), (3, 50), (-7, 40), (2**31, 5), (0, 3)]),
    ("index_product", [(0,), (3,), (300,)]),
    ("inferred_from_c", [(0,), (7,), (2**31 - 1,), (-2**31,)]),
    ("big_range_sum", [(0, 10), (-5, 5), (2**62 - 3, 2**62 + 3), (-2**62 - 3, -2**62 + 2)]),
    ("countdown", [(0,), (5,), (40,)]),
    ("declared_int_loop", [(1,), (10,), (100000,)]),
])
def test_overflow_promotion_in_loops(loops, name, args):
    check_same(loops, [(name, a) for a in args])


def test_len_arithmetic_is_exact(loops):
    from array import array
    a = array("d", [0.0] * 3000)
    assert loops.compiled.len_arith(a) == loops.interpreted.len_arith(a) == 3000**3 * 10**12


def test_types_dump_shows_the_inference_rule(tmp_path):
    from conftest import run_pyc2c
    path = tmp_path / "m.py"
    path.write_text(LOOPS)
    proc = run_pyc2c("check", path, "--dump=types")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "def cube_sum(n: cython.long) -> int:  # can raise\n    s: int  # inferred\n    i: cython.Py_ssize_t  # inferred\n" in out
    assert "def inferred_from_c(a: cython.int) -> int:  # can raise\n    x: int  # inferred\n" in out
    assert "def len_arith(a: cython.double[:]) -> int:  # can raise\n    n: cython.Py_ssize_t  # inferred\n" in out


def test_no_leak_in_big_int_paths(built, loops):
    """Reference counting of boxed ints is exact: 100,000 calls through the slow paths (big
    values, promotion, errors) grow the process by under 1 MB."""
    import resource

    c, l = built.compiled, loops.compiled
    big = 3**50
    work = [(c.add, (big, 2**63)), (c.mul, (2**62, 2**62)), (c.floordiv, (big, -7)),
            (c.u_neg, (-2**62,)), (c.min2, (big, 2**70)), (c.mf_add, (big, 0.5)),
            (c.to_double, (big,)), (c.default_big, ()), (c.identity, (True,)),
            (l.factorial, (25,)), (l.doubling, (2**64,))]
    errors = [(c.floordiv, (big, 0)), (c.to_int, (big,)), (c.identity, (1.5,))]

    def run(n):
        for _ in range(n):
            for fn, args in work:
                fn(*args)
            for fn, args in errors:
                try:
                    fn(*args)
                except (ZeroDivisionError, OverflowError, TypeError):
                    pass

    run(2000)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    run(100000 // len(work))
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 1024, f"RSS grew by {grown_kb} KB"


VIEWS = '''
import cython

def stencil(a: cython.double[:], out: cython.double[:]):
    for i in range(1, a.shape[0] - 1):
        out[i] = a[i - 1] + a[i + 1]
    return out[1]

def shifted(a: cython.double[:], k: cython.Py_ssize_t):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i + k]
    return s

def doubled(a: cython.double[:], k: cython.Py_ssize_t):
    s = 0.0
    for i in range(a.shape[0] // 2):
        s += a[2 * i] + a[i * k]
    return s

def by_int(a: cython.double[:], k: int):
    return a[k] + a[k - 1]

def index_product(a: cython.double[:]):
    n = a.shape[0]
    s = 0.0
    for i in range(n):
        s += a[(i * 7) % n]
    return s
'''


@pytest.fixture(scope="module")
def views(tmp_path_factory):
    return build_source(VIEWS, tmp_path_factory.mktemp("pyint_views"), "pyint_views")


def test_index_arithmetic_in_views(views):
    from array import array

    def arr(n):
        return memoryview(array("d", [float(i * i) for i in range(n)]))

    check_same(views, [("stencil", (arr(10), arr(10))), ("stencil", (arr(2), arr(2)))])
    check_same(views, [("shifted", (arr(10), k)) for k in (0, -3, -10, 1, 2**62, -2**63, 2**63 - 1)])
    check_same(views, [("doubled", (arr(10), k)) for k in (0, 1, 2, -1, 3, 2**62, -2**62)])
    check_same(views, [("by_int", (arr(5), k)) for k in (0, 1, 4, 5, -1, -5, -6)])
    check_same(views, [("index_product", (arr(n),)) for n in (1, 7, 100)])


def _random_expressions(seed, count):
    """Random int expressions over a, b, c with every operator, reproducible from the seed."""
    import random
    rng = random.Random(seed)
    ops = ["+", "-", "*", "//", "%", "&", "|", "^"]

    def expr(depth):
        if depth == 0 or rng.random() < 0.25:
            return rng.choice(["a", "b", "c", str(rng.choice([0, 1, 3, 7, 2**31, 2**62, 2**63 + 1]))])
        r = rng.random()
        if r < 0.1:
            return f"(-{expr(depth - 1)})"
        if r < 0.15:
            return f"(~{expr(depth - 1)})"
        if r < 0.22:
            return f"({expr(depth - 1)} {rng.choice(['<<', '>>'])} {rng.choice([0, 1, 5, 40, 63, 64, 90])})"
        if r < 0.27:
            return f"abs({expr(depth - 1)})"
        if r < 0.32:
            return f"({expr(depth - 1)} if {expr(depth - 1)} > {expr(depth - 1)} else {expr(depth - 1)})"
        return f"({expr(depth - 1)} {rng.choice(ops)} {expr(depth - 1)})"

    return [expr(4) for _ in range(count)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_int_expressions(tmp_path, seed):
    exprs = _random_expressions(seed, 25)
    source = "import cython\n\n" + "".join(
        f"def e{k}(a: int, b: int, c: int):\n    return {x}\n\n" for k, x in enumerate(exprs))
    built = build_source(source, tmp_path, f"rand_int_{seed}")
    values = [0, 1, -1, 3, -7, 2**62 - 1, -2**62, 2**63, -2**63 - 1, 3**50]
    triples = [(a, b, c) for a in values for b in values[::2] for c in values[1::3]]
    check_same(built, [(f"e{k}", t) for k in range(len(exprs)) for t in triples])


@pytest.mark.parametrize("seed", [20, 21])
def test_random_index_arithmetic_near_the_bounds(tmp_path, seed):
    """Range indices near +-2**62 and +-2**63 in random expressions: exact, as in CPython."""
    import re
    exprs = [re.sub(r"\b([abc])\b", lambda m: {"a": "i", "b": "j", "c": "lo"}[m.group(1)], x)
             for x in _random_expressions(seed, 15)]
    source = "import cython\n\n" + "".join(
        f"def e{k}(lo: int, n: cython.int):\n    s = 0\n    for i in range(lo, lo + n):\n"
        f"        j = i - 1\n        s += {x}\n    return s\n\n" for k, x in enumerate(exprs))
    built = build_source(source, tmp_path, f"rand_idx_{seed}")
    los = [0, -3, 2**62 - 2, -2**62 - 1, 2**63 - 4, -2**63]
    check_same(built, [(f"e{k}", (lo, 3)) for k in range(len(exprs)) for lo in los])


def test_range_bounds_past_py_ssize_t_raise_overflow(loops):
    """A documented difference: CPython iterates range(2**63, 2**63 + 3); compiled code raises
    OverflowError before the loop (the index is a C Py_ssize_t)."""
    assert loops.interpreted.big_range_sum(2**63, 2**63 + 3) == 3 * 2**63 + 3
    with pytest.raises(OverflowError):
        loops.compiled.big_range_sum(2**63, 2**63 + 3)
    check_same(loops, [("big_range_sum", (2**63 - 3, 2**63 - 1)), ("big_range_sum", (-2**63, -2**63 + 2))])
