import cython
import numpy as np


def make(n: cython.int):
    return np.arange(n)
