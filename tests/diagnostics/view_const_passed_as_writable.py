import cython


@cython.cfunc
def clear(w: cython.double[:]) -> cython.void:
    w[0] = 0.0


def run(a: cython.const[cython.double][:]):
    clear(a)
