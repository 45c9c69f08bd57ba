import cython
@cython.cfunc
def cf(a: cython.int) -> cython.int:
    return a

def g(xs):
    return cf(*xs)
