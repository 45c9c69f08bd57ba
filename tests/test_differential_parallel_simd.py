"""Float reductions in prange loops vectorised inside each thread (`#pragma omp parallel for
simd`): the compiled results agree with the interpreted file within a reordering tolerance, the
clause is emitted exactly where the body allows it, and a --no-openmp build still runs the
plain serial loop."""
import math
import os
import re
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from conftest import ROOT, build_source, run_pyc2c

pytestmark = pytest.mark.compiler

SIMD = """
import math
import cython
from cython.parallel import prange, parallel, threadid
from cython.cimports.libc.math import sqrt


def sum64(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        s += a[i] * a[i]
    return s


def sum32(a: cython.float[:]) -> cython.float:
    s: cython.float = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        s += a[i]
    return s


def prod64(a: cython.double[:]) -> cython.double:
    p: cython.double = 1.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        p *= a[i]
    return p


def prod32(a: cython.float[:]) -> cython.float:
    p: cython.float = 1.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        p *= a[i]
    return p


def sub64(a: cython.double[:]) -> cython.double:
    s: cython.double = 100.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        s -= 2.0 * a[i]
    return s


def sub32(a: cython.float[:]) -> cython.float:
    s: cython.float = 100.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        s -= a[i]
    return s


def mixed_signs(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        if a[i] > 0.5:
            s += a[i]
        else:
            s -= 0.5 * a[i]
    return s


def temps_and_last(a: cython.double[:], out: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        t: cython.double = a[i] * 3.0
        u = t - 1.0
        out[i] = u
        s += u * t
    return s + t + u + i


def three_sums(a: cython.double[:], b: cython.float[:], out: cython.double[:]):
    s: cython.double = 0.0
    q: cython.float = 0.0
    c: cython.long = 0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        s += a[i] * b[i]
        q += b[i] * b[i]
        c += 1
    out[0] = s
    out[1] = q
    out[2] = c


def pure_calls(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        s += abs(a[i]) + min(a[i], 0.25) + cython.cast(cython.double, i)
    return s


def static_chunk(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True, schedule='static', chunksize=7):
        s += a[i]
    return s


def dynamic_chunk(a: cython.double[:], chunk: cython.int) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True, schedule='dynamic', chunksize=chunk):
        s += a[i]
    return s


def guided(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True, schedule='guided'):
        s += a[i]
    return s


def runtime(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True, schedule='runtime'):
        s += a[i]
    return s


def stepped(a: cython.double[:], lo: cython.Py_ssize_t) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(lo, a.shape[0], 3, nogil=True):
        s += a[i]
    return s + i


@cython.boundscheck(False)
@cython.wraparound(False)
def down(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0] - 1, -1, -1, nogil=True):
        s += a[i]
    return s + i


def threads(a: cython.double[:], n: cython.int) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True, num_threads=n):
        s += a[i]
    return s


def in_block(a: cython.double[:], out: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    with cython.nogil, parallel(num_threads=2):
        for i in prange(a.shape[0]):
            s += a[i]
        for i in prange(a.shape[0]):
            out[i] = a[i] + 1.0
    return s


def not_block_acc(a: cython.double[:], partial: cython.double[:]) -> cython.double:
    # acc is each thread's own (no reduction clause): no simd, though s is a float sum
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    with cython.nogil, parallel(num_threads=2):
        acc: cython.double = 0.0
        for i in prange(a.shape[0]):
            acc += a[i]
            s += a[i]
        partial[threadid()] = acc
    return s


def checked(a: cython.double[:], lo: cython.Py_ssize_t, hi: cython.Py_ssize_t) -> cython.double:
    # boundscheck and wraparound on: loop versioning runs a check-free copy when lo..hi is inside
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(lo, hi, nogil=True):
        s += a[i] * 0.5
    return s


@cython.boundscheck(False)
@cython.wraparound(False)
def unchecked_2d(a: cython.double[:, :]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        s += a[i, 0] * a[i, 1]
    return s


def not_max(a: cython.double[:], out: cython.double[:]):
    # a max reduction next to the sum: no simd (NaN handling stays the serial loop's)
    s: cython.double = 0.0
    m: cython.double = -1e300
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        s += a[i]
        m = max(m, a[i])
    out[0] = s
    out[1] = m


def not_div(a: cython.double[:], d: cython.double) -> cython.double:
    # the division may raise ZeroDivisionError: an error exit
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        s += a[i] / d
    return s


def not_gather(a: cython.double[:], idx: cython.long[:]) -> cython.double:
    # a[idx[i]] keeps its bounds check: an error exit
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(idx.shape[0], nogil=True):
        s += a[idx[i]]
    return s


@cython.cfunc
@cython.nogil
def sq(x: cython.double) -> cython.double:
    return x * x


def not_call(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        s += sq(a[i])
    return s


def not_nested(a: cython.double[:, :]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        for j in range(a.shape[1]):
            s += a[i, j]
    return s


@cython.boundscheck(False)
@cython.wraparound(False)
def not_continue(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        if a[i] < 0.1:
            continue
        s += a[i]
    return s


@cython.boundscheck(False)
@cython.wraparound(False)
def not_shifted_store(a: cython.double[:], out: cython.double[:]) -> cython.double:
    # writes another iteration's element of out (and reads out): not provably independent
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0] - 1, nogil=True):
        out[i + 1] = a[i]
        s += out[i]
    return s


def not_int(a: cython.long[:]) -> cython.long:
    # integer sums vectorise without the clause
    s: cython.long = 0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        s += a[i]
    return s


def c_sqrt(a: cython.double[:]) -> cython.double:
    # libc's sqrt: a plain C call (a NaN for negatives, no error)
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        s += sqrt(a[i])
    return s


def not_math_sqrt(a: cython.double[:]) -> cython.double:
    # Python's math.sqrt raises ValueError for negatives: an error exit
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        s += math.sqrt(a[i])
    return s


def not_gil(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        if a[i] > 1e300:
            with cython.gil:
                raise ValueError("too big")
        s += a[i]
    return s


def not_threadid(a: cython.double[:]) -> cython.double:
    # compiled only for its C: no OpenMP runtime call inside a simd loop
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        s += a[i] * threadid()
    return s


def not_serial(a: cython.double[:]) -> cython.double:
    # a serial loop stays bit-exact with CPython
    s: cython.double = 0.0
    i: cython.Py_ssize_t
    for i in range(a.shape[0]):
        s += a[i]
    return s
"""

# Functions whose prange loops get `simd` (every copy the versioning makes when the body has no
# check left in it), and those that never do.
SIMD_FNS = {"sum64", "sum32", "prod64", "prod32", "sub64", "sub32", "mixed_signs", "temps_and_last",
            "three_sums", "pure_calls", "static_chunk", "dynamic_chunk", "guided", "runtime",
            "stepped", "down", "threads", "in_block", "checked", "unchecked_2d", "c_sqrt"}
PLAIN_FNS = {"not_block_acc", "not_max", "not_div", "not_gather", "not_call", "not_nested",
             "not_continue", "not_shifted_store", "not_int", "not_serial", "not_math_sqrt",
             "not_gil", "not_threadid"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_source(SIMD, tmp_path_factory.mktemp("simd"), name="par_simd")


RNG = np.random.default_rng(5)
N = 2003  # not a multiple of any vector width: the loops' remainders run too
POS = RNG.random(N) + 0.01
F = RNG.standard_normal(N)
NEAR1 = 1.0 + (RNG.random(N) - 0.5) * 1e-3


def f32(v):
    return np.asarray(v, dtype=np.float32)


def sum_bound(values, eps):
    """How far two summation orders of `values` may differ (Higham's bound, n * eps * sum |x|)."""
    return len(values) * eps * float(np.sum(np.abs(np.asarray(values, dtype=np.float64)))) + 1e-300


def agree(got, want, tol):
    assert isinstance(got, float) and isinstance(want, float)
    assert abs(got - want) <= tol, f"compiled {got!r}, interpreted {want!r}, tolerance {tol!r}"


def both(built, name, *args):
    """The compiled and the interpreted result, each on its own copies of the arrays."""
    ca = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    ia = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    got = getattr(built.compiled, name)(*ca)
    want = getattr(built.interpreted, name)(*ia)
    want = want.item() if isinstance(want, np.generic) else want
    return got, want, ca, ia


EPS64 = np.finfo(np.float64).eps
EPS32 = np.finfo(np.float32).eps


@pytest.mark.parametrize("n", [0, 1, 7, N])
def test_sum64(built, n):
    got, want, _, _ = both(built, "sum64", POS[:n])
    agree(got, want, sum_bound(POS[:n] ** 2, EPS64))


@pytest.mark.parametrize("data", [POS, F], ids=["pos", "normal"])
def test_sum32(built, data):
    # interpreted, the float accumulator is a Python float (double): the bound is float32's
    got, want, _, _ = both(built, "sum32", f32(data))
    agree(got, want, sum_bound(f32(data), EPS32))


def test_products(built):
    got, want, _, _ = both(built, "prod64", NEAR1)
    agree(got, want, 4 * N * EPS64 * abs(want))
    got, want, _, _ = both(built, "prod32", f32(NEAR1))
    agree(got, want, 4 * N * EPS32 * abs(want))
    got, want, _, _ = both(built, "prod64", np.array([2.0, 0.5, -3.0, np.inf]))
    assert got == want == -math.inf


def test_subtracting_reductions(built):
    got, want, _, _ = both(built, "sub64", F)
    agree(got, want, sum_bound(np.append(2 * F, 100.0), EPS64))
    got, want, _, _ = both(built, "sub32", f32(POS))
    agree(got, want, sum_bound(np.append(f32(POS), 100.0), EPS32))
    got, want, _, _ = both(built, "mixed_signs", POS)
    agree(got, want, sum_bound(POS, EPS64))


def test_temporaries_and_lastprivate(built):
    got, want, cout, iout = both(built, "temps_and_last", POS, np.zeros(N))
    t = 3.0 * POS
    # the last iteration's t and u and i come back exactly; the sum within its tolerance
    agree(got, want, sum_bound((t - 1.0) * t, EPS64) + 4 * EPS64 * abs(want))
    assert np.array_equal(cout[1], iout[1])
    got, want, _, _ = both(built, "temps_and_last", POS[:1], np.zeros(1))
    assert got == want


def test_three_reductions(built):
    b = f32(F)
    _, _, cout, iout = both(built, "three_sums", POS, b, np.zeros(3))
    c, w = cout[2], iout[2]
    assert c[2] == w[2] == N
    assert abs(c[0] - w[0]) <= sum_bound(POS * b, EPS64)
    assert abs(c[1] - w[1]) <= sum_bound(b * b, EPS32)


def test_pure_calls(built):
    got, want, _, _ = both(built, "pure_calls", F)
    agree(got, want, sum_bound(np.abs(F) + np.abs(np.minimum(F, 0.25)) + np.arange(N), EPS64))


@pytest.mark.parametrize("name,extra", [("static_chunk", ()), ("dynamic_chunk", (1,)),
                                        ("dynamic_chunk", (13,)), ("dynamic_chunk", (0,)),
                                        ("guided", ()), ("runtime", ()), ("threads", (1,)),
                                        ("threads", (3,))])
def test_schedules(built, name, extra):
    got, want, _, _ = both(built, name, F, *extra)
    agree(got, want, sum_bound(F, EPS64))


@pytest.mark.parametrize("lo", [0, 4, N - 1, N, -3])
def test_stepped(built, lo):
    if lo >= N:  # no iteration: `i` stays unbound, in both
        with pytest.raises(UnboundLocalError):
            built.interpreted.stepped(POS, lo)
        with pytest.raises(UnboundLocalError):
            built.compiled.stepped(POS, lo)
        return
    if lo < 0:  # a[-3] is wrapped around: the versioned loop's checked copy, without simd
        got, want, _, _ = both(built, "stepped", POS, lo)
        agree(got, want, sum_bound(POS, EPS64) + 4 * N * EPS64)
        return
    got, want, _, _ = both(built, "stepped", POS, lo)
    agree(got, want, sum_bound(POS[lo::3], EPS64) + 4 * N * EPS64)


@pytest.mark.parametrize("n", [0, 1, 9, N])
def test_counting_down(built, n):
    if n == 0:
        with pytest.raises(UnboundLocalError):
            built.interpreted.down(POS[:0])
        with pytest.raises(UnboundLocalError):
            built.compiled.down(POS[:0])
        return
    got, want, _, _ = both(built, "down", POS[:n])
    agree(got, want, sum_bound(POS[:n], EPS64))


def test_parallel_block(built):
    got, want, cout, iout = both(built, "in_block", F, np.zeros(N))
    agree(got, want, sum_bound(F, EPS64))
    assert np.array_equal(cout[1], iout[1])


@pytest.mark.parametrize("lo,hi", [(0, N), (10, 20), (5, 5), (-N, 0), (0, N + 1), (-N - 1, 3)])
def test_bounds_checked_versioned(built, lo, hi):
    """In bounds, the check-free copy (with simd) runs; out of bounds, the checked one raises."""
    try:
        want = built.interpreted.checked(POS, lo, hi)
    except IndexError:
        with pytest.raises(IndexError):
            built.compiled.checked(POS, lo, hi)
        return
    got = built.compiled.checked(POS, lo, hi)
    agree(got, float(want), sum_bound(np.concatenate([POS, POS]), EPS64))


def test_two_d_and_strided(built):
    a = RNG.random((N, 3))
    got, want, _, _ = both(built, "unchecked_2d", a)
    agree(got, want, sum_bound(a[:, 0] * a[:, 1], EPS64))
    # a strided view: the generic copy of the versioned loop, also with simd
    got, want, _, _ = both(built, "sum64", POS[::3])
    agree(got, want, sum_bound(POS[::3] ** 2, EPS64))


def test_thread_accumulator_in_block(built):
    partial = np.zeros(2)
    got = built.compiled.not_block_acc(F, partial)
    want = built.interpreted.not_block_acc(F, np.zeros(2))
    agree(got, want, sum_bound(F, EPS64))
    agree(float(partial[0] + partial[1]), want, sum_bound(F, EPS64))


def test_loops_without_simd_still_agree(built):
    _, _, cout, iout = both(built, "not_max", F, np.zeros(2))
    assert abs(cout[1][0] - iout[1][0]) <= sum_bound(F, EPS64) and cout[1][1] == iout[1][1]
    got, want, _, _ = both(built, "not_div", POS, 3.0)
    agree(got, want, sum_bound(POS / 3.0, EPS64))
    with pytest.raises(ZeroDivisionError):
        built.compiled.not_div(POS, 0.0)
    idx = RNG.integers(0, N, 500)
    got, want, _, _ = both(built, "not_gather", POS, idx)
    agree(got, want, sum_bound(POS[idx], EPS64))
    with pytest.raises(IndexError):
        built.compiled.not_gather(POS, np.append(idx, N))
    got, want, _, _ = both(built, "not_call", F)
    agree(got, want, sum_bound(F * F, EPS64))
    m = RNG.random((31, 17))
    got, want, _, _ = both(built, "not_nested", m)
    agree(got, want, sum_bound(m, EPS64))
    got, want, _, _ = both(built, "not_continue", POS)
    agree(got, want, sum_bound(POS, EPS64))
    ints = RNG.integers(-1000, 1000, N)
    got, want, _, _ = both(built, "not_int", ints)
    assert got == want
    got, want, _, _ = both(built, "c_sqrt", POS)
    agree(got, want, sum_bound(np.sqrt(POS), EPS64))
    got, want, _, _ = both(built, "not_math_sqrt", POS)
    agree(got, want, sum_bound(np.sqrt(POS), EPS64))
    with pytest.raises(ValueError):
        built.compiled.not_math_sqrt(F)
    got, want, _, _ = both(built, "not_gil", F)
    agree(got, want, sum_bound(F, EPS64))
    with pytest.raises(ValueError):
        built.compiled.not_gil(np.append(F, 1e308))
    got, want, _, _ = both(built, "not_serial", F)
    assert got == want  # serial: bit-exact


def test_shifted_store_serial_order(built):
    """One thread: the body's store reaches the next iteration's read as in the serial loop."""
    code = textwrap.dedent(f"""
        import sys, numpy as np
        sys.path.insert(0, {str(built.path.parent / 'compiled')!r})
        import par_simd
        a = np.arange(1.0, 50.0)
        out = np.zeros_like(a)
        print(par_simd.not_shifted_store(a, out), out.tolist() == [0.0] + a[:-1].tolist())
    """)
    env = dict(os.environ, OMP_NUM_THREADS="1")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    a = np.arange(1.0, 50.0)
    assert proc.stdout.split() == [repr(float(np.sum(a[:-2]))), "True"]


def functions_loops(c_text):
    """{function name: [(OpenMP pragma, the C loop under it)]} from emitted C."""
    found = {}
    current = None
    lines = c_text.splitlines()
    for k, line in enumerate(lines):
        m = re.match(r"^static \S.*\bf_(\w+)\(", line)
        if m:
            current = m.group(1)
            found.setdefault(current, [])
        elif line.startswith("#pragma omp") and current:
            depth, body = 0, []
            for follow in lines[k + 2:]:  # after the #endif: the loop, to its closing brace
                body.append(follow)
                depth += follow.count("{") - follow.count("}")
                if depth == 0 and "}" in follow:
                    break
            found[current].append((line, "\n".join(body)))
    return found


def test_simd_clause_exactly_where_safe(tmp_path):
    path = tmp_path / "par_simd.py"
    path.write_text(textwrap.dedent(SIMD).lstrip("\n"))
    proc = run_pyc2c("emit", path, "-o", tmp_path / "par_simd.c")
    assert proc.returncode == 0, proc.stderr
    loops = functions_loops((tmp_path / "par_simd.c").read_text())
    for name in SIMD_FNS:
        # every copy of the loop without an error exit in it gets simd (a checked copy made by
        # loop versioning keeps its checks and goes without)
        assert any("simd" in p for p, _ in loops[name]), (name, loops[name])
        for pragma, body in loops[name]:
            if "reduction" in pragma:
                assert ("simd" in pragma) == ("pyc2c_par_fail" not in body), (name, pragma, body)
    for name in PLAIN_FNS:
        assert not any("simd" in p for p, _ in loops[name]), (name, loops[name])
    pragmas = {name: [p for p, _ in v] for name, v in loops.items()}
    assert pragmas["sum64"][0] == "#pragma omp parallel for simd reduction(+:v_s) firstprivate(v_a)"
    # in a parallel() block: `omp for simd` for the reduction, a plain `omp for` for the copy
    assert pragmas["in_block"][1:] == ["#pragma omp for simd lastprivate(v_i) reduction(+:v_s)",
                                       "#pragma omp for lastprivate(v_i)"]
    chunked, last = pragmas["static_chunk"][0], pragmas["temps_and_last"][0]
    assert "schedule(static, " in chunked and " simd" in chunked
    assert "lastprivate(" in last and " simd" in last
    # a checked copy does exist for `checked` (indices not provably inside): no simd there
    assert any("simd" not in p for p in pragmas["checked"])


def test_no_openmp_build_is_serial(tmp_path):
    """--no-openmp: the pragmas are compiled out and the loop is the plain serial one, so a sum
    is the interpreted file's exactly."""
    src = tmp_path / "par_simd_serial.py"
    src.write_text(textwrap.dedent(SIMD).lstrip("\n"))
    out = tmp_path / "out"
    out.mkdir()
    proc = run_pyc2c("build", src, "-o", out, "--no-openmp", "--python", sys.executable)
    assert proc.returncode == 0, proc.stderr
    code = textwrap.dedent(f"""
        import sys, numpy as np
        sys.path.insert(0, {str(out)!r})
        import importlib
        c = importlib.import_module("par_simd_serial")
        assert c.__pyc2c__["openmp"] is False, c.__pyc2c__
        rng = np.random.default_rng(3)
        x = rng.standard_normal(1001)
        s = 0.0
        d = 100.0
        for v in x.tolist():
            s += v * v
            d -= 2.0 * v
        print(c.sum64(x) == s, c.sub64(x) == d)
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["True", "True"]
