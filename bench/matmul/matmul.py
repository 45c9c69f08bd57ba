# cython: boundscheck=False, wraparound=False
"""Naive matrix product out = a @ b: three loops, no blocking, in i-k-j order so that the
innermost loop walks rows of b and out."""
import cython


def matmul(a: cython.double[:, ::1], b: cython.double[:, ::1], out: cython.double[:, ::1]):
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    k: cython.Py_ssize_t
    aik: cython.double
    for i in range(a.shape[0]):
        for j in range(b.shape[1]):
            out[i, j] = 0.0
        for k in range(a.shape[1]):
            aik = a[i, k]
            for j in range(b.shape[1]):
                out[i, j] += aik * b[k, j]
