import cython


def f() -> str:
    return "café"
