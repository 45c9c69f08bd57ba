/* numpy.c: `import numpy as np` and array allocation. np.empty(shape, dtype=...) and friends
 * create a NumPy array through the C API and give a C-ordered typed view of it, so a local
 * assigned one is a view (indexed at C speed) that still returns the array to Python. */
#include "typeinfer/internal.h"
#include <string.h>

bool numpy_import(TI *ti, Node *alias) {
  if (strcmp(alias->str, "numpy") != 0)
    return false;
  vec_push(ti->a, &ti->globals, new_sym(ti, S_NUMPY, alias->str2 ? alias->str2 : "numpy"));
  ti->mi->uses_numpy = true;
  return true;
}

bool numpy_is_module(TI *ti, const Node *n) {
  if (n->kind != N_NAME)
    return false;
  Symbol *s = lookup(ti, n->str);
  return s && s->kind == S_NUMPY;
}

static bool is_bool_dtype(TI *ti, Node *d) {
  static const char *const names[] = {"bool", "bool_", "bool8", "?", "b1"};
  const char *name = d->kind == N_NAME ? d->str
                     : d->kind == N_ATTR && numpy_is_module(ti, d->a) ? d->str
                     : d->kind == N_STR ? d->str + (d->str[0] == '|' || d->str[0] == '=')
                                        : NULL;
  for (size_t i = 0; name && i < sizeof names / sizeof *names; i++)
    if (strcmp(name, names[i]) == 0 && (d->kind != N_NAME || i == 0))
      return true;
  return false;
}

/* dtype=: np.float64, np.int32, ..., np.dtype(...) of one, float, int, or a string such as
 * 'float64', 'f8', '<i4' (NumPy's names and type codes). */
static Type *dtype_of(TI *ti, Node *d) {
  static const struct {
    const char *name;
    Type *t;
  } names[] = {
      {"float64", &ty_double}, {"double", &ty_double},  {"f8", &ty_double},   {"d", &ty_double},
      {"float32", &ty_float},  {"single", &ty_float},   {"f4", &ty_float},    {"f", &ty_float},
      {"int64", &ty_long},     {"i8", &ty_long},        {"int32", &ty_int},   {"i4", &ty_int},
      {"int16", &ty_short},    {"i2", &ty_short},       {"int8", &ty_schar},  {"i1", &ty_schar},
      {"uint64", &ty_ulong},   {"u8", &ty_ulong},       {"uint32", &ty_uint}, {"u4", &ty_uint},
      {"uint16", &ty_ushort},  {"u2", &ty_ushort},      {"uint8", &ty_uchar}, {"u1", &ty_uchar},
      {"intp", &ty_Py_ssize_t}, {"uintp", &ty_size_t},  {"longdouble", &ty_longdouble},
      {"int", &ty_long},       {"int_", &ty_long},      {"float", &ty_double}, {"uint", &ty_ulong},
      {"long", &ty_long},      {"ulong", &ty_ulong},    {"longlong", &ty_longlong},
      {"ulonglong", &ty_ulonglong}, {"short", &ty_short}, {"ushort", &ty_ushort},
      {"intc", &ty_int},       {"uintc", &ty_uint},     {"byte", &ty_schar},  {"ubyte", &ty_uchar},
      {"b", &ty_schar},        {"B", &ty_uchar},        {"h", &ty_short},     {"H", &ty_ushort},
      {"i", &ty_int},          {"I", &ty_uint},         {"l", &ty_long},      {"L", &ty_ulong},
      {"q", &ty_longlong},     {"Q", &ty_ulonglong},    {"p", &ty_Py_ssize_t}, {"P", &ty_size_t},
      {"g", &ty_longdouble},   {"f16", &ty_longdouble}, {"float128", &ty_longdouble},
      {"complex128", &ty_doublecomplex}, {"cdouble", &ty_doublecomplex}, {"c16", &ty_doublecomplex},
      {"D", &ty_doublecomplex}, {"complex", &ty_doublecomplex}, {"complex64", &ty_floatcomplex},
      {"csingle", &ty_floatcomplex}, {"c8", &ty_floatcomplex}, {"F", &ty_floatcomplex},
  };
  const char *name = NULL;
  if (is_bool_dtype(ti, d)) {
    ERR(d, "dtype=bool is not supported by pyc2c (a memoryview has no bool element type): use "
           "np.uint8, whose arrays a cython.uchar[:] view also accepts");
    return NULL;
  }
  if (d->kind == N_CALL && d->a->kind == N_ATTR && numpy_is_module(ti, d->a->a) &&
      strcmp(d->a->str, "dtype") == 0 && d->list.len == 1 && !d->list2.len)
    return dtype_of(ti, NODE_AT(d->list, 0)); /* np.dtype('f8') */
  if (d->kind == N_ATTR && numpy_is_module(ti, d->a))
    name = d->str;
  else if (d->kind == N_STR) {
    name = d->str;
    if (name[0] == '<' || name[0] == '=' || name[0] == '|')
      name++; /* little-endian or native: the machine's own order */
    else if (name[0] == '>') {
      ERR(d, "big-endian dtypes are not supported by pyc2c");
      return NULL;
    }
  }
  else if (d->kind == N_NAME && strcmp(d->str, "float") == 0)
    return &ty_double;
  else if (d->kind == N_NAME && strcmp(d->str, "int") == 0)
    return &ty_long;
  else if (d->kind == N_NAME && strcmp(d->str, "complex") == 0)
    return &ty_doublecomplex;
  else if (cython_attr(ti, d)) {
    ERR(d, "cython.%s is not a NumPy dtype (NumPy rejects it when the file runs interpreted): use "
           "the NumPy type, such as np.float64 or np.int32",
        cython_attr(ti, d));
    return NULL;
  }
  if (name)
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
      if (strcmp(names[i].name, name) == 0)
        return names[i].t;
  ERR(d, "this dtype is not supported by pyc2c yet (use a NumPy integer, float or complex type "
         "such as np.float64, or its name as a string)");
  return NULL;
}

/* `a.shape` of a typed view, as the shape of a new array. */
bool numpy_view_shape(TI *ti, Node *shape) {
  if (shape->kind != N_ATTR || strcmp(shape->str, "shape") != 0)
    return false;
  if (ti) {
    Type *t = shape->a->kind == N_NAME ? tx(ti, shape->a) : NULL;
    return t && type_is_view(t);
  }
  return shape->a->ty && type_is_view(shape->a->ty);
}

static Node *keyword(Node *call, const char *name) {
  for (int k = 0; k < call->list2.len; k++)
    if (strcmp(NODE_AT(call->list2, k)->str, name) == 0)
      return NODE_AT(call->list2, k)->a;
  return NULL;
}

Type *numpy_call(TI *ti, Node *n) {
  static const struct {
    const char *name;
    int fill;
    bool like;
  } fns[] = {{"empty", 0, false},     {"zeros", 1, false},     {"ones", 2, false},
             {"full", 3, false},      {"empty_like", 0, true}, {"zeros_like", 1, true},
             {"ones_like", 2, true},  {"full_like", 3, true}};
  const char *fname = n->a->str;
  int which = -1;
  for (size_t i = 0; i < sizeof fns / sizeof *fns; i++)
    if (strcmp(fns[i].name, fname) == 0)
      which = (int)i;
  if (which < 0) {
    ERR(n->a, "np.%s is not supported by pyc2c yet (np.empty, zeros, ones, full and their _like "
              "forms are)",
        fname);
    return NULL;
  }
  Symbol *fs = new_sym(ti, S_NPFN, fname);
  fs->np_fill = fns[which].fill;
  fs->np_like = fns[which].like;
  n->a->sym = fs;
  int want = fs->np_fill == 3 ? 2 : 1;
  for (int k = 0; k < n->list2.len; k++) {
    const char *kw = NODE_AT(n->list2, k)->str;
    if (strcmp(kw, "dtype") != 0 && strcmp(kw, "order") != 0 &&
        !(fs->np_fill == 3 && strcmp(kw, "fill_value") == 0)) {
      ERR(NODE_AT(n->list2, k), "np.%s() keyword '%s' is not supported by pyc2c yet", fname, kw);
      return NULL;
    }
  }
  Node *fill = fs->np_fill == 3 ? (n->list.len > 1 ? NODE_AT(n->list, 1) : keyword(n, "fill_value")) : NULL;
  if (n->list.len < 1 || n->list.len > want || (fs->np_fill == 3 && !fill)) {
    ERR(n, "np.%s() takes %s here", fname,
        fs->np_like ? (want == 2 ? "an array view and a fill value" : "an array view")
                    : (want == 2 ? "a shape and a fill value" : "a shape"));
    return NULL;
  }
  Node *shape = NODE_AT(n->list, 0), *dt = keyword(n, "dtype"), *order = keyword(n, "order");
  Type *elem = &ty_double;
  int ndim;
  if (fs->np_like) {
    Type *vt = tx(ti, shape);
    if (!vt)
      return NULL;
    if (!type_is_view(vt)) {
      ERR(shape, "np.%s() of a %s is not supported by pyc2c yet (pass a typed memoryview)", fname,
          vt->name);
      return NULL;
    }
    elem = vt->elem;
    ndim = vt->ndim;
  } else if (numpy_view_shape(ti, shape)) {
    ndim = shape->a->ty->ndim; /* np.zeros(a.shape): a's extents, no tuple made */
    shape->ty = NULL;
  } else {
    NodeList dims = {0};
    if (shape->kind == N_TUPLE)
      dims = shape->list;
    else
      vec_push(ti->a, &dims, shape);
    ndim = dims.len;
    if (ndim < 1 || ndim > 8) {
      ERR(shape, "pyc2c allocates arrays of 1 to 8 dimensions");
      return NULL;
    }
    for (int d = 0; d < ndim; d++) {
      Type *t = tx(ti, NODE_AT(dims, d));
      if (t && type_is_object(t) && ti->report)
        ti->cur->can_raise = true; /* converted to Py_ssize_t */
      if (t && !is_intlike(t) && t->obj != OBJ_ANY) {
        ERR(NODE_AT(dims, d), "array dimensions must be integers, not %s", t->name);
        return NULL;
      }
      if (!t)
        return NULL;
    }
    if (shape->kind == N_TUPLE)
      shape->ty = NULL; /* a shape, not a value: only its items are typed */
  }
  Type *ft = fill ? tx(ti, fill) : NULL;
  if (fill && !ft)
    return NULL;
  if (fill && !dt && !fs->np_like) {
    /* np.full(shape, v): NumPy takes the dtype from the value (np.array(v).dtype) */
    if (ft->kind == T_BINT || ft->obj == OBJ_BOOL) {
      ERR(fill, "np.full() with a bool fill value makes a bool array, which pyc2c does not "
                "support: give dtype= (np.uint8, say)");
      return NULL;
    }
    if (is_intlike(ft))
      elem = &ty_long;
  }
  if (dt && !(elem = dtype_of(ti, dt)))
    return NULL;
  char contig = fs->np_like && shape->ty && type_is_view(shape->ty) && shape->ty->contig == 'F'
                    ? 'F' /* NumPy's order='K': a Fortran-ordered argument gives a Fortran array */
                    : 'C';
  if (order) {
    if (order->kind != N_STR || (strcmp(order->str, "C") != 0 && strcmp(order->str, "F") != 0)) {
      ERR(order, "order must be 'C' or 'F'");
      return NULL;
    }
    contig = order->str[0];
  }
  if (fill) {
    if (type_is_complex(ft) && !type_is_complex(elem)) {
      if (dt || fs->np_like) { /* NumPy would drop the imaginary part (ComplexWarning) */
        ERR(fill, "a complex fill value for an array of %s (NumPy would drop the imaginary "
                  "part): use a complex dtype such as np.complex128", elem->name);
        return NULL;
      }
      elem = &ty_doublecomplex; /* np.full(n, 1j): NumPy makes a complex128 array */
    } else if (!type_is_cnum(ft) && !is_intlike(ft) && ft->obj != OBJ_FLOAT && !type_is_complex(ft)) {
      ERR(fill, "the fill value must be a number, not %s", ft->name);
      return NULL;
    }
    n->c = fill;
  }
  if (ti->report)
    ti->cur->can_raise = true; /* MemoryError, negative dimensions */
  return type_view(elem, ndim, ndim == 1 ? 'C' : contig, false);
}
