import cython


def greet(name: str) -> str:
    return "hello
