"""rms: serial RMS normalisation of 1,000,000 float64 through generic views ([:]) whose buffers are
contiguous at run time, beside the same kernel declared contiguous ([::1])."""
import numpy as np

from benchlib import defs
from benchlib.cbind import I64, PTR, VOID, ptr

reference = defs.sibling(__file__, "rms_numpy.py").rms


def make_args(quick):
    x = np.random.default_rng(7).standard_normal(1_000_000)
    return x, np.empty_like(x)


def bind_c(fn, x, out):
    px, pout, n = ptr(x), ptr(out), x.size
    return lambda: fn(px, pout, n)


KERNELS = [defs.Kernel(
    name="rms",
    title="serial RMS normalisation out = x / sqrt(mean(x**2)) of 1,000,000 float64 through "
          "generic double[:] views (contiguous at run time)",
    make_args=make_args,
    reference=reference,
    outputs=(1,),
    bytes_moved=lambda args: 3 * args[0].nbytes,
    notes="'[::1]' rows compile rms_contig.py, the same kernel with contiguous views: the generic "
          "rows should match them. The sum is a serial floating-point reduction (not reassociated "
          "in any variant); the division loop is the one that vectorises.",
    variants=[
        *defs.same_source("rms.py", "rms"),
        *defs.same_source("rms_contig.py", "rms", " [::1]"),
        defs.numpy("rms_numpy.py", "rms", "NumPy"),
        defs.c("rms.c", "rms", VOID, (PTR, PTR, I64), bind_c),
    ],
)]
