import cython


def extent(a: cython.double[:, :], k: cython.int) -> cython.Py_ssize_t:
    return a.shape[k]
