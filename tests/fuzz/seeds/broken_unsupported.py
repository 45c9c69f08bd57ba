import cython
import numpy as np
from math import sqrt


class C:
    def m(self):
        return [i for i in range(3)]


def g(*args, **kw):
    with open("x") as f:
        yield lambda y: y
    try:
        del x
    except Exception:
        global z
    return {1: 2}, {3}, f"{args}"
