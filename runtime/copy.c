/* copy.c: whole-view assignment: `a[:, :] = b` (copy, with Cython's shape check) and
 * `a[:] = x` (fill). Element by element through the strides; a copy between views of
 * overlapping memory goes through a temporary, so it behaves as if the source were read first. */
#include "pyc2c/parallel.h"
#include "pyc2c/view.h"
#include <stdlib.h>
#include <string.h>

static void copy_rec(char *d, const Py_ssize_t *dst_strides, const char *s,
                     const Py_ssize_t *src_strides, const Py_ssize_t *shape, int ndim,
                     Py_ssize_t itemsize) {
  if (ndim == 1) {
    if (dst_strides[0] == itemsize && src_strides[0] == itemsize)
      memcpy(d, s, (size_t)(shape[0] * itemsize));
    else
      for (Py_ssize_t i = 0; i < shape[0]; i++)
        memcpy(d + i * dst_strides[0], s + i * src_strides[0], (size_t)itemsize);
    return;
  }
  for (Py_ssize_t i = 0; i < shape[0]; i++)
    copy_rec(d + i * dst_strides[0], dst_strides + 1, s + i * src_strides[0], src_strides + 1,
             shape + 1, ndim - 1, itemsize);
}

/* The byte range [lo, hi) a view touches. */
static void extent(const pyc2c_View *v, int ndim, Py_ssize_t itemsize, char **lo, char **hi) {
  char *a = v->data, *b = v->data;
  for (int k = 0; k < ndim; k++) {
    if (v->shape[k] == 0) {
      *lo = *hi = v->data;
      return;
    }
    Py_ssize_t span = (v->shape[k] - 1) * v->strides[k];
    if (span < 0)
      a += span;
    else
      b += span;
  }
  *lo = a;
  *hi = b + itemsize;
}

int pyc2c_view_copy(pyc2c_View *dst, const pyc2c_View *src, int ndim, Py_ssize_t itemsize) {
  Py_ssize_t count = 1;
  for (int k = 0; k < ndim; k++) {
    if (dst->shape[k] != src->shape[k]) {
      char msg[128]; /* may run without the GIL (a nogil block): the GIL-aware helper raises */
      snprintf(msg, sizeof msg, "got differing extents in dimension %d (got %zd and %zd)", k,
               dst->shape[k], src->shape[k]);
      pyc2c_raise_str(PyExc_ValueError, msg);
      return -1;
    }
    count *= src->shape[k];
  }
  if (count == 0)
    return 0;
  char *dlo, *dhi, *slo, *shi;
  extent(dst, ndim, itemsize, &dlo, &dhi);
  extent(src, ndim, itemsize, &slo, &shi);
  if (dlo < shi && slo < dhi) { /* overlap: copy the source out first, C-ordered */
    char *tmp = PyMem_RawMalloc((size_t)(count * itemsize)); /* Raw: no GIL needed */
    if (!tmp) {
      PyGILState_STATE g;
      int entered = pyc2c_nogil_enter(&g);
      PyErr_NoMemory();
      pyc2c_nogil_leave(entered, g);
      return -1;
    }
    Py_ssize_t tstrides[PYC2C_MAX_DIMS];
    Py_ssize_t st = itemsize;
    for (int k = ndim - 1; k >= 0; k--) {
      tstrides[k] = st;
      st *= src->shape[k];
    }
    copy_rec(tmp, tstrides, src->data, src->strides, src->shape, ndim, itemsize);
    copy_rec(dst->data, dst->strides, tmp, tstrides, src->shape, ndim, itemsize);
    PyMem_RawFree(tmp);
    return 0;
  }
  copy_rec(dst->data, dst->strides, src->data, src->strides, src->shape, ndim, itemsize);
  return 0;
}

static void fill_rec(char *d, const Py_ssize_t *strides, const Py_ssize_t *shape, int ndim,
                     const void *value, Py_ssize_t itemsize) {
  for (Py_ssize_t i = 0; i < shape[0]; i++) {
    if (ndim == 1)
      memcpy(d + i * strides[0], value, (size_t)itemsize);
    else
      fill_rec(d + i * strides[0], strides + 1, shape + 1, ndim - 1, value, itemsize);
  }
}

void pyc2c_view_fill(pyc2c_View *dst, int ndim, const void *value, Py_ssize_t itemsize) {
  fill_rec(dst->data, dst->strides, dst->shape, ndim, value, itemsize);
}
