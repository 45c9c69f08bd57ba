"""histogram: integer counts of 10,000,000 values in [0, 1) over 256 bins."""
import numpy as np

from benchlib import defs
from benchlib.cbind import I64, PTR, VOID, ptr

N = 10_000_000
NBINS = 256  # a power of two: x * NBINS < NBINS exactly for every x < 1
reference = defs.sibling(__file__, "histogram_numpy.py").histogram


def make_args(quick):
    # Full size even when quick: it must not fit in cache.
    return np.random.default_rng(6).random(N), np.empty(NBINS, dtype=np.int64)


def bind_c(fn, x, counts):
    px, pc, n = ptr(x), ptr(counts), x.size
    return lambda: fn(px, n, pc, NBINS)


KERNELS = [defs.Kernel(
    name="histogram",
    title=f"histogram of 10,000,000 float64 in [0, 1) into {NBINS} bins, int64 counts",
    make_args=make_args,
    reference=reference,
    outputs=(1,),
    bytes_moved=lambda args: args[0].nbytes,
    variants=[
        *defs.same_source("histogram.py", "histogram"),
        *defs.same_source("histogram.py", "histogram", " (checked)", checked=True),
        defs.pythran("histogram_pythran.py", "histogram"),
        defs.numba("histogram_numba.py", "histogram"),
        defs.numpy("histogram_numpy.py", "histogram", "NumPy np.bincount"),
        defs.c("histogram.c", "histogram", VOID, (PTR, I64, PTR, I64), bind_c),
    ],
)]
