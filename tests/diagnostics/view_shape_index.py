import cython


def extents(a: cython.double[:, :], x: cython.double):
    return a.shape[1:], a.strides[x], a.shape[2], a.shape[-3]
