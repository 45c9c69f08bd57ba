"""pairwise: Euclidean distances between all pairs of 1000 points in 3-D."""
import numpy as np

from benchlib import defs
from benchlib.cbind import I64, PTR, VOID, ptr

reference = defs.sibling(__file__, "pairwise_numpy.py").pairwise


def make_args(quick):
    n = 400 if quick else 1000
    points = np.random.default_rng(6).random((n, 3))
    return points, np.empty((n, n))


def bind_c(fn, p, out):
    pp, pout, (n, dims) = ptr(p), ptr(out), p.shape
    return lambda: fn(pp, pout, n, dims)


KERNELS = [defs.Kernel(
    name="pairwise",
    title="Euclidean distances between all pairs of 1000 points in 3-D (a 1000x1000 result)",
    make_args=make_args,
    reference=reference,
    outputs=(1,),
    variants=[
        *defs.same_source("pairwise.py", "pairwise"),
        *defs.same_source("pairwise.py", "pairwise", " (checked)", checked=True),
        defs.pythran("pairwise_pythran.py", "pairwise"),
        defs.numba("pairwise_numba.py", "pairwise"),
        defs.numpy("pairwise_numpy.py", "pairwise"),
        defs.c("pairwise.c", "pairwise", VOID, (PTR, PTR, I64, I64), bind_c),
    ],
)]
