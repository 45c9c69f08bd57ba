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

char *emit_numpy_call(E *e, Node *n) {
  Symbol *fs = n->a->sym;
  Type *vt = n->ty, *el = vt->elem;
  int nd = vt->ndim;
  Buf dims = {0};
  Node *first = NODE_AT(n->list, 0);
  if (fs->np_like) {
    char *src = ex(e, first);
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
    char *value = fs->np_fill == 2 ? (el->kind == T_FLOAT ? "1.0" : "1") : ex_as(e, n->c, el);
    value = stash(e, el, value);
    emitf(e, "{ %s *p = (%s *)%s.data; npy_intp count = PyArray_SIZE((PyArrayObject *)%s); "
             "for (npy_intp q = 0; q < count; q++) p[q] = %s; }",
          el->cname, el->cname, v, arr, value);
  }
  return v;
}
