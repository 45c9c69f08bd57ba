"""One integral of f(x) = x*x - x, scalars only, in tutorial step 4: everything typed."""
import cython


@cython.cfunc
def f(x: cython.double) -> cython.double:
    return x * x - x


def integrate(lo: cython.double, hi: cython.double, n: cython.long) -> cython.double:
    width: cython.double = (hi - lo) / n
    total: cython.double = 0.0
    k: cython.long
    for k in range(n):
        total += f(lo + k * width)
    return total * width
