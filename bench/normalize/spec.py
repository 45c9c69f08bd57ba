"""normalize: RMS normalisation of 10,000,000 float64 with a prange reduction (memory-bound)."""
import numpy as np

from benchlib import defs
from benchlib.cbind import I64, PTR, VOID, ptr

N = 10_000_000
reference = defs.sibling(__file__, "normalize_numpy.py").normalize


def make_args(quick):
    x = np.random.default_rng(6).standard_normal(N)  # full size even when quick: not in cache
    return x, np.empty(N)


def bind_c(fn, x, out):
    px, pout, n = ptr(x), ptr(out), x.size
    return lambda: fn(px, pout, n)


KERNELS = [defs.Kernel(
    name="normalize",
    title="RMS normalisation out = x / sqrt(mean(x**2)) of 10,000,000 float64, both passes "
          "parallel (prange, a += reduction)",
    make_args=make_args,
    reference=reference,
    outputs=(1,),
    parallel=True,
    # Two passes over x and one over out, counted as STREAM counts (no write-allocate).
    bytes_moved=lambda args: 3 * args[0].nbytes,
    notes="The source keeps Python division (no cdivision): Cython tests the divisor for zero "
          "and flushes its error flag on every element of the parallel loop.",
    variants=[
        *defs.same_source("normalize.py", "normalize"),
        defs.pythran("normalize_pythran.py", "normalize"),
        defs.numba("normalize_numba.py", "normalize", "Numba parallel"),
        defs.numpy("normalize_numpy.py", "normalize", "NumPy (1 thread)"),
        *defs.c_pair("normalize.c", "normalize", VOID, (PTR, PTR, I64), bind_c),
    ],
)]
