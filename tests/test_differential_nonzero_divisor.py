"""Divisors a test shows non-zero (typeinfer/bounds.c): inside `while y != 0:` / `if y:` and the
like, `x % y` and `x / y` need no zero check until y is assigned, which lets Euclid's loop run
check-free (and be interleaved). Every way the fact can stop holding must keep the check: these
compare with the interpreted file, exceptions included."""
import re

import pytest

from conftest import build_source, check_same, run_pyc2c

SOURCE = '''
import cython

LONG_MIN = -(2 ** 63)


def euclid(x: cython.long, y: cython.long) -> cython.long:
    r: cython.long
    while y != 0:
        r = x % y
        x = y
        y = r
    return x


def euclid_tuple(x: cython.long, y: cython.long) -> cython.long:
    while y:
        x, y = y, x % y
    return x


def mod_in_if(x: cython.int, y: cython.int) -> cython.int:
    if y != 0:
        return x % y
    return -1


def mod_in_else(x: cython.int, y: cython.int) -> cython.int:
    if y != 0:
        return 7
    else:
        return x % y


def positive_and(x: cython.long, y: cython.long, z: cython.long) -> cython.long:
    if y > 0 and z < 0:
        return x % y + x % z
    return 0


def zero_on_left(x: cython.long, y: cython.long) -> cython.long:
    if 0 != y:
        return x % y
    return 0


def fact_ends_at_assignment(x: cython.long, y: cython.long) -> cython.long:
    r: cython.long = 0
    while y != 0:
        y = y - 1
        r += x % y
    return r


def fact_ends_at_augmented(x: cython.long, y: cython.long) -> cython.long:
    r: cython.long = 0
    while y != 0:
        y -= 1
        r += x % y
    return r


def fact_ends_in_inner_loop(x: cython.long, y: cython.long) -> cython.long:
    r: cython.long = 0
    k: cython.int
    while y != 0:
        for k in range(3):
            r += x % y
            y = y - 1
    return r


def fact_ends_in_branch(x: cython.long, y: cython.long, c: cython.bint) -> cython.long:
    r: cython.long = 0
    while y != 0:
        if c:
            y = 0
        r += x % y
        y = 0
    return r


def fact_ends_in_try(x: cython.long, y: cython.long) -> cython.long:
    r: cython.long = 0
    while y != 0:
        try:
            y = y - 1
        except ValueError:
            pass
        r += x % y
    return r


def float_divisor(x: cython.double, d: cython.double) -> cython.double:
    s: cython.double = 0.0
    while d != 0.0:
        s += x / d + x % d
        d = d - 1.0 if d > 1.0 else 0.0
    return s


def floordiv_signed(x: cython.long, y: cython.long) -> cython.long:
    if y != 0:
        return x // y
    return 0


def floordiv_unsigned(x: cython.ulong, y: cython.ulong) -> cython.ulong:
    if y != 0:
        return x // y + x % y
    return 0


def other_name(x: cython.long, y: cython.long, z: cython.long) -> cython.long:
    if y != 0:
        return x % z
    return 0
'''


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_source(SOURCE, tmp_path_factory.mktemp("nonzero"))


LONG_MIN = -(2 ** 63)


def test_euclid(built):
    pairs = [(48, 18), (18, 48), (-48, 18), (48, -18), (-48, -18), (0, 5), (5, 0), (0, 0),
             (LONG_MIN, -1), (LONG_MIN, 1), (LONG_MIN, 7), (2 ** 63 - 1, LONG_MIN), (-1, -1)]
    check_same(built, [(f, p) for f in ("euclid", "euclid_tuple") for p in pairs])


def test_tests_that_prove(built):
    check_same(built, [
        ("mod_in_if", (7, 3)), ("mod_in_if", (-7, 3)), ("mod_in_if", (7, 0)), ("mod_in_if", (-7, -1)),
        ("mod_in_else", (7, 3)), ("mod_in_else", (7, 0)),
        ("positive_and", (17, 5, -3)), ("positive_and", (-17, 5, -3)), ("positive_and", (17, 0, -3)),
        ("positive_and", (17, 5, 0)), ("zero_on_left", (9, 4)), ("zero_on_left", (9, 0)),
        ("zero_on_left", (LONG_MIN, -1)),
        ("float_divisor", (7.5, 3.0)), ("float_divisor", (-7.5, 2.5)), ("float_divisor", (1.0, 0.0)),
        ("float_divisor", (float("inf"), 3.0)), ("float_divisor", (1.0, float("nan"))),
        ("floordiv_signed", (7, 2)), ("floordiv_signed", (-7, 2)), ("floordiv_signed", (7, 0)),
        ("floordiv_unsigned", (7, 2)), ("floordiv_unsigned", (2 ** 64 - 1, 3)),
        ("floordiv_unsigned", (7, 0)),
        ("other_name", (7, 1, 2)), ("other_name", (7, 1, 0)),
    ])


def test_facts_that_stop_holding_keep_the_check(built):
    check_same(built, [
        ("fact_ends_at_assignment", (10, 3)), ("fact_ends_at_augmented", (10, 3)),
        ("fact_ends_in_inner_loop", (10, 3)), ("fact_ends_in_inner_loop", (10, 2)),
        ("fact_ends_in_branch", (10, 3, True)), ("fact_ends_in_branch", (10, 3, False)),
        ("fact_ends_in_try", (10, 2)),
    ])


def test_checks_removed_exactly_where_proven(built, tmp_path):
    c_path = tmp_path / "nz.c"
    proc = run_pyc2c("emit", built.path, "-o", c_path, "--no-line-directives")
    assert proc.returncode == 0, proc.stderr
    c = c_path.read_text()
    bodies = dict(re.findall(r"\nstatic [^\n]*\bf_(\w+)\([^\n]*\{\n(.*?)\n\}\n", c, re.S))
    for name in ("euclid", "euclid_tuple", "mod_in_if", "positive_and", "zero_on_left",
                 "float_divisor", "floordiv_unsigned"):
        assert "pyc2c_raise_zerodiv" not in bodies[name], name
    for name in ("mod_in_else", "fact_ends_at_assignment", "fact_ends_at_augmented",
                 "fact_ends_in_inner_loop", "fact_ends_in_branch", "fact_ends_in_try",
                 "floordiv_signed", "other_name"):
        assert "pyc2c_raise_zerodiv" in bodies[name], name
