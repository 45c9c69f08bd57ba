import cython


def fl(x: cython.double, y: cython.float, n: cython.int) -> cython.double:
    a = x ** y + x ** -2 + 2 ** 3 + n ** 2
    b = x // y + x % y + float(n) + 1e-308 * 0x1F + 0o17 - 0b101 + 1_000_000
    c: cython.longdouble = a
    return (a - b) / c if c else -0.0
