"""Adversarial differential tests for interleaved iterations (compiler/emit/interleave.c): loops
built to break the conditions it relies on -- locals assigned on some paths only, the loop
variable reassigned or read after the loop near the limits of its C type, narrow and unsigned
types, NaN/inf/-0.0, break/continue/`while True`, short-circuit conditions, math functions and
cfuncs that may raise, aliased views, prange bodies, loop-versioned nests, nested loops, try/except.
Each case is compared with the interpreted file (values, exception types, bytes of arrays); the
emitted C is checked for which loops are interleaved and which stay as written."""
import math

import numpy as np
import pytest

from conftest import build_source, check_same, outcome, run_pyc2c, same
from test_differential_interleave import MARKER, function_texts

SOURCE = '''
import cython
import math
from cython.parallel import prange


def partial_pre(lo: cython.Py_ssize_t, n: cython.Py_ssize_t):
    i: cython.Py_ssize_t = -1
    y: cython.double = -2.0
    z: cython.double
    k: cython.int = -3
    for i in range(lo, n):
        if i % 3 == 0:
            y = i * 0.5
            z = 1.0
        else:
            y = -i * 0.25
        k = 0
        while k < 4 and y < 100.0:
            y = y * 1.5 + 1.0
            k += 1
    return i, y, k


def partial_post_used(n: cython.Py_ssize_t):
    i: cython.Py_ssize_t = -1
    y: cython.double = -2.0
    w: cython.double = -9.0
    k: cython.int
    for i in range(n):
        y = i * 0.75
        k = 0
        while k < 3:
            y = y * 1.25 - 0.5
            k += 1
        if y > 3.0:
            w = y
    return i, y, w


def aug_carried(n: cython.Py_ssize_t):
    i: cython.Py_ssize_t
    acc: cython.double = 0.5
    y: cython.double
    k: cython.int
    for i in range(n):
        y = i * 0.1
        k = 0
        while k < 3:
            y = y * y + 0.25
            k += 1
        acc += y
    return acc


def post_reads_while_local(out: cython.double[:]):
    i: cython.Py_ssize_t
    t: cython.double = 0.5
    k: cython.int
    for i in range(out.shape[0]):
        k = 0
        while k < i % 3:
            t = i + k * 0.5
            k += 1
        out[i] = t
    return t


@cython.boundscheck(False)
@cython.wraparound(False)
def loopvar_reassigned(out: cython.double[:], n: cython.Py_ssize_t):
    i: cython.Py_ssize_t = -5
    j: cython.Py_ssize_t = -5
    x: cython.double = 0.0
    k: cython.int = 0
    for i in range(n):
        j = i
        i = i * 2 + 1
        x = i * 0.5
        k = 0
        while k < 3:
            x = x * 0.5 + i
            i -= 1
            k += 1
        out[j] = x + i
    return i, j, x, k


def loopvar_in_while_only(n: cython.Py_ssize_t):
    i: cython.Py_ssize_t = -5
    x: cython.double = 0.0
    for i in range(n):
        x = i * 1.0
        while x < 20.0:
            x = x * 2.0 + 1.0
            if x > 10.0:
                i = i + 100
        x = x + 0.0
    return i, x


def big_bounds(lo: cython.Py_ssize_t, hi: cython.Py_ssize_t):
    i: cython.Py_ssize_t = 3
    x: cython.double = -1.0
    k: cython.int = -1
    s: cython.Py_ssize_t = 0
    for i in range(lo, hi):
        x = i * 1e-18
        s = i - lo
        k = 0
        while k < 2 and x > -1e300:
            x = x * 0.5
            k += 1
    return i, x, k, s


def narrow_int(lo: cython.int, hi: cython.int):
    i: cython.int = 3
    x: cython.double = -1.0
    k: cython.int = -1
    for i in range(lo, hi):
        x = i * 0.5
        k = 0
        while k < 2:
            x = x - 0.25
            k += 1
    return i, x, k


def narrow_uchar(lo: cython.uchar, hi: cython.uchar):
    i: cython.uchar = 3
    x: cython.double = -1.0
    k: cython.int = -1
    for i in range(lo, hi):
        x = i * 0.5
        k = 0
        while k < 2:
            x = x - 0.25
            k += 1
    return i, x, k


def narrow_uint(lo: cython.uint, hi: cython.uint):
    i: cython.uint = 3
    x: cython.double = -1.0
    k: cython.uint = 7
    for i in range(lo, hi):
        x = i * 0.5
        k = 0
        while k < 2:
            x = x - 0.25
            k += 1
    return i, x, k


def narrow_ulonglong(lo: cython.ulonglong, hi: cython.ulonglong):
    i: cython.ulonglong = 3
    x: cython.double = -1.0
    k: cython.int = -1
    for i in range(lo, hi):
        x = i * 0.5
        k = 0
        while k < 2:
            x = x - 0.25
            k += 1
    return i, x, k


def narrow_schar_var(n: cython.Py_ssize_t):
    i: cython.schar = 3
    x: cython.double = -1.0
    k: cython.int = -1
    for i in range(n):
        x = i * 0.5
        k = 0
        while k < 2:
            x = x - 0.25
            k += 1
    return i, x, k


def bint_flags(n: cython.Py_ssize_t):
    i: cython.Py_ssize_t
    b: cython.bint = False
    c: cython.bint = True
    x: cython.double = 0.0
    k: cython.int = 0
    for i in range(n):
        b = i % 2 == 1
        c = not b
        x = i * 1.0
        k = 0
        while k < 4 and (b or x < 2.0):
            x = x + 1.5
            b = not b
            c = c and x > 3.0
            k += 1
    return b, c, x, k


def special_floats(out: cython.double[:], a: cython.double, b: cython.double):
    i: cython.Py_ssize_t
    x: cython.double = 0.0
    y: cython.double = 0.0
    k: cython.int = 0
    for i in range(out.shape[0]):
        x = a * i
        y = -0.0 * b
        k = 0
        while k < 5 and not (x > 1e308):
            x = min(x, b) + max(y, a)
            y = abs(y) if x != x else -y
            x = x or b
            k += 1
        out[i] = x + y * 0.0
    return x, y, k


def while_true(out: cython.double[:]):
    i: cython.Py_ssize_t
    x: cython.double = 0.0
    k: cython.int = 0
    for i in range(out.shape[0]):
        x = i * 0.3
        k = 0
        while True:
            if k >= 7:
                break
            k += 1
            if x > 2.0:
                x = x - 1.7
                continue
            x = x * 1.9 + 0.1
            if x != x:
                break
        out[i] = x
    return x, k


def break_first(out: cython.double[:]):
    i: cython.Py_ssize_t
    x: cython.double = 0.0
    for i in range(out.shape[0]):
        x = i * 1.0
        while x < 100.0:
            break
        out[i] = x
    return x


def continue_last(out: cython.double[:]):
    i: cython.Py_ssize_t
    x: cython.double = 0.0
    k: cython.int = 0
    for i in range(out.shape[0]):
        x = i * 1.0
        k = 0
        while k < 9:
            k += 1
            x = x * 1.1
            continue
        out[i] = x
    return x, k


def zero_trip(out: cython.double[:], m: cython.int):
    i: cython.Py_ssize_t
    x: cython.double = 0.0
    k: cython.int = 0
    for i in range(out.shape[0]):
        x = i * 1.0
        k = 0
        while k < m - i:
            x = x * 0.5 + 1.0
            k += 1
        out[i] = x + k
    return x, k


def shortcircuit(out: cython.double[:], lim: cython.double):
    i: cython.Py_ssize_t
    x: cython.double = 0.0
    y: cython.double = 0.0
    k: cython.long = 0
    for i in range(out.shape[0]):
        x = i - 2.5
        y = x if x > 0.0 else -x * 0.5
        k = 0
        while (k < 20 and x < lim) or (y > 0.0 and k < 3) and not (x != x):
            x = x * 1.5 + 1.0 if x > -1.0 else 0.0 - x
            y = y - 1.0 or 0.5
            k = k + 1 if y > 0.0 else k + 2
        out[i] = x * 1000.0 + y + k
    return x, y, k


def math_nonraising(out: cython.double[:]):
    i: cython.Py_ssize_t
    x: cython.double = 0.0
    k: cython.int = 0
    for i in range(out.shape[0]):
        x = i * 0.25 + 0.5
        k = 0
        while k < 5:
            x = math.sin(x) + math.cos(x) * math.fabs(x) + math.hypot(x, 1.0)
            x = math.copysign(x, -1.0) + math.atan2(x, 2.0) + math.tanh(x)
            k += 1
        out[i] = x
    return x


@cython.cfunc
@cython.exceptval(check=False)
def twice(x: cython.double) -> cython.double:
    return x * 2.0


@cython.cfunc
@cython.inline
def thrice(x: cython.double) -> cython.double:
    return x * 3.0


def calls_cfunc_noexcept(out: cython.double[:]):
    i: cython.Py_ssize_t
    x: cython.double = 0.0
    k: cython.int = 0
    for i in range(out.shape[0]):
        x = i * 0.5
        k = 0
        while k < 4:
            x = twice(x) - thrice(x) * 0.25
            k += 1
        out[i] = x
    return x


def aliased_post(out: cython.double[:], src: cython.double[:]):
    i: cython.Py_ssize_t
    x: cython.double = 0.0
    k: cython.int = 0
    for i in range(out.shape[0]):
        x = i * 0.5
        k = 0
        while k < 3:
            x = x * 1.5 - 0.25
            k += 1
        out[i] = src[i] + x
        src[i] = out[i] * 2.0 + src[(i + 1) % src.shape[0]]
    return x


@cython.boundscheck(False)
@cython.wraparound(False)
def scatter_unchecked(out: cython.double[:], src: cython.double[:]):
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t = 0
    x: cython.double = 0.0
    for i in range(out.shape[0]):
        x = i * 0.5
        j = i
        while j > 0 and x < 10.0:
            x = x * 1.5 + 0.125
            j -= 1
        out[j] += src[i] + x
        src[out.shape[0] - 1 - i] = out[i] + src[j]
    return x, j


def shape_read(a: cython.double[:, :], out: cython.double[:]):
    i: cython.Py_ssize_t
    x: cython.double = 0.0
    k: cython.Py_ssize_t = 0
    for i in range(out.shape[0]):
        x = i * 1.0 / a.shape[1] if a.shape[1] > 0 else -1.0
        k = 0
        while k < a.shape[0]:
            x = x * 0.5 + k
            k += 1
        out[i] = x
    return x, k


def m_sqrt(out: cython.double[:], c: cython.double):
    i: cython.Py_ssize_t
    x: cython.double = 0.0
    k: cython.int = 0
    for i in range(out.shape[0]):
        x = c - i
        k = 0
        while k < 2:
            x = math.sqrt(x) + 0.5
            k += 1
        out[i] = x
    return x


def m_log(out: cython.double[:], c: cython.double):
    i: cython.Py_ssize_t
    x: cython.double = 0.0
    k: cython.int = 0
    for i in range(out.shape[0]):
        x = c - i
        k = 0
        while k < 1:
            x = math.log(x)
            k += 1
        out[i] = x
    return x


def m_exp(out: cython.double[:], c: cython.double):
    i: cython.Py_ssize_t
    x: cython.double = 0.0
    k: cython.int = 0
    for i in range(out.shape[0]):
        x = c * i
        k = 0
        while k < 1:
            x = math.exp(x)
            k += 1
        out[i] = x
    return x


def m_floor(out: cython.double[:], c: cython.double):
    i: cython.Py_ssize_t
    x: cython.double = 0.0
    k: cython.long = 0
    j: cython.int
    for i in range(out.shape[0]):
        x = c * i
        k = 0
        j = 0
        while j < 1:
            k = math.floor(x) + 1
            j += 1
        out[i] = k
    return k


def m_int(out: cython.double[:], c: cython.double):
    i: cython.Py_ssize_t
    x: cython.double = 0.0
    k: cython.long = 0
    j: cython.int
    for i in range(out.shape[0]):
        x = c * i
        k = 0
        j = 0
        while j < 1:
            k = int(x) + 1
            j += 1
        out[i] = k
    return k


def m_fmod(out: cython.double[:], c: cython.double):
    i: cython.Py_ssize_t
    x: cython.double = 0.0
    k: cython.int = 0
    for i in range(out.shape[0]):
        x = c - i
        k = 0
        while k < 1:
            x = math.fmod(1.0, x)
            k += 1
        out[i] = x
    return x


def m_abs_int(out: cython.long[:], c: cython.long):
    i: cython.Py_ssize_t
    x: cython.long = 0
    k: cython.int = 0
    for i in range(out.shape[0]):
        x = c + i
        k = 0
        while k < 1:
            x = abs(x)
            k += 1
        out[i] = x
    return x


def m_shift(out: cython.long[:], c: cython.long):
    i: cython.Py_ssize_t
    x: cython.long = 0
    k: cython.int = 0
    for i in range(out.shape[0]):
        x = c + i
        k = 0
        while k < 1:
            x = 1 << x
            k += 1
        out[i] = x
    return x


def m_mod(out: cython.long[:], c: cython.long):
    i: cython.Py_ssize_t
    x: cython.long = 0
    k: cython.int = 0
    for i in range(out.shape[0]):
        x = c - i
        k = 0
        while k < 1:
            x = 100 % x
            k += 1
        out[i] = x
    return x


def post_raises_checked(out: cython.double[:], m: cython.Py_ssize_t):
    i: cython.Py_ssize_t
    x: cython.double = 0.0
    k: cython.int = 0
    for i in range(out.shape[0] + m):
        x = i * 0.5
        k = 0
        while k < 3:
            x = x * 1.5 + 1.0
            k += 1
        out[i] = x
    return x


def prange_rows(counts: cython.int[:, ::1], last: cython.double[::1], maxiter: cython.int):
    row: cython.Py_ssize_t
    col: cython.Py_ssize_t
    it: cython.int
    cr: cython.double
    zr: cython.double
    zi: cython.double
    t: cython.double
    for row in prange(counts.shape[0], nogil=True):
        col = -1
        cr = -3.0
        zr = 0.0
        it = -1
        for col in range(counts.shape[1]):
            cr = -2.0 + col * 0.0625
            zr = 0.0
            zi = 0.0
            it = 0
            while (it < maxiter and zr * zr + zi * zi <= 4.0) or it == 0:
                t = zr * zr - zi * zi + cr if it % 2 == 0 else zr * zr - zi * zi + cr
                zi = 2.0 * zr * zi + (row * 0.125 - 1.0)
                zr = t
                it = it + 1 if zr == zr else maxiter
            counts[row, col] = it
        last[row] = col * 1000.0 + it + cr + zr


def versioned(counts: cython.int[:, :], src: cython.double[:, :], maxiter: cython.int):
    r: cython.Py_ssize_t = -1
    c: cython.Py_ssize_t = -1
    it: cython.int = -1
    zr: cython.double = 0.0
    cr: cython.double = 0.0
    for r in range(src.shape[0]):
        for c in range(src.shape[1]):
            cr = c * 0.25 - 1.0 + r * 0.125
            zr = 0.0
            it = 0
            while it < maxiter and zr < 4.0:
                zr = zr * zr + cr
                it += 1
            counts[r, c] = it + counts[r, c]
    return it, zr, cr, r, c


def nested_outer(out: cython.double[:, :], last: cython.double[:]):
    r: cython.Py_ssize_t
    c: cython.Py_ssize_t = -1
    x: cython.double = 0.0
    k: cython.int = 0
    for r in range(out.shape[0]):
        for c in range(out.shape[1]):
            x = c * 0.5 + r
            k = 0
            while k < r + 2:
                x = x * 0.75 + 0.5
                k += 1
            out[r, c] = x
        last[r] = c * 100.0 + x + k
    return c, x, k


def in_try(out: cython.double[:], d: cython.double):
    i: cython.Py_ssize_t = -1
    x: cython.double = 0.0
    k: cython.int = 0
    try:
        for i in range(out.shape[0]):
            x = i * 0.5
            k = 0
            while k < 3:
                x = x * 1.5 + 1.0
                k += 1
            out[i] = x
        x = x / d
    except ZeroDivisionError:
        return -1.0, i, x, k
    return x, i, k


def two_loops(n: cython.Py_ssize_t, m: cython.Py_ssize_t):
    i: cython.Py_ssize_t = -1
    x: cython.double = 0.25
    k: cython.int = -1
    tot: cython.double = 0.0
    for i in range(n):
        x = i * 0.5
        k = 0
        while k < 3:
            x = x * 1.5 - 0.125
            k += 1
    tot = x + i + k
    for i in range(i, i + m):
        x = i * 0.25 + tot
        k = 0
        while k < 2 and x < 1e6:
            x = x * x
            k += 1
    return i, x, k, tot


def bound_reassigned(lo: cython.Py_ssize_t, n: cython.Py_ssize_t):
    i: cython.Py_ssize_t = -1
    x: cython.double = 0.0
    k: cython.int = 0
    for i in range(lo, n):
        n = i * 2 - 100
        lo = n + 1
        x = n * 0.5
        k = 0
        while k < 2:
            x = x + lo
            k += 1
    return i, n, lo, x, k


def post_if_else(n: cython.Py_ssize_t):
    i: cython.Py_ssize_t = -1
    x: cython.double = 0.0
    w: cython.double = -1.0
    k: cython.int = 0
    for i in range(n):
        x = i * 0.5
        k = 0
        while k < 3:
            x = x * 1.5 - 0.125
            k += 1
        if x > 4.0:
            w = x
        elif x > 2.0:
            w = -x
        else:
            w = 0.5
    return i, x, w, k


def while_one(out: cython.double[:]):
    i: cython.Py_ssize_t
    x: cython.double = 0.0
    k: cython.int = 0
    for i in range(out.shape[0]):
        x = i * 0.5
        k = 0
        while 1:
            k += 1
            x = x * 0.5
            if k > i:
                break
        out[i] = x * k
    return x, k


def while_false(out: cython.double[:]):
    i: cython.Py_ssize_t
    x: cython.double = 0.0
    for i in range(out.shape[0]):
        x = i * 0.5
        while False:
            x = x * 0.5
        out[i] = x
    return x


def chained_compare(out: cython.double[:], lo: cython.double, hi: cython.double):
    i: cython.Py_ssize_t
    x: cython.double = 0.0
    k: cython.int = 0
    for i in range(out.shape[0]):
        x = i * 0.5 - 1.0
        k = 0
        while lo < x * 1.5 <= hi and k < 50:
            x = x * 1.25 + 0.125
            k += 1
        out[i] = x + k
    return x, k


def narrow_wrap(n: cython.Py_ssize_t, d: cython.int):
    """C integer types wrap where Python ints grow: compared with narrow_wrap_twin (the same
    loop with a step the compiler does not know, so not interleaved) bit for bit, and with
    the interpreted file where nothing wraps."""
    i: cython.Py_ssize_t
    c: cython.schar = 0
    u: cython.uchar = 0
    h: cython.ushort = 0
    b: cython.bint = False
    k: cython.int = 0
    for i in range(n):
        c = i
        u = i
        h = i + 10
        b = i > 2
        k = 0
        while k < 3:
            c = c + d
            u = u * d
            h = h - d
            b = not b
            k += 1
    return c, u, h, b, k


def narrow_wrap_twin(n: cython.Py_ssize_t, d: cython.int, st: cython.Py_ssize_t):
    i: cython.Py_ssize_t
    c: cython.schar = 0
    u: cython.uchar = 0
    h: cython.ushort = 0
    b: cython.bint = False
    k: cython.int = 0
    for i in range(0, n, st):
        c = i
        u = i
        h = i + 10
        b = i > 2
        k = 0
        while k < 3:
            c = c + d
            u = u * d
            h = h - d
            b = not b
            k += 1
    return c, u, h, b, k


def special_floats_twin(out: cython.double[:], a: cython.double, b: cython.double, st: cython.Py_ssize_t):
    i: cython.Py_ssize_t
    x: cython.double = 0.0
    y: cython.double = 0.0
    k: cython.int = 0
    for i in range(0, out.shape[0], st):
        x = a * i
        y = -0.0 * b
        k = 0
        while k < 5 and not (x > 1e308):
            x = min(x, b) + max(y, a)
            y = abs(y) if x != x else -y
            x = x or b
            k += 1
        out[i] = x + y * 0.0
    return x, y, k


def try_post_raises(out: cython.double[:], m: cython.Py_ssize_t):
    """out[i] raises IndexError inside try: iterations before it wrote, none after."""
    i: cython.Py_ssize_t = -1
    x: cython.double = 0.0
    k: cython.int = 0
    try:
        for i in range(out.shape[0] + m):
            x = i * 0.5
            k = 0
            while k < 3:
                x = x * 1.5 + 1.0
                k += 1
            out[i] = x
    except IndexError:
        return -1.0, i, x, k
    return x, i, k



def prange_reduce(counts: cython.int[:, ::1], maxiter: cython.int):
    row: cython.Py_ssize_t
    col: cython.Py_ssize_t
    it: cython.int
    zr: cython.double
    total: cython.long = 0
    for row in prange(counts.shape[0], nogil=True):
        it = 0
        for col in range(counts.shape[1]):
            zr = 0.0
            it = 0
            while it < maxiter and zr < 4.0:
                zr = zr * zr + (col * 0.125 - 1.5 + row * 0.01)
                it = it + 1
            counts[row, col] = it
        total += it
    return total


@cython.cfunc
@cython.nogil
def kernel(out: cython.double[:], n: cython.Py_ssize_t) -> cython.double:
    i: cython.Py_ssize_t
    x: cython.double = 0.0
    k: cython.int = 0
    for i in range(n):
        x = i * 0.3
        k = 0
        while k < 5 and x < 7.0:
            x = x * 1.7 + 0.1
            k += 1
        out[i] = x
    return x + k


@cython.boundscheck(False)
def call_kernel(out: cython.double[:]):
    r: cython.double
    with cython.nogil:
        r = kernel(out, out.shape[0])
    return r


def outer_while(out: cython.double[:], lim: cython.double):
    i: cython.Py_ssize_t = -1
    x: cython.double = 0.0
    k: cython.int = 0
    rounds: cython.int = 0
    while rounds < 5:
        rounds += 1
        for i in range(out.shape[0]):
            x = i * 0.3 + rounds
            k = 0
            while k < 5 and x < 7.0:
                x = x * 1.7 + 0.1
                k += 1
            out[i] = x + out[i]
        if x > lim:
            break
    return i, x, k, rounds


def only_while(n: cython.Py_ssize_t):
    i: cython.Py_ssize_t = -7
    for i in range(n):
        while i > 3:
            i -= 2
    return i


def only_while_break(lo: cython.Py_ssize_t, n: cython.Py_ssize_t):
    i: cython.Py_ssize_t = -7
    for i in range(lo, n):
        while True:
            i = i * 3 + 1
            if i > 20 or i < -20:
                break
    return i


@cython.boundscheck(False)
@cython.wraparound(False)
def post_only(out: cython.Py_ssize_t[:]):
    i: cython.Py_ssize_t = -7
    j: cython.Py_ssize_t = -7
    for i in range(out.shape[0]):
        j = i
        while j % 3 != 0:
            j += 1
        out[i] = j
        out[j % out.shape[0]] += 1
    return i, j


def floats_mod(out: cython.double[:], a: cython.double):
    i: cython.Py_ssize_t
    x: cython.double = 0.0
    k: cython.int = 0
    for i in range(out.shape[0]):
        x = a * (i - 2)
        k = 0
        while k < 3:
            x = x % 2.0 - x / 4.0 + x // 3.0
            k += 1
        out[i] = x
    return x, k


def ints_floordiv(out: cython.long[:], a: cython.long):
    i: cython.Py_ssize_t
    x: cython.long = 0
    k: cython.int = 0
    for i in range(out.shape[0]):
        x = a * (i - 2)
        k = 0
        while k < 3:
            x = x // 3 + x % 5 - (x >> 1)
            k += 1
        out[i] = x
    return x, k



@cython.boundscheck(False)
@cython.wraparound(False)
def early_pre_while(out: cython.double[:], src: cython.double[:], w: cython.double[:]):
    i: cython.Py_ssize_t
    k: cython.Py_ssize_t = 0
    x: cython.double = 0.0
    for i in range(out.shape[0]):
        x = src[i]
        k = 0
        while k < w.shape[0] and x < w[k] * 4.0:
            x = x * 1.5 + w[k]
            k += 1
        if x > 3.0:
            out[i] = x
        else:
            out[i] += k
    return x, k


@cython.boundscheck(False)
def early_2d(out: cython.double[:, :], src: cython.double[:, :]):
    r: cython.Py_ssize_t = -1
    c: cython.Py_ssize_t = -1
    x: cython.double = 0.0
    k: cython.int = 0
    for r in range(out.shape[0]):
        for c in range(out.shape[1]):
            x = src[r, c] + src[c, r]
            k = 0
            while k < 3:
                x = x * 0.5 + src[r, c]
                k += 1
            out[r, c] = x
    return r, c, x, k


@cython.boundscheck(False)
@cython.wraparound(False)
def early_cross_dtype(out: cython.long[:], src: cython.double[:]):
    i: cython.Py_ssize_t
    x: cython.double = 0.0
    k: cython.int = 0
    for i in range(out.shape[0]):
        x = src[i]
        k = 0
        while k < 2:
            x = x + 1.0
            k += 1
        out[i] = k + i
    return x


@cython.boundscheck(False)
@cython.wraparound(False)
def early_prange(counts: cython.double[:, :], src: cython.double[:, :]):
    r: cython.Py_ssize_t
    c: cython.Py_ssize_t
    x: cython.double
    k: cython.int
    for r in prange(counts.shape[0], nogil=True):
        for c in range(counts.shape[1]):
            x = src[r, c]
            k = 0
            while k < 4 and x < 50.0:
                x = x * 2.0 + 1.0
                k += 1
            counts[r, c] = x + k


@cython.boundscheck(False)
@cython.wraparound(False)
def tuples(out: cython.double[:], src: cython.double[:], n: cython.Py_ssize_t):
    i: cython.Py_ssize_t = -1
    x: cython.double = 0.0
    y: cython.double = 0.0
    p: cython.long = 0
    f: cython.bint = False
    k: cython.int = 0
    for i in range(n):
        x, y, p, f = i * 0.5, src[i], i, i % 2 == 0
        k = 0
        while k < 6:
            x, y = y, x - y * 0.5
            p, f = p * 3 + f, not f
            x, x = y, x + 1.0
            k += 1
        i, p = p, i
        out[i % 7], y = y, out[0] + x
    return i, x, y, p, f, k


@cython.boundscheck(False)
@cython.wraparound(False)
def tuples_il(out: cython.double[:], src: cython.double[:], n: cython.Py_ssize_t):
    i: cython.Py_ssize_t = -1
    j: cython.Py_ssize_t = 0
    x: cython.double = 0.0
    y: cython.double = 0.0
    p: cython.long = 0
    f: cython.bint = False
    k: cython.int = 0
    for i in range(n):
        j = i
        x, y, p, f = i * 0.5, src[i], i, i % 2 == 0
        k = 0
        while k < 6:
            x, y = y, x - y * 0.5
            p, f = p * 3 + f, not f
            x, x = y, x + 1.0
            k += 1
            if p > 500:
                p, k = k, 7
        i, p = p, i
        out[j] = y + x
        y, x = out[j], y
    return i, j, x, y, p, f, k



@cython.boundscheck(False)
@cython.wraparound(False)
def alias_local(out: cython.double[:], n: cython.Py_ssize_t):
    w: cython.double[:] = out
    i: cython.Py_ssize_t
    x: cython.double = 0.0
    k: cython.int = 0
    for i in range(n):
        x = w[i + 1]
        k = 0
        while k < 3:
            x = x * 0.5 + 1.0
            k += 1
        out[i] = x
    return x


@cython.boundscheck(False)
@cython.wraparound(False)
def row_alias(a: cython.double[:, :]):
    r: cython.Py_ssize_t
    c: cython.Py_ssize_t
    row: cython.double[:]
    x: cython.double = 0.0
    k: cython.int = 0
    for r in range(a.shape[0]):
        row = a[(r + 1) % a.shape[0]]
        for c in range(a.shape[1] - 1):
            x = row[c + 1]
            k = 0
            while k < 2:
                x = x * 1.5 - 0.5
                k += 1
            a[r, c] = x
    return x

'''

INTERLEAVED = ["partial_pre", "loopvar_reassigned", "loopvar_in_while_only", "big_bounds",
               "narrow_int", "narrow_uchar", "narrow_uint", "narrow_ulonglong", "narrow_schar_var",
               "bint_flags", "special_floats", "while_true", "break_first", "continue_last",
               "zero_trip", "shortcircuit", "scatter_unchecked", "m_abs_int",
               "post_raises_checked", "prange_rows", "versioned", "nested_outer", "in_try",
               "two_loops", "bound_reassigned", "post_if_else", "while_one", "while_false",
               "chained_compare", "try_post_raises", "narrow_wrap", "prange_reduce", "kernel",
               "outer_while", "only_while", "floats_mod", "ints_floordiv", "early_pre_while",
               "early_2d", "early_cross_dtype", "early_prange", "tuples_il", "alias_local",
               "row_alias"]
AS_WRITTEN = ["partial_post_used", "aug_carried", "post_reads_while_local", "math_nonraising",
              "calls_cfunc_noexcept", "aliased_post", "shape_read", "m_sqrt", "m_log", "m_exp",
              "m_floor", "m_int", "m_fmod", "m_shift", "m_mod", "narrow_wrap_twin",
              "special_floats_twin", "tuples"]

INF, NAN = float("inf"), float("nan")
SSIZE_MAX = 2**63 - 1


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_source(SOURCE, tmp_path_factory.mktemp("interleave_adv"))


def run_both(built, name, *args):
    """Calls name on both modules with copies of the array arguments; asserts the same outcome
    (value or exception type) and the same bytes left in every array."""
    ac = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    ai = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    got = outcome(getattr(built.compiled, name), ac, {})
    want = outcome(getattr(built.interpreted, name), ai, {})
    assert got[0] == want[0] and (same(got[1], want[1]) if got[0] == "value" else got[1] is want[1]), (
        f"{name}{args}: compiled {got}, interpreted {want}")
    for x, y in zip(ac, ai):
        if isinstance(x, np.ndarray):
            assert x.tobytes() == y.tobytes(), f"{name}{args}: arrays differ: {x} vs {y}"
    return got


def test_interleaved_exactly_where_allowed(built, tmp_path):
    c_path = tmp_path / "adv.c"
    proc = run_pyc2c("emit", built.path, "-o", c_path)
    assert proc.returncode == 0, proc.stderr
    texts = function_texts(c_path.read_text())
    assert sorted(n for n, t in texts.items() if MARKER in t) == sorted(INTERLEAVED)
    for name in AS_WRITTEN:
        assert MARKER not in texts[name], name


@pytest.mark.parametrize("n", range(-2, 12))
def test_locals_after_loop(built, n):
    """Locals on some paths, augmented, annotated, read in post after the while assigns them,
    the loop variable reassigned in pre or inside the while, two loops one after the other,
    range bounds reassigned in the body: values left afterwards are Python's."""
    for lo in (-3, 0, 1, 5):
        run_both(built, "partial_pre", lo, n)
        run_both(built, "bound_reassigned", lo, n)
    for m in (-1, 0, 1, 5, 9):
        run_both(built, "two_loops", n, m)
    for name in ("partial_post_used", "aug_carried", "loopvar_in_while_only", "narrow_schar_var",
                 "bint_flags", "post_if_else"):
        run_both(built, name, n)
    run_both(built, "loopvar_reassigned", np.zeros(max(n, 0)), n)
    run_both(built, "post_reads_while_local", np.zeros(max(n, 0)))


@pytest.mark.parametrize("lo, hi", [(SSIZE_MAX - 9, SSIZE_MAX), (SSIZE_MAX - 4, SSIZE_MAX),
                                    (SSIZE_MAX - 3, SSIZE_MAX), (SSIZE_MAX - 1, SSIZE_MAX),
                                    (-SSIZE_MAX - 1, -SSIZE_MAX + 8), (-SSIZE_MAX - 1, -SSIZE_MAX + 3),
                                    (-5, 5), (3, 2)])
def test_loop_variable_near_ssize_limits(built, lo, hi):
    run_both(built, "big_bounds", lo, hi)


@pytest.mark.parametrize("name, bounds", [
    ("narrow_int", [(2**31 - 10, 2**31 - 1), (-2**31, -2**31 + 7), (0, 9), (-3, 5), (4, 4)]),
    ("narrow_uchar", [(245, 255), (250, 255), (251, 255), (0, 9), (0, 255), (7, 3)]),
    ("narrow_uint", [(2**32 - 10, 2**32 - 1), (2**32 - 5, 2**32 - 1), (0, 9), (5, 6)]),
    ("narrow_ulonglong", [(2**64 - 10, 2**64 - 1), (2**63 - 3, 2**63 + 6), (0, 9)]),
])
def test_narrow_loop_variables(built, name, bounds):
    for lo, hi in bounds:
        run_both(built, name, lo, hi)


@pytest.mark.parametrize("n", [0, 1, 3, 4, 5, 8, 9, 30])
def test_narrow_types_wrapping(built, n):
    """Where nothing wraps, as interpreted; where C types wrap, exactly as the same loop
    compiled without interleaving."""
    if n <= 9:
        run_both(built, "narrow_wrap", n, 1)
    for d in (1, 7, 50, -3):
        assert built.compiled.narrow_wrap(n, d) == built.compiled.narrow_wrap_twin(n, d, 1)


SPECIALS = [0.0, -0.0, 1.0, -1.0, INF, -INF, NAN, 1e308, -5e-324]


def canonical(x):
    """The bytes of x with every NaN made the same NaN."""
    return np.where(np.isnan(x), np.nan, x).tobytes()


def values_same(x, y):
    """Elementwise same(): NaN equals NaN (whatever its sign bit), -0.0 differs from 0.0."""
    return len(x) == len(y) and all(same(float(a), float(b)) for a, b in zip(x, y))


@pytest.mark.parametrize("n", [0, 1, 3, 4, 5, 7, 8, 9, 13])
def test_nan_inf_negative_zero(built, n):
    """min/max/abs/`or`/conditional expressions on NaN, inf and -0.0. Compared with the
    interpreted file value by value, and with the same loop compiled without interleaving
    byte for byte except for NaN payloads: which NaN `x + y` returns when both are NaN is the
    C compiler's choice of operand order (it differs between CPython and any compiled code),
    so NaNs are compared as NaN; -0.0 and every other bit still count."""
    for a in SPECIALS:
        for b in SPECIALS:
            oc, oi, ot = np.zeros(n), np.zeros(n), np.zeros(n)
            rc = built.compiled.special_floats(oc, a, b)
            ri = built.interpreted.special_floats(oi, a, b)
            rt = built.compiled.special_floats_twin(ot, a, b, 1)
            assert same(rc, ri) and values_same(oc, oi), (a, b, rc, ri, oc, oi)
            assert canonical(oc) == canonical(ot) and canonical(np.array(rc)) == canonical(np.array(rt))


@pytest.mark.parametrize("n", [0, 1, 3, 4, 5, 7, 8, 9, 13])
def test_break_continue_conditions(built, n):
    for name in ("while_true", "break_first", "continue_last", "while_one", "while_false"):
        run_both(built, name, np.zeros(n))
    for m in (-1, 0, 2, 6):
        run_both(built, "zero_trip", np.zeros(n), m)
    for lim in (-INF, 0.0, 3.0, NAN, INF):
        run_both(built, "shortcircuit", np.zeros(n), lim)
    for lo, hi in [(-INF, INF), (-1.0, 3.0), (NAN, 1.0), (0.0, -0.0), (-0.0, 0.0)]:
        run_both(built, "chained_compare", np.zeros(n), lo, hi)


@pytest.mark.parametrize("n", [0, 1, 3, 4, 5, 8, 9])
def test_math_and_calls_that_may_raise(built, n):
    """math.sqrt(-1), math.log(0), math.exp(1000), math.floor(inf), int(nan), math.fmod(1, 0),
    1 << -1, 100 % 0 raise at some iteration: same exception after the same writes."""
    for c in (-INF, -1.0, 0.0, 2.0, 3.0, 6.0, 7.5, 100.0, 800.0, INF, NAN):
        for name in ("m_sqrt", "m_log", "m_exp", "m_floor", "m_int", "m_fmod"):
            run_both(built, name, np.zeros(n), c)
    for c in (-2**63 + 9, -5, 0, 3, 6, 50, 52):
        for name in ("m_abs_int", "m_shift", "m_mod"):
            run_both(built, name, np.zeros(n, dtype=np.int_), c)
    run_both(built, "math_nonraising", np.zeros(n))
    run_both(built, "calls_cfunc_noexcept", np.zeros(n))


def layouts(n):
    """(out, src) pairs over one buffer: the same view twice, overlapping slices either way,
    reversed."""
    return [lambda b: (b[:n], b[:n]), lambda b: (b[1:n + 1], b[:n]), lambda b: (b[:n], b[1:n + 1]),
            lambda b: (b[n - 1::-1] if n else b[:0], b[:n]), lambda b: (b[:n], b[n + 2:n + 2 - n:-1] if n else b[:0])]


@pytest.mark.parametrize("n", [0, 1, 3, 4, 5, 8, 9, 13])
@pytest.mark.parametrize("name", ["aliased_post", "scatter_unchecked"])
def test_aliased_views(built, name, n):
    base = np.arange(n + 3, dtype=float) * 0.5 - 1.0
    for make in layouts(n):
        bc, bi = base.copy(), base.copy()
        got = outcome(getattr(built.compiled, name), make(bc), {})
        want = outcome(getattr(built.interpreted, name), make(bi), {})
        assert got[0] == want[0] and (same(got[1], want[1]) if got[0] == "value" else got[1] is want[1])
        assert bc.tobytes() == bi.tobytes()


@pytest.mark.parametrize("shape", [(0, 0), (3, 0), (0, 2), (2, 5), (5, 3)])
def test_shape_reads(built, shape):
    for n in (0, 1, 4, 6):
        run_both(built, "shape_read", np.zeros(shape), np.zeros(n))


@pytest.mark.parametrize("n", [0, 1, 3, 4, 5, 8, 9])
def test_exceptions_in_post(built, n):
    """out[i] past the end with boundscheck on (in and out of try): IndexError after exactly
    the writes of the iterations before."""
    for m in (0, -1, 1, 3):
        run_both(built, "post_raises_checked", np.zeros(n), m)
        run_both(built, "try_post_raises", np.zeros(n), m)
    for d in (0.0, 2.0):
        run_both(built, "in_try", np.zeros(n), d)


@pytest.mark.parametrize("rows", [0, 1, 3, 4, 5, 8, 9])
@pytest.mark.parametrize("cols", [0, 1, 3, 4, 7, 9])
def test_prange_versioned_nested(built, rows, cols):
    run_both(built, "prange_rows", np.full((rows, cols), -5, dtype=np.intc), np.zeros(rows), 20)
    for sh in [(rows, cols), (rows, max(cols - 1, 0)), (max(rows - 1, 0), cols), (rows + 1, cols + 2)]:
        run_both(built, "versioned", np.ones(sh, dtype=np.intc), np.zeros((rows, cols)), 30)
        run_both(built, "versioned", np.ones(sh, dtype=np.intc)[:, ::-1], np.zeros((rows, cols)), 30)
    run_both(built, "nested_outer", np.zeros((rows, cols)), np.zeros(rows))


def test_prange_large_many_threads(built):
    """Enough rows for every thread to take some, orbits of very different lengths."""
    want_counts = np.full((64, 37), -5, dtype=np.intc)
    got_counts = want_counts.copy()
    got_last, want_last = np.zeros(64), np.zeros(64)
    built.compiled.prange_rows(got_counts, got_last, 200)
    built.interpreted.prange_rows(want_counts, want_last, 200)
    assert got_counts.tobytes() == want_counts.tobytes()
    assert got_last.tobytes() == want_last.tobytes()


@pytest.mark.parametrize("n", [0, 1, 3, 4, 5, 8, 9, 40])
def test_reduction_nogil_cfunc_outer_while(built, n):
    """A prange reduction of a value the interleaved loop leaves behind; the loop in a nogil
    cfunc (its fast, versioned copy); the loop inside a while that breaks on its result."""
    for cols in (0, 1, 3, 4, 5, 9):
        run_both(built, "prange_reduce", np.zeros((n, cols), dtype=np.intc), 30)
    run_both(built, "call_kernel", np.zeros(n))
    for lim in (-1.0, 5.0, 1e9):
        run_both(built, "outer_while", np.zeros(n), lim)


@pytest.mark.parametrize("n", range(0, 12))
def test_loop_variable_only_in_while_and_python_division(built, n):
    """The loop variable changed only by the while (no pre, no post); Python's float and int
    floor division and modulo (signs, -0.0, inf, NaN) in the while."""
    run_both(built, "only_while", n)
    for lo in (-5, -1, 0, 2):
        run_both(built, "only_while_break", lo, n)
    run_both(built, "post_only", np.zeros(n, dtype=np.intp))
    for a in (-1e-300, -0.0, 0.0, 1.0, -1.5, 1e300, INF, -INF, NAN):
        run_both(built, "floats_mod", np.zeros(n), a)
    for a in (-7, -1, 0, 5, 2**40):
        run_both(built, "ints_floordiv", np.zeros(n, dtype=np.int_), a)


# ---- random bodies: each function against the same loop with a step the compiler does not
# know (so emitted as written), bit for bit; loops built from C doubles, longs, an unsigned
# char (wrapping), a bint, the loop variable reassigned, `and`/`or`/conditional expressions,
# min/max/abs, break/continue in the while, posts reading and writing one view at two places.

def random_source(seed, count):
    import random
    rnd = random.Random(seed)

    def dexpr(d=0):
        r = rnd.random()
        if d > 1 or r < 0.4:
            return rnd.choice(["a", "b", "c0", "(i * 0.5)", "1.5", "-0.25", "0.0", "-0.0", "(k * 0.125)",
                               "src[j]", "src[m - 1 - j]"])
        if r < 0.6:
            return f"({dexpr(d + 1)} {rnd.choice(['+', '-', '*'])} {dexpr(d + 1)})"
        if r < 0.7:
            return f"{rnd.choice(['min', 'max'])}({dexpr(d + 1)}, {dexpr(d + 1)})"
        if r < 0.78:
            return f"abs({dexpr(d + 1)})"
        if r < 0.86:
            return f"({dexpr(d + 1)} if {bexpr(d + 1)} else {dexpr(d + 1)})"
        if r < 0.93:
            return f"({dexpr(d + 1)} or {dexpr(d + 1)})"
        return f"({lexpr(d + 1)} * 0.5)"

    def lexpr(d=0):
        r = rnd.random()
        if d > 1 or r < 0.4:
            return rnd.choice(["p", "q", "c1", "i", "k", "3", "7", "u"])
        if r < 0.7:
            return f"({lexpr(d + 1)} {rnd.choice(['+', '-', '*', '&', '|', '^'])} {lexpr(d + 1)})"
        if r < 0.8:
            return f"({lexpr(d + 1)} % {rnd.choice(['3', '7'])})"
        if r < 0.9:
            return f"({lexpr(d + 1)} >> {rnd.choice(['1', '3'])})"
        return f"({lexpr(d + 1)} if {bexpr(d + 1)} else {lexpr(d + 1)})"

    def bexpr(d=0):
        r = rnd.random()
        if r < 0.4:
            return f"{dexpr(d + 1)} {rnd.choice(['<', '<=', '>', '>=', '==', '!='])} {dexpr(d + 1)}"
        if r < 0.6:
            return f"{lexpr(d + 1)} {rnd.choice(['<', '>', '==', '!='])} {lexpr(d + 1)}"
        if r < 0.7:
            return "f"
        if r < 0.85 and d < 2:
            return f"({bexpr(d + 1)} {rnd.choice(['and', 'or'])} {bexpr(d + 1)})"
        return f"not ({bexpr(d + 1)})"

    def assign(ind):
        r = rnd.random()
        if r < 0.35:
            return f"{ind}{rnd.choice('ab')} = {dexpr()}"
        if r < 0.6:
            return f"{ind}{rnd.choice('pq')} = {lexpr()}"
        if r < 0.7:
            return f"{ind}u = ({lexpr()}) + c1"
        if r < 0.8:
            return f"{ind}f = {bexpr()}"
        if r < 0.85:
            return f"{ind}{rnd.choice('ab')} += {dexpr()}"
        if r < 0.93:
            return f"{ind}a, b, p = {dexpr()}, {dexpr()}, {lexpr()}"
        return f"{ind}i = {lexpr()}"

    def block(ind, n, in_while):
        out = []
        for _ in range(n):
            r = rnd.random()
            if in_while and r < 0.12:
                out.append(f"{ind}if {bexpr()}:\n{ind}    {rnd.choice(['break', 'continue'])}")
            elif r < 0.25:
                text = f"{ind}if {bexpr()}:\n" + "\n".join(block(ind + "    ", rnd.randint(1, 2), in_while))
                if rnd.random() < 0.5:
                    text += f"\n{ind}else:\n" + "\n".join(block(ind + "    ", rnd.randint(1, 2), in_while))
                out.append(text)
            else:
                out.append(assign(ind))
        return out

    def body():
        inits = [f"        a = {rnd.choice(['c0', '(i * 0.5)', 'c0 * i'])}", "        b = c0 - i",
                 "        p = c1 + i", "        q = i * 3", "        u = i", "        f = i % 2 == 0"]
        # now and then a local is not written first: carried from the iteration before
        lines = ["        j = i", "        k = 0"] + [x for x in inits if rnd.random() > 0.12]
        lines += block("        ", rnd.randint(0, 3), False)
        r = rnd.random()
        lines.append(f"        while k < {rnd.randint(0, 9)} and {bexpr()}:" if r < 0.7 else
                     f"        while {'True' if r < 0.85 else 'k < 12'}:")
        lines += ["            k += 1", "            if k > 12:", "                break"]
        lines += block("            ", rnd.randint(1, 3), True)
        lines += block("        ", rnd.randint(0, 2), False)
        lines.append(f"        out[j] = {dexpr()}")
        if rnd.random() < 0.5:
            lines.append(f"        out[n - 1 - j] += out[j] * {dexpr()}")
        return "\n".join(lines)

    head = '''
@cython.boundscheck(False)
@cython.wraparound(False)
def {name}(out: cython.double[:], src: cython.double[:], n: cython.Py_ssize_t, st: cython.Py_ssize_t,
           c0: cython.double, c1: cython.long):
    m: cython.Py_ssize_t = src.shape[0]
    i: cython.Py_ssize_t = -1
    j: cython.Py_ssize_t = 0
    k: cython.int = 0
    a: cython.double = 0.0
    b: cython.double = 0.0
    p: cython.long = 0
    q: cython.long = 0
    u: cython.uchar = 0
    f: cython.bint = False
    for i in {rng}:
{body}
    return i, j, k, a, b, p, q, u, f
'''
    src = ["import cython"]
    for t in range(count):
        text = body()
        src.append(head.format(name=f"r{t}", rng="range(n)", body=text))
        src.append(head.format(name=f"r{t}_twin", rng="range(0, n, st)", body=text))
    return "\n".join(src)


@pytest.mark.parametrize("seed", [5, 6])
def test_random_bodies_match_uninterleaved(seed, tmp_path):
    built = build_source(random_source(seed, 30), tmp_path)
    c_path = tmp_path / "rand.c"
    assert run_pyc2c("emit", built.path, "-o", c_path).returncode == 0
    texts = function_texts(c_path.read_text())
    names = [n for n in texts if MARKER in texts[n]]
    assert len(names) >= 8 and not any(n.endswith("_twin") for n in names)
    # src: its own memory, or out's (the same elements, or shifted by one either way)
    views = {"apart": lambda b, n: (b[:n + 1], b[n + 1:2 * n + 2]), "same": lambda b, n: (b[:n + 1], b[:n + 1]),
             "ahead": lambda b, n: (b[1:n + 2], b[:n + 1]), "behind": lambda b, n: (b[:n + 1], b[1:n + 2])}
    for name in names:
        for n in (0, 1, 3, 4, 5, 7, 8, 9, 13):
            for c0 in (0.0, -0.0, 1.25, -3.5, INF, NAN, 1e300):
                for c1 in (0, -7, 5, 2**62):
                    make = views[("apart", "same", "ahead", "behind")[(n + len(str(c0)) + c1 % 4) % 4]]
                    buf, twin = np.arange(2.0 * n + 3) * 0.75 - 1.5, np.arange(2.0 * n + 3) * 0.75 - 1.5
                    got = outcome(getattr(built.compiled, name), (*make(buf, n), n, 1, c0, c1), {})
                    want = outcome(getattr(built.compiled, name + "_twin"), (*make(twin, n), n, 1, c0, c1), {})
                    assert got[0] == want[0] and same(got[1], want[1]), (name, n, c0, c1, got, want)
                    assert canonical(buf) == canonical(twin), (name, n, c0, c1)


def plain(v):
    """NumPy scalars (what the interpreted file computes from array elements) as Python ones."""
    if isinstance(v, tuple):
        return tuple(plain(x) for x in v)
    return float(v) if isinstance(v, np.floating) else v


def same_after(built, name, make, base):
    """name(*make(buffer)) on copies of base, compiled and interpreted: same outcome, same bytes."""
    bc, bi = base.copy(), base.copy()
    got = outcome(getattr(built.compiled, name), make(bc), {})
    want = outcome(getattr(built.interpreted, name), make(bi), {})
    assert got[0] == want[0] and (same(plain(got[1]), plain(want[1])) if got[0] == "value" else got[1] is want[1]), (
        name, got, want)
    assert bc.tobytes() == bi.tobytes(), name


EARLY = {
    "apart": lambda a: (a[:9], a[10:19], a[20:24]),
    "same": lambda a: (a[:9], a[:9], a[20:24]),
    "w_is_out": lambda a: (a[:9], a[10:19], a[:4]),
    "w_in_out": lambda a: (a[:9], a[10:19], a[5:9]),
    "reversed": lambda a: (a[:9], a[8::-1], a[20:24]),
    "reversed_apart": lambda a: (a[:9], a[18:9:-1], a[20:24]),
    "ahead": lambda a: (a[1:10], a[0:9], a[20:24]),
    "behind": lambda a: (a[0:9], a[1:10], a[20:24]),
    "strided": lambda a: (a[0:18:2], a[1:19:2], a[20:24]),
    "empty_w": lambda a: (a[:9], a[10:19], a[20:20]),
    "empty_out": lambda a: (a[:0], a[10:19], a[20:24]),
    "stride0": lambda a: (a[:9], np.lib.stride_tricks.as_strided(a[3:], (9,), (0,)), a[20:24]),
}


@pytest.mark.parametrize("how", sorted(EARLY))
def test_early_reads_aliasing(built, how):
    """Views read in pre and in the while condition/body, written (under if/else, and +=) in
    post: every way of sharing one buffer, including the while's view being the written one."""
    same_after(built, "early_pre_while", EARLY[how], np.arange(30.0) * 0.375 - 2.0)


@pytest.mark.parametrize("n", [0, 1, 3, 4, 5, 9])
def test_early_reads_2d_dtype_prange(built, n):
    two_d = {"apart": lambda a: (a[:n, :n], a[n + 1:2 * n + 1, :n]), "same": lambda a: (a[:n, :n], a[:n, :n]),
             "transposed": lambda a: (a[:n, :n], a[:n, :n].T), "shift": lambda a: (a[1:n + 1, :n], a[:n, :n])}
    for make in two_d.values():
        same_after(built, "early_2d", make, np.arange(2.0 * (n + 1) * (n + 1)).reshape(2 * (n + 1), n + 1) * 0.25)
    # an int64 view and a float64 view of one buffer, one element apart
    same_after(built, "early_cross_dtype", lambda b: (b.view(np.int64)[:n], b[1:n + 1]), np.arange(2.0 * n + 2))
    for cols in (0, 1, 4, 7):
        # rows stay with their thread: same element, or the next column of the same row
        rows = {"same": lambda f: (f[:n, :cols], f[:n, :cols]), "next_col": lambda f: (f[:n, :cols], f[:n, 1:])}
        for make in rows.values():
            same_after(built, "early_prange", make, np.arange((n + 1.0) * (cols + 1)).reshape(n + 1, cols + 1) * 1.5)


@pytest.mark.parametrize("n", range(0, 10))
def test_tuple_assignments(built, n):
    """x, y = y, x - y; a repeated target (x, x = ...); the loop variable swapped with a local;
    a bint in the values; a view element read in a tuple in pre and in post."""
    layouts_ = {"apart": lambda b: (b[:10], b[10:20], min(n, 9)), "same": lambda b: (b[:10], b[:10], min(n, 9)),
                "shift": lambda b: (b[:10], b[1:11], min(n, 9))}
    for make in layouts_.values():
        same_after(built, "tuples_il", make, np.arange(20.0) * 0.5)
        same_after(built, "tuples", make, np.arange(20.0) * 0.5)


@pytest.mark.parametrize("n", range(0, 12))
def test_early_reads_through_local_views(built, n):
    """The view read early is a local bound to the written view (w = out), or a row of the
    written array taken in the outer loop: the test before the loop sees the shared memory."""
    same_after(built, "alias_local", lambda b: (b, n), np.arange(n + 1.0) * 0.5)
    for cols in range(0, 7):
        if n:
            same_after(built, "row_alias", lambda b: (b,), np.arange(float(n * cols)).reshape(n, cols) * 0.25)
            same_after(built, "row_alias", lambda b: (b.T,), np.arange(float(n * cols)).reshape(cols, n) * 0.25)
