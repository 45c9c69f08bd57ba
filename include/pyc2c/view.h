/* pyc2c/view.h: typed memoryviews. A pyc2c_View is plain data (base pointer, shape, strides in
 * bytes) that compiled code passes by value and indexes inline; the pyc2c_Buffer behind it is
 * acquired once by whoever received the Python object and released on every exit path. */
#ifndef PYC2C_VIEW_H
#define PYC2C_VIEW_H
#include "pyc2c/runtime.h"

#define PYC2C_MAX_DIMS 8

typedef struct pyc2c_View {
  PyObject *obj; /* the object viewed (borrowed: whoever holds the view keeps it alive) */
  char *data;
  Py_ssize_t shape[PYC2C_MAX_DIMS];
  Py_ssize_t strides[PYC2C_MAX_DIMS];
} pyc2c_View;

typedef struct pyc2c_Buffer {
  Py_buffer view;
  int acquired;    /* view holds a buffer to release */
  PyObject *owner; /* for __array_interface__ exporters: the object keeping the memory alive */
} pyc2c_Buffer;

/* What a view annotation asks for: `cython.double[:, ::1]` is {"double", 'f', 8, 2, 'C', 1}. */
typedef struct pyc2c_ViewSpec {
  const char *type_name; /* Cython's name of the element type, for messages */
  char kind;             /* 'i' signed integer, 'u' unsigned, 'f' float, 'c' complex, 'b' bool */
  int itemsize;
  int ndim;
  char contig;  /* 0 (strided), 'C' or 'F' */
  int writable; /* the code writes through the view */
} pyc2c_ViewSpec;

/* Acquires `obj` as a view matching `spec`, with Cython's errors (and the argument's name):
 * TypeError for None or a non-buffer, ValueError "Buffer dtype mismatch, expected 'double' but
 * got 'long'", "Buffer has wrong number of dimensions (expected 2, got 1)", "ndarray is not
 * C-contiguous", "buffer source array is read-only". 0 on success; on failure nothing is held. */
int pyc2c_view_acquire(PyObject *obj, const pyc2c_ViewSpec *spec, const char *argname,
                       pyc2c_Buffer *buf, pyc2c_View *v);
void pyc2c_view_release(pyc2c_Buffer *buf);

/* A view of `obj` taken by compiled code (a local, a cfunc's argument): as pyc2c_view_acquire
 * (argname NULL: messages without it), with the buffer kept by a new holder object, returned in
 * *holder (a new reference) and set as v->obj, so it lives as long as the views that hold it.
 * pyc2c_view_object gives the object a view's obj stands for (the holder's object, or obj). */
int pyc2c_view_from_object(PyObject *obj, const pyc2c_ViewSpec *spec, const char *argname,
                           PyObject **holder, pyc2c_View *v);
PyObject *pyc2c_view_object(PyObject *o);

/* a[...] = b: ValueError "got differing extents in dimension 0 (got 3 and 4)" unless the shapes
 * agree; overlapping views copy as if the source were read first. a[...] = x: fills. */
int pyc2c_view_copy(pyc2c_View *dst, const pyc2c_View *src, int ndim, Py_ssize_t itemsize);
void pyc2c_view_fill(pyc2c_View *dst, int ndim, const void *value, Py_ssize_t itemsize);

/* IndexError "Out of bounds on buffer access (axis N)"; returns -1 for the caller's error path. */
int pyc2c_view_index_error(int axis);

/* A sub-view given back to Python: a `memoryview` with the view's shape, strides and format (a
 * struct-module code such as 'd'), sharing its memory and keeping its object alive. Read-only if
 * `readonly` (a const view) or if the object's buffer is. The format 'D' stands for "Zd" (double
 * complex) and 'F' for "Zf" (float complex). New reference, or NULL with an error. */
PyObject *pyc2c_view_to_memoryview(pyc2c_View v, int ndim, char format, Py_ssize_t itemsize,
                                   int readonly);

/* Exact Py_ssize_t arithmetic for the test before a versioned loop nest: an overflow sets *ovf
 * (and the test then fails, running the checked copy). */
static inline Py_ssize_t pyc2c_bound_add(Py_ssize_t a, Py_ssize_t b, int *ovf) {
  Py_ssize_t r;
  if (__builtin_add_overflow(a, b, &r))
    *ovf = 1;
  return r;
}
static inline Py_ssize_t pyc2c_bound_sub(Py_ssize_t a, Py_ssize_t b, int *ovf) {
  Py_ssize_t r;
  if (__builtin_sub_overflow(a, b, &r))
    *ovf = 1;
  return r;
}

/* The bytes a view can reach: [*lo, *hi) (addresses as integers) and 1, 0 for an empty view, or
 * -1 when the range does not fit the address space (shape * stride or the addresses overflow, as
 * with np.lib.stride_tricks.as_strided and huge strides): no test can then call it disjoint. */
static inline int pyc2c_view_extent(const pyc2c_View *v, int ndim, Py_ssize_t itemsize,
                                    uintptr_t *lo, uintptr_t *hi) {
  Py_ssize_t below = 0, above = itemsize;
  int ovf = 0;
  for (int d = 0; d < ndim; d++) {
    if (v->shape[d] <= 0)
      return 0;
    Py_ssize_t span;
    ovf |= __builtin_mul_overflow(v->shape[d] - 1, v->strides[d], &span);
    ovf |= span < 0 ? __builtin_add_overflow(below, span, &below)
                    : __builtin_add_overflow(above, span, &above);
  }
  /* below <= 0 < above: the range must not wrap around either end of the address space */
  ovf |= __builtin_sub_overflow((uintptr_t)v->data, (uintptr_t)0 - (uintptr_t)below, lo);
  ovf |= __builtin_add_overflow((uintptr_t)v->data, (uintptr_t)above, hi);
  return ovf ? -1 : 1;
}

/* For the test before a versioned loop nest (emit/version.c): can no element of `a` be an
 * element of `b`? Then the nest's copy with restrict-qualified base pointers may run. An empty
 * view has no element; a view whose range overflows may reach anything. */
static inline int pyc2c_view_disjoint(pyc2c_View a, int a_ndim, Py_ssize_t a_itemsize,
                                      pyc2c_View b, int b_ndim, Py_ssize_t b_itemsize) {
  uintptr_t alo, ahi, blo, bhi;
  int ea = pyc2c_view_extent(&a, a_ndim, a_itemsize, &alo, &ahi);
  int eb = pyc2c_view_extent(&b, b_ndim, b_itemsize, &blo, &bhi);
  if (ea == 0 || eb == 0)
    return 1;
  if (ea < 0 || eb < 0)
    return 0;
  return ahi <= blo || bhi <= alo;
}

/* The fast copy of a loop nest over disjoint views is a helper with restrict-qualified
 * parameters (C compilers honour restrict on parameters, also once inlined, not on locals). */
#define PYC2C_NEST static inline __attribute__((always_inline))

#endif
