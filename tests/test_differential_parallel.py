"""prange, parallel() and nogil: every case runs compiled (OpenMP, 2 threads unless it says) and
interpreted (Cython's shadow: prange is range, parallel() runs once, threadid() is 0), with fresh
copies of the array arguments; results, the arrays afterwards and exception types must agree.
Float sums are compared within a reordering tolerance (threads add in a different order)."""
import array
import copy
import math
import textwrap
import traceback

import numpy as np
import pytest

from conftest import build_source

pytestmark = pytest.mark.compiler

HEADER = """
import cython
from cython.parallel import prange, parallel, threadid
"""

REDUCTIONS = HEADER + """
def sum_add(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        s += a[i]
    return s

def sum_sub(a: cython.double[:]) -> cython.double:
    s: cython.double = 100.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        s -= a[i]
    return s

def prod_int(a: cython.long[:]) -> cython.long:
    p: cython.long = 1
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        p *= a[i]
    return p

def bit_and(a: cython.long[:]) -> cython.long:
    r: cython.long = -1
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        r &= a[i]
    return r

def bit_or(a: cython.long[:]) -> cython.long:
    r: cython.long = 0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        r |= a[i]
    return r

def bit_xor(a: cython.long[:]) -> cython.long:
    r: cython.long = 0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        r ^= a[i]
    return r

def max_call(a: cython.double[:]) -> cython.double:
    m: cython.double = -1e300
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        m = max(m, a[i])
    return m

def min_call(a: cython.double[:]) -> cython.double:
    m: cython.double = 1e300
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        m = min(a[i], m)
    return m

def max_if(a: cython.long[:]) -> cython.long:
    m: cython.long = -(2 ** 62)
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        if a[i] > m:
            m = a[i]
    return m

def min_if(a: cython.long[:]) -> cython.long:
    m: cython.long = 2 ** 62
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        if m > a[i]:
            m = a[i]
    return m

def sum_squares(n: cython.int) -> cython.long:
    s: cython.long = 0
    i: cython.int
    for i in prange(n, nogil=True):
        s += i * i
    return s

def count_positive(a: cython.double[:]) -> cython.int:
    c: cython.int = 0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        if a[i] > 0:
            c += 1
    return c

def two_reductions(a: cython.double[:], out: cython.double[:]):
    s: cython.double = 0.0
    m: cython.double = -1e300
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        s += a[i] * a[i]
        m = max(m, a[i])
    out[0] = s
    out[1] = m

def rms(x: cython.double[:]) -> cython.double:
    total: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(x.shape[0], nogil=True):
        total += x[i] * x[i]
    return (total / x.shape[0]) ** 0.5
"""

PRIVATES = HEADER + """
def last_index(n: cython.int) -> cython.Py_ssize_t:
    i: cython.Py_ssize_t = -1
    for i in prange(n, nogil=True):
        pass
    return i

def last_temp(a: cython.double[:], out: cython.double[:]) -> cython.double:
    t: cython.double
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        t = a[i] * 2.0
        out[i] = t + 1.0
    return t

def row_sums(a: cython.double[:, :], out: cython.double[:]):
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    acc: cython.double
    for i in prange(a.shape[0], nogil=True):
        acc = 0.0
        for j in range(a.shape[1]):
            acc += a[i, j]
        out[i] = acc

def branchy(a: cython.long[:], out: cython.long[:]) -> cython.long:
    i: cython.Py_ssize_t
    v: cython.long
    for i in prange(a.shape[0], nogil=True):
        if a[i] % 2 == 0:
            v = a[i] // 2
        else:
            v = 3 * a[i] + 1
        out[i] = v
    return v

def collatz_steps(a: cython.long[:], out: cython.long[:]):
    i: cython.Py_ssize_t
    x: cython.long
    steps: cython.long
    for i in prange(a.shape[0], nogil=True, schedule='dynamic'):
        x = a[i]
        steps = 0
        while x != 1:
            if x % 2 == 0:
                x = x // 2
            else:
                x = 3 * x + 1
            steps = steps + 1
        out[i] = steps

def escape(counts: cython.int[:, ::1], maxiter: cython.int):
    row: cython.Py_ssize_t
    col: cython.Py_ssize_t
    it: cython.int
    zr: cython.double
    zi: cython.double
    t: cython.double
    for row in prange(counts.shape[0], nogil=True):
        for col in range(counts.shape[1]):
            zr = 0.0
            zi = 0.0
            it = 0
            while it < maxiter:
                if zr * zr + zi * zi > 4.0:
                    break
                t = zr * zr - zi * zi + (col * 0.05 - 2.0)
                zi = 2.0 * zr * zi + (row * 0.05 - 1.0)
                zr = t
                it += 1
            counts[row, col] = it

def stepped(lo: cython.int, hi: cython.int, step: cython.int) -> cython.long:
    s: cython.long = 0
    i: cython.int
    for i in prange(lo, hi, step, nogil=True):
        s += i
    return s

def down(n: cython.int) -> cython.long:
    s: cython.long = 0
    i: cython.int
    for i in prange(n, 0, -1, nogil=True):
        s += i * 3
    return s

def with_else(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        s += a[i]
    else:
        s = s * 2.0
    return s

def skip_odd(a: cython.long[:], out: cython.long[:]) -> cython.long:
    s: cython.long = 0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        if a[i] % 2:
            continue
        out[i] = a[i]
        s += a[i]
    return s
"""

SCHEDULES = HEADER + """
def total(out: cython.double[:]) -> cython.double:
    t: cython.double = 0.0
    for k in range(out.shape[0]):
        t += out[k]
    return t

def static(a: cython.double[:], out: cython.double[:]) -> cython.double:
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True, schedule='static'):
        out[i] = a[i] * 2.0
    return total(out)

def static_chunk(a: cython.double[:], out: cython.double[:]) -> cython.double:
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True, schedule='static', chunksize=3):
        out[i] = a[i] * 3.0
    return total(out)

def dynamic(a: cython.double[:], out: cython.double[:], chunk: cython.int) -> cython.double:
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True, schedule='dynamic', chunksize=chunk):
        out[i] = a[i] + 1.0
    return total(out)

def guided(a: cython.double[:], out: cython.double[:]) -> cython.double:
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True, schedule='guided'):
        out[i] = a[i] - 1.0
    return total(out)

def runtime(a: cython.double[:], out: cython.double[:]) -> cython.double:
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True, schedule='runtime'):
        out[i] = -a[i]
    return total(out)

def threads(a: cython.double[:], out: cython.double[:], n: cython.int) -> cython.double:
    i: cython.Py_ssize_t
    s: cython.double = 0.0
    for i in prange(a.shape[0], nogil=True, num_threads=n):
        out[i] = a[i] * a[i]
        s += out[i]
    return s

def one_thread(a: cython.double[:]) -> cython.double:
    i: cython.Py_ssize_t
    s: cython.double = 0.0
    for i in prange(a.shape[0], nogil=True, num_threads=1):
        s += a[i]
    return s
"""

BLOCKS = HEADER + """
def partial_sums(a: cython.double[:], partial: cython.double[:]) -> cython.double:
    n: cython.Py_ssize_t = a.shape[0]
    i: cython.Py_ssize_t
    with cython.nogil, parallel(num_threads=2):
        tid = threadid()
        for i in prange(n):
            partial[tid] += a[i]
    total = 0.0
    for k in range(partial.shape[0]):
        total += partial[k]
    return total

def scratch_rows(a: cython.double[:], scratch: cython.double[:, :]) -> cython.double:
    n: cython.Py_ssize_t = a.shape[0]
    m: cython.Py_ssize_t = scratch.shape[1]
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    with cython.nogil, parallel(num_threads=2):
        tid = threadid()
        for j in range(m):
            scratch[tid, j] = 0.0
        for i in prange(n, schedule='static'):
            for j in range(m):
                scratch[tid, j] += a[i] * j
    total = 0.0
    for r in range(scratch.shape[0]):
        for c in range(m):
            total += scratch[r, c]
    return total

def scaled(a: cython.double[:], out: cython.double[:], f: cython.double) -> cython.double:
    i: cython.Py_ssize_t
    with cython.nogil, parallel():
        g = f * 2.0
        for i in prange(a.shape[0]):
            out[i] = a[i] * g
    t = 0.0
    for k in range(out.shape[0]):
        t += out[k]
    return t

def block_reduce(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    with cython.nogil, parallel(num_threads=2):
        for i in prange(a.shape[0]):
            s += a[i]
    return s

def two_loops(a: cython.double[:], out: cython.double[:]) -> cython.double:
    i: cython.Py_ssize_t
    s: cython.double = 0.0
    with cython.nogil, parallel():
        for i in prange(a.shape[0]):
            out[i] = a[i] + 1.0
        for i in prange(a.shape[0]):
            s += out[i]
    return s

def tid_in_range(out: cython.long[:]) -> cython.long:
    i: cython.Py_ssize_t
    with cython.nogil, parallel(num_threads=2):
        for i in prange(out.shape[0]):
            out[i] = threadid()
    bad = 0
    for k in range(out.shape[0]):
        if out[k] < 0 or out[k] > 1:
            bad += 1
    return bad
"""

NOGIL = HEADER + """
@cython.cfunc
@cython.nogil
def sq(x: cython.double) -> cython.double:
    return x * x

@cython.cfunc
@cython.nogil
def checked_div(a: cython.long, b: cython.long) -> cython.long:
    return a // b

@cython.cfunc
@cython.nogil
def must_be_small(x: cython.double) -> cython.double:
    if x > 1000.0:
        with cython.gil:
            raise OverflowError("too large")
    return x

def with_nogil_sum(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    with cython.nogil:
        for i in range(a.shape[0]):
            s += sq(a[i])
    return s

def with_nogil_div(a: cython.long[:], d: cython.long) -> cython.long:
    s: cython.long = 0
    with cython.nogil:
        for i in range(a.shape[0]):
            s += checked_div(a[i], d)
    return s

def prange_div(a: cython.long[:], b: cython.long[:], out: cython.long[:]):
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        out[i] = checked_div(a[i], b[i])

def prange_index(a: cython.double[:], idx: cython.long[:]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(idx.shape[0], nogil=True):
        s += a[idx[i]]
    return s

def prange_gil_raise(a: cython.double[:], limit: cython.double) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        if a[i] > limit:
            with cython.gil:
                raise ValueError("value over the limit")
        s += a[i]
    return s

def prange_nested_gil(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        s += must_be_small(a[i])
    return s

def prange_assert(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        assert a[i] >= 0.0
        s += a[i]
    return s

def prange_float_div(a: cython.double[:], d: cython.double, out: cython.double[:]):
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        out[i] = a[i] / d

def nogil_then_gil(n: cython.int) -> cython.int:
    r: cython.int = 0
    with cython.nogil:
        if n < 0:
            with cython.gil:
                raise ValueError("negative")
        r = n * 2
    return r

def block_error(a: cython.long[:], d: cython.long, out: cython.long[:]):
    i: cython.Py_ssize_t
    with cython.nogil, parallel(num_threads=2):
        q = checked_div(100, d)
        for i in prange(a.shape[0]):
            out[i] = a[i] + q

@cython.cfunc
def sweep(src: cython.double[:, ::1], dst: cython.double[:, ::1]) -> cython.void:
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    for i in prange(1, src.shape[0] - 1, nogil=True):
        for j in range(1, src.shape[1] - 1):
            dst[i, j] = 0.25 * (src[i - 1, j] + src[i + 1, j] + src[i, j - 1] + src[i, j + 1])

def jacobi(u: cython.double[:, ::1], tmp: cython.double[:, ::1], sweeps: cython.int):
    s: cython.int
    for s in range(sweeps):
        sweep(u, tmp)
        sweep(tmp, u)

@cython.cfunc
@cython.nogil
def nogil_prange(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0]):
        s += a[i] * 2.0
    return s

def call_nogil_prange(a: cython.double[:]) -> cython.double:
    return nogil_prange(a)

def call_nogil_prange_nogil(a: cython.double[:]) -> cython.double:
    r: cython.double = 0.0
    with cython.nogil:
        r = nogil_prange(a)
    return r
"""

MODULES = {"reductions": REDUCTIONS, "privates": PRIVATES, "schedules": SCHEDULES,
           "blocks": BLOCKS, "nogil": NOGIL}


@pytest.fixture(scope="module")
def mods(tmp_path_factory):
    d = tmp_path_factory.mktemp("par")
    return {k: build_source(src, d, name=f"par_{k}") for k, src in MODULES.items()}


RNG = np.random.default_rng(11)
F = RNG.standard_normal(1001)
POS = RNG.random(999) * 10
L = RNG.integers(-50, 50, 777)
BITS = RNG.integers(0, 2 ** 40, 300) | (RNG.integers(0, 2, 300) << 50)
SMALL = np.array([1, 2, -1, 1, 2, 1, -1, 2, 1, 1, 2, -1] * 3)
COLL = RNG.integers(1, 500, 200)


def run(fn, args):
    try:
        return "value", fn(*args)
    except Exception as exc:  # the exception's type is what is compared
        return "raises", type(exc)


def arr(values, code):
    """An array.array: interpreted, its items are Python numbers (a NumPy array's are NumPy
    scalars, whose // and / by zero warn instead of raising)."""
    return memoryview(array.array(code, [int(v) if code == "q" else float(v) for v in values]))


def fresh(args):
    return tuple(memoryview(array.array(a.format, a.tolist())) if isinstance(a, memoryview)
                 else copy.deepcopy(a) for a in args)


def close(a, b):
    if isinstance(a, memoryview):
        return a.format == b.format and a.tolist() == b.tolist()
    # interpreted, a C-typed result may still be a NumPy scalar (the shadow does not convert)
    a, b = (x.item() if isinstance(x, np.generic) else x for x in (a, b))
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9) or (a == b)
    if isinstance(a, np.ndarray):
        return a.shape == b.shape and np.allclose(a, b, rtol=1e-9, atol=1e-9)
    return type(a) is type(b) and a == b


def check(built, name, args, arrays=True):
    cargs, iargs = fresh(args), fresh(args)
    got = run(getattr(built.compiled, name), cargs)
    want = run(getattr(built.interpreted, name), iargs)
    assert got[0] == want[0], f"{name}: compiled {got}, interpreted {want}"
    assert close(got[1], want[1]) if got[0] == "value" else got[1] is want[1], (
        f"{name}: compiled {got}, interpreted {want}")
    if got[0] == "value" and arrays:
        for c, i in zip(cargs, iargs):
            if isinstance(c, (np.ndarray, memoryview)):
                assert close(c, i), f"{name}: arrays differ"


CASES = [
    # reductions: every operator, min/max in both spellings
    ("reductions", "sum_add", (F,)), ("reductions", "sum_add", (F[:0].copy(),)),
    ("reductions", "sum_add", (F[:1].copy(),)), ("reductions", "sum_sub", (F,)),
    ("reductions", "prod_int", (SMALL,)), ("reductions", "bit_and", (BITS,)),
    ("reductions", "bit_or", (BITS,)), ("reductions", "bit_xor", (BITS,)),
    ("reductions", "max_call", (F,)), ("reductions", "min_call", (F,)),
    ("reductions", "max_call", (F[:0].copy(),)), ("reductions", "max_if", (L,)),
    ("reductions", "min_if", (L,)), ("reductions", "sum_squares", (10000,)),
    ("reductions", "sum_squares", (0,)), ("reductions", "sum_squares", (-5,)),
    ("reductions", "count_positive", (F,)), ("reductions", "two_reductions", (F, np.zeros(2))),
    ("reductions", "rms", (F,)), ("reductions", "rms", (F[:0].copy(),)),
    # private temporaries, lastprivate values, nested loops
    ("privates", "last_index", (100,)), ("privates", "last_index", (0,)),
    ("privates", "last_index", (1,)), ("privates", "last_temp", (F, np.zeros_like(F))),
    ("privates", "last_temp", (F[:0].copy(), np.zeros(0))),
    ("privates", "row_sums", (RNG.random((37, 23)), np.zeros(37))),
    ("privates", "branchy", (L, np.zeros_like(L))), ("privates", "collatz_steps", (COLL, np.zeros_like(COLL))),
    ("privates", "escape", (np.zeros((40, 60), dtype=np.int32), 50)),
    ("privates", "stepped", (3, 1000, 7)), ("privates", "stepped", (1000, 3, -7)),
    ("privates", "stepped", (0, 10, 0)), ("privates", "stepped", (5, 5, 1)),
    ("privates", "down", (500,)), ("privates", "with_else", (F,)), ("privates", "skip_odd", (L, np.zeros_like(L))),
    # schedule, chunksize, num_threads
    ("schedules", "static", (F, np.zeros_like(F))), ("schedules", "static_chunk", (F, np.zeros_like(F))),
    ("schedules", "dynamic", (F, np.zeros_like(F), 1)), ("schedules", "dynamic", (F, np.zeros_like(F), 64)),
    ("schedules", "dynamic", (F, np.zeros_like(F), 0)), ("schedules", "guided", (F, np.zeros_like(F))),
    ("schedules", "runtime", (F, np.zeros_like(F))), ("schedules", "threads", (F, np.zeros_like(F), 1)),
    ("schedules", "threads", (F, np.zeros_like(F), 2)), ("schedules", "threads", (F, np.zeros_like(F), 7)),
    ("schedules", "one_thread", (F,)),
    # parallel() blocks with thread-local buffers and threadid()
    # (thread-local buffers: compiled, each thread fills its own row; only the totals compare)
    ("blocks", "partial_sums", (F, np.zeros(2)), False),
    ("blocks", "scratch_rows", (F, np.zeros((2, 5))), False),
    ("blocks", "scaled", (F, np.zeros_like(F), 0.5)), ("blocks", "block_reduce", (F,)),
    ("blocks", "two_loops", (F, np.zeros_like(F))), ("blocks", "tid_in_range", (np.zeros(100, dtype=np.int64),), False),
    # nogil functions and blocks, errors raised without the GIL
    ("nogil", "with_nogil_sum", (F,)), ("nogil", "with_nogil_div", (arr(L, "q"), 7)),
    ("nogil", "with_nogil_div", (arr(L, "q"), 0)),
    ("nogil", "prange_div", (arr(L, "q"), arr(np.where(L == 0, 1, L), "q"), arr(L * 0, "q"))),
    ("nogil", "prange_div", (arr(L, "q"), arr(np.arange(L.size) != 400, "q"), arr(L * 0, "q"))),
    ("nogil", "prange_div", (arr(L, "q"), arr(L * 0, "q"), arr(L * 0, "q"))),
    ("nogil", "prange_index", (F, RNG.integers(-1000, 1000, 500))),
    ("nogil", "prange_index", (F, np.append(RNG.integers(0, 1000, 500), 5000))),
    ("nogil", "prange_gil_raise", (POS, 100.0)), ("nogil", "prange_gil_raise", (POS, 5.0)),
    ("nogil", "prange_nested_gil", (POS,)), ("nogil", "prange_nested_gil", (np.append(POS, 5000.0),)),
    ("nogil", "prange_assert", (POS,)), ("nogil", "prange_assert", (F,)),
    ("nogil", "prange_float_div", (F, 2.0, np.zeros_like(F))),
    ("nogil", "prange_float_div", (arr(F, "d"), 0.0, arr(F * 0, "d"))),
    ("nogil", "nogil_then_gil", (21,)), ("nogil", "nogil_then_gil", (-1,)),
    ("nogil", "block_error", (arr(L, "q"), 3, arr(L * 0, "q"))),
    ("nogil", "block_error", (arr(L, "q"), 0, arr(L * 0, "q"))),
    ("nogil", "jacobi", (RNG.random((30, 40)), np.zeros((30, 40)), 3)),
    ("nogil", "call_nogil_prange", (F,)), ("nogil", "call_nogil_prange_nogil", (F,)),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(CASES)])
def test_parallel_matches_interpreted(mods, case):
    mod, name, args = case[:3]
    check(mods[mod], name, args, arrays=case[3] if len(case) > 3 else True)


def test_error_traceback_names_py_line(mods):
    """An exception inside a prange body is raised in the caller with the .py line."""
    m = mods["nogil"]
    b = np.where(np.arange(L.size) == 300, 0, 1)
    with pytest.raises(ZeroDivisionError) as info:
        m.compiled.prange_div(L, b, np.zeros_like(L))
    frames = [(f.name, f.lineno, f.filename) for f in traceback.extract_tb(info.value.__traceback__)]
    src = textwrap.dedent(NOGIL).lstrip("\n").splitlines()
    body_line = next(i for i, l in enumerate(src, 1) if "out[i] = checked_div(a[i], b[i])" in l)
    div_line = next(i for i, l in enumerate(src, 1) if "return a // b" in l)
    assert frames[-2:] == [("prange_div", body_line, str(m.path)),
                           ("checked_div", div_line, str(m.path))], frames


def test_errors_leave_module_usable(mods):
    """After a failing parallel loop (every thread failing at once), the next call works."""
    m = mods["nogil"].compiled
    for _ in range(20):
        with pytest.raises(ZeroDivisionError):
            m.prange_div(L, np.zeros_like(L), np.zeros_like(L))
    assert m.with_nogil_sum(np.arange(4.0)) == 14.0
