"""nbody: one step of a softened 1000-body simulation (all pairs)."""
import numpy as np

from benchlib import defs
from benchlib.cbind import F64, I64, PTR, VOID, ptr

DT, EPS2 = 1e-3, 1e-2
reference = defs.sibling(__file__, "nbody_numpy.py").nbody_step


def make_args(quick):
    n = 400 if quick else 1000
    rng = np.random.default_rng(6)
    pos, vel, mass = rng.random((n, 3)), rng.standard_normal((n, 3)), rng.random(n) / n
    return pos, vel, mass, DT, EPS2, np.empty((n, 3)), np.empty((n, 3))


def bind_c(fn, pos, vel, mass, dt, eps2, new_pos, new_vel):
    ptrs = [ptr(a) for a in (pos, vel, mass)]
    outs = [ptr(a) for a in (new_pos, new_vel)]
    n = len(mass)
    return lambda: fn(*ptrs, dt, eps2, *outs, n)


KERNELS = [defs.Kernel(
    name="nbody",
    title="one step of a softened n-body simulation of 1000 bodies (all 10^6 pairs)",
    make_args=make_args,
    reference=reference,
    outputs=(5, 6),
    atol=1e-9,  # accelerations are sums with cancellation
    variants=[
        *defs.same_source("nbody.py", "nbody_step"),
        defs.pythran("nbody_pythran.py", "nbody_step"),
        defs.numba("nbody_numba.py", "nbody_step"),
        defs.numpy("nbody_numpy.py", "nbody_step"),
        *defs.c_pair("nbody.c", "nbody_step", VOID, (PTR, PTR, PTR, F64, F64, PTR, PTR, I64),
                     bind_c),
    ],
)]
