import cython
import numpy as np


def ops(z: complex, x: cython.double):
    a = z // 2
    b = z % x
    c = ~z
    d = float(z)
    e = int(z)
    f: cython.double = z
    g = z.phase
    h = 1.5 >= z
    k = z is x
    return a, b, c, d, e, f, g, h, k


def longdouble(z: cython.longdoublecomplex):
    return z


def longdouble_view(a: cython.longdoublecomplex[:], b: cython.complx):
    return a[0] + (1j < 2), np.full(3, 1j, dtype=np.float64)
