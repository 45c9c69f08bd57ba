import cython
import numpy as np

def f(a: cython.doublecomplex[:], z: complex, w: cython.floatcomplex, x: cython.double):
    s = 0j
    for i in range(a.shape[0]):
        s += a[i] * z / (1 + 2j) - x ** z
        a[i] = complex(x, s.imag).conjugate()
    r = np.zeros(3, dtype=np.complex64)
    r[0] = w
    return s == z, s != 1.5, abs(s), s.real, cython.cast(cython.doublecomplex, x), r
