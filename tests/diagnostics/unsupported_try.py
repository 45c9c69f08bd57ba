import cython


def safe_div(a: cython.int, b: cython.int) -> cython.int:
    try:
        return a // b
    except ZeroDivisionError:
        return 0
