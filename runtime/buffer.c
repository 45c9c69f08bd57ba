/* buffer.c: acquiring typed memoryviews from the buffer protocol (NumPy, array.array, memoryview,
 * bytearray) or from objects that only offer __array_interface__, with the checks and messages
 * Cython documents. NumPy is never imported here. */
#include "pyc2c/view.h"
#include <string.h>

typedef struct ElemType {
  char kind;
  int size;
  const char *name;
} ElemType;

/* Buffer-protocol format (struct module syntax) -> element type. False if not a single scalar. */
static int parse_format(const char *fmt, ElemType *t, int *big_endian) {
  *big_endian = 0;
  if (!fmt)
    fmt = "B";
  if (*fmt == '@' || *fmt == '=' || *fmt == '<')
    fmt++;
  else if (*fmt == '>' || *fmt == '!') {
    *big_endian = 1;
    fmt++;
  }
  if (*fmt == '1')
    fmt++;
  int complex_ = 0;
  if (*fmt == 'Z') {
    complex_ = 1;
    fmt++;
  }
  static const struct {
    char code;
    char kind;
    int size;
    const char *name;
  } codes[] = {
      {'b', 'i', 1, "signed char"},  {'B', 'u', 1, "unsigned char"},  {'c', 'i', 1, "char"},
      {'h', 'i', 2, "short"},        {'H', 'u', 2, "unsigned short"}, {'i', 'i', 4, "int"},
      {'I', 'u', 4, "unsigned int"}, {'l', 'i', sizeof(long), "long"},
      {'L', 'u', sizeof(long), "unsigned long"},
      {'q', 'i', 8, "long long"},    {'Q', 'u', 8, "unsigned long long"},
      {'n', 'i', sizeof(Py_ssize_t), "Py_ssize_t"}, {'N', 'u', sizeof(size_t), "size_t"},
      {'e', 'f', 2, "half"},         {'f', 'f', 4, "float"},          {'d', 'f', 8, "double"},
      {'g', 'f', sizeof(long double), "long double"}, {'?', 'b', 1, "bool"},
  };
  if (!*fmt || fmt[1])
    return 0;
  for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
    if (codes[i].code == *fmt) {
      if (complex_) {
        if (codes[i].kind != 'f')
          return 0;
        t->kind = 'c';
        t->size = 2 * codes[i].size;
        t->name = *fmt == 'f' ? "complex float" : *fmt == 'd' ? "complex double" : "complex long double";
      } else {
        t->kind = codes[i].kind;
        t->size = codes[i].size;
        t->name = codes[i].name;
      }
      return 1;
    }
  return 0;
}

static int fail(PyObject *exc, const char *argname, const char *fmt, const char *a, const char *b) {
  PyObject *msg = PyUnicode_FromFormat(fmt, a, b);
  if (msg) {
    PyErr_Format(exc, "%U (argument '%s')", msg, argname);
    Py_DECREF(msg);
  }
  return -1;
}

static int check_layout(const pyc2c_ViewSpec *spec, const char *argname, pyc2c_View *v,
                        Py_ssize_t itemsize) {
  if (!spec->contig)
    return 0;
  /* Dimensions of extent 1 may carry any stride (NumPy leaves them arbitrary). */
  Py_ssize_t expect = itemsize;
  for (int k = 0; k < spec->ndim; k++) {
    int d = spec->contig == 'C' ? spec->ndim - 1 - k : k;
    if (v->shape[d] > 1 && v->strides[d] != expect)
      return fail(PyExc_ValueError, argname, "ndarray is not %s%s",
                  spec->contig == 'C' ? "C-contiguous" : "Fortran contiguous", "");
    expect *= v->shape[d];
  }
  return 0;
}

static int check_elem(const pyc2c_ViewSpec *spec, const char *argname, const ElemType *got) {
  if (got->kind == spec->kind && got->size == spec->itemsize)
    return 0;
  return fail(PyExc_ValueError, argname, "Buffer dtype mismatch, expected '%s' but got '%s'",
              spec->type_name, got->name);
}

static int check_ndim(const pyc2c_ViewSpec *spec, const char *argname, int ndim) {
  if (ndim == spec->ndim)
    return 0;
  char e[16], g[16];
  snprintf(e, sizeof e, "%d", spec->ndim);
  snprintf(g, sizeof g, "%d", ndim);
  return fail(PyExc_ValueError, argname, "Buffer has wrong number of dimensions (expected %s, got %s)",
              e, g);
}

/* __array_interface__ (version 3): typestr like '<f8', data (address, read-only), shape,
 * strides (None for C order). */
static int from_array_interface(PyObject *obj, PyObject *ai, const pyc2c_ViewSpec *spec,
                                const char *argname, pyc2c_Buffer *buf, pyc2c_View *v) {
  PyObject *typestr = PyDict_Check(ai) ? PyDict_GetItemString(ai, "typestr") : NULL;
  PyObject *data = PyDict_Check(ai) ? PyDict_GetItemString(ai, "data") : NULL;
  PyObject *shape = PyDict_Check(ai) ? PyDict_GetItemString(ai, "shape") : NULL;
  PyObject *strides = PyDict_Check(ai) ? PyDict_GetItemString(ai, "strides") : NULL;
  if (!typestr || !PyUnicode_Check(typestr) || !data || !PyTuple_Check(data) ||
      PyTuple_GET_SIZE(data) != 2 || !shape || !PyTuple_Check(shape)) {
    PyErr_Format(PyExc_TypeError, "invalid __array_interface__ (argument '%s')", argname);
    return -1;
  }
  const char *ts = PyUnicode_AsUTF8(typestr);
  if (!ts)
    return -1;
  if (ts[0] == '>')
    return fail(PyExc_ValueError, argname, "Big-endian buffer not supported on little-endian compiler%s%s", "", "");
  ElemType got = {0, 0, ts};
  char kind = ts[0] ? ts[1] : 0;
  int size = ts[0] && ts[1] ? atoi(ts + 2) : 0;
  got.kind = kind == 'f' ? 'f' : kind == 'i' ? 'i' : kind == 'u' ? 'u' : kind == 'c' ? 'c' : kind == 'b' ? 'b' : 0;
  got.size = size;
  if (check_elem(spec, argname, &got) < 0)
    return -1;
  Py_ssize_t nd = PyTuple_GET_SIZE(shape);
  if (check_ndim(spec, argname, (int)nd) < 0)
    return -1;
  void *ptr = PyLong_AsVoidPtr(PyTuple_GET_ITEM(data, 0));
  if (!ptr && PyErr_Occurred())
    return -1;
  int readonly = PyObject_IsTrue(PyTuple_GET_ITEM(data, 1));
  if (readonly < 0)
    return -1;
  if (readonly && spec->writable)
    return fail(PyExc_ValueError, argname, "buffer source array is read-only%s%s", "", "");
  Py_ssize_t stride = size;
  for (Py_ssize_t k = nd - 1; k >= 0; k--) {
    v->shape[k] = PyLong_AsSsize_t(PyTuple_GET_ITEM(shape, k));
    if (v->shape[k] == -1 && PyErr_Occurred())
      return -1;
    if (strides && strides != Py_None) {
      if (!PyTuple_Check(strides) || PyTuple_GET_SIZE(strides) != nd) {
        PyErr_Format(PyExc_TypeError, "invalid __array_interface__ strides (argument '%s')", argname);
        return -1;
      }
      v->strides[k] = PyLong_AsSsize_t(PyTuple_GET_ITEM(strides, k));
      if (v->strides[k] == -1 && PyErr_Occurred())
        return -1;
    } else {
      v->strides[k] = stride;
      stride *= v->shape[k];
    }
  }
  v->obj = obj;
  v->data = ptr;
  if (check_layout(spec, argname, v, size) < 0)
    return -1;
  buf->owner = Py_NewRef(obj);
  return 0;
}

int pyc2c_view_acquire(PyObject *obj, const pyc2c_ViewSpec *spec, const char *argname,
                       pyc2c_Buffer *buf, pyc2c_View *v) {
  buf->acquired = 0;
  buf->owner = NULL;
  if (obj == Py_None) {
    PyErr_Format(PyExc_TypeError, "Argument '%s' must not be None", argname);
    return -1;
  }
  if (!PyObject_CheckBuffer(obj)) {
    PyObject *ai = PyObject_GetAttrString(obj, "__array_interface__");
    if (ai) {
      int rc = from_array_interface(obj, ai, spec, argname, buf, v);
      Py_DECREF(ai);
      return rc;
    }
    PyErr_Clear();
  }
  if (PyObject_GetBuffer(obj, &buf->view, PyBUF_RECORDS_RO) < 0)
    return -1;
  buf->acquired = 1;
  ElemType got;
  int big = 0;
  if (!parse_format(buf->view.format, &got, &big)) {
    got.name = buf->view.format ? buf->view.format : "B";
    got.kind = 0;
    got.size = 0;
  }
  if (big) {
    fail(PyExc_ValueError, argname, "Big-endian buffer not supported on little-endian compiler%s%s", "", "");
    goto bad;
  }
  if (check_ndim(spec, argname, buf->view.ndim) < 0 || check_elem(spec, argname, &got) < 0)
    goto bad;
  if (buf->view.readonly && spec->writable) {
    fail(PyExc_ValueError, argname, "buffer source array is read-only%s%s", "", "");
    goto bad;
  }
  v->obj = obj;
  v->data = buf->view.buf;
  for (int k = 0; k < spec->ndim; k++) {
    v->shape[k] = buf->view.shape ? buf->view.shape[k] : buf->view.len / buf->view.itemsize;
    v->strides[k] = buf->view.strides ? buf->view.strides[k] : buf->view.itemsize;
  }
  if (check_layout(spec, argname, v, buf->view.itemsize) < 0)
    goto bad;
  return 0;
bad:
  pyc2c_view_release(buf);
  return -1;
}

void pyc2c_view_release(pyc2c_Buffer *buf) {
  if (buf->acquired) {
    PyBuffer_Release(&buf->view);
    buf->acquired = 0;
  }
  Py_CLEAR(buf->owner);
}

int pyc2c_view_index_error(int axis) {
  PyErr_Format(PyExc_IndexError, "Out of bounds on buffer access (axis %d)", axis);
  return -1;
}
