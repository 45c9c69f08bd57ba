import cython


def f(a: cython.int, a: cython.notatype) -> cython.double:
    b: cython.int = "str"
    c = undefined_name + 1
    cython.declare(cython.int)
    d = cython.cast(cython.int)
    return f(1, 2, 3, q=4) + a.attr[1:2:3]


@cython.cfunc
@cython.locals(zz=cython.int)
def f(x):
    return
