import cython


def cmp(a: cython.int, b: cython.int, c: cython.double) -> cython.bint:
    ok = 0 <= a < b <= c != 3 and not (a == b or c != 0.5)
    return ok or (a > b and c >= 1.5e300)


def cond(x: object, y: bool, z: str = "s") -> object:
    return x if y else z
