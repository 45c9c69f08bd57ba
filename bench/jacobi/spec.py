"""jacobi: 20 Jacobi sweeps of a 1000x1000 grid, serial and with prange over rows."""
import numpy as np

from benchlib import defs
from benchlib.cbind import I64, PTR, VOID, ptr

SWEEPS = 20  # even: the sweeps go out -> tmp -> out
reference = defs.sibling(__file__, "jacobi_numpy.py").jacobi


def make_args(quick):
    n = 400 if quick else 1000
    u = np.random.default_rng(6).random((n, n))
    return u, np.empty((n, n)), np.empty((n, n)), SWEEPS


def bind_c(fn, u, out, tmp, sweeps):
    pu, pout, ptmp, (rows, cols) = ptr(u), ptr(out), ptr(tmp), u.shape
    return lambda: fn(pu, pout, ptmp, rows, cols, sweeps)


SIGNATURE = (VOID, (PTR, PTR, PTR, I64, I64, I64), bind_c)
TITLE = f"{SWEEPS} Jacobi sweeps (4-neighbour mean) of a 1000x1000 float64 grid"
KERNELS = [
    defs.Kernel(
        name="jacobi",
        title=TITLE,
        make_args=make_args,
        reference=reference,
        outputs=(1,),
        scratch=(2,),
        variants=[
            *defs.same_source("jacobi.py", "jacobi"),
            *defs.same_source("jacobi.py", "jacobi", " (checked)", checked=True),
            defs.pythran("jacobi_pythran.py", "jacobi"),
            defs.numba("jacobi_numba.py", "jacobi"),
            defs.numpy("jacobi_numpy.py", "jacobi"),
            defs.c("jacobi.c", "jacobi", *SIGNATURE),
        ],
    ),
    defs.Kernel(
        name="jacobi_prange",
        title=TITLE + ", rows in parallel",
        make_args=make_args,
        reference=reference,
        outputs=(1,),
        scratch=(2,),
        parallel=True,
        variants=[
            *defs.same_source("jacobi_prange.py", "jacobi"),
            defs.pythran("jacobi_pythran.py", "jacobi_prange"),
            defs.numba("jacobi_numba.py", "jacobi_prange", "Numba parallel"),
            defs.c("jacobi.c", "jacobi_omp", *SIGNATURE),
        ],
    ),
]
