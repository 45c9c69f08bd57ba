import cython


def gcd(a: cython.long[:], b: cython.long[:], out: cython.long[:]):
    i: cython.Py_ssize_t
    x: cython.long
    y: cython.long
    for i in range(a.shape[0]):
        x, y = a[i], b[i]
        while y != 0:
            x, y = y, x % y
            if x < 0:
                continue
        out[i] = x


def escape(out: cython.int[:], cr0: cython.double, maxiter: cython.int):
    i: cython.Py_ssize_t
    zr: cython.double
    it: cython.int
    for i in range(out.shape[0]):
        zr = 0.0
        it = 0
        while it < maxiter and zr * zr <= 4.0:
            zr = zr * zr + cr0 + i * 0.01
            it += 1
        out[i] = it
