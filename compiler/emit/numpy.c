/* numpy.c: np.empty / zeros / ones / full (and their _like forms) through the NumPy C API. The
 * new array lives in a statement temporary; the expression's value is a C-ordered view of it,
 * so `res = np.empty(n)` gives a local indexed at C speed that still returns the array. */
#include "emit/internal.h"
#include <string.h>

static const char *typenum(const Type *t) {
  static const struct {
    const Type *t;
    const char *num;
  } nums[] = {
      {&ty_double, "NPY_DOUBLE"},   {&ty_float, "NPY_FLOAT"},       {&ty_longdouble, "NPY_LONGDOUBLE"},
      {&ty_char, "NPY_BYTE"},       {&ty_schar, "NPY_BYTE"},        {&ty_uchar, "NPY_UBYTE"},
      {&ty_short, "NPY_SHORT"},     {&ty_ushort, "NPY_USHORT"},     {&ty_int, "NPY_INT"},
      {&ty_uint, "NPY_UINT"},       {&ty_long, "NPY_LONG"},         {&ty_ulong, "NPY_ULONG"},
      {&ty_longlong, "NPY_LONGLONG"}, {&ty_ulonglong, "NPY_ULONGLONG"},
      {&ty_Py_ssize_t, "NPY_INTP"}, {&ty_size_t, "NPY_UINTP"},
      {&ty_doublecomplex, "NPY_CDOUBLE"}, {&ty_floatcomplex, "NPY_CFLOAT"},
  };
  for (size_t i = 0; i < sizeof nums / sizeof *nums; i++)
    if (nums[i].t == t)
      return nums[i].num;
  return "NPY_DOUBLE";
}

/* An integer fill value for an integer array: NumPy raises OverflowError ("Python integer -1 out
 * of bounds for uint8") where C would wrap. */
static char *int_fill(E *e, Node *fill, Type *el) {
  bool u64 = !el->is_signed && el->size == 8;
  Type *wide = u64 ? &ty_ulonglong : &ty_longlong;
  Type *ft = fill->ty;
  char *w = c_temp(e, wide);
  bool signed_c = ft->kind == T_INT && ft->is_signed;
  if (u64 && signed_c) { /* a negative C value would wrap on the way to unsigned */
    char *sv = stash(e, ft, ex(e, fill));
    emitf(e, "if (%s < 0) { PyErr_Format(PyExc_OverflowError, \"Python integer %%lld out of bounds "
             "for uint64\", (long long)%s); %s }",
          sv, sv, err(e));
    emitf(e, "%s = (unsigned long long)%s;", w, sv);
  } else if (!u64 && ft->kind == T_INT && !ft->is_signed && ft->size == 8) {
    /* an unsigned 64-bit value past LLONG_MAX would wrap on the way to long long */
    char *uv = stash(e, ft, ex(e, fill));
    emitf(e, "if (%s > (unsigned long long)LLONG_MAX) { PyErr_SetString(PyExc_OverflowError, "
             "\"Python int too large to convert to C long\"); %s }",
          uv, err(e));
    emitf(e, "%s = (long long)%s;", w, uv);
  } else
    emitf(e, "%s = %s;", w, ex_as(e, fill, wide));
  if (el->size < 8) {
    long long lo = el->is_signed ? -(1LL << (el->size * 8 - 1)) : 0;
    long long hi = el->is_signed ? (1LL << (el->size * 8 - 1)) - 1 : (1LL << (el->size * 8)) - 1;
    emitf(e, "if (%s < %lldLL || %s > %lldLL) { PyErr_Format(PyExc_OverflowError, \"Python integer "
             "%%lld out of bounds for %s\", %s); %s }",
          w, lo, w, hi, type_numpy_name(el), w, err(e));
  }
  return arena_printf(e->a, "((%s)%s)", el->cname, w);
}

/* A float fill value for an integer array: truncated toward zero, as NumPy casts it; NaN, the
 * infinities and values beyond 64 bits (where C's conversion is undefined and NumPy warns) give
 * the 64-bit minimum, narrowed; a uint64 array takes [2**63, 2**64) as it is. */
static char *float_fill(E *e, Node *fill, Type *el) {
  char *d = stash(e, &ty_double, ex_as(e, fill, &ty_double));
  char *r = arena_printf(e->a, "((%s > -9223372036854775808.0 && %s < 9223372036854775808.0) ? "
                               "(%s)(long long)%s : (%s)LLONG_MIN)",
                         d, d, el->cname, d, el->cname);
  if (el->size == 8 && !el->is_signed) /* uint64 also holds [2**63, 2**64) */
    r = arena_printf(e->a, "((%s >= 9223372036854775808.0 && %s < 18446744073709551616.0) ? "
                           "(%s)(unsigned long long)%s : %s)",
                     d, d, el->cname, d, r);
  return r;
}

char *emit_numpy_call(E *e, Node *n) {
  Symbol *fs = n->a->sym;
  Type *vt = n->ty, *el = vt->elem;
  int nd = vt->ndim;
  Buf dims = {0};
  Node *first = NODE_AT(n->list, 0);
  if (fs->np_like || (first->kind == N_ATTR && !first->ty && first->a->ty && type_is_view(first->a->ty))) {
    char *src = ex(e, fs->np_like ? first : first->a); /* a view, or the view of `a.shape` */
    for (int d = 0; d < nd; d++)
      buf_printf(&dims, "%s%s.shape[%d]", d ? ", " : "", src, d);
  } else {
    int count = first->kind == N_TUPLE ? first->list.len : 1;
    for (int d = 0; d < count; d++) {
      Node *dn = first->kind == N_TUPLE ? NODE_AT(first->list, d) : first;
      buf_printf(&dims, "%s%s", d ? ", " : "", stash(e, &ty_Py_ssize_t, ex_as(e, dn, &ty_Py_ssize_t)));
    }
  }
  char *arr = obj_temp(e);
  emitf(e, "%s = pyc2c_np_new(%d, (npy_intp[]){%s}, %s, %d, %d); if (!%s) %s", arr, nd, dims.p,
        typenum(el), fs->np_fill == 1, vt->contig == 'F' && nd > 1, arr, err(e));
  buf_free(&dims);
  char *v = c_temp(e, vt);
  emitf(e, "pyc2c_np_view(%s, &%s);", arr, v);
  if (fs->np_fill >= 2) {
    bool int_value = fs->np_fill == 3 && el->kind == T_INT && n->c->ty && n->c->ty->kind != T_FLOAT &&
                     n->c->ty->obj != OBJ_FLOAT && n->c->ty->kind != T_BINT;
    bool float_to_int = fs->np_fill == 3 && el->kind == T_INT && n->c->ty &&
                        (n->c->ty->kind == T_FLOAT || n->c->ty->obj == OBJ_FLOAT);
    char *value = fs->np_fill == 2 ? (el->kind == T_FLOAT ? "1.0" : "1")
                  : int_value       ? int_fill(e, n->c, el)
                  : float_to_int    ? float_fill(e, n->c, el)
                                    : ex_as(e, n->c, el);
    value = stash(e, el, value);
    emitf(e, "{ %s *p = (%s *)%s.data; npy_intp count = PyArray_SIZE((PyArrayObject *)%s); "
             "for (npy_intp q = 0; q < count; q++) p[q] = %s; }",
          el->cname, el->cname, v, arr, value);
  }
  return v;
}
