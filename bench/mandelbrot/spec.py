"""mandelbrot: escape counts of a 600x400 grid over [-2, 1] x [-1, 1], 100 iterations at most,
serial and with prange over rows."""
import numpy as np

from benchlib import defs
from benchlib.cbind import F64, I32, I64, PTR, VOID, ptr

WIDTH, HEIGHT, MAXITER = 600, 400, 100
X0, Y0, STEP = -2.0, -1.0, 3.0 / WIDTH
# Pixels whose orbit grazes |z| = 2 may escape one iteration apart when a compiler fuses
# multiply-adds (gcc does under -march=native); a handful of such pixels is not a wrong result.
MAX_DIFFERENT_PIXELS = 1e-3

reference = defs.sibling(__file__, "mandelbrot_numpy.py").mandelbrot


def make_args(quick):
    return np.empty((HEIGHT, WIDTH), dtype=np.int32), X0, Y0, STEP, MAXITER


def check(expected, got):
    (e,), (g,) = expected, got
    different = np.count_nonzero(e != g)
    if different > MAX_DIFFERENT_PIXELS * e.size:
        return f"{different} of {e.size} pixels differ from the reference"
    return None


def bind_c(fn, counts, x0, y0, step, maxiter):
    pc, (rows, cols) = ptr(counts), counts.shape
    return lambda: fn(pc, rows, cols, x0, y0, step, maxiter)


SIGNATURE = (VOID, (PTR, I64, I64, F64, F64, F64, I32), bind_c)
TITLE = f"Mandelbrot escape counts of a {WIDTH}x{HEIGHT} grid, at most {MAXITER} iterations"
KERNELS = [
    defs.Kernel(
        name="mandelbrot",
        title=TITLE,
        make_args=make_args,
        reference=reference,
        outputs=(0,),
        check=check,
        notes=f"Up to {MAX_DIFFERENT_PIXELS:.1%} of pixels may differ (fused multiply-adds).",
        variants=[
            *defs.same_source("mandelbrot.py", "mandelbrot"),
            defs.pythran("mandelbrot_pythran.py", "mandelbrot"),
            defs.numba("mandelbrot_numba.py", "mandelbrot"),
            defs.numpy("mandelbrot_numpy.py", "mandelbrot"),
            defs.c("mandelbrot.c", "mandelbrot", *SIGNATURE),
        ],
    ),
    defs.Kernel(
        name="mandelbrot_prange",
        title=TITLE + ", rows in parallel",
        make_args=make_args,
        reference=reference,
        outputs=(0,),
        check=check,
        parallel=True,
        variants=[
            *defs.same_source("mandelbrot_prange.py", "mandelbrot"),
            defs.pythran("mandelbrot_pythran.py", "mandelbrot_prange"),
            defs.numba("mandelbrot_numba.py", "mandelbrot_prange", "Numba parallel"),
            defs.c("mandelbrot.c", "mandelbrot_omp", *SIGNATURE),
        ],
    ),
]
