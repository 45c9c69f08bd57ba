"""Elementwise GCD for Pythran, serial and OpenMP-parallel."""

#pythran export gcd(int64[], int64[], int64[])
#pythran export gcd_prange(int64[], int64[], int64[])


def gcd1(x, y):
    while y != 0:
        x, y = y, x % y
    return x


def gcd(a, b, out):
    for i in range(a.shape[0]):
        out[i] = gcd1(a[i], b[i])


def gcd_prange(a, b, out):
    #omp parallel for
    for i in range(a.shape[0]):
        out[i] = gcd1(a[i], b[i])
