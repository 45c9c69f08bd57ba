"""Adversarial tests of the copy of a loop nest over disjoint views (compiler/emit/version.c, the
test pyc2c_view_disjoint in include/pyc2c/view.h). That copy runs with restrict-qualified base
pointers, so a wrong disjointness test or a wrong rule for which views a nest writes gives
silently wrong results. Each case runs the compiled and the interpreted function on separate
copies of the same inputs (aliasing each other exactly as the originals do) and compares results,
exception types and every array afterwards; some cases also read the emitted C. A seeded
generator at the end makes small kernels and overlapping views of one buffer and compares the
same way."""
import array
import random

import numpy as np
import pytest
from numpy.lib.stride_tricks import as_strided

from test_views_disjoint import emitted, outcome


def same_run(mod, name, make):
    """Like test_views_disjoint.same_run, but also for bytearray / array.array arguments, and the
    buffers listed after the arguments (make() returns (args, buffers)) are compared too."""
    (ca, cb), (ia, ib) = make(), make()
    got = outcome(getattr(mod.compiled, name), ca)
    want = outcome(getattr(mod.interpreted, name), ia)
    assert got[0] == want[0], (name, got, want)
    if got[0] == "value":
        assert got[1] == want[1], (name, got, want)
    else:
        assert got[1] is want[1], (name, got, want)
    for c, i in zip(list(ca) + list(cb), list(ia) + list(ib)):
        if isinstance(c, (np.ndarray, memoryview, bytearray, array.array)) and \
                np.asarray(c).size < 1 << 20:  # (views of 2**55 rows: their buffers are compared)
            np.testing.assert_array_equal(np.asarray(c), np.asarray(i), err_msg=name)
    return got


def rand(n, seed=1):
    return np.random.default_rng(seed).random(n)


SOURCE = '''
# cython: boundscheck=False, wraparound=False
import cython

def rows(a: cython.double[:, :], out: cython.double[:, :], n: cython.Py_ssize_t):
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    for i in range(1, n):
        for j in range(out.shape[1]):
            out[i - 1, j] = a[i, j] + 1.0

@cython.cfunc
@cython.inline
def setat(r: cython.double[:], j: cython.Py_ssize_t, x: cython.double):
    r[j] = x

def via_slice(a: cython.double[:, :], b: cython.double[:, :], c: cython.double[::1]):
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    for i in range(a.shape[0]):
        c[i] = 0.0
        for j in range(a.shape[1]):
            setat(a[i], j, b[i, j] + 1.0)
'''


@pytest.fixture(scope="module")
def mod(tmp_path_factory):
    from conftest import build_source
    return build_source(SOURCE, tmp_path_factory.mktemp("adv"))


# Address ranges whose computation overflows: a view with 2**55 rows 512 bytes apart spans
# (2**55 - 1) * 512 = 2**64 - 512 bytes, which wraps to -512 in 64 bits, so its range looked like
# [data - 512, data + 128) and a view 520 bytes in looked disjoint from it. With a negative row
# stride the low end wraps below address 0 instead. Only rows 0 and 1 are touched.
def huge_rows(negative):
    def make():
        buf = rand(128)
        if negative:
            a = as_strided(buf[64:], shape=(2 ** 55, 16), strides=(-128, 8))
            out = buf[49:65].reshape(1, 16)  # a[1, j] is out[0, j - 1]
        else:
            a = as_strided(buf, shape=(2 ** 55, 16), strides=(512, 8))
            out = buf[65:81].reshape(1, 16)  # a[1, j] is out[0, j - 1]
        return (a, out, 2), (buf,)
    return make


@pytest.mark.parametrize("negative", [False, True])
def test_extent_overflow(mod, negative):
    same_run(mod, "rows", huge_rows(negative))


def test_written_through_a_sliced_argument(mod, tmp_path):
    # setat writes a's row: a counts as written, and is tested against b
    def make():
        buf = rand(80).reshape(2, 40)
        return (buf[:, 1:33], buf[:, 0:32], np.zeros(2)), (buf,)
    same_run(mod, "via_slice", make)
    c = emitted(tmp_path, SOURCE)
    body = c[c.index(" f_via_slice(pyc2c_View arg_v_a, pyc2c_View arg_v_b, pyc2c_View arg_v_c) {"):]
    body = body[:body.index("\n}\n")]
    assert "pyc2c_view_disjoint(v_a, 2, sizeof(double), v_b, 2, sizeof(double))" in body


# ---- hand-picked shapes of aliasing

CASES = '''
import cython

def shift(src: cython.double[:], dst: cython.double[:]):
    i: cython.Py_ssize_t
    for i in range(dst.shape[0]):
        dst[i] = src[i] * 2.0 + 1.0

def shiftf(src: cython.float[:], dst: cython.float[:]):
    i: cython.Py_ssize_t
    for i in range(dst.shape[0]):
        dst[i] = src[i] * 2 + 1

def mixed(a: cython.double[:], b: cython.longlong[:]):
    i: cython.Py_ssize_t
    for i in range(1, a.shape[0]):
        a[i] = a[i - 1] * 2.0
        b[i] = (b[i - 1] & 65535) + b[i]

def shift2(src: cython.double[:, :], dst: cython.double[:, :]):
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    for i in range(dst.shape[0]):
        for j in range(dst.shape[1]):
            dst[i, j] = src[i, j] * 2.0 + 1.0

def cube(src: cython.float[:, :, :], dst: cython.float[:, :, :]):
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    k: cython.Py_ssize_t
    for i in range(dst.shape[0]):
        for j in range(dst.shape[1]):
            for k in range(dst.shape[2]):
                dst[i, j, k] = src[i, j, k] * 0.5 + src[i, j, 0]

def bytes_up(src: cython.uchar[:], dst: cython.uchar[:]):
    i: cython.Py_ssize_t
    for i in range(dst.shape[0]):
        dst[i] = src[i] + 1

def cplx(src: cython.floatcomplex[:], dst: cython.floatcomplex[:]):
    i: cython.Py_ssize_t
    for i in range(dst.shape[0]):
        dst[i] = src[i] * 2 + dst[i]  # (one rounding: exact in both)

def transpose_alias(a: cython.double[:, :]):
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    b: cython.double[:, :] = a
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            b[i, j] = a[j, i] + 1.0

def row_local(a: cython.double[:, :], k: cython.Py_ssize_t):
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    row: cython.double[:] = a[k]
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            row[j] = row[j] + a[i, j]

def corner(a: cython.double[:, :], w: cython.double[:, :]):
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    c: cython.double = a[0, 0]
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            w[i, j] = a[i, j] * c + a[0, 0]

def reassigned(a: cython.double[:], b: cython.double[:], flip: cython.bint):
    i: cython.Py_ssize_t
    if flip:
        a = b[::-1]
    for i in range(b.shape[0]):
        b[i] = a[i] + b[i]

def inner_only(a: cython.double[:, :], s: cython.double[:]):
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    t: cython.double
    for i in range(a.shape[0]):
        t = 0.0
        for j in range(a.shape[1]):
            t += a[i, j]
            for k in range(1):
                s[j] = t
        a[i, 0] = t

def fill_and_shape(a: cython.double[:], out: cython.double[:]):
    i: cython.Py_ssize_t
    for i in range(a.shape[0] - out.shape[0] + 1):
        out[:] = a[i]
        a[i] = out[0] + out.shape[0]
'''


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    from conftest import build_source
    return build_source(CASES, tmp_path_factory.mktemp("adv_cases"))


def one_buffer(views):
    """make() for views of one random buffer: views(buf) -> the arguments."""
    def make():
        buf = rand(64)
        return views(buf), (buf,)
    return make


SHIFT_VIEWS = {
    "reversed": lambda b: (b[:20], b[19::-1]),
    "reversed_read": lambda b: (b[20::-1], b[:21]),
    "reversed_offset": lambda b: (b[30:10:-1], b[25:45]),
    "reversed_apart": lambda b: (b[20::-1], b[21:42]),
    "interleaved": lambda b: (b[1::2], b[::2][:32]),
    "interleaved_reversed": lambda b: (b[::-2], b[-2::-2]),
    "stride3_gaps": lambda b: (b[::3][:20], b[1::3][:20]),
    "broadcast_read": lambda b: (np.broadcast_to(b[5:6], (20,)), b[:20]),
    "broadcast_apart": lambda b: (np.broadcast_to(b[40:41], (20,)), b[:20]),
    "stride0_read": lambda b: (as_strided(b[3:], shape=(20,), strides=(0,)), b[:20]),
    "empty_written": lambda b: (b[:20], b[5:5]),
    "empty_both": lambda b: (b[3:3], b[5:5]),
    "memoryview_of_same": lambda b: (memoryview(b)[2:22], b[:20]),
    "memoryview_reversed": lambda b: (memoryview(b)[::-1][:20], memoryview(b)[44:]),
}


@pytest.mark.parametrize("case", sorted(SHIFT_VIEWS))
def test_shift_views(cases, case):
    same_run(cases, "shift", one_buffer(SHIFT_VIEWS[case]))


def exporters(kind):
    def make():
        data = [float(v) for v in rand(40)]
        if kind == "array":
            buf = array.array("d", data)
            return (memoryview(buf)[1:21], memoryview(buf)[:20]), (buf,)
        if kind == "array_numpy":
            buf = array.array("d", data)
            return (np.frombuffer(buf)[:20], memoryview(buf)[3:23]), (buf,)
        if kind == "bytearray":
            buf = bytearray(range(40))
            return (buf, memoryview(buf)[2:]), (buf,)  # (a bytearray has no .shape: src)
        if kind == "bytearray_reversed":
            buf = bytearray(range(40))
            return (memoryview(buf)[::-1], memoryview(buf)), (buf,)
        buf = bytearray(range(40))
        return (memoryview(buf)[:20], memoryview(buf)[20:]), (buf,)
    return make


@pytest.mark.parametrize("kind", ["array", "array_numpy"])
def test_array_array_exporters(cases, kind):
    same_run(cases, "shift", exporters(kind))


@pytest.mark.parametrize("kind", ["bytearray", "bytearray_reversed", "bytearray_apart"])
def test_bytearray_exporters(cases, kind):
    same_run(cases, "bytes_up", exporters(kind))


SHIFT2_VIEWS = {
    "cols_reversed": lambda b: (b.reshape(8, 8)[:, ::-1], b.reshape(8, 8)),
    "rows_reversed": lambda b: (b.reshape(8, 8)[::-1], b.reshape(8, 8)),
    "transposed": lambda b: (b.reshape(8, 8).T, b.reshape(8, 8)),
    "both_reversed_apart": lambda b: (b[:32].reshape(4, 8)[::-1, ::-1], b[32:].reshape(4, 8)),
    "column_gap": lambda b: (b.reshape(8, 8)[:, ::2], b.reshape(8, 8)[:, 1::2]),
    "broadcast_row": lambda b: (np.broadcast_to(b[8:16], (8, 8)), b.reshape(8, 8)),
    "zero_stride_rows": lambda b: (as_strided(b, shape=(8, 8), strides=(0, 8)), b.reshape(8, 8)),
    "empty_rows": lambda b: (b.reshape(8, 8)[:0], b.reshape(8, 8)[:0]),
    "shifted_rows": lambda b: (b.reshape(8, 8)[1:], b.reshape(8, 8)[:-1]),
    # a written view whose rows are all one row (stride 0, writable): apart from what is read,
    # it runs in the helper, its elements aliasing each other through its one pointer
    "zero_stride_written_apart": lambda b: (b[8:56].reshape(6, 8),
                                            as_strided(b, shape=(6, 8), strides=(0, 8))),
    "zero_stride_written_over_read": lambda b: (b[:48].reshape(6, 8),
                                                as_strided(b[16:], shape=(6, 8), strides=(0, 8))),
    # Rows reversed: the view's data pointer is its last row, its range reaches down from there,
    # past the whole of the other view, and one row of each is the other's shifted by an element
    # (dst[3, j] is src[3, j + 1], or src[3, j] is dst[3, j - 1]: vectorising j reorders them).
    "rows_reversed_read_from_past_the_end": lambda b: (b[:56].reshape(7, 8)[::-1],
                                                       b[1:33].reshape(4, 8)),
    "rows_reversed_written_from_past_the_end": lambda b: (
        as_strided(b[12:], shape=(7, 8), strides=(32, 8)), b[1:57].reshape(7, 8)[::-1]),
}


@pytest.mark.parametrize("case", sorted(SHIFT2_VIEWS))
def test_shift2_views(cases, case):
    same_run(cases, "shift2", one_buffer(SHIFT2_VIEWS[case]))


CUBE_VIEWS = {
    "same": lambda b: (b, b),
    "reversed_last": lambda b: (b[:, :, ::-1], b),
    "permuted": lambda b: (b.transpose(2, 0, 1), b),
    "shifted": lambda b: (b[1:], b[:-1]),
    "halves": lambda b: (b[:2], b[2:]),
}


@pytest.mark.parametrize("case", sorted(CUBE_VIEWS))
def test_float32_3d(cases, case):
    def make():
        buf = rand(64).astype(np.float32).reshape(4, 4, 4)
        return CUBE_VIEWS[case](buf), (buf,)
    same_run(cases, "cube", make)


@pytest.mark.parametrize("case", ["same", "reversed", "shifted", "apart"])
def test_complex64(cases, case):
    def make():
        buf = (rand(40) + 1j * rand(40, seed=2)).astype(np.complex64)
        return {"same": (buf, buf), "reversed": (buf[::-1], buf), "shifted": (buf[1:], buf[:-1]),
                "apart": (buf[:20], buf[20:])}[case], (buf,)
    same_run(cases, "cplx", make)


def test_transpose_through_alias(cases):
    same_run(cases, "transpose_alias", lambda: ((lambda a: ((a,), (a,)))(rand(36).reshape(6, 6))))


@pytest.mark.parametrize("k", [0, 3])
def test_row_local_before_the_nest(cases, k):
    same_run(cases, "row_local", lambda: ((lambda a: ((a, k), (a,)))(rand(30).reshape(5, 6))))


@pytest.mark.parametrize("case", ["same", "shifted", "apart"])
def test_scalar_in_a_view(cases, case):
    def make():
        buf = rand(72)
        a = buf[:36].reshape(6, 6)
        w = {"same": a, "shifted": buf[1:37].reshape(6, 6), "apart": buf[36:].reshape(6, 6)}[case]
        return (a, w), (buf,)
    same_run(cases, "corner", make)


@pytest.mark.parametrize("flip", [False, True])
def test_view_reassigned_before_the_nest(cases, flip):
    def make():
        buf = rand(40)
        return (buf[20:], buf[:20], flip), (buf,)
    same_run(cases, "reassigned", make)


@pytest.mark.parametrize("case", ["apart", "s_is_row", "s_is_column"])
def test_written_in_an_inner_loop(cases, case):
    def make():
        buf = rand(48)
        a = buf[:36].reshape(6, 6)
        s = {"apart": buf[36:42], "s_is_row": a[2], "s_is_column": a[:, 0]}[case]
        return (a, s), (buf,)
    same_run(cases, "inner_only", make)


@pytest.mark.parametrize("case", ["apart", "out_in_a", "out_is_a_tail"])
def test_fill_and_shape(cases, case):
    def make():
        buf = rand(40)
        a, out = {"apart": (buf[:20], buf[20:25]), "out_in_a": (buf[:20], buf[3:8]),
                  "out_is_a_tail": (buf[:20], buf[15:20])}[case]
        return (a, out), (buf,)
    same_run(cases, "fill_and_shape", make)


# ---- randomised differential tests: seeded small kernels, views of one buffer

STMTS_1D = [
    "w[i + {a}] = x[i + {b}] {op} y[i + {c}]",
    "w[i + {a}] += x[i + {b}] * c",
    "w[i + {a}] = w[i + {b}] * 0.5 + x[i + {c}]",
    "s += w[i + {a}] {op} x[i + {b}]",
    "y[i + {a}] = x[i + {b}] - w[i + {c}]",
    "t = x[i + {a}] {op} c\n        w[i + {b}] = t",
    "put_{elem}(y, i + {a}, x[i + {b}] {op} w[i + {c}])",  # y written by the function called
]
STMTS_2D = [
    "w[i + {a}, j + {b}] = x[i + {c}, j] {op} y[j, i + {d}]",
    "w[i + {a}, j] += x[j + {b}, i + {c}] * c",
    "w[i, j + {a}] = w[j + {b}, i] * 0.5 + y[i + {c}, j + {d}]",
    "s += w[i + {a}, j + {b}] {op} x[i, j]",
    "x[j + {a}, i] = y[i + {b}, j + {c}] - w[i, j + {d}]",
    "put_{elem}(w[i + {a}], j + {b}, x[i, j] {op} y[j, i + {c}])",  # a row of w, so written
]

# the functions the kernels call: they write through their parameter
PUT = """
@cython.cfunc
def put_{elem}(v: cython.{elem}[:], k: cython.Py_ssize_t, value: cython.{elem}):
    v[k] = value
"""


def gen_kernel(rng, name, nd):
    # float32 elements vectorise 4 to a 128-bit register: a wrong test shows with dependence
    # distances of 2 and 3 too (no `s += w * x` for them: C rounds that product to float)
    elem = rng.choice(["double", "float"])
    def off():
        return rng.randint(-1, 1) if nd == 2 else rng.randint(-2, 2)
    pool = [t for t in (STMTS_1D if nd == 1 else STMTS_2D)
            if elem == "double" or not t.startswith("s +=")]
    body = []
    for k in range(rng.randint(1, 3)):
        writes = [t for t in pool if not t.startswith("s +=")]
        body.append(rng.choice(pool if k else writes).format(
            a=off(), b=off(), c=off(), d=off(), elem=elem, op=rng.choice("+-*")))
    unchecked = rng.random() < 0.5
    dims = ", ".join([":"] * nd)
    head = "@cython.boundscheck(False)\n@cython.wraparound(False)\n" if unchecked else ""
    if nd == 1:
        loops = "    for i in range(2, n - 2):\n"
        indent = "        "
    else:
        loops = "    for i in range(1, n - 1):\n        for j in range(1, n - 1):\n"
        indent = "            "
    stmts = "".join(indent + s.replace("\n        ", "\n" + indent) + "\n" for s in body)
    src = (f"{head}def {name}(w: cython.double[{dims}], x: cython.double[{dims}], "
           f"y: cython.double[{dims}], n: cython.Py_ssize_t, c: cython.double) -> cython.double:\n"
           "    i: cython.Py_ssize_t\n    j: cython.Py_ssize_t\n    t: cython.double\n"
           f"    s: cython.double = 0.0\n{loops}{stmts}    return s\n")
    # (c of the element type: NumPy computes float32 * 0.75 in float32, as C does float * float)
    src = src.replace("cython.double[", f"cython.{elem}[").replace("c: cython.double", f"c: cython.{elem}")
    return src, (unchecked, elem)


def random_view(rng, base, nd):
    """A slice of base (1-D: 48 elements, 2-D: 9 x 9) with random offsets, steps of either sign,
    a transpose, or now and then an array of its own; sometimes seen through a memoryview."""
    if rng.random() < 0.15:
        v = rand((rng.randint(6, 12),) * nd, seed=rng.randint(0, 99)).astype(base.dtype)
    elif nd == 1:
        length, step = rng.randint(6, 14), rng.choice([1, 1, 1, 2, -1, -2, 3])
        span = (length - 1) * abs(step)
        start = rng.randint(0, len(base) - 1 - span)
        v = base[start:start + span + 1:abs(step)] if step > 0 else \
            base[start + span:(start - 1 if start else None):step]
    else:
        m = base.T if rng.random() < 0.3 else base
        sl = []
        for _ in range(2):
            length, step = rng.randint(4, 5), rng.choice([1, 1, 2, -1])
            span = (length - 1) * abs(step)
            start = rng.randint(0, 8 - span)
            sl.append(slice(start, start + span + 1, step) if step > 0 else
                      slice(start + span, start - 1 if start else None, step))
        v = m[sl[0], sl[1]]
    # (not for float32: a memoryview's items are Python floats, so the interpreted arithmetic
    # would be in double)
    return memoryview(v) if rng.random() < 0.2 and base.dtype == np.float64 else v


def random_args(seed, nd, kind):
    unchecked, elem = kind
    rng = random.Random(seed)
    base = rand(48 if nd == 1 else 81, seed=seed).astype(np.float32 if elem == "float" else float)
    if nd == 2:
        base = base.reshape(9, 9)
    views = [random_view(rng, base, nd) for _ in range(3)]
    for _ in range(rng.randint(0, 2)):  # the same view twice, or its reversal
        i, j = rng.sample(range(3), 2)
        views[j] = views[i] if rng.random() < 0.5 else np.asarray(views[i])[::-1]
    n = min(min(np.asarray(v).shape) for v in views)
    if not unchecked:
        n += rng.choice([0, 0, 0, 1, 2])  # past the end: IndexError after the same writes
    return (*views, n, 0.75), (base,)


N_KERNELS = {1: 12, 2: 10}
N_CALLS = 30


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    from conftest import build_source
    rng = random.Random(20261130)
    parts, kernels = ["import cython\n", PUT.format(elem="double"), PUT.format(elem="float")], []
    for nd in (1, 2):
        for k in range(N_KERNELS[nd]):
            name = f"k{nd}d_{k}"
            src, kind = gen_kernel(rng, name, nd)
            parts.append(src)
            kernels.append((name, nd, kind))
    return build_source("\n".join(parts), tmp_path_factory.mktemp("adv_gen")), kernels


@pytest.mark.parametrize("nd", [1, 2])
def test_random_kernels(generated, nd):
    built, kernels = generated
    for name, knd, kind in kernels:
        if knd != nd:
            continue
        for call in range(N_CALLS):
            seed = call * 7919 + int(name.split("_")[1]) * 131 + nd
            same_run(built, name, lambda: random_args(seed, nd, kind))


def test_random_kernels_get_helpers(generated, tmp_path):
    # the generated nests do take the restrict copy (when the test says disjoint)
    built, kernels = generated
    c = emitted(tmp_path, built.path.read_text())
    for name, _, _ in kernels:
        assert f"PYC2C_NEST int f_{name}_nest" in c or f"PYC2C_NEST void f_{name}_nest" in c, name


# A reversed view starts at its highest address: its range reaches down from its data pointer.
# Here the written view runs backwards through the one read (or the other way round), from a
# start past its end. (A negative last stride fails the unit-stride test, so these run the
# strided copies; rows reversed, which reach the helper, are in SHIFT2_VIEWS.)
@pytest.mark.parametrize("start", [36, 39, 42])
@pytest.mark.parametrize("written_reversed", [False, True])
def test_reversed_view_starting_past_the_other(cases, start, written_reversed):
    def make():
        buf = rand(64).astype(np.float32)
        rev, fwd = buf[start:start - 24:-1], buf[10:34]
        return ((fwd, rev) if written_reversed else (rev, fwd)), (buf,)
    same_run(cases, "shiftf", make)


EXCLUDED = '''
import cython
from cython.parallel import prange, parallel

def par(a: cython.double[:], out: cython.double[:]):
    i: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        out[i] = a[i] * 2.0

def par_inner(a: cython.double[:, :], out: cython.double[:, :]):
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    for i in prange(a.shape[0], nogil=True):
        for j in range(a.shape[1]):
            out[i, j] = a[i, j] * 2.0

def in_nogil(a: cython.double[:], out: cython.double[:]):
    i: cython.Py_ssize_t
    with cython.nogil:
        for i in range(a.shape[0]):
            out[i] = a[i] * 2.0

def in_block(a: cython.double[:], out: cython.double[:]):
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    with cython.nogil, parallel():
        for i in prange(a.shape[0]):
            for j in range(1):
                out[i] = a[i] * 2.0

G = None

def with_global(a: cython.double[:], out: cython.double[:]):
    i: cython.Py_ssize_t
    for i in range(a.shape[0]):
        out[i] = a[i] * 2.0
        if G is not None:
            out[i] = 0.0

def view_rebound(a: cython.double[:], b: cython.double[:], out: cython.double[:]):
    i: cython.Py_ssize_t
    for i in range(out.shape[0]):
        out[i] = a[i] * 2.0
        a = b
'''


def test_no_helper_for_parallel_nogil_globals_rebinding(tmp_path):
    # prange bodies, nogil and parallel() blocks, a nest naming a module global (an object the
    # nest could reach the memory through) and a nest rebinding a view keep their copies in the
    # function
    assert "PYC2C_NEST" not in emitted(tmp_path, EXCLUDED)


@pytest.fixture(scope="module")
def excluded(tmp_path_factory):
    from conftest import build_source
    return build_source(EXCLUDED, tmp_path_factory.mktemp("adv_excluded"))


@pytest.mark.parametrize("name", ["par", "par_inner", "in_nogil", "in_block", "with_global",
                                  "view_rebound"])
def test_excluded_nests_alias(excluded, name):
    # (the parallel ones get views apart: overlapping ones would race)
    def make():
        buf = rand(40)
        if name == "par_inner":
            return (buf[:16].reshape(4, 4), buf[20:36].reshape(4, 4)), (buf,)
        if name == "view_rebound":
            return (buf[:10], buf[20:30], buf[1:11]), (buf,)
        return (buf[:10], buf[1:11] if name in ("in_nogil", "with_global") else buf[20:30]), (buf,)
    same_run(excluded, name, make)


@pytest.mark.parametrize("case", ["same", "shifted", "apart"])
def test_two_element_types_over_one_buffer(cases, case):
    # the same bytes as doubles and as 64-bit integers (each view's own item size in the test)
    def make():
        buf = np.arange(1.0, 17.0)
        ints = buf.view(np.int64)
        a, b = {"same": (buf, ints), "shifted": (buf[1:9], ints[:8]),
                "apart": (buf[:8], ints[8:])}[case]
        return (a, b), (buf,)
    same_run(cases, "mixed", make)


@pytest.mark.parametrize("offset", [1, 4])
@pytest.mark.parametrize("gap", [0, 8, 800])
def test_unaligned_views_of_a_bytearray(cases, offset, gap):
    # doubles at odd addresses: NumPy arrays over a bytearray at an offset. (Two such views
    # overlapping by part of an element, a gap of 3, differ from the interpreted file in every
    # copy, the helper's or not: C's double accesses assume whole elements; not tested here.)
    def make():
        raw = bytearray(8 * 210)
        src = np.frombuffer(raw, dtype=float, offset=offset, count=100)
        src[:] = rand(100)
        return (src, np.frombuffer(raw, dtype=float, offset=offset + gap, count=100)), (raw,)
    same_run(cases, "shift", make)


PYTHON_IN_CALLS = '''
import cython
import numpy as np

G = np.zeros(8)

@cython.cfunc
def poke(i: cython.Py_ssize_t) -> cython.double:
    G[0] = float(i)
    return 0.0

@cython.cfunc
def poke_twice(i: cython.Py_ssize_t) -> cython.double:
    return poke(i) + poke(i + 1)

@cython.cfunc
@cython.exceptval(-1.0, check=True)
def inv(x: cython.double) -> cython.double:
    if x == 0.0:
        raise ValueError("zero")
    return 1.0 / x

def via_global(a: cython.double[:], out: cython.double[:]):
    i: cython.Py_ssize_t
    t: cython.double
    for i in range(out.shape[0]):
        t = a[0]
        out[i] = t
        poke(i)

def via_global_nested(a: cython.double[:], out: cython.double[:]):
    i: cython.Py_ssize_t
    t: cython.double
    for i in range(out.shape[0]):
        t = a[0]
        out[i] = t
        poke_twice(i)

def plain(a: cython.double[:], out: cython.double[:]):
    i: cython.Py_ssize_t
    for i in range(out.shape[0]):
        out[i] = inv(a[i])
'''


def test_calls_that_run_python_code(tmp_path):
    # A function called in the nest that runs Python code could write a view's memory through an
    # object (here a module-level NumPy array that is also the view read): no restrict copy for
    # that nest, directly or through another function. A function raising a builtin exception
    # with a literal runs none: its caller keeps the helper.
    c = emitted(tmp_path, PYTHON_IN_CALLS)
    names = [line.split("(")[0].split()[-1] for line in c.splitlines() if line.startswith("PYC2C_NEST")]
    assert not any(n.startswith("f_via_global") for n in names), names
    assert any(n.startswith("f_plain_nest") for n in names), names
    from conftest import build_source
    built = build_source(PYTHON_IN_CALLS, tmp_path)
    for name in ("via_global", "via_global_nested"):
        results = []
        for m in (built.compiled, built.interpreted):  # a is the module's own G
            m.G[:] = 0.0
            out = np.zeros(6)
            getattr(m, name)(m.G, out)
            results.append((out, m.G.copy()))
        np.testing.assert_array_equal(results[0][0], results[1][0])
        np.testing.assert_array_equal(results[0][1], results[1][1])
