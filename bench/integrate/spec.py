"""integrate: the Cython tutorial's example, our own code, in steps 1, 2 and 4."""
import numpy as np

from benchlib import defs
from benchlib.cbind import I64, PTR, VOID, ptr

reference = defs.sibling(__file__, "integrate_numpy.py").apply_integrate

ROWS = 1000
N_RANGE = (100, 1000)


def make_args(quick):
    rng = np.random.default_rng(6)
    return (rng.standard_normal(ROWS), rng.standard_normal(ROWS),
            rng.integers(*N_RANGE, size=ROWS, dtype=np.int64))


def bind_c(fn, col_lo, col_hi, col_n):
    lo, hi, n, rows = ptr(col_lo), ptr(col_hi), ptr(col_n), len(col_n)

    def call():
        res = np.empty(rows, dtype=np.float64)
        fn(lo, hi, n, res.ctypes.data, rows)
        return res
    return call


ENTRY = "apply_integrate"
KERNELS = [defs.Kernel(
    name="integrate",
    title=f"{ROWS:,} rows of f(x) = x*x - x integrated with N in [{N_RANGE[0]}, {N_RANGE[1]}) "
          "rectangles; the source in tutorial steps 1 (no annotations), 2 (arguments only) "
          "and 4 (everything typed)",
    make_args=make_args,
    reference=reference,
    atol=1e-9,
    variants=[
        defs.pyc2c("integrate_step4.py", ENTRY, "pyc2c (step 4)"),
        defs.pyc2c("integrate_step2.py", ENTRY, "pyc2c (step 2)"),
        defs.pyc2c("integrate_step1.py", ENTRY, "pyc2c (step 1)"),
        defs.pyc2c_fastmath("integrate_step4.py", ENTRY, "pyc2c -X fastmath (step 4)"),
        defs.cython("integrate_step4.py", ENTRY, "Cython (step 4)"),
        defs.cython("integrate_step2.py", ENTRY, "Cython (step 2)"),
        defs.cython("integrate_step1.py", ENTRY, "Cython (step 1)"),
        defs.pythran("integrate_pythran.py", ENTRY),
        defs.numba("integrate_numba.py", ENTRY),
        defs.numpy("integrate_numpy.py", ENTRY),
        *defs.c_pair("integrate.c", ENTRY, VOID, (PTR, PTR, PTR, PTR, I64), bind_c),
        defs.python("integrate_step1.py", ENTRY, "Python (step 1)"),
    ],
)]
