import cython


def scale(a: cython.const[cython.double][:, ::1], b: cython.double[:, ::1]):
    b[0, 0] = a[0, 0]
    a[0, 0] = 1.0
    a[0, 1] += 2.0
    a[:, :] = 3.0
    a[1:, :] = b[1:, :]
    row = a[0]
    row[1] = 2.0
