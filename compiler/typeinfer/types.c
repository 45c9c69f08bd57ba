/* types.c: the type singletons and the arithmetic and join rules between them. */
#include "typeinfer/types.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define X(id, cy, c, cv, k, sgn, rk, sz)                                                          \
  Type ty_##id = {.kind = k, .name = "cython." cy, .cname = c, .conv = #cv, .size = sz,         \
                  .is_signed = sgn, .rank = rk};
C_NUMERIC_TYPES(X)
#undef X

Type ty_floatcomplex = {.kind = T_COMPLEX, .name = "cython.floatcomplex", .cname = "float _Complex", .conv = "fcomplex", .size = 8, .is_signed = true, .rank = 1, .elem = &ty_float};
Type ty_doublecomplex = {.kind = T_COMPLEX, .name = "cython.doublecomplex", .cname = "double _Complex", .conv = "dcomplex", .size = 16, .is_signed = true, .rank = 2, .elem = &ty_double};
Type ty_void = {.kind = T_VOID, .name = "None", .cname = "void", .conv = "void"};
Type ty_bint = {.kind = T_BINT, .name = "cython.bint", .cname = "int", .conv = "bint", .size = 4};
Type ty_object = {.kind = T_OBJECT, .name = "object", .cname = "PyObject *", .conv = "object"};
Type ty_pyint = {.kind = T_PYINT, .name = "int", .cname = "pyc2c_int", .conv = "pyint", .size = 8, .is_signed = true, .obj = OBJ_INT};
Type ty_index = {.kind = T_INT, .name = "cython.Py_ssize_t", .cname = "Py_ssize_t", .conv = "ssize", .size = 8, .is_signed = true, .rank = 4};
Type ty_pyfloat = {.kind = T_OBJECT, .name = "float object", .cname = "PyObject *", .conv = "object", .obj = OBJ_FLOAT};
Type ty_pybool = {.kind = T_OBJECT, .name = "bool object", .cname = "PyObject *", .conv = "object", .obj = OBJ_BOOL};
Type ty_str = {.kind = T_OBJECT, .name = "str", .cname = "PyObject *", .conv = "object", .obj = OBJ_STR};
Type ty_none = {.kind = T_OBJECT, .name = "None", .cname = "PyObject *", .conv = "object", .obj = OBJ_NONE};

Type *type_from_cython_name(const char *name) {
#define X(id, cy, c, cv, k, sgn, rk, sz)                                                          \
  if (strcmp(name, cy) == 0)                                                                       \
    return &ty_##id;
  C_NUMERIC_TYPES(X)
#undef X
  if (strcmp(name, "bint") == 0)
    return &ty_bint;
  /* Cython's complex types (cython.complex is double complex); complex64/complex128 are NumPy's
   * names, accepted as aliases */
  if (strcmp(name, "doublecomplex") == 0 || strcmp(name, "complex") == 0 ||
      strcmp(name, "complex128") == 0)
    return &ty_doublecomplex;
  if (strcmp(name, "floatcomplex") == 0 || strcmp(name, "complex64") == 0)
    return &ty_floatcomplex;
  return NULL;
}

Type *type_arith(Type *a, Type *b) {
  if (a->kind == T_BINT)
    a = &ty_long;
  if (b->kind == T_BINT)
    b = &ty_long;
  if (a->kind == T_FLOAT || b->kind == T_FLOAT) {
    if (a->kind != T_FLOAT)
      return b;
    if (b->kind != T_FLOAT)
      return a;
    return a->rank >= b->rank ? a : b;
  }
  /* Integer promotions: anything narrower than int becomes int. */
  if (a->rank < ty_int.rank)
    a = &ty_int;
  if (b->rank < ty_int.rank)
    b = &ty_int;
  if (a == b)
    return a;
  if (a->is_signed == b->is_signed)
    return a->rank >= b->rank ? a : b;
  Type *u = a->is_signed ? b : a, *s = a->is_signed ? a : b;
  if (u->rank >= s->rank)
    return u;
  if (s->size > u->size)
    return s;
  /* same size, signed has higher rank (long vs unsigned int on LP64 is handled above) */
  return s == &ty_long || s == &ty_Py_ssize_t || s == &ty_index ? &ty_ulong : &ty_ulonglong;
}

Type *type_join(Type *a, Type *b) {
  if (!a)
    return b;
  if (!b || a == b)
    return a;
  /* an index joined with another C integer is just a Py_ssize_t (no longer known to be small) */
  if (a == &ty_index)
    a = &ty_Py_ssize_t;
  if (b == &ty_index)
    b = &ty_Py_ssize_t;
  if (a == b)
    return a;
  /* Python ints and C integers: a Python int holds both */
  if ((a->kind == T_PYINT && b->kind == T_INT) || (b->kind == T_PYINT && a->kind == T_INT))
    return &ty_pyint;
  if (a->kind == T_OBJECT || b->kind == T_OBJECT || a->kind == T_VIEW || b->kind == T_VIEW)
    return &ty_object; /* two different view types, or a view and something else */
  /* Mixing kinds would change what Python sees (True vs 1, 1 vs 1.0): keep an object. */
  if (a->kind != b->kind)
    return &ty_object;
  if (a->kind == T_FLOAT || a->kind == T_COMPLEX)
    return a->rank >= b->rank ? a : b;
  if (a->kind == T_INT) {
    if (a->is_signed != b->is_signed) {
      Type *s = a->is_signed ? a : b, *u = a->is_signed ? b : a;
      return s->size > u->size ? s : (u->size < 8 ? &ty_longlong : &ty_object);
    }
    return a->size >= b->size ? a : b;
  }
  return a;
}

bool type_holds(const Type *t, int64_t v) {
  if (t->kind == T_FLOAT)
    return v >= -(INT64_C(1) << 53) && v <= (INT64_C(1) << 53);
  if (t->kind != T_INT)
    return false;
  if (!t->is_signed && v < 0)
    return false;
  if (t->size >= 8)
    return true;
  int bits = t->size * 8 - (t->is_signed ? 1 : 0);
  int64_t max = (INT64_C(1) << bits) - 1;
  return v <= max && v >= (t->is_signed ? -max - 1 : 0);
}

static const struct {
  const Type *t;
  const char *min, *max;
} limits[] = {
    {&ty_char, "CHAR_MIN", "CHAR_MAX"},       {&ty_schar, "SCHAR_MIN", "SCHAR_MAX"},
    {&ty_uchar, "0", "UCHAR_MAX"},            {&ty_short, "SHRT_MIN", "SHRT_MAX"},
    {&ty_ushort, "0", "USHRT_MAX"},           {&ty_int, "INT_MIN", "INT_MAX"},
    {&ty_uint, "0", "UINT_MAX"},              {&ty_long, "LONG_MIN", "LONG_MAX"},
    {&ty_ulong, "0", "ULONG_MAX"},            {&ty_longlong, "LLONG_MIN", "LLONG_MAX"},
    {&ty_ulonglong, "0", "ULLONG_MAX"},       {&ty_Py_ssize_t, "PY_SSIZE_T_MIN", "PY_SSIZE_T_MAX"},
    {&ty_index, "PY_SSIZE_T_MIN", "PY_SSIZE_T_MAX"},
    {&ty_size_t, "0", "SIZE_MAX"},
};

const char *type_cmin(const Type *t) {
  for (size_t i = 0; i < sizeof limits / sizeof *limits; i++)
    if (limits[i].t == t)
      return limits[i].min;
  return "0";
}

const char *type_cmax(const Type *t) {
  for (size_t i = 0; i < sizeof limits / sizeof *limits; i++)
    if (limits[i].t == t)
      return limits[i].max;
  return "0";
}

/* View types are made on demand and interned for the process (a few dozen at most), so they
 * compare by pointer like the scalar types. */
Type *type_view(Type *elem, int ndim, char contig, bool readonly) {
  static Type *table[256];
  static int count;
  if (ndim < 1 || ndim > 8 || !elem || (elem->kind != T_INT && elem->kind != T_FLOAT && elem->kind != T_COMPLEX))
    return NULL;
  for (int i = 0; i < count; i++) {
    Type *t = table[i];
    if (t->elem == elem && t->ndim == ndim && t->contig == contig && t->readonly == readonly)
      return t;
  }
  if (count == (int)(sizeof table / sizeof *table))
    return NULL;
  Type *t = calloc(1, sizeof *t);
  char *name = malloc(128);
  if (!t || !name)
    abort();
  int n = snprintf(name, 128, "%s%s[", readonly ? "const " : "", elem->name);
  for (int d = 0; d < ndim; d++)
    n += snprintf(name + n, (size_t)(128 - n), "%s%s", d ? ", " : "",
                  (contig == 'C' && d == ndim - 1) || (contig == 'F' && d == 0) ? "::1" : ":");
  snprintf(name + n, (size_t)(128 - n), "]");
  t->kind = T_VIEW;
  t->name = name;
  t->cname = "pyc2c_View";
  t->conv = "view";
  t->elem = elem;
  t->ndim = ndim;
  t->contig = contig;
  t->readonly = readonly;
  table[count++] = t;
  return t;
}

/* NumPy's name of a view element type ("float64", "uint8"; LP64, the only data model pyc2c
 * targets): for .pyi stubs and NumPy's error messages. */
const char *type_numpy_name(const Type *t) {
  if (t->kind == T_FLOAT)
    return t->size == 4 ? "float32" : t->size == 8 ? "float64" : "longdouble";
  if (t->kind == T_BINT)
    return "bool_";
  if (t->kind == T_COMPLEX)
    return t->size == 8 ? "complex64" : "complex128";
  static const char *const s[] = {"int8", "int16", "int32", "int64"};
  static const char *const u[] = {"uint8", "uint16", "uint32", "uint64"};
  int k = t->size == 1 ? 0 : t->size == 2 ? 1 : t->size == 4 ? 2 : 3;
  return t->is_signed ? s[k] : u[k];
}
