import cython

def f(a: cython.double[:], b: cython.double[:]):
    return a is b

def g(a: cython.double[:]):
    if a:
        return 1
    return 0
