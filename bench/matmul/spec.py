"""matmul: the naive 256x256 matrix product, with np.dot (BLAS) as the limit."""
import numpy as np

from benchlib import defs
from benchlib.cbind import I64, PTR, VOID, ptr

reference = defs.sibling(__file__, "matmul_numpy.py").matmul


def make_args(quick):
    n = 128 if quick else 256
    rng = np.random.default_rng(6)
    return rng.random((n, n)), rng.random((n, n)), np.empty((n, n))


def bind_c(fn, a, b, out):
    pa, pb, pout, (n, m), p = ptr(a), ptr(b), ptr(out), a.shape, b.shape[1]
    return lambda: fn(pa, pb, pout, n, m, p)


KERNELS = [defs.Kernel(
    name="matmul",
    title="naive product of two 256x256 float64 matrices (three loops, i-k-j order)",
    make_args=make_args,
    reference=reference,
    outputs=(2,),
    notes="np.dot calls OpenBLAS (blocked and tuned; one thread, as the kernel is serial): "
          "a limit, not a peer.",
    variants=[
        *defs.same_source("matmul.py", "matmul"),
        *defs.same_source("matmul.py", "matmul", " (checked)", checked=True),
        defs.pythran("matmul_pythran.py", "matmul"),
        defs.numba("matmul_numba.py", "matmul"),
        defs.c("matmul.c", "matmul", VOID, (PTR, PTR, PTR, I64, I64, I64), bind_c),
        defs.numpy("matmul_numpy.py", "matmul", "np.dot (BLAS, 1 thread)", role=defs.LIMIT),
    ],
)]
