"""Interleaved iterations (compiler/emit/interleave.c): a range loop whose body runs a scalar
`while` loop gets four iterations stepped side by side. Results must be bit-identical to the
interpreted file (no reordering of any float operation), values left in locals after the loop
must be Python's, and loops that do not meet the conditions must be emitted as written."""
import re
import textwrap

import numpy as np
import pytest

from conftest import build_source, check_same, run_pyc2c

SOURCE = '''
import cython
from cython.parallel import prange, parallel


@cython.boundscheck(False)
@cython.wraparound(False)
def mandel(counts: cython.int[:, ::1], x0: cython.double, y0: cython.double,
           step: cython.double, maxiter: cython.int):
    row: cython.Py_ssize_t
    col: cython.Py_ssize_t
    it: cython.int
    zr: cython.double
    zi: cython.double
    zr2: cython.double
    zi2: cython.double
    for row in range(counts.shape[0]):
        ci: cython.double = y0 + row * step
        for col in range(counts.shape[1]):
            cr: cython.double = x0 + col * step
            zr = 0.0
            zi = 0.0
            it = 0
            while it < maxiter:
                zr2 = zr * zr
                zi2 = zi * zi
                if zr2 + zi2 > 4.0:
                    break
                zi = 2.0 * zr * zi + ci
                zr = zr2 - zi2 + cr
                it = it + 1
            counts[row, col] = it


def mandel_checked(counts: cython.int[:, :], x0: cython.double, y0: cython.double,
                   step: cython.double, maxiter: cython.int):
    row: cython.Py_ssize_t
    col: cython.Py_ssize_t
    it: cython.int
    zr: cython.double
    zi: cython.double
    t: cython.double
    for row in range(counts.shape[0]):
        for col in range(counts.shape[1]):
            zr = 0.0
            zi = 0.0
            it = 0
            while zr * zr + zi * zi <= 4.0 and it < maxiter:
                t = zr * zr - zi * zi + (x0 + col * step)
                zi = 2.0 * zr * zi + (y0 + row * step)
                zr = t
                it += 1
            counts[row, col] = it


def mandel_prange(counts: cython.int[:, ::1], x0: cython.double, y0: cython.double,
                  step: cython.double, maxiter: cython.int):
    row: cython.Py_ssize_t
    col: cython.Py_ssize_t
    it: cython.int
    ci: cython.double
    cr: cython.double
    zr: cython.double
    zi: cython.double
    zr2: cython.double
    zi2: cython.double
    for row in prange(counts.shape[0], nogil=True):
        ci = y0 + row * step
        for col in range(counts.shape[1]):
            cr = x0 + col * step
            zr = 0.0
            zi = 0.0
            it = 0
            while it < maxiter:
                zr2 = zr * zr
                zi2 = zi * zi
                if zr2 + zi2 > 4.0:
                    break
                zi = 2.0 * zr * zi + ci
                zr = zr2 - zi2 + cr
                it = it + 1
            counts[row, col] = it


def mandel_complex(counts: cython.int[:, ::1], x0: cython.double, y0: cython.double,
                   step: cython.double, maxiter: cython.int, tricorn: cython.bint):
    """Complex locals: CPython's own product formula, lane by lane."""
    row: cython.Py_ssize_t
    col: cython.Py_ssize_t
    it: cython.int
    z: complex
    c: complex
    for row in range(counts.shape[0]):
        for col in range(counts.shape[1]):
            c = complex(x0 + col * step, y0 + row * step)
            z = 0j
            it = 0
            while it < maxiter and z.real * z.real + z.imag * z.imag <= 4.0:
                if tricorn:
                    z = z.conjugate() * z.conjugate() + c
                else:
                    z = z * z + c
                it += 1
            counts[row, col] = it


def final_values(n: cython.Py_ssize_t, lo: cython.Py_ssize_t):
    """The loop variable and every local the body always assigns keep the last iteration's
    values; k is assigned on every path too (before the while)."""
    i: cython.Py_ssize_t = -7
    a: cython.double = -1.0
    k: cython.int = -1
    for i in range(lo, n):
        a = i * 0.5
        k = 0
        while k < 5 and a > 0.0:
            a = a * 0.75 - 0.125
            k += 1
    return i, a, k


def with_continue(out: cython.double[:], n: cython.Py_ssize_t):
    i: cython.Py_ssize_t
    j: cython.int
    s: cython.double
    x: cython.double
    for i in range(n):
        s = 0.0
        x = i * 0.37 + 0.1
        j = 0
        while j < 40:
            j += 1
            x = x * 3.7 * (1.0 - x) if x < 1.0 else x - 1.0
            if x < 0.5:
                continue
            s = s + x
            if s > 25.0:
                break
        out[i] = s + j


def collatz(out: cython.long[:], first: cython.long):
    i: cython.Py_ssize_t
    v: cython.long
    steps: cython.long
    for i in range(out.shape[0]):
        v = first + i
        steps = 0
        while v != 1 and steps < 1000:
            if v & 1:
                v = 3 * v + 1
            else:
                v = v >> 1
            steps += 1
        out[i] = steps


def gcd_tuple(a: cython.long[:], b: cython.long[:], out: cython.long[:]):
    """Euclid with a parallel assignment: y is non-zero in the while body, so % has no check."""
    i: cython.Py_ssize_t
    x: cython.long
    y: cython.long
    for i in range(a.shape[0]):
        x, y = a[i], b[i]
        while y:
            x, y = y, x % y
        out[i] = x


def gcd_prange(a: cython.long[:], b: cython.long[:], out: cython.long[:]):
    """The prange loop itself runs over groups of four iterations."""
    i: cython.Py_ssize_t
    x: cython.long
    y: cython.long
    r: cython.long
    for i in prange(a.shape[0], nogil=True):
        x = a[i]
        y = b[i]
        while y != 0:
            r = x % y
            x = y
            y = r
        out[i] = x


def gcd_prange_dynamic(a: cython.long[:], b: cython.long[:], out: cython.long[:], lo: cython.Py_ssize_t):
    i: cython.Py_ssize_t
    x: cython.long
    y: cython.long
    for i in prange(lo, a.shape[0], nogil=True, schedule='dynamic', chunksize=3, num_threads=2):
        x, y = a[i], b[i]
        while y:
            x, y = y, x % y
        out[i] = x


@cython.boundscheck(False)
@cython.wraparound(False)
def gcd_in_block(a: cython.long[:], b: cython.long[:], out: cython.long[:]):
    """Inside parallel() nothing is versioned: with checks on, the body could raise."""
    i: cython.Py_ssize_t
    x: cython.long
    y: cython.long
    with cython.nogil, parallel(num_threads=2):
        for i in prange(a.shape[0], schedule='guided'):
            x, y = a[i], b[i]
            while y:
                x, y = y, x % y
            out[i] = x


def prange_leaves(out: cython.double[:], n: cython.Py_ssize_t):
    """The index and the locals every path assigns hold the last iteration's values after the
    loop, as the serial loop leaves them."""
    i: cython.Py_ssize_t = -1
    x: cython.double = -1.0
    k: cython.int = -1
    for i in prange(n, nogil=True):
        x = i * 0.5 + 1.0
        k = 0
        while x > 1.0:
            x = x * 0.5
            k = k + 1
        out[i] = x + k
    return i * 1000.0 + x + k * 0.001


@cython.cdivision(True)
def newton_cdiv(out: cython.double[:]):
    i: cython.Py_ssize_t
    x: cython.double
    y: cython.double
    nxt: cython.double
    m: cython.int
    for i in range(out.shape[0]):
        x = i + 2.0
        y = x
        m = 0
        while m < 60:
            nxt = 0.5 * (y + x / y)
            m += 1
            if abs(nxt - y) <= 1e-15 * y:
                break
            y = nxt
        out[i] = y + m


# ---- loops that must stay as written

def newton_checked(out: cython.double[:]):
    """x / y may raise ZeroDivisionError: no interleaving."""
    i: cython.Py_ssize_t
    x: cython.double
    y: cython.double
    m: cython.int
    for i in range(out.shape[0]):
        x = i - 3.0
        y = x
        m = 0
        while m < 30:
            y = 0.5 * (y + x / y)
            m += 1
        out[i] = y


def carried(out: cython.double[:]):
    """t is read before the iteration writes it: iterations depend on each other."""
    i: cython.Py_ssize_t
    t: cython.double = 1.0
    k: cython.int
    for i in range(out.shape[0]):
        k = 0
        while k < 3:
            t = t * 1.5 - 0.25
            k += 1
        out[i] = t


def carried_pre(out: cython.double[:]):
    """s is read (then written) before the while: each iteration starts from the one before."""
    i: cython.Py_ssize_t
    s: cython.double = 0.25
    x: cython.double
    k: cython.int
    for i in range(out.shape[0]):
        s = s * 0.5 + i
        x = s
        k = 0
        while k < 3:
            x = x * 1.5 - 0.25
            k += 1
        out[i] = x


def reads_memory(out: cython.double[:], src: cython.double[:]):
    """src[i] is read before the while: interleaved only when a test before the loop finds out
    and src apart (else an earlier iteration's out[i] could be a later one's src[i + 1])."""
    i: cython.Py_ssize_t
    x: cython.double
    k: cython.int
    for i in range(out.shape[0]):
        x = src[i]
        k = 0
        while k < 4:
            x = x * 0.5 + 1.0
            k += 1
        out[i] = x


def in_place(a: cython.double[:]):
    """a[i] is read before the while and written after it: always as written."""
    i: cython.Py_ssize_t
    x: cython.double
    k: cython.int
    for i in range(a.shape[0]):
        x = a[i]
        k = 0
        while k < 4:
            x = x * 0.5 + 1.0
            k += 1
        a[i] = x


def scattered(out: cython.int[:], n: cython.Py_ssize_t):
    """out[k] may raise IndexError after later iterations ran: no interleaving."""
    i: cython.Py_ssize_t
    k: cython.Py_ssize_t
    for i in range(n):
        k = 0
        while k * k < i:
            k += 1
        out[k] = 1


def maybe_assigned_used_after(n: cython.Py_ssize_t) -> cython.double:
    """y is assigned only inside the while: after the loop it may be an earlier iteration's."""
    i: cython.Py_ssize_t
    y: cython.double = -1.0
    k: cython.int
    for i in range(n):
        k = 0
        while k < i % 3:
            y = i + k * 0.5
            k += 1
    return y


@cython.cfunc
def bump(x: cython.double) -> cython.double:
    return x * 1.5


def calls_function(out: cython.double[:]):
    i: cython.Py_ssize_t
    x: cython.double
    k: cython.int
    for i in range(out.shape[0]):
        x = i
        k = 0
        while k < 3:
            x = bump(x)
            k += 1
        out[i] = x


def breaks_outer(out: cython.double[:]) -> cython.Py_ssize_t:
    i: cython.Py_ssize_t = 0
    x: cython.double
    k: cython.int
    for i in range(out.shape[0]):
        x = i
        k = 0
        while k < 3:
            x = x * 2.0
            k += 1
        if x > 40.0:
            break
        out[i] = x
    return i
'''

INTERLEAVED = ["mandel", "mandel_complex", "mandel_checked", "mandel_prange", "final_values", "with_continue",
               "collatz", "newton_cdiv", "reads_memory", "gcd_tuple", "gcd_prange",
               "gcd_prange_dynamic", "gcd_in_block", "prange_leaves"]
AS_WRITTEN = ["newton_checked", "carried", "carried_pre", "in_place", "scattered", "maybe_assigned_used_after",
              "calls_function", "breaks_outer"]
MARKER = "iterations at a time"
GROUPS = "groups of 4 iterations, interleaved"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_source(SOURCE, tmp_path_factory.mktemp("interleave"))


def function_texts(c):
    """{function name: its C text, helpers made for it by loop versioning included}."""
    texts, current = {}, None
    for line in c.splitlines():
        m = re.match(r"^static [^;=]*\b(f_\w+?)(_nest\d+)?\(.*\{\s*$", line)
        if m:
            current = m.group(1)[2:]
        if current:
            texts[current] = texts.get(current, "") + line + "\n"
    return texts


def test_interleaved_exactly_where_allowed(built, tmp_path):
    c_path = tmp_path / "il.c"
    proc = run_pyc2c("emit", built.path, "-o", c_path)
    assert proc.returncode == 0, proc.stderr
    texts = function_texts(c_path.read_text())
    for name in INTERLEAVED:
        assert MARKER in texts[name] or GROUPS in texts[name], name
    for name in AS_WRITTEN:
        assert MARKER not in texts[name] and GROUPS not in texts[name], name


GRIDS = [(0, 0), (1, 1), (1, 3), (2, 5), (3, 4), (4, 7), (5, 9), (7, 13), (16, 24)]


@pytest.mark.parametrize("fn", ["mandel", "mandel_checked", "mandel_prange"])
@pytest.mark.parametrize("rows, cols", GRIDS)
def test_mandelbrot_bit_identical(built, fn, rows, cols):
    step = 3.0 / max(cols, 1)
    for maxiter in (0, 1, 2, 37, 200):
        got = np.full((rows, cols), -5, dtype=np.int32)
        want = got.copy()
        getattr(built.compiled, fn)(got, -2.0, -1.0, step, maxiter)
        getattr(built.interpreted, fn)(want, -2.0, -1.0, step, maxiter)
        np.testing.assert_array_equal(got, want)


def test_mandelbrot_boundary_grid(built):
    """A grid over the set's boundary, where orbits escape after very different step counts,
    so lanes finish far apart."""
    got = np.zeros((40, 61), dtype=np.int32)
    want = got.copy()
    built.compiled.mandel_prange(got, -0.80, 0.05, 0.002, 500)
    built.interpreted.mandel_prange(want, -0.80, 0.05, 0.002, 500)
    np.testing.assert_array_equal(got, want)
    assert len(np.unique(want)) > 20


def test_final_values(built):
    check_same(built, [("final_values", (n, lo)) for n in range(-2, 12) for lo in (-3, 0, 1, 5)])


@pytest.mark.parametrize("n", list(range(0, 11)) + [33])
def test_continue_break_in_while(built, n):
    got, want = np.zeros(max(n, 1)), np.zeros(max(n, 1))
    built.compiled.with_continue(got, n)
    built.interpreted.with_continue(want, n)
    assert got.tobytes() == want.tobytes()


@pytest.mark.parametrize("first", [1, 2, 3, 27, 97, 871])
@pytest.mark.parametrize("n", [1, 4, 6, 9])
def test_collatz(built, first, n):
    got, want = np.zeros(n, dtype=np.int_), np.zeros(n, dtype=np.int_)
    built.compiled.collatz(got, first)
    built.interpreted.collatz(want, first)
    np.testing.assert_array_equal(got, want)


def outcome_and_output(fn, n):
    """What fn(out) returned or raised, and the bytes it left in out."""
    out = np.zeros(n)
    try:
        result = ("value", fn(out))
    except Exception as exc:  # the exception's type is part of what is compared
        result = ("raises", type(exc))
    return result, out.tobytes()


@pytest.mark.parametrize("n", [0, 1, 3, 4, 5, 8, 11])
@pytest.mark.parametrize("name", ["newton_cdiv", "newton_checked", "calls_function", "carried",
                                  "carried_pre"])
def test_newton_and_as_written(built, name, n):
    got = outcome_and_output(getattr(built.compiled, name), n)
    want = outcome_and_output(getattr(built.interpreted, name), n)
    assert got == want


def test_newton_checked_raises(built):
    """i - 3.0 is 0.0 at i == 3: ZeroDivisionError, as interpreted, after the same writes."""
    got = outcome_and_output(built.compiled.newton_checked, 6)
    assert got == outcome_and_output(built.interpreted.newton_checked, 6)
    assert got[0] == ("raises", ZeroDivisionError)


ALIASINGS = {
    "apart": lambda a: (a[:9], a[10:19]),
    "same": lambda a: (a[:9], a[:9]),
    "reversed": lambda a: (a[:9], a[8::-1]),
    "out_ahead": lambda a: (a[1:10], a[0:9]),    # out[i] is src[i + 1]
    "out_behind": lambda a: (a[0:9], a[1:10]),
    "strided": lambda a: (a[0:18:2], a[1:19:2]),  # interleaved, no element shared
    "touching": lambda a: (a[0:9], a[9:18]),
}


@pytest.mark.parametrize("how", sorted(ALIASINGS))
def test_reads_memory_aliasing(built, how):
    got, want = np.arange(20.0) * 0.75, np.arange(20.0) * 0.75
    built.compiled.reads_memory(*ALIASINGS[how](got))
    built.interpreted.reads_memory(*ALIASINGS[how](want))
    assert got.tobytes() == want.tobytes()
    got, want = np.arange(9.0), np.arange(9.0)
    built.compiled.in_place(got)
    built.interpreted.in_place(want)
    assert got.tobytes() == want.tobytes()


def test_not_interleaved_still_right(built):
    check_same(built, [("scattered", (np.zeros(3, dtype=np.intc), n)) for n in (0, 4, 9, 10, 17)])
    check_same(built, [("maybe_assigned_used_after", (n,)) for n in range(8)])
    check_same(built, [("breaks_outer", (np.zeros(n),)) for n in (0, 3, 21, 30)])


@pytest.mark.parametrize("n", [0, 1, 4, 7, 13])
def test_gcd_tuple(built, n):
    rng = np.random.default_rng(n)
    a = rng.integers(-10 ** 6, 10 ** 6, n)
    b = rng.integers(-10 ** 6, 10 ** 6, n)
    if n:
        a[0], b[0] = -(2 ** 63), -1
    got, want = np.zeros(n, dtype=np.int_), np.zeros(n, dtype=np.int_)
    built.compiled.gcd_tuple(a, b, got)
    built.interpreted.gcd_tuple(a, b, want)
    np.testing.assert_array_equal(got, want)


def gcd_arrays(n, seed):
    rng = np.random.default_rng(seed)
    a = rng.integers(-10 ** 6, 10 ** 6, n)
    b = rng.integers(-10 ** 6, 10 ** 6, n)
    if n > 2:
        a[2], b[2] = -(2 ** 63), -1
    return a, b


@pytest.mark.parametrize("n", [0, 1, 3, 4, 5, 8, 9, 31])
def test_gcd_prange_groups(built, n):
    a, b = gcd_arrays(n, n + 1)
    for name, extra in (("gcd_prange", ()), ("gcd_prange_dynamic", (0,)), ("gcd_prange_dynamic", (3,)),
                        ("gcd_in_block", ())):
        got, want = np.full(n, 7, dtype=np.int_), np.full(n, 7, dtype=np.int_)
        getattr(built.compiled, name)(a, b, got, *extra)
        getattr(built.interpreted, name)(a, b, want, *extra)
        np.testing.assert_array_equal(got, want, err_msg=name)


@pytest.mark.parametrize("n", [3, 4, 9, 12])
def test_gcd_prange_in_place(built, n):
    """out is a: each iteration reads its own a[i] before writing out[i], so any order of the
    iterations (threads, groups) gives the serial result; the groups run as written here."""
    a, b = gcd_arrays(n, 5)
    got, want = a.copy(), a.copy()
    built.compiled.gcd_prange(got, b, got)
    built.interpreted.gcd_prange(want, b, want)
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("n", [0, 1, 2, 4, 5, 7, 8, 12])
def test_prange_leaves_last_values(built, n):
    got, want = np.zeros(max(n, 1)), np.zeros(max(n, 1))
    assert built.compiled.prange_leaves(got, n) == built.interpreted.prange_leaves(want, n)
    assert got.tobytes() == want.tobytes()


@pytest.mark.parametrize("tricorn", [False, True])
@pytest.mark.parametrize("rows, cols", [(0, 0), (3, 5), (9, 13)])
def test_complex_locals(built, rows, cols, tricorn):
    for maxiter in (0, 3, 60):
        got = np.full((rows, cols), -5, dtype=np.int32)
        want = got.copy()
        built.compiled.mandel_complex(got, -2.0, -1.2, 2.6 / max(cols, 1), maxiter, tricorn)
        built.interpreted.mandel_complex(want, -2.0, -1.2, 2.6 / max(cols, 1), maxiter, tricorn)
        np.testing.assert_array_equal(got, want)
