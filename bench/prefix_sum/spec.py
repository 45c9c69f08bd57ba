"""prefix_sum: the inclusive prefix sum of 10,000,000 float64 (a sequential dependence)."""
import numpy as np

from benchlib import defs
from benchlib.cbind import I64, PTR, VOID, ptr

N = 10_000_000
reference = defs.sibling(__file__, "prefix_sum_numpy.py").prefix_sum


def make_args(quick):
    # Full size even when quick: it must not fit in cache.
    return np.random.default_rng(6).random(N), np.empty(N)


def bind_c(fn, x, out):
    px, pout, n = ptr(x), ptr(out), x.size
    return lambda: fn(px, pout, n)


KERNELS = [defs.Kernel(
    name="prefix_sum",
    title="inclusive prefix sum of 10,000,000 float64",
    make_args=make_args,
    reference=reference,
    outputs=(1,),
    bytes_moved=lambda args: args[0].nbytes + args[1].nbytes,
    variants=[
        *defs.same_source("prefix_sum.py", "prefix_sum"),
        *defs.same_source("prefix_sum.py", "prefix_sum", " (checked)", checked=True),
        defs.pythran("prefix_sum_pythran.py", "prefix_sum"),
        defs.numba("prefix_sum_numba.py", "prefix_sum"),
        defs.numpy("prefix_sum_numpy.py", "prefix_sum", "NumPy np.cumsum"),
        defs.c("prefix_sum.c", "prefix_sum", VOID, (PTR, PTR, I64), bind_c),
    ],
)]
