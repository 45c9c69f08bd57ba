"""gcd: elementwise GCD of two 100,000-element int64 arrays, serial and on threads."""
import numpy as np

from benchlib import defs
from benchlib.cbind import I64, PTR, VOID, ptr

N = 100_000
reference = defs.sibling(__file__, "gcd_numpy.py").gcd


def make_args(quick):
    rng = np.random.default_rng(6)
    # Non-negative, so that C's % and Python's % agree; zeros included.
    a, b = (rng.integers(0, 10**12, size=N, dtype=np.int64) for _ in range(2))
    return a, b, np.empty(N, dtype=np.int64)


def bind_c(fn, a, b, out):
    pa, pb, pout = ptr(a), ptr(b), ptr(out)
    return lambda: fn(pa, pb, pout, N)


SIGNATURE = (VOID, (PTR, PTR, PTR, I64), bind_c)
TITLE = f"elementwise GCD of two {N:,}-element int64 arrays (Euclid's algorithm)"
NOTES = "The source keeps Python's % (no cdivision); the operands are never negative."
KERNELS = [
    defs.Kernel(
        name="gcd",
        title=TITLE,
        make_args=make_args,
        reference=reference,
        outputs=(2,),
        notes=NOTES,
        variants=[
            *defs.same_source("gcd.py", "gcd"),
            defs.pythran("gcd_pythran.py", "gcd"),
            defs.numba("gcd_numba.py", "gcd", "Numba @vectorize"),
            defs.numpy("gcd_numpy.py", "gcd", "NumPy np.gcd"),
            defs.c("gcd.c", "gcd", *SIGNATURE),
        ],
    ),
    defs.Kernel(
        name="gcd_prange",
        title=TITLE + ", in parallel",
        make_args=make_args,
        reference=reference,
        outputs=(2,),
        notes=NOTES,
        parallel=True,
        variants=[
            *defs.same_source("gcd_prange.py", "gcd"),
            defs.pythran("gcd_pythran.py", "gcd_prange"),
            defs.numba("gcd_numba_parallel.py", "gcd", "Numba @vectorize parallel"),
            defs.c("gcd.c", "gcd_omp", *SIGNATURE),
        ],
    ),
]
