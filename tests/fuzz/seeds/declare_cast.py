import cython



def f(x: float) -> int:
    y = cython.declare(cython.double, x)
    k = cython.cast(cython.int, y)
    s = cython.sizeof(cython.longlong) + cython.sizeof(k)
    if cython.compiled:
        return k + s
    return int(x) + cython.int(s) + bool(x)
