import cython
import pyc2c


@cython.exceptval(-1)
def on_a_def(x: cython.int) -> cython.int:
    return x


@cython.cfunc
@cython.exceptval(-1)
def returns_object(x):
    return x


@cython.cfunc
@cython.exceptval(300)
def value_does_not_fit(x: cython.char) -> cython.char:
    return x


@cython.cfunc
@cython.exceptval(-1, check="yes")
def bad_check(x: cython.int) -> cython.int:
    return x


@cython.cfunc
@cython.exceptval(-1)
def returns_none(x: cython.int) -> None:
    pass


@pyc2c.fastmath(True)
def fastmath_with_argument(x: float) -> float:
    return x


@pyc2c.vectorize
def not_yet(x: float) -> float:
    return x
