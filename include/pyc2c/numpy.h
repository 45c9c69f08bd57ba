/* pyc2c/numpy.h: NumPy allocation for modules that use NumPy (and only those: a module that does
 * not use it never includes this or imports numpy). NumPy's C API table is per translation unit,
 * so these helpers are inline in the module; the module's init calls import_array. */
#ifndef PYC2C_NUMPY_H
#define PYC2C_NUMPY_H
#include "pyc2c/view.h"
#define NPY_NO_DEPRECATED_API NPY_1_7_API_VERSION
#include <numpy/arrayobject.h>

/* np.empty / np.zeros of `nd` dimensions (new reference, or NULL with NumPy's exception). */
static inline PyObject *pyc2c_np_new(int nd, npy_intp *dims, int typenum, int zero, int fortran) {
  return zero ? PyArray_ZEROS(nd, dims, typenum, fortran) : PyArray_EMPTY(nd, dims, typenum, fortran);
}

/* The array as a view (borrowing it: the caller keeps the array alive). */
static inline void pyc2c_np_view(PyObject *arr, pyc2c_View *v) {
  PyArrayObject *a = (PyArrayObject *)arr;
  int nd = PyArray_NDIM(a);
  v->obj = arr;
  v->data = PyArray_BYTES(a);
  for (int d = 0; d < nd && d < PYC2C_MAX_DIMS; d++) {
    v->shape[d] = PyArray_DIM(a, d);
    v->strides[d] = PyArray_STRIDE(a, d);
  }
}

#endif
