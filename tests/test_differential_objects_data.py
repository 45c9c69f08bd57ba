"""Differential tests of the object fallback's values: list/tuple/dict/set displays (with
`*` unpacking), comprehensions (own scope for their variables, nested clauses, conditions),
strings (concatenation, % formatting, methods) and f-strings (conversions, format specs,
nested specs, `=`), print with sep/end, and arithmetic/comparison on objects."""
import pytest

from objects_harness import case_ids, module_fixture, run_case

SRC = '''
import cython

def displays(a, b):
    return [a, b], (a, b), {a: b}, {a, b}, [], (), {}, (a,)

def star_displays(a, b):
    return [*a, *b], (*a, 0), {*a, *b}, [1, *a]

def dict_splat(a, b):
    return {**a, "k": 0, **b}

def star_module_call(xs, kw):
    return dict_splat(*xs), dict_splat(**kw)

def dict_order(a):
    return list({"x": a, "y": 2, "x": 3}.items())

def list_methods(xs):
    ys = list(xs)
    ys.append(9)
    ys.extend([7, 8])
    ys.sort()
    ys.reverse()
    return ys, ys.pop(), ys.index(7), ys.count(9)

def dict_methods(d):
    e = dict(d)
    e.setdefault("z", 0)
    e.update(w=1)
    return sorted(e.keys()), sorted(e.values()), e.get("q", "none"), e.pop("z")

def set_ops(a, b):
    x, y = set(a), set(b)
    return sorted(x | y), sorted(x & y), sorted(x - y), sorted(x ^ y)

def listcomp(xs):
    return [x * x for x in xs]

def listcomp_if(xs):
    return [x for x in xs if x % 2 if x > 2]

def listcomp_nested(a, b):
    return [(x, y) for x in a for y in b if x != y]

def listcomp_scope(xs):
    x = "outer"
    ys = [x for x in xs]
    return x, ys

def listcomp_uses_outer(xs, k):
    return [x + k for x in xs]

def listcomp_unpack(d):
    return [k + str(v) for k, v in sorted(d.items())]

def dictcomp(xs):
    return {x: len(x) for x in xs}

def setcomp(xs):
    return {x % 3 for x in xs}

def comp_range(n: cython.int):
    return [i * 2 for i in range(n)]

def comp_nested_comp(m):
    return [[y * 2 for y in row] for row in m]

def comp_error(xs):
    return [1 / x for x in xs]

def concat(a, b):
    return a + b

def repeat(s, n):
    return s * n

def percent(fmt, v):
    return fmt % v

def str_methods(s):
    return s.strip().lower(), s.replace("a", "b"), s.startswith("x"), ",".join(s.split())

def fstring_basic(a, b):
    return f"{a} and {b}"

def fstring_conv(x):
    return f"{x!r}|{x!s}|{x!a}"

def fstring_spec(x):
    return f"{x:>8.3f}|{x:<6}|{x:^7}|{x:+}"

def fstring_nested(x, w, p):
    return f"[{x:{w}.{p}f}]"

def fstring_debug(x):
    return f"{x=} {x = }"

def fstring_braces(x):
    return f"{{{x}}}"

def fstring_expr(xs):
    return f"n={len(xs)} first={xs[0]} sum={sum(xs) * 2}"

def fstring_typed(n: cython.int, d: cython.double):
    return f"{n:05d} {d:.2e}"

def str_conv(x):
    return str(x), repr(x)

def printing(a, b):
    print(a, b)
    print(a, b, sep="-", end="!\\n")
    print()
    return None

def arith(a, b):
    return a + b, a - b, a * b, a / b, a // b, a % b, -a, a ** 2

def compare(a, b):
    return a < b, a <= b, a == b, a != b, a > b, a >= b

def chain(a, b, c):
    return a < b < c

def boolops(a, b):
    return a and b, a or b, not a

def ifexp(a, b):
    return a if a else b

def augmented(xs, v):
    ys = list(xs)
    ys += [v]
    n = len(ys)
    n *= 2
    return ys, n
'''

built = module_fixture(SRC, "objdata")

CASES = [
    ("displays", (1, "x")), ("displays", ([], None)), ("displays", ([1], 2)),
    ("star_displays", ([1, 2], (3,))), ("star_displays", ("ab", "bc")), ("star_displays", (1, [])),
    ("dict_splat", ({"a": 1}, {"k": 2})), ("dict_splat", ({}, [1])), ("dict_splat", (1, {})),
    ("star_module_call", (({"x": 1}, {}), {"a": {}, "b": {"y": 2}})),
    ("star_module_call", (({"x": 1},), {"a": {}, "b": {}})),
    ("dict_order", (1,)),
    ("list_methods", ([3, 1],)), ("list_methods", ("ab",)),
    ("dict_methods", ({"a": 1},)), ("dict_methods", ({},)),
    ("set_ops", ([1, 2, 3], [2, 3, 4])), ("set_ops", ("abc", "cd")),
    ("listcomp", ([1, 2, 3],)), ("listcomp", ([],)), ("listcomp", (["a"],)), ("listcomp", (4,)),
    ("listcomp_if", (range(10),)), ("listcomp_if", ([],)),
    ("listcomp_nested", ([1, 2], [2, 3])), ("listcomp_nested", ("ab", "b")),
    ("listcomp_scope", ([1, 2],)), ("listcomp_scope", ([],)),
    ("listcomp_uses_outer", ([1, 2], 10)), ("listcomp_uses_outer", ([1], "s")),
    ("listcomp_unpack", ({"a": 1, "b": 2},)),
    ("dictcomp", (["ab", "c"],)), ("dictcomp", ([],)), ("dictcomp", ([1],)),
    ("setcomp", (range(7),)),
    ("comp_range", (4,)), ("comp_range", (0,)), ("comp_range", (-2,)),
    ("comp_nested_comp", ([[1, 2], [3]],)),
    ("comp_error", ([1, 2],)), ("comp_error", ([1, 0],)),
    ("concat", ("a", "b")), ("concat", ([1], [2])), ("concat", ("a", 1)), ("concat", ((1,), (2,))),
    ("repeat", ("ab", 3)), ("repeat", ([0], 2)), ("repeat", ("a", "b")),
    ("percent", ("%d-%s", (1, "x"))), ("percent", ("%5.1f", 2.25)), ("percent", ("%d", "x")),
    ("str_methods", ("  Hello World a ",)), ("str_methods", ("x",)),
    ("fstring_basic", (1, "b")), ("fstring_basic", (None, [1, 2])),
    ("fstring_conv", ("é'\"",)), ("fstring_conv", (3.5,)), ("fstring_conv", ([1],)),
    ("fstring_spec", (3.14159,)), ("fstring_spec", (2,)), ("fstring_spec", ("s",)),
    ("fstring_nested", (3.14159, 10, 2)), ("fstring_nested", (1, 3, 0)),
    ("fstring_debug", (5,)), ("fstring_debug", ("s",)),
    ("fstring_braces", (1,)),
    ("fstring_expr", ([1, 2, 3],)), ("fstring_expr", ([],)),
    ("fstring_typed", (42, 1234.5)), ("fstring_typed", (-3, 0.0)),
    ("str_conv", (1,)), ("str_conv", ("s",)), ("str_conv", ([None],)),
    ("printing", (1, "a")), ("printing", ([], None)),
    ("arith", (7, 2)), ("arith", (7.5, -2)), ("arith", (2**70, 3)), ("arith", ("a", 1)),
    ("arith", (1, 0)), ("arith", ([1], 2)),
    ("compare", (1, 2)), ("compare", ("a", "b")), ("compare", ([1], [1])), ("compare", (1, "a")),
    ("chain", (1, 2, 3)), ("chain", (1, 3, 2)), ("chain", ("a", "b", "c")),
    ("boolops", (0, "x")), ("boolops", ([1], None)), ("boolops", ("", [])),
    ("ifexp", (0, "b")), ("ifexp", ("a", "b")),
    ("augmented", ([1], 2)), ("augmented", ((), 5)),
]


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_object_data(built, case):
    run_case(built, case)


def test_print_output(built, capsys):
    built.compiled.printing(1, "a")
    got = capsys.readouterr().out
    built.interpreted.printing(1, "a")
    want = capsys.readouterr().out
    assert got == want == "1 a\n1-a!\n\n"
