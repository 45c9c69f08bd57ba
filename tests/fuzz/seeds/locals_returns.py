import cython


@cython.locals(i=cython.int, acc=cython.double)
@cython.returns(cython.double)
def mean(n: cython.int):
    acc = 0
    for i in range(n):
        acc += i
    return acc / n if n else 0.0


@cython.ccall
def twice(x: cython.float) -> cython.float:
    return x * 2


@cython.inline
@cython.cfunc
def sq(x: cython.longlong) -> cython.longlong:
    return x * x
