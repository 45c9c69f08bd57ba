/* buffer.c: acquiring typed memoryviews from the buffer protocol (NumPy, array.array, memoryview,
 * bytearray) or from objects that only offer __array_interface__, with the checks and messages
 * Cython documents. NumPy is never imported here. */
#include "pyc2c/view.h"
#include <string.h>

typedef struct ElemType {
  char kind;        /* as in pyc2c_ViewSpec; 0 if not a numeric scalar */
  int size;
  const char *name; /* Cython's name of the type, for messages */
  int quote;        /* quote the name in messages ('long'), or not (Python object) */
  char unknown;     /* a format character Cython does not understand, or 0 */
} ElemType;

/* Buffer-protocol format (struct module syntax) -> element type. False if not a single scalar
 * (then `t` describes what to say about it). */
static int parse_format(const char *fmt, ElemType *t, int *big_endian) {
  *big_endian = 0;
  t->kind = 0;
  t->size = 0;
  t->quote = 1;
  t->unknown = 0;
  t->name = fmt ? fmt : "B";
  if (!fmt)
    fmt = "B";
  if (*fmt == '@' || *fmt == '=' || *fmt == '<')
    fmt++;
  else if (*fmt == '>' || *fmt == '!') {
    *big_endian = 1;
    fmt++;
  }
  if (*fmt == '1' && fmt[1] >= 'A')
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
      {'b', 'i', 1, "signed char"},  {'B', 'u', 1, "unsigned char"},  {'c', 'h', 1, "char"},
      {'h', 'i', 2, "short"},        {'H', 'u', 2, "unsigned short"}, {'i', 'i', 4, "int"},
      {'I', 'u', 4, "unsigned int"}, {'l', 'i', sizeof(long), "long"},
      {'L', 'u', sizeof(long), "unsigned long"},
      {'q', 'i', 8, "long long"},    {'Q', 'u', 8, "unsigned long long"},
      {'n', 'i', sizeof(Py_ssize_t), "Py_ssize_t"}, {'N', 'u', sizeof(size_t), "size_t"},
      {'e', 'f', 2, "half"},         {'f', 'f', 4, "float"},          {'d', 'f', 8, "double"},
      {'g', 'f', sizeof(long double), "long double"}, {'?', 'b', 1, "bool"},
  };
  if (!*fmt || fmt[1])
    return 0; /* empty, or a struct ("T{d:x:}") or a repeat count ("2d") */
  if (*fmt == 'O' && !complex_) {
    t->name = "Python object";
    t->quote = 0;
    return 0;
  }
  for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
    if (codes[i].code == *fmt) {
      if (complex_) {
        if (codes[i].kind != 'f')
          return 0;
        t->kind = 'c';
        t->size = 2 * codes[i].size;
        t->name = *fmt == 'f' ? "complex float" : *fmt == 'd' ? "complex double" : "complex long double";
      } else {
        t->kind = codes[i].kind; /* 'h' for 'c': a C char, of either signedness */
        t->size = codes[i].size;
        t->name = codes[i].name;
      }
      return 1;
    }
  t->unknown = *fmt;
  return 0;
}

/* Sets exc with msg, naming the argument if there is one (a local acquiring an object has none:
 * Cython's plain message). */
static void set_named(PyObject *exc, const char *argname, PyObject *msg) {
  if (argname)
    PyErr_Format(exc, "%U (argument '%s')", msg, argname);
  else
    PyErr_SetObject(exc, msg);
}

static int fail(PyObject *exc, const char *argname, const char *fmt, const char *a, const char *b) {
  PyObject *msg = PyUnicode_FromFormat(fmt, a, b);
  if (msg) {
    set_named(exc, argname, msg);
    Py_DECREF(msg);
  }
  return -1;
}

/* Whether the view has the layout its spec asks for ('C' or 'F' order). */
static int layout_ok(const pyc2c_ViewSpec *spec, const pyc2c_View *v, Py_ssize_t itemsize) {
  if (!spec->contig)
    return 1;
  for (int d = 0; d < spec->ndim; d++)
    if (v->shape[d] == 0)
      return 1; /* no elements: contiguous in any order, as NumPy's flags say */
  /* Dimensions of extent 1 may carry any stride (NumPy leaves them arbitrary). */
  Py_ssize_t expect = itemsize;
  for (int k = 0; k < spec->ndim; k++) {
    int d = spec->contig == 'C' ? spec->ndim - 1 - k : k;
    if (v->shape[d] > 1 && v->strides[d] != expect)
      return 0;
    expect *= v->shape[d];
  }
  return 1;
}

static const char *layout_message(const pyc2c_ViewSpec *spec) {
  return spec->contig == 'C' ? "ndarray is not C-contiguous" : "ndarray is not Fortran contiguous";
}

/* Cython's rules: kind and size must agree ('l' and 'q' are the same type where both are 8
 * bytes), except that a C char matches any 1-byte integer or bool of either signedness, and a bool
 * buffer passes as an unsigned integer of its size. */
static int check_elem(const pyc2c_ViewSpec *spec, const char *argname, const ElemType *got) {
  int want_char = strcmp(spec->type_name, "char") == 0;
  if (got->size == spec->itemsize && got->kind) {
    if (got->kind == spec->kind && !want_char)
      return 0;
    if (want_char || got->kind == 'h')
      return got->kind != 'f' && got->kind != 'c' && spec->kind != 'f' && spec->kind != 'c'
                 ? 0
                 : fail(PyExc_ValueError, argname, "Buffer dtype mismatch, expected '%s' but got '%s'",
                        spec->type_name, got->name);
    if (got->kind == 'b' && spec->kind == 'u')
      return 0;
  }
  if (got->unknown) {
    char code[2] = {got->unknown, 0};
    return fail(PyExc_ValueError, argname,
                "Does not understand character buffer dtype format string ('%s')%s", code, "");
  }
  return fail(PyExc_ValueError, argname,
              got->quote ? "Buffer dtype mismatch, expected '%s' but got '%s'"
                         : "Buffer dtype mismatch, expected '%s' but got %s",
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
    return fail(PyExc_TypeError, argname, "invalid __array_interface__%s%s", "", "");
  }
  const char *ts = PyUnicode_AsUTF8(typestr);
  if (!ts)
    return -1;
  Py_ssize_t nd = PyTuple_GET_SIZE(shape);
  if (check_ndim(spec, argname, nd > 64 ? 64 : (int)nd) < 0)
    return -1;
  if (ts[0] == '>')
    return fail(PyExc_ValueError, argname, "Big-endian buffer not supported on little-endian compiler%s%s", "", "");
  /* typestr: byte order ('<', '>', '|'), kind, size in bytes: '<f8' is a double. */
  char kind = ts[0] ? ts[1] : 0;
  int size = ts[0] && ts[1] ? atoi(ts + 2) : 0;
  ElemType got = {0, size, ts, 1, 0};
  static const struct {
    char kind;
    int size;
    const char *name;
  } names[] = {
      {'i', 1, "signed char"},   {'i', 2, "short"},          {'i', 4, "int"},
      {'i', 8, "long"},          {'u', 1, "unsigned char"},  {'u', 2, "unsigned short"},
      {'u', 4, "unsigned int"},  {'u', 8, "unsigned long"},  {'f', 2, "half"},
      {'f', 4, "float"},         {'f', 8, "double"},         {'f', (int)sizeof(long double), "long double"},
      {'c', 8, "complex float"}, {'c', 16, "complex double"}, {'b', 1, "bool"},
  };
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (names[i].kind == kind && names[i].size == size) {
      got.kind = kind;
      got.name = names[i].name;
    }
  if (kind == 'O') {
    got.name = "Python object";
    got.quote = 0;
  }
  if (check_elem(spec, argname, &got) < 0)
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
    if (v->shape[k] < 0) { /* the bounds checks compare as unsigned: an extent is never negative */
      return fail(PyExc_ValueError, argname, "invalid __array_interface__ shape%s%s", "", "");
    }
    if (strides && strides != Py_None) {
      if (!PyTuple_Check(strides) || PyTuple_GET_SIZE(strides) != nd) {
        return fail(PyExc_TypeError, argname, "invalid __array_interface__ strides%s%s", "", "");
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
  if (!layout_ok(spec, v, size))
    return fail(PyExc_ValueError, argname, "%s%s", layout_message(spec), "");
  buf->owner = Py_NewRef(obj);
  return 0;
}

/* A buffer the view cannot take as it is (read-only but written, or not contiguous as the spec
 * asks): the exporter's own error for a request with those `flags`, as Cython gives (NumPy:
 * ValueError "buffer source array is read-only", "ndarray is not C-contiguous"; memoryview and
 * bytes: BufferError), with the argument's name; `message` (a ValueError) if the exporter has
 * none. Nothing is held afterwards. */
static int exporter_error(PyObject *obj, int flags, const char *argname, const char *message) {
  Py_buffer w;
  if (PyObject_GetBuffer(obj, &w, flags) == 0) { /* the exporter would oblige after all */
    PyBuffer_Release(&w);
    return fail(PyExc_ValueError, argname, "%s%s", message, "");
  }
  PyObject *value = pyc2c_fetch_exc(); /* object.c */
  PyObject *exc = value ? (PyObject *)Py_TYPE(value) : NULL;
  PyObject *msg = NULL;
  if (exc == PyExc_ValueError || exc == PyExc_BufferError || exc == PyExc_TypeError)
    msg = PyObject_Str(value);
  if (!msg) {
    PyErr_Clear();
    if (value)
      PyErr_SetObject(exc, value);
  } else {
    set_named(exc, argname, msg);
    Py_DECREF(msg);
  }
  Py_XDECREF(value);
  return -1;
}

int pyc2c_view_acquire(PyObject *obj, const pyc2c_ViewSpec *spec, const char *argname,
                       pyc2c_Buffer *buf, pyc2c_View *v) {
  buf->acquired = 0;
  buf->owner = NULL;
  if (obj == Py_None) {
    if (argname)
      PyErr_Format(PyExc_TypeError, "Argument '%s' must not be None", argname);
    else
      PyErr_SetString(PyExc_TypeError, "cannot take a typed memoryview of None");
    return -1;
  }
  if (!PyObject_CheckBuffer(obj)) {
    PyObject *ai = PyObject_GetAttrString(obj, "__array_interface__");
    if (ai) {
      int rc = from_array_interface(obj, ai, spec, argname, buf, v);
      Py_DECREF(ai);
      return rc;
    }
    if (!PyErr_ExceptionMatches(PyExc_AttributeError))
      return -1; /* the attribute exists but failed: that error, not "not a buffer" */
    PyErr_Clear();
  }
  if (PyObject_GetBuffer(obj, &buf->view, PyBUF_RECORDS_RO) < 0)
    return -1;
  buf->acquired = 1;
  ElemType got;
  int big = 0;
  parse_format(buf->view.format, &got, &big);
  if (check_ndim(spec, argname, buf->view.ndim) < 0)
    goto bad;
  if (big) {
    fail(PyExc_ValueError, argname, "Big-endian buffer not supported on little-endian compiler%s%s", "", "");
    goto bad;
  }
  if (check_elem(spec, argname, &got) < 0)
    goto bad;
  if (buf->view.itemsize != spec->itemsize) { /* a format that does not match the item size */
    char a[32], b[32];
    snprintf(a, sizeof a, "%zd byte%s", buf->view.itemsize, buf->view.itemsize == 1 ? "" : "s");
    snprintf(b, sizeof b, "'%s' (%d byte%s)", spec->type_name, spec->itemsize, spec->itemsize == 1 ? "" : "s");
    fail(PyExc_ValueError, argname, "Item size of buffer (%s) does not match size of %s", a, b);
    goto bad;
  }
  if (buf->view.readonly && spec->writable) {
    pyc2c_view_release(buf);
    return exporter_error(obj, PyBUF_RECORDS, argname, "buffer source array is read-only");
  }
  v->obj = obj;
  v->data = buf->view.buf;
  for (int k = 0; k < spec->ndim; k++) {
    v->shape[k] = buf->view.shape ? buf->view.shape[k] : buf->view.len / buf->view.itemsize;
    v->strides[k] = buf->view.strides ? buf->view.strides[k] : buf->view.itemsize;
  }
  if (!layout_ok(spec, v, buf->view.itemsize)) {
    pyc2c_view_release(buf);
    int flags = PyBUF_FORMAT | (spec->contig == 'C' ? PyBUF_C_CONTIGUOUS : PyBUF_F_CONTIGUOUS);
    return exporter_error(obj, flags, argname, layout_message(spec));
  }
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
  char msg[64]; /* may run without the GIL: raised through the GIL-aware helper */
  snprintf(msg, sizeof msg, "Out of bounds on buffer access (axis %d)", axis);
  pyc2c_raise_str(PyExc_IndexError, msg);
  return -1;
}

/* ---- a sub-view given back to Python
 *
 * A slice of a typed memoryview becomes a Python `memoryview` with the slice's shape, strides and
 * format, over the same memory: writes through either are seen by the other. The memoryview
 * reads through a small exporter object that holds the base object's own buffer (so a bytearray
 * cannot be resized under it, and the memory lives as long as the memoryview). */

typedef struct {
  PyObject_HEAD
  Py_buffer base;   /* the base object's buffer, held while this exporter lives */
  int has_base;     /* base holds a buffer (objects with only __array_interface__ do not) */
  PyObject *owner;  /* the base object */
  char *data;
  int ndim, readonly;
  Py_ssize_t itemsize;
  char format[3];
  Py_ssize_t shape[PYC2C_MAX_DIMS], strides[PYC2C_MAX_DIMS];
} SliceExporter;

static int slice_getbuffer(PyObject *self, Py_buffer *view, int flags) {
  SliceExporter *s = (SliceExporter *)self;
  if ((flags & PyBUF_WRITABLE) == PyBUF_WRITABLE && s->readonly) {
    PyErr_SetString(PyExc_BufferError, "the memoryview slice is read-only");
    return -1;
  }
  if ((flags & PyBUF_STRIDES) != PyBUF_STRIDES) {
    PyErr_SetString(PyExc_BufferError, "a memoryview slice is only exported with strides");
    return -1;
  }
  Py_ssize_t len = s->itemsize;
  for (int d = 0; d < s->ndim; d++)
    len *= s->shape[d];
  view->buf = s->data;
  view->obj = Py_NewRef(self);
  view->len = len;
  view->itemsize = s->itemsize;
  view->readonly = s->readonly;
  view->ndim = s->ndim;
  view->format = (flags & PyBUF_FORMAT) == PyBUF_FORMAT ? s->format : NULL;
  view->shape = s->shape;
  view->strides = s->strides;
  view->suboffsets = NULL;
  view->internal = NULL;
  return 0;
}

static void slice_dealloc(PyObject *self) {
  SliceExporter *s = (SliceExporter *)self;
  if (s->has_base)
    PyBuffer_Release(&s->base);
  Py_XDECREF(s->owner);
  PyObject_Free(self);
}

static PyBufferProcs slice_as_buffer = {slice_getbuffer, NULL};

static PyTypeObject SliceExporterType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "pyc2c.slice_exporter",
    .tp_basicsize = sizeof(SliceExporter),
    .tp_dealloc = slice_dealloc,
    .tp_as_buffer = &slice_as_buffer,
    .tp_flags = Py_TPFLAGS_DEFAULT,
};

PyObject *pyc2c_view_to_memoryview(pyc2c_View v, int ndim, char format, Py_ssize_t itemsize,
                                   int readonly) {
  static int ready;
  if (!ready) {
    if (PyType_Ready(&SliceExporterType) < 0)
      return NULL;
    ready = 1;
  }
  v.obj = pyc2c_view_object(v.obj); /* the object itself, not a holder of its buffer */
  SliceExporter *s = PyObject_New(SliceExporter, &SliceExporterType);
  if (!s)
    return NULL;
  s->has_base = 0;
  s->owner = Py_XNewRef(v.obj);
  s->data = v.data;
  s->ndim = ndim;
  s->itemsize = itemsize;
  if (format == 'D' || format == 'F') { /* complex double, complex float: "Zd", "Zf" */
    s->format[0] = 'Z';
    s->format[1] = format == 'D' ? 'd' : 'f';
    s->format[2] = 0;
  } else {
    s->format[0] = format;
    s->format[1] = 0;
  }
  for (int d = 0; d < ndim; d++) {
    s->shape[d] = v.shape[d];
    s->strides[d] = v.strides[d];
  }
  /* Writable only if the base is: a view that only read its argument holds it read-only. */
  s->readonly = 1;
  if (v.obj && PyObject_CheckBuffer(v.obj)) {
    if (!readonly && PyObject_GetBuffer(v.obj, &s->base, PyBUF_RECORDS) == 0) {
      s->has_base = 1;
      s->readonly = 0;
    } else {
      PyErr_Clear();
      if (PyObject_GetBuffer(v.obj, &s->base, PyBUF_RECORDS_RO) == 0)
        s->has_base = 1;
      else
        PyErr_Clear();
    }
  }
  PyObject *mv = PyMemoryView_FromObject((PyObject *)s);
  Py_DECREF(s);
  return mv;
}

/* ---- a view of a Python object taken by compiled code (a local, a cfunc's argument)
 *
 * The buffer lives in a small holder object that becomes the view's `obj`: whatever keeps the
 * view (a local, an alias, a returned view) keeps a reference to the holder, and the buffer is
 * released with the last of them, never while a view still points into it. */

typedef struct {
  PyObject_HEAD
  pyc2c_Buffer buf;
  PyObject *obj; /* the object viewed */
} BufferHolder;

static void holder_dealloc(PyObject *self) {
  BufferHolder *h = (BufferHolder *)self;
  pyc2c_view_release(&h->buf);
  Py_XDECREF(h->obj);
  PyObject_Free(self);
}

static PyTypeObject BufferHolderType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "pyc2c.buffer_holder",
    .tp_basicsize = sizeof(BufferHolder),
    .tp_dealloc = holder_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
};

int pyc2c_view_from_object(PyObject *obj, const pyc2c_ViewSpec *spec, const char *argname,
                           PyObject **holder, pyc2c_View *v) {
  static int ready;
  if (!ready) {
    if (PyType_Ready(&BufferHolderType) < 0)
      return -1;
    ready = 1;
  }
  BufferHolder *h = PyObject_New(BufferHolder, &BufferHolderType);
  if (!h)
    return -1;
  h->buf.acquired = 0;
  h->buf.owner = NULL;
  h->obj = NULL;
  if (pyc2c_view_acquire(obj, spec, argname, &h->buf, v) < 0) {
    Py_DECREF(h);
    return -1;
  }
  h->obj = Py_NewRef(obj);
  v->obj = (PyObject *)h;
  *holder = (PyObject *)h;
  return 0;
}

PyObject *pyc2c_view_object(PyObject *o) {
  return o && Py_TYPE(o) == &BufferHolderType ? ((BufferHolder *)o)->obj : o;
}
