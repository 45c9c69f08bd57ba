import cython
import numpy as np


def make(n: cython.int):
    return np.zeros(n, dtype=np.object_)
