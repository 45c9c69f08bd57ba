"""Calling the hand-written C through ctypes with NumPy pointers.

Every C kernel takes plain pointers, int64 sizes and doubles. A spec's bind function turns the
shared arguments into ctypes values once, so a timed call costs one ctypes call (about a
microsecond), like the Python-level call every other variant pays.
"""
import ctypes

import numpy as np

PTR = ctypes.c_void_p
I32 = ctypes.c_int32
I64 = ctypes.c_int64
F64 = ctypes.c_double
VOID = None


def ptr(a: np.ndarray) -> int:
    """The address of a C-contiguous array's first element."""
    assert a.flags.c_contiguous, "C kernels take C-contiguous arrays"
    return a.ctypes.data


def load(path, symbol, restype, argtypes):
    lib = ctypes.CDLL(str(path))
    fn = getattr(lib, symbol)
    fn.restype = restype
    fn.argtypes = list(argtypes)
    return fn
