"""integrate_scalar: one integral, scalars only: the language issue's step 2 against step 4."""
from benchlib import defs
from benchlib.cbind import F64, I64

reference = defs.sibling(__file__, "scalar_numpy.py").integrate


def make_args(quick):
    return (0.0, 3.0, 200_000 if quick else 2_000_000)


def bind_c(fn, lo, hi, n):
    return lambda: fn(lo, hi, n)


KERNELS = [defs.Kernel(
    name="integrate_scalar",
    title="one integral of f(x) = x*x - x over [0, 3] with 2,000,000 rectangles, scalar code "
          "only, in tutorial steps 2 (arguments annotated) and 4 (everything typed)",
    make_args=make_args,
    reference=reference,
    variants=[
        defs.pyc2c("scalar_step4.py", "integrate", "pyc2c (step 4)"),
        defs.pyc2c("scalar_step2.py", "integrate", "pyc2c (step 2)"),
        defs.cython("scalar_step4.py", "integrate", "Cython (step 4)"),
        defs.cython("scalar_step2.py", "integrate", "Cython (step 2)"),
        defs.pythran("scalar_pythran.py", "integrate"),
        defs.numba("scalar_numba.py", "integrate"),
        defs.numpy("scalar_numpy.py", "integrate"),
        *defs.c_pair("scalar.c", "integrate", F64, (F64, F64, I64), bind_c),
        defs.python("scalar_step2.py", "integrate", "Python (step 2)"),
    ],
)]
