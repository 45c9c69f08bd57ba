import cython


@cython.cfunc
x = 1
