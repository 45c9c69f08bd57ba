"""Adversarial differential tests for interleaved prange loops (compiler/emit/parallel.c
`emit_groups`, compiler/emit/interleave.c): the worksharing loop runs over groups of four
iterations, each full group side by side, a short last group as written. Built to break it:
bounds of every sign and size 0..13 and near the limits of Py_ssize_t, int and unsigned int,
every schedule with and without chunksize (huge ones too), 1..3 threads, prange inside
`parallel()` reading thread-local variables, in a nogil cfunc, inside a serial loop, next to
reductions, lastprivate values read after the loop, views read early and written late (apart,
identical, overlapping, across dimensions), bounds checks (versioned or kept, then as written),
OMP_NUM_THREADS / OMP_SCHEDULE in a subprocess, and the emitted C under gcc -Wall -Wextra.
Compared with the interpreted file: values, exception types, bytes of arrays."""
import json
import os
import subprocess
import sys
import sysconfig

import numpy as np
import pytest

from conftest import ROOT, build_source, outcome, run_pyc2c, same
from test_differential_interleave import GROUPS, function_texts

COLLATZ = '''
        x = i % 97 + d
        k = 0
        while x > 1:
            if x % 2 == 0:
                x = x // 2
            else:
                x = 3 * x + 1
            k += 1
        out[i - lo] = k * 1000 + x
'''


def kernel(name, clauses, extra=""):
    """A def running COLLATZ under prange(lo, hi, <clauses>); returns the lastprivate values."""
    return f'''

@cython.boundscheck(False)
@cython.wraparound(False)
def {name}(out: cython.long[:], lo: cython.Py_ssize_t, hi: cython.Py_ssize_t, d: cython.long{extra}):
    i: cython.Py_ssize_t = -7
    x: cython.long = -8
    k: cython.int = -9
    for i in prange(lo, hi, nogil=True{clauses}):{COLLATZ.rstrip()}
    return i, x, k
'''


SCHEDULES = ["static", "dynamic", "guided", "runtime"]

SOURCE = '''
import cython
from cython.parallel import prange, parallel
''' + kernel("plain", "") + "".join(
    kernel(f"s_{s}", f", schedule='{s}', num_threads=nt", ", nt: cython.int") for s in SCHEDULES) + "".join(
    kernel(f"c_{s}", f", schedule='{s}', chunksize=ch, num_threads=nt", ", nt: cython.int, ch: cython.int")
    for s in SCHEDULES[:3]) + '''

@cython.boundscheck(False)
@cython.wraparound(False)
def narrow_int(out: cython.long[:], lo: cython.int, hi: cython.int, d: cython.long):
    i: cython.int = -7
    x: cython.long = -8
    k: cython.int = -9
    for i in prange(lo, hi, nogil=True, num_threads=3):''' + COLLATZ.rstrip() + '''
    return i, x, k


@cython.boundscheck(False)
@cython.wraparound(False)
def narrow_uint(out: cython.long[:], lo: cython.uint, hi: cython.uint, d: cython.long):
    i: cython.uint = 7
    x: cython.long = -8
    k: cython.int = -9
    for i in prange(lo, hi, nogil=True, schedule='dynamic', chunksize=2):''' + COLLATZ.rstrip() + '''
    return i, x, k


@cython.boundscheck(False)
@cython.wraparound(False)
def uchar_index(out: cython.long[:], lo: cython.uchar, hi: cython.uchar):
    i: cython.uchar = 7
    x: cython.long = -8
    for i in prange(lo, hi, nogil=True, num_threads=2):
        x = i
        while x > 1:
            if x % 2 == 0:
                x = x // 2
            else:
                x = 3 * x + 1
        out[i - lo] = x + i
    return i, x


@cython.boundscheck(False)
@cython.wraparound(False)
def in_block(out: cython.long[:], lo: cython.Py_ssize_t, hi: cython.Py_ssize_t, d0: cython.long,
             nt: cython.int, ch: cython.int):
    """d is thread-local (assigned in the block, read in the interleaved body); i, x, k are
    shared by the block, so the prange's lastprivate leaves the last iteration's values."""
    i: cython.Py_ssize_t = -7
    x: cython.long = -8
    k: cython.int = -9
    d: cython.long
    with cython.nogil, parallel(num_threads=nt):
        d = d0 * 2
        for i in prange(lo, hi, schedule='static', chunksize=ch):''' + COLLATZ.rstrip().replace("\n        ", "\n            ") + '''
    return i, x, k


@cython.boundscheck(False)
@cython.wraparound(False)
def in_block_dynamic(out: cython.long[:], lo: cython.Py_ssize_t, hi: cython.Py_ssize_t, d0: cython.long,
                     nt: cython.int):
    i: cython.Py_ssize_t = -7
    x: cython.long = -8
    k: cython.int = -9
    d: cython.long
    with cython.nogil, parallel(num_threads=nt):
        d = d0 - 1
        for i in prange(lo, hi, schedule='dynamic'):''' + COLLATZ.rstrip().replace("\n        ", "\n            ") + '''
    return i, x, k


@cython.cfunc
@cython.nogil
@cython.boundscheck(False)
@cython.wraparound(False)
def kern(out: cython.long[:], last: cython.long[:], lo: cython.Py_ssize_t, hi: cython.Py_ssize_t,
         d: cython.long) -> cython.Py_ssize_t:
    i: cython.Py_ssize_t = -7
    x: cython.long = -8
    k: cython.int = -9
    for i in prange(lo, hi, num_threads=3):''' + COLLATZ.rstrip() + '''
    last[0] = x
    last[1] = k
    return i


def call_kern(out: cython.long[:], last: cython.long[:], lo: cython.Py_ssize_t, hi: cython.Py_ssize_t,
              d: cython.long):
    r: cython.Py_ssize_t
    with cython.nogil:
        r = kern(out, last, lo, hi, d)
    return r


@cython.boundscheck(False)
@cython.wraparound(False)
def in_serial(out: cython.long[:, :], d: cython.long):
    r: cython.Py_ssize_t = -3
    i: cython.Py_ssize_t = -7
    x: cython.long = -8
    k: cython.int = -9
    for r in range(out.shape[0]):
        for i in prange(out.shape[1], nogil=True, schedule='guided', num_threads=2):
            x = (i + r) % 97 + d
            k = 0
            while x > 1:
                if x % 2 == 0:
                    x = x // 2
                else:
                    x = 3 * x + 1
                k += 1
            out[r, i] = k * 1000 + x
    return r, i, x, k


@cython.boundscheck(False)
@cython.wraparound(False)
def with_reductions(out: cython.long[:], d: cython.long):
    i: cython.Py_ssize_t = -7
    j: cython.Py_ssize_t = -7
    x: cython.long = -8
    k: cython.int = -9
    s: cython.long = 0
    m: cython.double = 1.0
    lo: cython.Py_ssize_t = 0
    for j in prange(out.shape[0], nogil=True):
        s += j
    for i in prange(out.shape[0], nogil=True):''' + COLLATZ.rstrip() + '''
    for j in prange(out.shape[0], nogil=True):
        s += out[j]
        m *= 1.5
    return i, j, x, k, s, m


@cython.boundscheck(False)
@cython.wraparound(False)
def views(src: cython.long[:], dst: cython.long[:], lo: cython.Py_ssize_t, hi: cython.Py_ssize_t):
    """src read early (pre and while), dst written in post; one thread, so even overlapping
    views give the serial loop's result."""
    i: cython.Py_ssize_t = -7
    x: cython.long = -8
    k: cython.int = -9
    for i in prange(lo, hi, nogil=True, num_threads=1):
        x = src[i] % 97
        k = 0
        while x > 1 and src[i] >= 0:
            if x % 2 == 0:
                x = x // 2
            else:
                x = 3 * x + 1
            k += 1
        dst[i] = k * 1000 + x
    return i, x, k


@cython.boundscheck(False)
@cython.wraparound(False)
def early_2d(src: cython.long[:, :], dst: cython.long[:], n: cython.Py_ssize_t):
    i: cython.Py_ssize_t = -7
    x: cython.long = -8
    k: cython.int = -9
    for i in prange(n, nogil=True, num_threads=1):
        x = src[i, 0] % 101 + 1
        k = 0
        while x > 1:
            if x % 2 == 0:
                x = x // 2
            else:
                x = 3 * x + 1
            k += 1
        dst[i] = src[i, 0] + k
    return i, x, k


@cython.boundscheck(False)
@cython.wraparound(False)
def chain_post(out: cython.long[:], lo: cython.Py_ssize_t, hi: cython.Py_ssize_t):
    """post reads the element the iteration before wrote (one thread: deterministic)."""
    i: cython.Py_ssize_t = -7
    x: cython.long = -8
    k: cython.int = -9
    for i in prange(lo, hi, nogil=True, num_threads=1):
        x = i % 31 + 1
        k = 0
        while x > 1:
            if x % 2 == 0:
                x = x // 2
            else:
                x = 3 * x + 1
            k += 1
        if i > lo:
            out[i] = out[i - 1] * 3 % 1000003 + k
        else:
            out[i] = k + out[i + 1]
    return i, x, k


@cython.boundscheck(False)
@cython.wraparound(False)
def bisect_int_index(out: cython.double[:], tol: cython.double):
    i: cython.int = -7
    a: cython.double = -8.0
    b: cython.double = 0.0
    mid: cython.double
    for i in prange(out.shape[0], nogil=True, schedule='guided', chunksize=5):
        a = 0.0
        b = i + 2.0
        while b - a > tol:
            mid = (a + b) * 0.5
            if mid * mid > i + 1.0:
                b = mid
            else:
                a = mid
        out[i] = a
    return i, a, b


def checked(src: cython.long[:], dst: cython.long[:], lo: cython.Py_ssize_t, hi: cython.Py_ssize_t):
    """Bounds checks on: interleaved only in the versioned copy where none remains."""
    i: cython.Py_ssize_t = -7
    x: cython.long = -8
    k: cython.int = -9
    for i in prange(lo, hi, nogil=True):
        x = src[i] % 97
        k = 0
        while x > 1:
            if x % 2 == 0:
                x = x // 2
            else:
                x = 3 * x + 1
            k += 1
        dst[i] = k * 1000 + x
    return i, x, k


def checked_in_block(src: cython.long[:], dst: cython.long[:], n: cython.Py_ssize_t):
    """Inside parallel() nothing is versioned: the checks stay, so the loop runs as written."""
    i: cython.Py_ssize_t
    x: cython.long
    k: cython.int
    with cython.nogil, parallel(num_threads=2):
        for i in prange(n):
            x = src[i] % 97
            k = 0
            while x > 1:
                if x % 2 == 0:
                    x = x // 2
                else:
                    x = 3 * x + 1
                k += 1
            dst[i] = k * 1000 + x
    return 0


@cython.boundscheck(False)
@cython.wraparound(False)
def step_one(out: cython.long[:], lo: cython.Py_ssize_t, hi: cython.Py_ssize_t, d: cython.long):
    i: cython.Py_ssize_t = -7
    x: cython.long = -8
    k: cython.int = -9
    for i in prange(lo, hi, 1, nogil=True, schedule='static', chunksize=2):''' + COLLATZ.rstrip() + '''
    return i, x, k


@cython.boundscheck(False)
@cython.wraparound(False)
def block_index_unbound(out: cython.long[:], n: cython.Py_ssize_t):
    """The index has no value before the loop and is read after it: as written (its bound
    flag must be set), UnboundLocalError when the loop runs zero times."""
    i: cython.Py_ssize_t
    x: cython.long = -8
    with cython.nogil, parallel(num_threads=2):
        for i in prange(n):
            x = i + 1
            while x > 1:
                if x % 2 == 0:
                    x = x // 2
                else:
                    x = 3 * x + 1
            out[i] = x + i
    return i, x


@cython.boundscheck(False)
@cython.wraparound(False)
def two_in_block(tmp: cython.long[:], out: cython.long[:], nt: cython.int):
    """The second loop reads early what the first wrote: ordered by the barrier between them."""
    i: cython.Py_ssize_t = -7
    j: cython.Py_ssize_t = -7
    x: cython.long = -8
    y: cython.long = -8
    k: cython.int = -9
    n: cython.Py_ssize_t = out.shape[0]
    with cython.nogil, parallel(num_threads=nt):
        for i in prange(n, schedule='static', chunksize=1):
            x = i % 97 + 3
            k = 0
            while x > 1:
                if x % 2 == 0:
                    x = x // 2
                else:
                    x = 3 * x + 1
                k += 1
            tmp[i] = k
        for j in prange(n, schedule='dynamic', chunksize=2):
            y = tmp[n - 1 - j] + j
            while y > 1:
                if y % 2 == 0:
                    y = y // 2
                else:
                    y = 3 * y + 1
            out[j] = y + tmp[n - 1 - j] * 10
    return i, j, x, y, k


@cython.boundscheck(False)
@cython.wraparound(False)
def annotated_pre(out: cython.double[:], n: cython.Py_ssize_t):
    """A local declared with its value in pre; floats left in lastprivates."""
    i: cython.Py_ssize_t = -1
    zr: cython.double = -1.0
    it: cython.int = -1
    for i in prange(n, nogil=True, num_threads=3):
        cr: cython.double = -2.0 + i * 0.25
        zr = 0.0
        it = 0
        while it < 50 and zr * zr <= 4.0:
            zr = zr * zr + cr
            it += 1
        out[i] = zr + it
    return i, zr, it


@cython.boundscheck(False)
@cython.wraparound(False)
def param_lastprivate(out: cython.long[:], x: cython.long, k: cython.int, lo: cython.Py_ssize_t):
    """Parameters as the lastprivate locals."""
    i: cython.Py_ssize_t = -7
    for i in prange(lo, out.shape[0], nogil=True, schedule='guided', num_threads=3):
        x = i + 1
        k = 0
        while x > 1:
            if x % 2 == 0:
                x = x // 2
            else:
                x = 3 * x + 1
            k += 1
        out[i] = k
    return i, x, k


@cython.boundscheck(False)
@cython.wraparound(False)
def reduce_in_body(out: cython.long[:], n: cython.Py_ssize_t):
    """A reduction in the loop (its variable is read before the iteration writes it): as written."""
    i: cython.Py_ssize_t = -7
    x: cython.long = -8
    k: cython.long = -9
    s: cython.long = 5
    for i in prange(n, nogil=True):
        x = i + 1
        k = 0
        while x > 1:
            if x % 2 == 0:
                x = x // 2
            else:
                x = 3 * x + 1
            k += 1
        s += k * 10 + i
        out[i] = k
    return i, x, k, s
'''

INTERLEAVED = ["plain", "s_static", "s_dynamic", "s_guided", "s_runtime", "c_static", "c_dynamic",
               "c_guided", "narrow_int", "narrow_uint", "uchar_index", "in_block", "in_block_dynamic",
               "kern", "in_serial", "with_reductions", "views", "early_2d", "chain_post",
               "bisect_int_index", "checked", "step_one", "two_in_block", "annotated_pre", "param_lastprivate"]
AS_WRITTEN = ["checked_in_block", "reduce_in_body", "call_kern", "block_index_unbound"]

SMAX = 2**63 - 1
IMAX = 2**31 - 1
UMAX = 2**32 - 1
SIZES = range(14)
SSIZE_BOUNDS = ([(lo, lo + n) for lo in (-9, -3, 0, 2) for n in SIZES] +
                [(SMAX - 13, SMAX), (SMAX - 4, SMAX), (SMAX - 3, SMAX), (SMAX - 1, SMAX),
                 (-SMAX - 1, -SMAX + 12), (-SMAX - 1, -SMAX + 2), (5, 2), (-2, -9), (3, -3)])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_source(SOURCE, tmp_path_factory.mktemp("interleave_prange"))


def plain_value(v):
    """Interpreted views hand out numpy scalars: compare as Python numbers."""
    if isinstance(v, tuple):
        return tuple(plain_value(x) for x in v)
    return v.item() if isinstance(v, np.generic) else v


def run_both(built, name, *args, arrays=True):
    ac = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    ai = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    got = outcome(getattr(built.compiled, name), ac, {})
    want = outcome(getattr(built.interpreted, name), ai, {})
    got, want = (got[0], plain_value(got[1])), (want[0], plain_value(want[1]))
    assert got[0] == want[0] and (same(got[1], want[1]) if got[0] == "value" else got[1] is want[1]), (
        f"{name}{args}: compiled {got}, interpreted {want}")
    if arrays:
        for x, y in zip(ac, ai):
            if isinstance(x, np.ndarray):
                assert x.tobytes() == y.tobytes(), f"{name}{args}: arrays differ: {x} vs {y}"
    return got


def out_for(lo, hi):
    return np.full(max(hi - lo, 0), -1, dtype=np.int_)


def emitted(built, tmp_path):
    c_path = tmp_path / "pr.c"
    proc = run_pyc2c("emit", built.path, "-o", c_path)
    assert proc.returncode == 0, proc.stderr
    return c_path


def test_interleaved_exactly_where_allowed(built, tmp_path):
    texts = function_texts(emitted(built, tmp_path).read_text())
    assert sorted(n for n, t in texts.items() if GROUPS in t) == sorted(INTERLEAVED)
    for name in AS_WRITTEN:
        assert GROUPS not in texts[name], name


def test_no_check_left_in_an_interleaved_copy(built, tmp_path):
    """With bounds checks on, the copy with checks runs as written; the interleaved one has
    none (a check could stop the loop after a later lane's effects)."""
    texts = function_texts(emitted(built, tmp_path).read_text())
    for name in INTERLEAVED + ["checked_in_block"]:
        loops = texts[name].split("#pragma omp")
        for before, loop in zip(loops, loops[1:]):
            if GROUPS in before.splitlines()[-2]:
                assert "pyc2c_view_index_error" not in loop, name
    for name in ("checked", "checked_in_block"):
        assert "pyc2c_view_index_error" in texts[name], name


def test_emitted_c_compiles_without_warnings(built, tmp_path):
    c_path = emitted(built, tmp_path)
    include = sysconfig.get_paths()["include"]
    proc = subprocess.run(["gcc", "-Wall", "-Wextra", "-fopenmp", "-fsyntax-only", f"-I{ROOT / 'include'}",
                           f"-I{include}", str(c_path)], capture_output=True, text=True)
    assert proc.returncode == 0 and "warning" not in proc.stderr, proc.stderr


@pytest.mark.parametrize("lo, hi", SSIZE_BOUNDS)
def test_bounds_every_sign_and_size(built, lo, hi):
    for d in (1, 5):
        run_both(built, "plain", out_for(lo, hi), lo, hi, d)
    run_both(built, "step_one", out_for(lo, hi), lo, hi, 3)
    last = np.full(2, -5, dtype=np.int_)
    run_both(built, "call_kern", out_for(lo, hi), last, lo, hi, 2)
    for nt in (1, 2, 3):
        run_both(built, "in_block_dynamic", out_for(lo, hi), lo, hi, 3, nt)


@pytest.mark.parametrize("sched", SCHEDULES)
def test_schedules_threads_chunks(built, sched):
    bounds = [(lo, lo + n) for lo in (-5, 0) for n in SIZES] + [(SMAX - 9, SMAX), (-SMAX - 1, -SMAX + 6)]
    for lo, hi in bounds:
        for nt in (1, 2, 3, 0):
            run_both(built, f"s_{sched}", out_for(lo, hi), lo, hi, 1, nt)
            if sched != "runtime":
                for ch in (1, 2, 3, 5, 100, 0, -3):
                    run_both(built, f"c_{sched}", out_for(lo, hi), lo, hi, 1, nt, ch)
    for ch in (IMAX, IMAX - 1, IMAX - 2, 2**30):
        for nt in (2, 3):
            run_both(built, f"c_{sched}" if sched != "runtime" else "s_runtime",
                     out_for(0, 41), 0, 41, 2, nt, *([ch] if sched != "runtime" else []))


def test_parallel_block_thread_locals(built):
    for lo, hi in [(lo, lo + n) for lo in (-6, 0, 3) for n in SIZES] + [(SMAX - 7, SMAX)]:
        for nt in (1, 2, 3):
            for ch in (1, 2, 5, 100):
                run_both(built, "in_block", out_for(lo, hi), lo, hi, 2, nt, ch)


@pytest.mark.parametrize("name, bounds", [
    ("narrow_int", [(lo, lo + n) for lo in (-7, 0, 2) for n in SIZES] +
     [(IMAX - 13, IMAX), (IMAX - 4, IMAX), (IMAX - 3, IMAX), (-IMAX - 1, -IMAX + 12), (-IMAX - 1, -IMAX + 2),
      (5, 2), (-2, -9)]),
    ("narrow_uint", [(lo, lo + n) for lo in (0, 2) for n in SIZES] +
     [(UMAX - 13, UMAX), (UMAX - 4, UMAX), (UMAX - 3, UMAX), (UMAX - 1, UMAX), (5, 2)]),
])
def test_narrow_index_types(built, name, bounds):
    for lo, hi in bounds:
        run_both(built, name, out_for(lo, hi), lo, hi, 3)


def test_uchar_index_near_its_limit(built):
    for n in SIZES:
        for top in (250, 255):
            run_both(built, "uchar_index", out_for(top - n, top), top - n, top)


@pytest.mark.parametrize("rows", [0, 1, 2, 3])
def test_inside_serial_loop_and_next_to_reductions(built, rows):
    for cols in SIZES:
        run_both(built, "in_serial", np.full((rows, cols), -1, dtype=np.int_), 2)
        run_both(built, "with_reductions", np.full(cols + rows, -1, dtype=np.int_), rows + 1)


def test_float_lastprivate_with_int_index(built):
    for n in SIZES:
        for tol in (1e-9, 0.5, 10.0):
            run_both(built, "bisect_int_index", np.zeros(n), tol)


@pytest.mark.parametrize("n", SIZES)
def test_views_apart_identical_overlapping(built, n):
    """Read early, written late: other arrays, the same array, shifted windows of one array
    either way (reading what an earlier iteration writes, and the reverse), across dimensions."""
    base = np.arange(-5, 25, dtype=np.int_) * 7
    for lo, hi in [(0, n), (3, min(3 + n, 24)), (n, 2)]:
        run_both(built, "views", base[:25], np.full(25, -1, dtype=np.int_), lo, hi)
        hi = min(hi, 14)  # a[::2] has 15 elements
        for make in (lambda a: (a, a), lambda a: (a[1:], a[:-1]), lambda a: (a[:-1], a[1:]),
                     lambda a: (a[:-2], a[2:]), lambda a: (a[::2], a[1::2]), lambda a: (a[::-1], a)):
            got, want = base.copy(), base.copy()
            rc = built.compiled.views(*make(got), lo, hi)
            ri = built.interpreted.views(*make(want), lo, hi)
            assert rc == plain_value(ri) and got.tobytes() == want.tobytes(), (n, lo, hi, got, want)
    run_both(built, "chain_post", np.arange(n + 2, dtype=np.int_) * 5, 1, n + 1)
    for make in (lambda s: (s, s[1:, 0]), lambda s: (s, s[:, 0]), lambda s: (s, s[:, 1]),
                 lambda s: (s[1:], s[:, 0]), lambda s: (s, np.zeros(n + 1, dtype=np.int_))):
        got = np.arange(3 * (n + 1), dtype=np.int_).reshape(n + 1, 3) * 7
        want = got.copy()
        rc = built.compiled.early_2d(*make(got), n)
        ri = built.interpreted.early_2d(*make(want), n)
        assert rc == plain_value(ri) and got.tobytes() == want.tobytes(), (n, got, want)


@pytest.mark.parametrize("n", [0, 1, 3, 4, 5, 8, 9, 13])
def test_bounds_checks(built, n):
    src = np.arange(-5, 20, dtype=np.int_) * 7
    for lo, hi in [(0, n), (3, 3 + n), (n, 2), (-3, n), (20, 20 + n), (-30, -30 + n)]:
        ok = -25 <= lo and hi <= 25
        # after an IndexError which other iterations ran is up to the threads: type only
        run_both(built, "checked", src, np.full(25, -1, dtype=np.int_), lo, hi, arrays=ok)
    run_both(built, "checked_in_block", src, np.full(25, -1, dtype=np.int_), n)
    run_both(built, "checked_in_block", src[:n // 2], np.full(25, -1, dtype=np.int_), n, arrays=n < 2)
    run_both(built, "reduce_in_body", np.full(n, -1, dtype=np.int_), n)
    run_both(built, "block_index_unbound", np.full(n, -1, dtype=np.int_), n)


SCRIPT = r'''
import importlib.util, json, sys
import numpy as np
spec = importlib.util.spec_from_file_location(sys.argv[1], sys.argv[2])
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
res = []
for lo, hi in json.loads(sys.argv[3]):
    o = np.full(max(hi - lo, 0), -1, dtype=np.int_)
    r = m.s_runtime(o, lo, hi, 1, 0)
    o2 = np.full(max(hi - lo, 0), -1, dtype=np.int_)
    r2 = m.in_block_dynamic(o2, lo, hi, 1, 0)
    res.append([list(r), o.tolist(), list(r2), o2.tolist()])
print(json.dumps(res))
'''


@pytest.mark.parametrize("env", [{"OMP_NUM_THREADS": "1", "OMP_SCHEDULE": "static,1"},
                                 {"OMP_NUM_THREADS": "3", "OMP_SCHEDULE": "dynamic,3"},
                                 {"OMP_NUM_THREADS": "2", "OMP_SCHEDULE": "guided,7"},
                                 {"OMP_NUM_THREADS": "5", "OMP_SCHEDULE": "static"}])
def test_omp_environment(built, env):
    """schedule='runtime' and num_threads from the environment (0 counts as 1 in the source:
    num_threads=0 -> 1 thread, so the block uses the environment only through the schedule)."""
    bounds = [(lo, lo + n) for lo in (-3, 0) for n in SIZES] + [[SMAX - 9, SMAX]]
    proc = subprocess.run([sys.executable, "-c", SCRIPT, built.compiled.__name__, built.compiled.__file__,
                           json.dumps(bounds)], capture_output=True, text=True, timeout=60,
                          env={**os.environ, **env})
    assert proc.returncode == 0, proc.stderr
    for (lo, hi), (r, o, r2, o2) in zip(bounds, json.loads(proc.stdout)):
        wo, wo2 = out_for(lo, hi), out_for(lo, hi)
        want = plain_value(built.interpreted.s_runtime(wo, lo, hi, 1, 0))
        want2 = plain_value(built.interpreted.in_block_dynamic(wo2, lo, hi, 1, 0))
        assert (tuple(r), o, tuple(r2), o2) == (want, wo.tolist(), want2, wo2.tolist()), (env, lo, hi)


@pytest.mark.parametrize("nt", [1, 2, 3])
def test_two_interleaved_loops_in_one_block(built, nt):
    for n in list(SIZES) + [29, 40]:
        run_both(built, "two_in_block", np.full(n, -1, dtype=np.int_), np.full(n, -1, dtype=np.int_), nt)
        run_both(built, "annotated_pre", np.zeros(n), n)


def test_parameters_as_lastprivates(built):
    for n in SIZES:
        for lo in (0, 3, 20):
            for x0, k0 in ((5, 6), (-1, 0)):
                run_both(built, "param_lastprivate", np.full(n, -1, dtype=np.int_), x0, k0, lo)
