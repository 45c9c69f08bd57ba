# cython: boundscheck=False, wraparound=False
"""Jacobi relaxation of a 2-D grid: each sweep replaces every interior point by the mean of its
four neighbours, reading one grid and writing the other. The boundary stays fixed."""
import cython


@cython.cfunc
def sweep(src: cython.double[:, ::1], dst: cython.double[:, ::1]) -> cython.void:
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    for i in range(1, src.shape[0] - 1):
        for j in range(1, src.shape[1] - 1):
            dst[i, j] = 0.25 * (src[i - 1, j] + src[i + 1, j] + src[i, j - 1] + src[i, j + 1])


def jacobi(u: cython.double[:, ::1], out: cython.double[:, ::1], tmp: cython.double[:, ::1],
           sweeps: cython.int):
    """Relax u for an even number of sweeps into out, using tmp as the second grid."""
    s: cython.int
    out[:, :] = u
    tmp[:, :] = u
    for s in range(sweeps // 2):
        sweep(out, tmp)
        sweep(tmp, out)
