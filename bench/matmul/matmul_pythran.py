"""Naive matrix product for Pythran."""

#pythran export matmul(float64[:,:], float64[:,:], float64[:,:])


def matmul(a, b, out):
    for i in range(a.shape[0]):
        for j in range(b.shape[1]):
            out[i, j] = 0.0
        for k in range(a.shape[1]):
            aik = a[i, k]
            for j in range(b.shape[1]):
                out[i, j] += aik * b[k, j]
