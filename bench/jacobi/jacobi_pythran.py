"""Jacobi relaxation for Pythran, serial and with OpenMP over rows."""

#pythran export jacobi(float64[:,:], float64[:,:], float64[:,:], int)
#pythran export jacobi_prange(float64[:,:], float64[:,:], float64[:,:], int)


def sweep(src, dst):
    for i in range(1, src.shape[0] - 1):
        for j in range(1, src.shape[1] - 1):
            dst[i, j] = 0.25 * (src[i - 1, j] + src[i + 1, j] + src[i, j - 1] + src[i, j + 1])


def sweep_prange(src, dst):
    #omp parallel for
    for i in range(1, src.shape[0] - 1):
        for j in range(1, src.shape[1] - 1):
            dst[i, j] = 0.25 * (src[i - 1, j] + src[i + 1, j] + src[i, j - 1] + src[i, j + 1])


def jacobi(u, out, tmp, sweeps):
    out[:, :] = u
    tmp[:, :] = u
    for s in range(sweeps // 2):
        sweep(out, tmp)
        sweep(tmp, out)


def jacobi_prange(u, out, tmp, sweeps):
    out[:, :] = u
    tmp[:, :] = u
    for s in range(sweeps // 2):
        sweep_prange(out, tmp)
        sweep_prange(tmp, out)
