"""One integral of f(x) = x*x - x, scalars only, in tutorial step 2: arguments annotated,
locals left to inference. Uses only what pyc2c's first language subset covers."""
import cython


def f(x: cython.double):
    return x * x - x


def integrate(lo: cython.double, hi: cython.double, n: cython.long):
    width = (hi - lo) / n
    total = 0
    for k in range(n):
        total += f(lo + k * width)
    return total * width
