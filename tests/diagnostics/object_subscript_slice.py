import cython


def head(xs):
    return xs[1:3]
