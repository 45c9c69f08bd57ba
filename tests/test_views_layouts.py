"""Differential tests of typed memoryviews: layouts (1-D to 3-D and 8-D; C, Fortran and strided
specs; inputs such as a[::2], transposes, reversed and non-contiguous slices of 2-D arrays),
numeric kernels (reductions, stencils, matmul, prefix sums, histograms), in-place updates and
augmented assignment on elements, wraparound, views passed to cfuncs/ccalls/defs and aliased as
locals, len/shape/strides/ndim/size, and the boundscheck/wraparound directives with in-range
indices. Every input is fresh for each side (see test_views_harness.py)."""
import numpy as np
import pytest

from test_views_harness import check_call, module_build

SRC = '''
import cython

def sum1(a: cython.double[:]) -> cython.double:
    t: cython.double = 0.0
    for i in range(a.shape[0]):
        t += a[i]
    return t

def sum2(a: cython.double[:, :]) -> cython.double:
    t: cython.double = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            t = t * 1.5 + a[i, j]
    return t

def sum2c(a: cython.double[:, ::1]) -> cython.double:
    t: cython.double = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            t = t * 1.5 + a[i, j]
    return t

def sum2f(a: cython.double[::1, :]) -> cython.double:
    t: cython.double = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            t = t * 1.5 + a[i, j]
    return t

def sum3(a: cython.double[:, :, :]) -> cython.double:
    t: cython.double = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            for k in range(a.shape[2]):
                t = t * 1.25 + a[i, j, k] * (i + 1)
    return t

def sum3c(a: cython.double[:, :, ::1]) -> cython.double:
    t: cython.double = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            for k in range(a.shape[2]):
                t = t * 1.25 + a[i, j, k] * (i + 1)
    return t

def sum3f(a: cython.double[::1, :, :]) -> cython.double:
    t: cython.double = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            for k in range(a.shape[2]):
                t = t * 1.25 + a[i, j, k] * (i + 1)
    return t

def corner8(a: cython.long[:, :, :, :, :, :, :, :]) -> cython.long:
    return (a[0, 0, 0, 0, 0, 0, 0, 0] + a[1, 1, 1, 1, 1, 1, 1, 1] * 10
            + a[-1, 0, -1, 0, -1, 0, -1, 0] * 100 + a.ndim * 1000 + a.size * 10000)

def set8(a: cython.long[:, :, :, :, :, :, :, :], v: cython.long):
    a[1, 0, 1, 0, 1, 0, 1, 0] = v
    a[-1, -1, -1, -1, -1, -1, -1, -1] += v

def maxabs(a: cython.double[:]) -> cython.double:
    m: cython.double = 0.0
    for i in range(len(a)):
        if abs(a[i]) > m:
            m = abs(a[i])
    return m

def mean2(a: cython.float[:, :]) -> cython.double:
    t: cython.double = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            t += a[i, j]
    return t / a.size

def prefix(a: cython.long[:]):
    for i in range(1, a.shape[0]):
        a[i] += a[i - 1]

def histogram(x: cython.double[:], counts: cython.long[:], lo: cython.double, hi: cython.double) -> cython.Py_ssize_t:
    nb: cython.Py_ssize_t = counts.shape[0]
    outside: cython.Py_ssize_t = 0
    for i in range(x.shape[0]):
        if x[i] < lo or x[i] >= hi:
            outside += 1
        else:
            counts[cython.cast(cython.Py_ssize_t, (x[i] - lo) / (hi - lo) * nb)] += 1
    return outside

def matmul(a: cython.double[:, :], b: cython.double[:, :], c: cython.double[:, :]):
    for i in range(a.shape[0]):
        for j in range(b.shape[1]):
            s: cython.double = 0.0
            for k in range(a.shape[1]):
                s += a[i, k] * b[k, j]
            c[i, j] = s

def jacobi(u: cython.double[:, ::1], v: cython.double[:, ::1], steps: cython.int) -> cython.double:
    n: cython.Py_ssize_t = u.shape[0]
    m: cython.Py_ssize_t = u.shape[1]
    src = u
    dst = v
    for s in range(steps):
        for i in range(1, n - 1):
            for j in range(1, m - 1):
                dst[i, j] = 0.25 * (src[i - 1, j] + src[i + 1, j] + src[i, j - 1] + src[i, j + 1])
        tmp = src
        src = dst
        dst = tmp
    return src[n // 2, m // 2]

def pairwise(x: cython.double[:, :], d: cython.double[:, :]):
    for i in range(x.shape[0]):
        for j in range(x.shape[0]):
            t: cython.double = 0.0
            for k in range(x.shape[1]):
                t += (x[i, k] - x[j, k]) * (x[i, k] - x[j, k])
            d[i, j] = t

def axpy(a: cython.double, x: cython.float[:], y: cython.double[:]):
    for i in range(x.shape[0]):
        y[i] += a * x[i]

def shift_right(a: cython.int[:], b: cython.int[:]):
    for i in range(1, a.shape[0]):
        a[i] = b[i - 1]

def augops_int(a: cython.long[:]):
    a[0] += 7
    a[1] -= 7
    a[2] *= -3
    a[3] //= 4
    a[4] %= 4
    a[5] <<= 3
    a[6] >>= 1
    a[7] &= 6
    a[8] |= 9
    a[9] ^= 5

def augops_float(a: cython.double[:, :]):
    a[0, 0] += 0.5
    a[0, 1] -= 2.0
    a[1, 0] *= -1.5
    a[1, 1] /= 4.0
    a[-1, -1] **= 2

def augops_idx(a: cython.int[:, :], i: cython.int, j: cython.Py_ssize_t):
    a[i, j] += 10
    a[-i - 1, j * 2 - 1] -= a[i, j]
    a[i + 1, j] *= 2

def wrap2(a: cython.int[:, :], i: cython.Py_ssize_t, j: cython.Py_ssize_t) -> cython.int:
    return a[i, j] * 100 + a[-1, -1] * 10 + a[-a.shape[0], 0]

def wrap3(a: cython.short[:, :, :], i: cython.int, j: cython.int, k: cython.int) -> cython.short:
    a[i, j, k] = a[-i - 1, -j - 1, -k - 1] + 1
    return a[i, j, k]

def small_index_types(a: cython.double[:], i: cython.uchar, j: cython.uint, k: cython.size_t, m: cython.schar) -> cython.double:
    return a[i] + a[j] * 2 + a[k] * 4 + a[m] * 8

def index_exprs(a: cython.double[:, :], i: cython.int) -> cython.double:
    return a[i + 1, i - 1] + a[i * 2 if i > 0 else 0, (i + 5) % a.shape[1]]

def nested_index(a: cython.int[:], idx: cython.Py_ssize_t[:]) -> cython.int:
    t: cython.int = 0
    for k in range(idx.shape[0]):
        t += a[idx[idx[k]]]
    return t

@cython.cfunc
def _fill(a: cython.double[:, :], v: cython.double) -> cython.Py_ssize_t:
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            a[i, j] = v + i - j
    return a.shape[0] * a.shape[1]

@cython.cfunc
@cython.inline
def _get(a: cython.double[:, :], i: cython.Py_ssize_t, j: cython.Py_ssize_t) -> cython.double:
    return a[i, j]

@cython.cfunc
def _count(a: cython.double[:, :], v: cython.double) -> cython.int:
    n: cython.int = 0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            if _get(a, i, j) == v:
                n += 1
    return n

def fill_then_count(a: cython.double[:, :], v: cython.double) -> cython.long:
    n = _fill(a, v)
    return n * 1000 + _count(a, v)

@cython.ccall
def cc_scale(a: cython.double[:], k: cython.double) -> cython.double:
    for i in range(a.shape[0]):
        a[i] *= k
    return a[0]

def via_ccall(a: cython.double[:]) -> cython.double:
    return cc_scale(a, 3.0) + cc_scale(a, 0.5)

def def_callee(a: cython.double[:], i: cython.Py_ssize_t) -> cython.double:
    a[i] = -a[i]
    return a[i]

def via_def(a: cython.double[:]) -> cython.double:
    b = a
    return def_callee(b, -1) + def_callee(a, 0)

@cython.cfunc
def _raise_at(a: cython.double[:], i: cython.Py_ssize_t) -> cython.double:
    if a[i] < 0:
        raise ValueError("negative")
    return a[i]

def cfunc_raises(a: cython.double[:]) -> cython.double:
    t: cython.double = 0.0
    for i in range(a.shape[0]):
        t += _raise_at(a, i)
        a[i] = t
    return t

def alias_write(a: cython.double[:]) -> cython.double:
    b = a
    c: cython.double[:] = b
    b[0] = 5.0
    c[1] = b[0] + 1.0
    return a[0] + a[1]

def alias_rebind(a: cython.double[:], b: cython.double[:], n: cython.int) -> cython.double:
    x = a
    for k in range(n):
        x[0] += 1.0
        if k % 2 == 0:
            x = b
        else:
            x = a
    return x[0]

def alias_maybe(a: cython.double[:], f: cython.bint) -> cython.double:
    if f:
        b = a
    return b[0]

def attrs1(a: cython.double[:]) -> cython.Py_ssize_t:
    return len(a) * 1000000 + a.shape[0] * 10000 + a.ndim * 1000 + a.size * 10 + a.shape[-1]

def attrs2(a: cython.double[:, :]) -> cython.Py_ssize_t:
    return (len(a) * 1000000 + a.shape[0] * 10000 + a.shape[1] * 1000 + a.ndim * 100
            + a.size + a.shape[-2] * 100000)

def strides2(a: cython.double[:, :]) -> cython.Py_ssize_t:
    return a.strides[0] * 1000 + a.strides[1] + a.strides[-1] * 1000000

def attrs3(a: cython.int[:, :, :]) -> cython.Py_ssize_t:
    return (a.shape[0] * 100 + a.shape[1] * 10 + a.shape[2] + a.ndim * 1000 + a.size * 10000
            + a.strides[2] * 1000000 + a.strides[0] * 100000000)

def elem_to_int(a: cython.double[:]) -> cython.long:
    t: cython.long = 0
    for i in range(a.shape[0]):
        t = t * 10 + int(a[i]) + cython.cast(cython.int, a[i])
    return t

def elem_local(a: cython.float[:], b: cython.double[:]):
    x = a[0]
    y = b[0]
    return x + y

def elem_while(a: cython.int[:], target: cython.int) -> cython.Py_ssize_t:
    i: cython.Py_ssize_t = 0
    while i < a.shape[0] and a[i] != target:
        i += 1
    return i

def mixed_views(a: cython.float[:], b: cython.int[:], c: cython.double[:]) -> cython.double:
    t: cython.double = 0.0
    for i in range(a.shape[0]):
        c[i] = a[i] * b[i] - c[i]
        t += c[i]
    return t

def copy2(src: cython.double[:, :], dst: cython.double[:, ::1]):
    for i in range(src.shape[0]):
        for j in range(src.shape[1]):
            dst[i, j] = src[i, j]

def count_positive(a: cython.long[:, :]) -> cython.int:
    n: cython.int = 0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            if a[i, j] > 0:
                n += 1
    return n

def get_u64(a: cython.double[:], i: cython.ulonglong) -> cython.double:
    return a[i]

def set_size_t(a: cython.double[:, :], i: cython.size_t, j: cython.size_t, v: cython.double):
    a[i, j] = v

def narrow_loop(a: cython.double[:]) -> cython.double:
    i: cython.schar
    t: cython.double = 0.0
    for i in range(a.shape[0]):
        t += a[i] * (i + 1)
    return t

def narrow_loop_u(a: cython.double[:]) -> cython.double:
    i: cython.uchar
    t: cython.double = 0.0
    for i in range(1, a.shape[0]):
        t += a[i - 1] * i
    return t

def int_loops(a: cython.double[:, :]) -> cython.double:
    i: cython.int
    j: cython.int
    t: cython.double = 0.0
    for i in range(a.shape[0]):
        for j in range(1, a.shape[1] - 1):
            t = t * 0.5 + a[i, j - 1] - a[i, j + 1]
    return t

def stencil_offsets(a: cython.double[:, :], b: cython.double[:, :]):
    for i in range(1, a.shape[0] - 1):
        for j in range(2, len(a) - 2):
            b[i, j] = a[i - 1, j] + a[i + 1, j] + a[i, j - 2] + a[i, j + 2] + a[j, i]

def iter_rebind(a: cython.double[:], b: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    for x in a:
        s = s * 2 + x
        a = b
    return s + a[0]

def iter_nested(a: cython.int[:], b: cython.int[:]) -> cython.long:
    s: cython.long = 0
    for x in a:
        for y in b:
            s = s * 3 + x * y
    return s

def iter_last(a: cython.uchar[:]) -> cython.int:
    x: cython.int = -1
    for x in a:
        pass
    return x

def iter_with_index(a: cython.double[:]) -> cython.double:
    s: cython.double = 0.0
    i: cython.Py_ssize_t = 0
    for x in a:
        s += x * a[-1 - i]
        i += 1
    return s

def iter_then_write(a: cython.float[:]):
    for x in a:
        a[0] += x

@cython.boundscheck(False)
@cython.wraparound(False)
def block_checks(a: cython.double[:, :], i: cython.Py_ssize_t, j: cython.Py_ssize_t) -> cython.double:
    with cython.boundscheck(True):
        with cython.wraparound(True):
            t = a[i, j]
    return t + a[0, 0]

@cython.boundscheck(False)
@cython.wraparound(False)
def unchecked_sum(a: cython.double[:, :]) -> cython.double:
    t: cython.double = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            t += a[i, j] * (j + 1)
    return t

@cython.boundscheck(False)
def nobounds_wrap(a: cython.double[:], i: cython.Py_ssize_t) -> cython.double:
    return a[i]

@cython.wraparound(False)
def nowrap_in_range(a: cython.double[:, :], i: cython.Py_ssize_t, j: cython.Py_ssize_t) -> cython.double:
    a[i, j] += 1.0
    return a[i, j]
'''


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return module_build(SRC, tmp_path_factory, "views_layouts")


def ar(n, dtype=np.float64, start=1):
    """Distinct, exactly representable values."""
    return (np.arange(start, start + n) * 0.5).astype(dtype) if np.dtype(dtype).kind == "f" else \
        np.arange(start, start + n).astype(dtype)


def mat(r, c, dtype=np.float64):
    return ar(r * c, dtype).reshape(r, c)


LAYOUTS_1D = {
    "contiguous": lambda: ar(9),
    "every_other": lambda: ar(18)[::2],
    "every_third_offset": lambda: ar(20)[1::3],
    "reversed": lambda: ar(9)[::-1],
    "column_of_2d": lambda: mat(5, 4)[:, 2],
    "row_of_fortran": lambda: np.asfortranarray(mat(4, 5))[1],
    "empty": lambda: ar(0),
    "single": lambda: ar(1),
}


@pytest.mark.parametrize("layout", LAYOUTS_1D)
def test_1d_layouts(built, layout):
    for fn in ("sum1", "maxabs", "attrs1"):
        check_call(built, fn, LAYOUTS_1D[layout])


LAYOUTS_2D = {
    "c": lambda: mat(3, 4),
    "fortran": lambda: np.asfortranarray(mat(3, 4)),
    "transpose": lambda: mat(4, 3).T,
    "rows_step": lambda: mat(6, 4)[::2],
    "cols_step": lambda: mat(3, 8)[:, ::2],
    "both_steps_reversed": lambda: mat(6, 8)[::-2, 1::3],
    "inner_block": lambda: mat(5, 6)[1:4, 2:5],
    "fortran_block": lambda: np.asfortranarray(mat(5, 6))[1:4, 2:5],
    "broadcast_stride0": lambda: np.broadcast_to(ar(4), (3, 4)),
    "one_row": lambda: mat(1, 5),
    "one_col_strided": lambda: mat(5, 3)[:, 1:2],
    "empty_rows": lambda: mat(0, 3),
}


@pytest.mark.parametrize("layout", LAYOUTS_2D)
def test_2d_layouts(built, layout):
    make = LAYOUTS_2D[layout]
    for fn in ("sum2", "attrs2", "strides2", "sum2c", "sum2f"):
        # sum2c/sum2f raise ValueError for inputs of the other order on the compiled side only,
        # so those are compared where the layout fits (see test_views_errors.py for the rest).
        a = make()
        if fn == "sum2c" and not a.flags.c_contiguous:
            continue
        if fn == "sum2f" and not a.flags.f_contiguous:
            continue
        check_call(built, fn, make)


LAYOUTS_3D = {
    "c": lambda: ar(24).reshape(2, 3, 4),
    "fortran": lambda: np.asfortranarray(ar(24).reshape(2, 3, 4)),
    "transpose": lambda: ar(24).reshape(2, 3, 4).transpose(2, 0, 1),
    "strided": lambda: ar(96).reshape(4, 6, 4)[::2, 1::2, ::-1],
    "swapped_axes": lambda: ar(60).reshape(3, 4, 5).swapaxes(0, 1),
    "c_inner_block": lambda: ar(60).reshape(3, 4, 5)[1:, :3],
}


@pytest.mark.parametrize("layout", LAYOUTS_3D)
def test_3d_layouts(built, layout):
    make = LAYOUTS_3D[layout]
    check_call(built, "sum3", make)
    if make().flags.c_contiguous:
        check_call(built, "sum3c", make)
    if make().flags.f_contiguous:
        check_call(built, "sum3f", make)
    check_call(built, "attrs3", lambda: make().astype(np.int32))
    check_call(built, "attrs3", lambda: ar(200, np.int32).reshape(5, 8, 5)[::2, 1:, ::-2])


def test_3d_c_inner_contiguous_slab(built):
    # Sub-blocks that stay contiguous (leading-axis slices of C order, trailing of Fortran).
    check_call(built, "sum3c", lambda: ar(60).reshape(3, 4, 5)[1:])
    check_call(built, "sum3f", lambda: np.asfortranarray(ar(60).reshape(3, 4, 5))[:, :, 2:])


def test_8d(built):
    make = lambda: np.arange(2 ** 8, dtype=np.int64).reshape((2,) * 8)
    check_call(built, "corner8", make)
    check_call(built, "corner8", lambda: make().transpose(7, 6, 5, 4, 3, 2, 1, 0))
    check_call(built, "set8", make, 1000)
    check_call(built, "set8", lambda: np.asfortranarray(make()), -5)


def test_mean_float32(built):
    check_call(built, "mean2", lambda: mat(3, 4, np.float32))
    check_call(built, "mean2", lambda: mat(4, 6, np.float32)[::-1, ::3])


def test_prefix_sum_in_place(built):
    check_call(built, "prefix", lambda: ar(10, np.int64))
    check_call(built, "prefix", lambda: ar(21, np.int64)[::-2])
    check_call(built, "prefix", lambda: ar(0, np.int64))


def test_histogram(built):
    x = lambda: np.array([0.1, 0.5, 0.55, 0.99, -1.0, 1.0, 0.25, 0.3, 0.75, 2.0])
    check_call(built, "histogram", x, lambda: np.zeros(4, np.int64), 0.0, 1.0)
    check_call(built, "histogram", lambda: x()[::-1], lambda: np.zeros(8, np.int64)[::2], 0.0, 1.0)


def test_matmul(built):
    check_call(built, "matmul", lambda: mat(3, 4), lambda: mat(4, 2), lambda: np.zeros((3, 2)))
    check_call(built, "matmul", lambda: mat(4, 3).T, lambda: np.asfortranarray(mat(4, 5)),
               lambda: np.zeros((5, 3)).T)
    check_call(built, "matmul", lambda: mat(6, 8)[::2, ::2], lambda: mat(4, 4)[::-1],
               lambda: np.zeros((3, 8))[:, 1::2])


def test_jacobi_swaps_local_views(built):
    u = lambda: np.pad(np.ones((4, 5)), 1)
    check_call(built, "jacobi", u, lambda: np.zeros((6, 7)), 3)
    check_call(built, "jacobi", u, lambda: np.zeros((6, 7)), 0)
    check_call(built, "jacobi", u, u, 4)


def test_pairwise(built):
    check_call(built, "pairwise", lambda: mat(4, 3), lambda: np.zeros((4, 4)))
    check_call(built, "pairwise", lambda: mat(3, 5).T, lambda: np.zeros((5, 5), order="F"))


def test_axpy_mixed_dtypes(built):
    check_call(built, "axpy", 2.0, lambda: ar(6, np.float32), lambda: ar(12)[::2])
    check_call(built, "mixed_views", lambda: ar(5, np.float32), lambda: ar(10, np.int32)[::-2],
               lambda: ar(5))


def test_same_array_as_two_arguments(built):
    # The two views alias: the compiled loop must read what the previous iteration wrote.
    def shared():
        a = ar(8, np.int32)
        return a
    for make in (shared, lambda: ar(16, np.int32)[::2]):
        cargs = make()
        iargs = make()
        built.compiled.shift_right(cargs, cargs)
        built.interpreted.shift_right(iargs, iargs)
        assert cargs.tolist() == iargs.tolist() == [1] * 8
    check_call(built, "shift_right", lambda: ar(8, np.int32), lambda: ar(8, np.int32)[::-1])


def test_augmented_int_ops(built):
    check_call(built, "augops_int", lambda: np.array([5, 5, 5, -7, -7, 3, -9, 7, 2, 12]))
    check_call(built, "augops_int", lambda: np.array([-1, 0, 4, 9, 9, -3, 9, -1, -8, -12] * 2)[::-2])


def test_augmented_float_ops(built):
    check_call(built, "augops_float", lambda: mat(2, 2))
    check_call(built, "augops_float", lambda: mat(3, 4).T[::2, ::-1])


def test_augmented_computed_indices(built):
    check_call(built, "augops_idx", lambda: mat(4, 5, np.int32), 1, 2)
    check_call(built, "augops_idx", lambda: mat(4, 5, np.int32).T, 0, 1)
    check_call(built, "augops_idx", lambda: mat(4, 5, np.int32), 3, 2)  # a[i + 1] out of range


def test_wraparound_2d(built):
    for ij in [(0, 0), (-1, 0), (0, -1), (-3, -4), (2, 3), (3, 0), (0, -5)]:
        check_call(built, "wrap2", lambda: mat(3, 4, np.int32), *ij)
        check_call(built, "wrap2", lambda: mat(4, 3, np.int32).T, *ij)


def test_wraparound_3d(built):
    for ijk in [(0, 0, 0), (1, 2, 3), (-1, -2, -3), (1, -1, 0)]:
        check_call(built, "wrap3", lambda: ar(24, np.int16).reshape(2, 3, 4), *ijk)
        check_call(built, "wrap3", lambda: np.asfortranarray(ar(24, np.int16).reshape(2, 3, 4)), *ijk)


def test_index_types_and_expressions(built):
    check_call(built, "small_index_types", lambda: ar(8), 1, 2, 3, -1)
    check_call(built, "small_index_types", lambda: ar(16)[::2], 7, 0, 5, -8)
    check_call(built, "index_exprs", lambda: mat(4, 6), 1)
    check_call(built, "index_exprs", lambda: mat(4, 6), 0)
    check_call(built, "index_exprs", lambda: mat(6, 4).T, 2)
    check_call(built, "nested_index", lambda: ar(6, np.int32), lambda: np.array([2, 0, 1, -1], np.intp))


def test_views_through_cfuncs(built):
    check_call(built, "fill_then_count", lambda: np.zeros((3, 4)), 1.0)
    check_call(built, "fill_then_count", lambda: np.zeros((6, 4)).T[::2], 0.0)
    check_call(built, "cfunc_raises", lambda: ar(5))
    check_call(built, "cfunc_raises", lambda: np.array([1.0, 2.0, -3.0, 4.0]))


def test_views_through_ccall_and_def(built):
    check_call(built, "via_ccall", lambda: ar(4))
    check_call(built, "cc_scale", lambda: ar(8)[::-3], 2.0)
    check_call(built, "via_def", lambda: ar(5))
    check_call(built, "via_def", lambda: mat(3, 3)[:, 0])
    check_call(built, "def_callee", lambda: ar(5), -5)
    check_call(built, "def_callee", lambda: ar(5), 5)


def test_aliases(built):
    check_call(built, "alias_write", lambda: ar(3))
    check_call(built, "alias_write", lambda: ar(9)[::-4])
    for n in (0, 1, 2, 5):
        check_call(built, "alias_rebind", lambda: ar(3), lambda: ar(3, start=10), n)
    check_call(built, "alias_maybe", lambda: ar(3), True)
    check_call(built, "alias_maybe", lambda: ar(3), False)  # UnboundLocalError on both sides


def test_elements_as_values(built):
    check_call(built, "elem_to_int", lambda: np.array([1.5, -2.5, 3.99, -0.5]))
    check_call(built, "elem_local", lambda: ar(2, np.float32), lambda: ar(2))
    for target in (3, 7, 100):
        check_call(built, "elem_while", lambda: ar(8, np.int32), target)
        check_call(built, "elem_while", lambda: ar(16, np.int32)[::-2], target)


def test_copy_into_c_contiguous(built):
    check_call(built, "copy2", lambda: mat(4, 3).T, lambda: np.zeros((3, 4)))
    check_call(built, "copy2", lambda: mat(6, 6)[::2, ::3], lambda: np.zeros((3, 2)))
    check_call(built, "count_positive", lambda: mat(3, 5, np.int64) - 7)
    check_call(built, "count_positive", lambda: (mat(5, 3, np.int64) - 7).T[:, ::-1])


def test_checks_off_in_range(built):
    check_call(built, "unchecked_sum", lambda: mat(3, 4))
    check_call(built, "unchecked_sum", lambda: mat(8, 6)[::-3, 1::2])
    for i in (0, 2, -1, -3):
        check_call(built, "nobounds_wrap", lambda: ar(3), i)
    for ij in [(0, 0), (2, 3), (1, 1)]:
        check_call(built, "nowrap_in_range", lambda: mat(3, 4), *ij)
        check_call(built, "nowrap_in_range", lambda: mat(4, 3).T, *ij)


def test_read_only_input_read(built):
    def ro(make):
        def f():
            a = make()
            a.flags.writeable = False
            return a
        return f
    check_call(built, "sum2", ro(lambda: mat(3, 4)))
    check_call(built, "sum1", ro(lambda: ar(10)[::3]))
    check_call(built, "attrs2", ro(lambda: mat(3, 4).T))
    check_call(built, "pairwise", ro(lambda: mat(4, 3)), lambda: np.zeros((4, 4)))
    check_call(built, "matmul", ro(lambda: mat(2, 2)), ro(lambda: mat(2, 2)), lambda: np.zeros((2, 2)))


def test_unsigned_indices_never_wrap(built):
    # Indices past Py_ssize_t's range (2**64 - 1, which as a Py_ssize_t looks like -1) are
    # IndexErrors compiled (C index, as in Cython) and OverflowErrors interpreted (NumPy): those
    # are in test_views_errors.py. Here: every value both sides agree on.
    for i in (0, 2, 3, 2 ** 63 - 1):
        check_call(built, "get_u64", lambda: ar(3), i)
    for ij in [(1, 2), (2 ** 63 - 1, 0), (0, 2 ** 63 - 1), (3, 0)]:
        check_call(built, "set_size_t", lambda: mat(3, 3), *ij, -1.0)


def test_narrow_loop_variables(built):
    # Up to 127 elements an schar counts like a Python int: compare with the interpreted file.
    for n in (0, 1, 5, 127):
        check_call(built, "narrow_loop", lambda: ar(n))
        check_call(built, "narrow_loop_u", lambda: ar(n))
    check_call(built, "int_loops", lambda: mat(4, 6))
    check_call(built, "int_loops", lambda: mat(6, 4).T[::-1])
    check_call(built, "stencil_offsets", lambda: mat(6, 6), lambda: np.zeros((6, 6)))
    check_call(built, "stencil_offsets", lambda: mat(7, 7)[::-1].T[1:], lambda: np.zeros((6, 7)))


def test_iteration_over_numpy_views(built):
    check_call(built, "iter_rebind", lambda: ar(4)[::-1], lambda: np.array([100.0]))
    check_call(built, "iter_rebind", lambda: ar(0), lambda: np.array([1.0]))
    check_call(built, "iter_nested", lambda: ar(5, np.int32)[::2], lambda: ar(3, np.int32))
    check_call(built, "iter_last", lambda: bytearray(b"abc"))
    check_call(built, "iter_last", lambda: bytearray())
    check_call(built, "iter_last", lambda: mat(3, 4, np.uint8)[:, 2])
    check_call(built, "iter_with_index", lambda: ar(5)[1::2])
    check_call(built, "iter_then_write", lambda: ar(4, np.float32))
    check_call(built, "iter_then_write", lambda: ar(8, np.float32)[::-3])


def test_directive_blocks_inside_unchecked_function(built):
    for ij in [(0, 0), (-1, -1), (2, 3), (3, 0), (0, -5)]:
        check_call(built, "block_checks", lambda: mat(3, 4), *ij)
        check_call(built, "block_checks", lambda: mat(4, 3).T, *ij)
