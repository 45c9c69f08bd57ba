"""Differential tests: comparisons (chained, with raising operands), and/or/not, conditional
expressions, if/elif/else, while/else, for-range/else, break/continue, assert, raise, unbound
locals."""
import math

import pytest


def calls(names, argsets):
    return [(n, a) for n in names for a in argsets]


COMPARE_SRC = '''
import cython

def boom(x: cython.int) -> cython.int:
    if x < 0:
        raise ValueError("negative operand evaluated")
    return x

def chain3(a: cython.int, b: cython.int, c: cython.int) -> bool:
    return boom(a) < boom(b) < boom(c)

def chain4(a: cython.int, b: cython.int, c: cython.int, d: cython.int):
    return boom(a) <= boom(b) != boom(c) >= boom(d)

def chain_mixed(a: cython.int, b: float, c: int):
    return a < b <= c

def chain_obj(a, b, c):
    return a < b < c

def eq_chain(a: cython.int, b: cython.int):
    return a == b == 3

def cmp_f(a: float, b: float):
    return a < b

def cmp_f_eq(a: float, b: float):
    return a == b

def cmp_f_ne(a: float, b: float):
    return a != b

def cmp_f_ge(a: float, b: float):
    return a >= b

def cmp_i_f(a: cython.int, b: float):
    return a <= b

def cmp_u_s(a: cython.uint, b: cython.int):
    return a < b

def cmp_ul_l(a: cython.ulong, b: cython.long):
    return a > b

def cmp_pyint(a: int, b: int):
    return a < b

def cmp_pyint_lit(a: int):
    return a == 3 ** 40

def cmp_obj_lit(a):
    return 0 < a

def is_none(a):
    return a is None

def is_not_none(a):
    return a is not None
'''


def test_chained_comparisons_short_circuit_raising_operands(differential):
    vals = [-1, 0, 1, 2, 5]
    built = differential(COMPARE_SRC, calls(["chain3"], [(a, b, c) for a in vals for b in vals for c in vals])
                         + calls(["chain4"], [(a, b, c, d) for a in (-1, 0, 3) for b in (-1, 0, 3)
                                              for c in (-1, 3) for d in (-1, 0, 3)])
                         + calls(["eq_chain"], [(3, 3), (3, 4), (4, 4)]))
    c = built.compiled
    # the third operand is not evaluated when the first comparison is false
    assert c.chain3(5, 1, -1) is False
    with pytest.raises(ValueError, match="negative operand evaluated"):
        c.chain3(0, 1, -1)
    with pytest.raises(ValueError):
        c.chain3(-1, 5, 6)


def test_comparisons_nan_inf_and_mixed_types(differential):
    fl = [-math.inf, -1.0, -0.0, 0.0, 0.5, math.inf, math.nan]
    pairs = [(a, b) for a in fl for b in fl]
    differential(COMPARE_SRC, calls(["cmp_f", "cmp_f_eq", "cmp_f_ne", "cmp_f_ge"], pairs)
                 + calls(["cmp_i_f"], [(a, b) for a in (-3, 0, 2**31 - 1) for b in fl + [2147483646.5, 2147483647.0]])
                 + calls(["chain_mixed"], [(a, b, c) for a in (-1, 0, 2) for b in (-0.5, 1.0, math.nan)
                                           for c in (0, 1, 3**50)])
                 + calls(["chain_obj"], [(1, 2, 3), (1, 2.5, 2), ("a", "b", "c"), (3, 2, "x"), (1, math.nan, 2)])
                 + calls(["chain_obj"], [(1, "x", 2)])
                 + calls(["cmp_u_s"], [(a, b) for a in (0, 5, 2**32 - 1) for b in (-1, 0, 6)])
                 + calls(["cmp_ul_l"], [(a, b) for a in (0, 2**64 - 1) for b in (-1, 0, 2**63 - 1)])
                 + calls(["cmp_pyint"], [(a, b) for a in (-3**50, 0, 3**50) for b in (-1, 3**50)])
                 + calls(["cmp_pyint_lit"], [(3**40,), (3,)])
                 + calls(["cmp_obj_lit"], [(1,), (-0.5,), (math.nan,), ("s",)])
                 + calls(["is_none", "is_not_none"], [(None,), (0,), ("",)]))


BOOLOP_SRC = '''
import cython

def boom(x: cython.int) -> cython.int:
    if x < 0:
        raise ValueError("right operand evaluated")
    return x

def and_i(a: cython.int, b: cython.int):
    return a and boom(b)

def or_i(a: cython.int, b: cython.int):
    return a or boom(b)

def and_guard(a: cython.int) -> bool:
    return a > 0 and boom(a - 10) > 0

def or_guard(a: cython.int) -> bool:
    return a < 0 or boom(a - 10) >= 0

def and_obj(a, b):
    return a and b

def or_obj(a, b):
    return a or b

def and_mixed(a: cython.int, b: float):
    return a and b

def or_mixed(a: float, b: cython.int):
    return a or b

def or_lit(a: cython.int):
    return a or 7

def not_and(a: cython.int, b: cython.int):
    return not (a and b) or a

def three(a, b, c):
    return a or b and c

def ifexp_i(a: cython.int) -> cython.int:
    return a if a > 0 else -a

def ifexp_mixed(a: cython.int):
    return a if a > 0 else 0.5

def ifexp_obj(a, b):
    return a if b else "no"

def ifexp_lazy(a: cython.int):
    return boom(a) if a >= 0 else boom(0) - 1

def nested_ifexp(a: cython.int):
    return "neg" if a < 0 else "zero" if a == 0 else "pos"
'''


def test_and_or_short_circuit(differential):
    vals = [-1, 0, 2]
    built = differential(BOOLOP_SRC, calls(["and_i", "or_i", "not_and"], [(a, b) for a in vals for b in vals])
                         + calls(["and_guard", "or_guard"], [(x,) for x in (-5, 0, 5, 10, 11)])
                         + calls(["and_obj", "or_obj"], [(a, b) for a in (0, 1, "", "x", None, 0.0, 3**50)
                                                          for b in (0, "y", None)])
                         + calls(["and_mixed"], [(a, b) for a in (0, 3) for b in (0.0, 2.5)])
                         + calls(["or_mixed"], [(a, b) for a in (0.0, -0.0, 2.5, math.nan) for b in (0, 3)])
                         + calls(["or_lit"], [(0,), (-4,)])
                         + calls(["three"], [(a, b, c) for a in (0, 1) for b in (0, "b") for c in (0, "c")]))
    c = built.compiled
    assert c.and_i(0, -1) == 0  # boom(-1) never runs
    assert c.or_i(2, -1) == 2
    assert c.and_guard(-5) is False and c.or_guard(-5) is True
    with pytest.raises(ValueError, match="right operand evaluated"):
        c.and_i(1, -1)
    with pytest.raises(ValueError):
        c.and_guard(1)


def test_conditional_expressions(differential):
    built = differential(BOOLOP_SRC, calls(["ifexp_i", "ifexp_mixed", "ifexp_lazy", "nested_ifexp"],
                                           [(x,) for x in (-5, -1, 0, 1, 9)])
                         + calls(["ifexp_obj"], [(a, b) for a in (1, "s", None) for b in (0, 1, "", [1])]))
    assert built.compiled.ifexp_lazy(-3) == -1  # the untaken branch is not evaluated


IF_SRC = '''
import cython

def classify(x: cython.int) -> cython.int:
    if x < 0:
        return -1
    elif x == 0:
        return 0
    elif x < 10:
        return 1
    else:
        return 2

def classify_f(x: float) -> str:
    if x < 0.0:
        return "neg"
    elif x > 0.0:
        return "pos"
    elif x == 0.0:
        return "zero"
    return "nan"

def truthy(x):
    if x:
        return 1
    return 0

def no_return(x: cython.int):
    if x > 0:
        return x
'''


def test_if_elif_else(differential):
    differential(IF_SRC, calls(["classify"], [(x,) for x in (-5, 0, 3, 10, 100)])
                 + calls(["classify_f"], [(x,) for x in (-1.0, -0.0, 2.0, math.nan, math.inf)])
                 + calls(["truthy"], [(x,) for x in (0, 1, "", "a", None, 0.0, math.nan)])
                 + calls(["no_return"], [(x,) for x in (-1, 0, 4)]))


RANGE_SRC = '''
import cython

def r1(n: cython.int) -> cython.long:
    s: cython.long = 0
    for i in range(n):
        s += i
    return s

def r2(a: cython.int, b: cython.int) -> cython.long:
    s: cython.long = 0
    for i in range(a, b):
        s = s * 3 + i
    return s

def r3(a: cython.int, b: cython.int, c: cython.int) -> cython.long:
    s: cython.long = 0
    k: cython.long = 0
    for i in range(a, b, c):
        s += i * k
        k += 1
    return s * 1000 + k

def r3_count(a: cython.long, b: cython.long, c: cython.long) -> cython.long:
    k: cython.long = 0
    for i in range(a, b, c):
        k += 1
    return k

def r3_neg(a: cython.int, b: cython.int) -> cython.long:
    s: cython.long = 0
    for i in range(a, b, -3):
        s = s * 2 + i
    return s

def r3_obj(a: int, b: int, c: int):
    s = 0
    for i in range(a, b, c):
        s = s + i
    return s

def r_pyint(a: int, b: int):
    s = 0
    for i in range(a, b):
        s += i
    return s

def last(n: cython.int):
    for i in range(n):
        pass
    return i

def rebind(n: cython.int) -> cython.long:
    s: cython.long = 0
    for i in range(n):
        i += 100
        n -= 1
        s += i
    return s * 100 + n

def unsigned_loop(n: cython.uint) -> cython.ulong:
    s: cython.ulong = 0
    for i in range(n):
        s += i
    return s
'''


def test_range_forms_and_steps(differential):
    built = differential(RANGE_SRC, calls(["r1"], [(x,) for x in (-3, 0, 1, 10)])
                         + calls(["r2"], [(a, b) for a in (-5, 0, 3) for b in (-5, 0, 3, 10)])
                         + calls(["r3"], [(a, b, c) for a in (-7, 0, 5) for b in (-7, 0, 5, 20)
                                          for c in (-3, -1, 0, 1, 2, 7)])
                         + calls(["r3_count"], [(0, 10, 3), (10, 0, -3), (-2**63, 2**63 - 1, 2**62),
                                                (2**63 - 1, -2**63, -2**62), (0, 2**63 - 1, 2**63 - 1),
                                                (5, 5, -1)])
                         + calls(["r3_neg"], [(a, b) for a in (-5, 0, 10) for b in (-10, 0, 10)])
                         + calls(["r3_obj"], [(a, b, c) for a in (-5, 0) for b in (0, 9) for c in (-2, 0, 3)])
                         + calls(["r_pyint"], [(0, 5), (-3, 3), (5, 0), (2**62, 2**62 + 3)])
                         + calls(["last"], [(3,), (1,), (0,)])
                         + calls(["rebind"], [(0,), (4,)])
                         + calls(["unsigned_loop"], [(0,), (10,)]))
    c = built.compiled
    with pytest.raises(ValueError, match="range\\(\\) arg 3 must not be zero"):
        c.r3(0, 5, 0)
    with pytest.raises(ValueError):
        c.r3_obj(0, 5, 0)
    with pytest.raises(UnboundLocalError):
        c.last(0)
    with pytest.raises(TypeError):
        c.r_pyint(0, 2.5)


LOOPS_SRC = '''
import cython

def for_else(n: cython.int, stop: cython.int) -> cython.int:
    r: cython.int = -1
    for i in range(n):
        if i == stop:
            r = i
            break
    else:
        r = 1000
    return r

def while_else(n: cython.int, stop: cython.int) -> cython.int:
    i: cython.int = 0
    r: cython.int = 0
    while i < n:
        if i == stop:
            break
        i += 1
    else:
        r = 1000
    return r + i

def nested(n: cython.int, m: cython.int) -> cython.long:
    total: cython.long = 0
    for i in range(n):
        if i % 3 == 2:
            continue
        for j in range(m):
            if j > i:
                break
            if (i + j) % 2 == 1:
                continue
            total = total * 7 + i * 10 + j
        else:
            total += 100000
        if total > 10 ** 12:
            break
    return total

def nested_else(n: cython.int) -> cython.long:
    found: cython.long = 0
    for i in range(2, n):
        for j in range(2, i):
            if i % j == 0:
                break
        else:
            found = found * 100 + i
    return found

def while_nested(n: cython.int) -> cython.int:
    i: cython.int = 0
    c: cython.int = 0
    while True:
        i += 1
        if i > n:
            break
        j: cython.int = 0
        while j < i:
            j += 1
            if j == 3:
                continue
            c += j
        else:
            c += 1000
    return c

def while_obj(x):
    n = 0
    while x:
        x = x // 2
        n += 1
    else:
        n = n * 10
    return n

def collatz(n: cython.long) -> cython.int:
    steps: cython.int = 0
    while n != 1:
        if n % 2 == 0:
            n //= 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps

def continue_in_while_else(n: cython.int) -> cython.int:
    i: cython.int = 0
    s: cython.int = 0
    while i < n:
        i += 1
        if i % 2:
            continue
        s += i
    else:
        s = -s
    return s
'''


def test_loops_else_break_continue(differential):
    differential(LOOPS_SRC, calls(["for_else", "while_else"], [(n, s) for n in (0, 3, 10) for s in (-1, 0, 2, 9)])
                 + calls(["nested"], [(n, m) for n in (0, 1, 5, 9) for m in (0, 2, 6)])
                 + calls(["nested_else"], [(n,) for n in (0, 3, 20, 30)])
                 + calls(["while_nested"], [(n,) for n in (0, 1, 4, 7)])
                 + calls(["while_obj"], [(x,) for x in (0, 1, 3**50, -1 + 0 * 1)][:3])
                 + calls(["collatz"], [(n,) for n in (1, 7, 27, 97)])
                 + calls(["continue_in_while_else"], [(n,) for n in (0, 5, 10)]))


ASSERT_RAISE_SRC = '''
"""Module docstring: asserts and raises."""
import cython

def check_pos(x: cython.int) -> cython.int:
    assert x > 0
    return x

def check_msg(x: float) -> float:
    assert x == x, "x is nan"
    return x

def check_obj_msg(x):
    assert x, x
    return x

def raiser(kind: cython.int) -> cython.int:
    if kind == 0:
        raise ValueError("x")
    elif kind == 1:
        raise TypeError("bad type")
    elif kind == 2:
        raise ZeroDivisionError
    elif kind == 3:
        raise OverflowError()
    elif kind == 4:
        raise NotImplementedError("later")
    elif kind == 5:
        raise KeyError("k")
    return kind

def raise_in_loop(n: cython.int) -> cython.int:
    for i in range(n):
        if i == 3:
            raise RuntimeError("three")
    return n
'''


def test_assert_and_raise(differential):
    built = differential(ASSERT_RAISE_SRC, calls(["check_pos"], [(x,) for x in (-1, 0, 1)])
                         + calls(["check_msg"], [(x,) for x in (1.0, math.nan)])
                         + calls(["check_obj_msg"], [(x,) for x in (0, "", 1, "s")])
                         + calls(["raiser"], [(k,) for k in range(7)])
                         + calls(["raise_in_loop"], [(n,) for n in (2, 3, 4, 10)]))
    c = built.compiled
    with pytest.raises(AssertionError) as ei:
        c.check_pos(0)
    assert ei.value.args == ()
    with pytest.raises(AssertionError) as ei:
        c.check_msg(math.nan)
    assert ei.value.args == ("x is nan",)
    with pytest.raises(AssertionError) as ei:
        c.check_obj_msg("")
    assert ei.value.args == ("",)
    with pytest.raises(ValueError) as ei:
        c.raiser(0)
    assert ei.value.args == ("x",)
    with pytest.raises(ZeroDivisionError) as ei:
        c.raiser(2)
    assert ei.value.args == ()
    with pytest.raises(KeyError) as ei:
        c.raiser(5)
    assert ei.value.args == ("k",)
    with pytest.raises(RuntimeError, match="three"):
        c.raise_in_loop(5)


UNBOUND_SRC = '''
import cython

def obj_path(flag: bool):
    if flag:
        x = 1
    return x

def cint_path(flag: bool) -> cython.int:
    y: cython.int
    if flag:
        y = 5
    return y

def float_path(n: cython.int) -> float:
    for i in range(n):
        z = i * 0.5
    return z

def while_path(n: cython.int):
    while n > 0:
        w = n
        n -= 1
    return w

def else_path(flag: cython.int):
    if flag > 1:
        v = "big"
    elif flag == 1:
        v = "one"
    return v

def assigned_both(flag: bool) -> cython.int:
    if flag:
        q = 1
    else:
        q = 2
    return q
'''


def test_unbound_local(differential):
    built = differential(UNBOUND_SRC, calls(["obj_path", "cint_path", "assigned_both"], [(True,), (False,)])
                         + calls(["float_path", "while_path", "else_path"], [(x,) for x in (-1, 0, 1, 3)]))
    c = built.compiled
    with pytest.raises(UnboundLocalError, match="cannot access local variable 'y' where it is not associated with a value"):
        c.cint_path(False)
    with pytest.raises(UnboundLocalError, match="'x'"):
        c.obj_path(False)


COND_SRC = '''
import cython

def boom(x: cython.int) -> cython.int:
    if x < 0:
        raise ValueError("evaluated")
    return x

def if_and(a: cython.int, b: cython.int) -> cython.int:
    if a > 0 and boom(b) > 0:
        return 1
    return 0

def if_or(a: cython.int, b: cython.int) -> cython.int:
    if a > 0 or boom(b) > 0:
        return 1
    return 0

def if_not_chain(a: cython.int, b: cython.int, c: cython.int) -> cython.int:
    if not a < b < boom(c):
        return -1
    return 1

def while_or(n: cython.int, m: cython.int) -> cython.int:
    k: cython.int = 0
    while n > 0 or boom(m - k) > 100:
        n -= 1
        k += 1
    return k

def elif_chain(x: float) -> cython.int:
    if x != x:
        return 0
    elif x > 1e300 or x < -1e300:
        return 1
    elif 0.0 < x < 1.0 or -1.0 < x < 0.0:
        return 2
    elif x == 0.0:
        return 3
    else:
        return 4

def obj_cond(a, b):
    if a and not b:
        return "a only"
    elif a or b:
        return "some"
    return "none"
'''


def test_short_circuit_in_conditions(differential):
    vals = [-1, 0, 3]
    built = differential(COND_SRC, calls(["if_and", "if_or"], [(a, b) for a in vals for b in vals])
                         + calls(["if_not_chain"], [(a, b, c) for a in vals for b in vals for c in vals])
                         + calls(["while_or"], [(n, m) for n in (0, 3) for m in (-1, 0, 150)])
                         + calls(["elif_chain"], [(x,) for x in (math.nan, math.inf, -math.inf, 0.5, -0.5, 0.0, -0.0, 7.0)])
                         + calls(["obj_cond"], [(a, b) for a in (0, 1, "", "x") for b in (0, None, [1])]))
    c = built.compiled
    assert c.if_and(0, -1) == 0 and c.if_or(1, -1) == 1
    with pytest.raises(ValueError):
        c.if_or(0, -1)


ALGO_SRC = '''
import cython

def count_primes(n: cython.int) -> cython.int:
    count: cython.int = 0
    for i in range(2, n):
        j: cython.int = 2
        prime: bool = True
        while j * j <= i:
            if i % j == 0:
                prime = False
                break
            j += 1
        if prime:
            count += 1
    return count

def isqrt_newton(n: int) -> int:
    if n < 2:
        return n
    x = n
    y = (x + 1) // 2
    while y < x:
        x = y
        y = (x + n // x) // 2
    return x

def digits_sum(n: int) -> cython.int:
    s: cython.int = 0
    if n < 0:
        n = -n
    while n:
        s += n % 10
        n //= 10
    return s

def bisect_sqrt(v: float) -> float:
    lo: float = 0.0
    hi: float = max(v, 1.0)
    for it in range(200):
        mid = (lo + hi) / 2
        if mid * mid < v:
            lo = mid
        else:
            hi = mid
    return lo

def triangle(n: cython.int) -> cython.long:
    t: cython.long = 0
    for i in range(n, 0, -1):
        for j in range(i, 0, -2):
            if j % 3 == 0:
                continue
            t += j
    return t
'''


def test_small_algorithms(differential):
    differential(ALGO_SRC, calls(["count_primes"], [(n,) for n in (0, 2, 3, 100, 2000)])
                 + calls(["isqrt_newton"], [(n,) for n in (0, 1, 15, 16, 3**50, 10**40 + 7)])
                 + calls(["digits_sum"], [(n,) for n in (0, 9, -12345, 3**50)])
                 + calls(["bisect_sqrt"], [(v,) for v in (0.0, 0.25, 2.0, 1e10)])
                 + calls(["triangle"], [(n,) for n in (0, 1, 10, 57)]))


BARE_SRC = '''
import cython

def boom(x: cython.int) -> cython.int:
    if x < 0:
        raise ValueError("boom")
    return x

def bare_name(flag: bool):
    if flag:
        x = 1
    x
    return 0

def bare_cname(flag: bool):
    y: cython.int
    if flag:
        y = 1
    y
    return 0

def bare_div(a: cython.int, b: cython.int):
    a // b
    a % b
    a / b
    a + b
    return 1

def bare_fdiv(a: float, b: float):
    a / b
    return 1

def bare_call(a: cython.int):
    boom(a)
    boom(a) + 1
    a < boom(a) < 3
    return 2

def bare_obj(a, b):
    a < b
    a + b
    -a
    return 3

def bare_lit():
    1 / 0
    return 4

def only_pass():
    pass
'''


def test_expression_statements_still_evaluate_and_raise(differential):
    differential(BARE_SRC, calls(["bare_name", "bare_cname"], [(True,), (False,)])
                 + calls(["bare_div"], [(a, b) for a in (-3, 0, 5) for b in (-1, 0, 2)])
                 + calls(["bare_fdiv"], [(1.0, 0.0), (1.0, 2.0)])
                 + calls(["bare_call"], [(a,) for a in (-1, 0, 5)])
                 + calls(["bare_obj"], [(1, "a"), (1, 2), ("a", "b"), (None, 1)])
                 + [("bare_lit", ()), ("only_pass", ())])


def test_crlf_tabs_and_line_continuations(pyc2c_build):
    source = ('import cython\r\n\r\n'
              'def f(a: cython.int, b: cython.int) -> cython.int:\r\n'
              '    """Doc on one line."""\r\n'
              '    x = a + \\\r\n        b  # comment */ here\r\n'
              '    if x > 0: return x; \r\n'
              '    y = (a *\r\n         b)\r\n'
              '    return y\r\n\r\n'
              'def g(a):\r\n\tif a:\r\n\t\treturn 1\r\n\treturn 2\r\n')
    built = pyc2c_build(source)
    from conftest import check_same
    check_same(built, calls(["f"], [(a, b) for a in (-3, 0, 4) for b in (-2, 0, 5)])
               + calls(["g"], [(0,), (1,)]))
    assert built.compiled.f.__doc__ == built.interpreted.f.__doc__


LOOPVAR_SRC = '''
import cython

def var_int(n: cython.long) -> cython.long:
    i: cython.int
    s: cython.long = 0
    for i in range(n):
        s += i
    return s

def var_obj(n: cython.int):
    i = "before"
    for i in range(n):
        pass
    return i

def var_float_mix(n: cython.int):
    v = 0.5
    for v in range(n):
        pass
    return v

def bool_bounds(a: bool, b: bool) -> cython.int:
    k: cython.int = 0
    for i in range(a, b + 3):
        k += i
    return k

def reversed_sum(n: cython.int) -> cython.long:
    s: cython.long = 0
    for i in range(n - 1, -1, -1):
        s = s * 2 + i
    return s
'''


def test_loop_variable_types_and_bounds(differential):
    differential(LOOPVAR_SRC, calls(["var_int"], [(n,) for n in (0, 1, 100)])
                 + calls(["var_obj", "var_float_mix"], [(n,) for n in (0, 1, 5)])
                 + calls(["bool_bounds"], [(a, b) for a in (True, False) for b in (True, False)])
                 + calls(["reversed_sum"], [(n,) for n in (0, 1, 10, 40)]))


MIXED_CHAIN_SRC = '''
import cython

def obj_then_c(a: cython.long, x: float, o):
    return o < x <= a

def c_then_obj(a: cython.int, x: float, o):
    return a < x < o

def obj_c_obj(a: cython.int, o, p):
    return o <= a < p

def int_of_chain(a: cython.long, x: float, o):
    return int(o < x <= a)

def chain_is(o, p):
    return o < p is None

def chain_is_not(o, p):
    return o != p is not None

def chain_in_if(a: cython.int, o) -> cython.int:
    if o < a <= 10:
        return 1
    return 0

def chain_with_weird(a: cython.int, o, p):
    return o < a < p
'''


class RichLt:
    """__lt__ and __gt__ return a non-bool object."""

    def __lt__(self, other):
        return "lt"

    def __gt__(self, other):
        return []


def test_chains_mixing_object_and_c_links(differential):
    objs = [-3, 0, 2.5, 7, 3**40, math.nan]
    built = differential(MIXED_CHAIN_SRC,
                         calls(["obj_then_c", "c_then_obj", "int_of_chain"],
                               [(a, x, o) for a in (-7, 0, 7) for x in (-1.0, 1.0, math.nan) for o in objs])
                         + calls(["obj_c_obj"], [(a, o, p) for a in (-1, 5) for o in objs for p in objs])
                         + calls(["chain_is", "chain_is_not"], [(o, p) for o in (0, 1, None) for p in (0, 1, None)][:5])
                         + calls(["chain_in_if"], [(a, o) for a in (-1, 5, 11) for o in objs])
                         + calls(["chain_with_weird"], [(1, RichLt(), 2), (1, 0, RichLt()), (1, 5, RichLt())]))
    assert built.compiled.obj_then_c(7, 1.0, -3) is True
    assert built.compiled.chain_with_weird(1, RichLt(), 2) is True


RANGE_OBJ_SRC = '''
import cython

def r_untyped(a, b):
    s = 0
    for i in range(a, b):
        s += i
    return s

def r_untyped_step(a, b, c):
    n = 0
    for i in range(a, b, c):
        n = n * 10 + i % 10
    return n

def r_cond_bounds(a, b):
    k = 0
    for i in range(a if a else 0, b if b else 0):
        k += i
    return k
'''


def test_range_with_unannotated_bounds(differential):
    built = differential(RANGE_OBJ_SRC, calls(["r_untyped", "r_cond_bounds"], [(a, b) for a in (-3, 0, 2, True)
                                                                               for b in (0, 5, False)])
                         + calls(["r_untyped_step"], [(a, b, c) for a in (-4, 0, 9) for b in (-4, 0, 9)
                                                      for c in (-3, -1, 1, 2)])
                         + [("r_untyped", (0, 2.5)), ("r_untyped_step", (0, 2.5, 1)), ("r_untyped", (None, 3))]
                         + [("r_untyped_step", (0, 5, 0)), ("r_untyped", ("0", 3))])
    with pytest.raises(ValueError):
        built.compiled.r_untyped_step(0, 5, 0)
