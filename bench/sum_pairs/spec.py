"""sum_pairs: the sum of a[i] + b[i] over 10,000,000 float64 pairs (memory-bound)."""
import numpy as np

from benchlib import defs
from benchlib.cbind import F64, I64, PTR, ptr

N = 10_000_000
reference = defs.sibling(__file__, "sum_pairs_numpy.py").sum_pairs


def make_args(quick):
    rng = np.random.default_rng(6)  # full size even when quick: it must not fit in cache
    return rng.random(N), rng.random(N)


def bind_c(fn, a, b):
    pa, pb, n = ptr(a), ptr(b), a.size
    return lambda: fn(pa, pb, n)


KERNELS = [defs.Kernel(
    name="sum_pairs",
    title="the sum of a[i] + b[i] over 10,000,000 float64 pairs, one reduction",
    make_args=make_args,
    reference=reference,
    rtol=1e-8,  # 10^7 additions in different orders
    bytes_moved=lambda args: args[0].nbytes + args[1].nbytes,
    variants=[
        *defs.same_source("sum_pairs.py", "sum_pairs"),
        defs.pythran("sum_pairs_pythran.py", "sum_pairs"),
        defs.numba("sum_pairs_numba.py", "sum_pairs"),
        defs.numpy("sum_pairs_numpy.py", "sum_pairs", "NumPy a.sum() + b.sum()"),
        *defs.c_pair("sum_pairs.c", "sum_pairs", F64, (PTR, PTR, I64), bind_c),
    ],
)]
