import cython


# Each of these can reach its end: an error each.
def handler_falls(x: cython.double) -> cython.double:
    try:
        return 1.0 / x
    except ZeroDivisionError:
        pass


def else_falls(x: cython.int) -> cython.int:
    try:
        y: cython.int = 10 // x
    except ZeroDivisionError:
        return 0
    else:
        y += 1


def finally_only(x: cython.int) -> cython.int:
    try:
        x += 1
    finally:
        x -= 1


def manager_may_swallow(cm, x: cython.double) -> cython.double:
    with cm:  # cm.__exit__ may suppress the ZeroDivisionError
        return 1.0 / x


# These always return: no error.
def both_return(x: cython.double) -> cython.double:
    try:
        return 1.0 / x
    except ZeroDivisionError:
        return 0.0


def finally_returns(x: cython.int) -> cython.int:
    try:
        x += 1
    finally:
        return x


def directive_block(x: cython.int) -> cython.int:
    with cython.wraparound(False):
        try:
            return 10 // x
        except ZeroDivisionError:
            raise ValueError("x is 0")
