import cython


def describe(x: cython.int) -> str:
    return f"x = {x}"
