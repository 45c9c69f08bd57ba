def f(x):
    __debug__ = 1
    return x


def g(__debug__):
    return 1
