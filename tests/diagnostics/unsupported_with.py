import cython


def first_line(path: str) -> str:
    with open(path) as fh:
        return fh.readline()
