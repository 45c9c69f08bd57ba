"""Jacobi relaxation for Numba, serial and parallel=True over rows."""
from numba import njit, prange


@njit
def sweep(src, dst):
    for i in range(1, src.shape[0] - 1):
        for j in range(1, src.shape[1] - 1):
            dst[i, j] = 0.25 * (src[i - 1, j] + src[i + 1, j] + src[i, j - 1] + src[i, j + 1])


@njit(parallel=True)
def sweep_prange(src, dst):
    for i in prange(1, src.shape[0] - 1):
        for j in range(1, src.shape[1] - 1):
            dst[i, j] = 0.25 * (src[i - 1, j] + src[i + 1, j] + src[i, j - 1] + src[i, j + 1])


@njit
def jacobi(u, out, tmp, sweeps):
    out[:, :] = u
    tmp[:, :] = u
    for s in range(sweeps // 2):
        sweep(out, tmp)
        sweep(tmp, out)


@njit
def jacobi_prange(u, out, tmp, sweeps):
    out[:, :] = u
    tmp[:, :] = u
    for s in range(sweeps // 2):
        sweep_prange(out, tmp)
        sweep_prange(tmp, out)
