/* types.h: the types pyc2c knows. C numeric types keep C semantics (as Cython documents); Python
 * object types keep Python's. Types are static singletons, compared by pointer. */
#ifndef PYC2C_TYPES_H
#define PYC2C_TYPES_H
#include <stdbool.h>
#include <stdint.h>

typedef enum TypeKind {
  T_VOID,   /* no value (a function without return value) */
  T_BINT,   /* cython.bint and Python bool: a C int holding 0/1, boxed as True/False */
  T_INT,    /* C integer types */
  T_FLOAT,  /* C floating types */
  T_OBJECT, /* a PyObject *, owned by whoever holds it */
  T_VIEW,   /* a typed memoryview: elem[:, :, ::1]; a pyc2c_View in C */
  T_PYINT,  /* Python's int: a tagged word (pyc2c/pyint.h), exact, C-speed while it is small */
  T_COMPLEX, /* C99 float/double _Complex with Python's arithmetic (pyc2c/complex.h); elem is
              * the type of each part */
} TypeKind;

/* What an object type is known to hold; OBJ_ANY when nothing is known. */
typedef enum ObjKind { OBJ_ANY, OBJ_INT, OBJ_FLOAT, OBJ_BOOL, OBJ_STR, OBJ_NONE } ObjKind;

typedef struct Type {
  TypeKind kind;
  const char *name;  /* as the user writes it: "cython.int", "int" */
  const char *cname; /* C spelling: "int", "PyObject *" */
  const char *conv;  /* runtime conversion suffix: pyc2c_as_<conv>, pyc2c_from_<conv> */
  int size;          /* bytes; 0 for object/void */
  bool is_signed;
  int rank;          /* C integer conversion rank, float rank for floats */
  ObjKind obj;
  /* T_VIEW only: */
  struct Type *elem; /* element type (a C numeric type); T_COMPLEX: the type of each part */
  int ndim;          /* 1..8 */
  char contig;       /* 0 strided, 'C' ([:, ::1]) or 'F' ([::1, :]) */
  bool readonly;     /* const view: accepts read-only buffers, cannot be written */
} Type;

/* cython.<name> -> C type; X(ident, cython name, C spelling, conversion suffix, kind, signed, rank,
 * size on LP64, the only data model pyc2c targets so far) */
#define C_NUMERIC_TYPES(X)                                                                         \
  X(char, "char", "char", char, T_INT, 1, 1, 1)                                                       \
  X(schar, "schar", "signed char", schar, T_INT, 1, 1, 1)                                             \
  X(uchar, "uchar", "unsigned char", uchar, T_INT, 0, 1, 1)                                           \
  X(short, "short", "short", short, T_INT, 1, 2, 2)                                                   \
  X(ushort, "ushort", "unsigned short", ushort, T_INT, 0, 2, 2)                                       \
  X(int, "int", "int", int, T_INT, 1, 3, 4)                                                           \
  X(uint, "uint", "unsigned int", uint, T_INT, 0, 3, 4)                                               \
  X(long, "long", "long", long, T_INT, 1, 4, 8)                                                       \
  X(ulong, "ulong", "unsigned long", ulong, T_INT, 0, 4, 8)                                           \
  X(longlong, "longlong", "long long", longlong, T_INT, 1, 5, 8)                                      \
  X(ulonglong, "ulonglong", "unsigned long long", ulonglong, T_INT, 0, 5, 8)                          \
  X(Py_ssize_t, "Py_ssize_t", "Py_ssize_t", ssize, T_INT, 1, 4, 8)                                    \
  X(size_t, "size_t", "size_t", size, T_INT, 0, 4, 8)                                                 \
  X(float, "float", "float", float, T_FLOAT, 1, 1, 4)                                                 \
  X(double, "double", "double", double, T_FLOAT, 1, 2, 8)                                             \
  X(longdouble, "longdouble", "long double", longdouble, T_FLOAT, 1, 3, 16)

#define X(id, cy, c, conv, kind, sgn, rank, sz) extern Type ty_##id;
C_NUMERIC_TYPES(X)
#undef X
/* ty_index: a Py_ssize_t known to hold a value that fits (a range() index, len(), a shape):
 * kept in C; arithmetic on it is exact (gives a Python int), unlike on declared C types. */
extern Type ty_index;
extern Type ty_floatcomplex, ty_doublecomplex; /* cython.floatcomplex, cython.doublecomplex */
extern Type ty_void, ty_bint, ty_object, ty_pyint, ty_pyfloat, ty_pybool, ty_str, ty_none;

Type *type_from_cython_name(const char *name); /* "double" -> &ty_double; NULL if unknown */
static inline bool type_is_cint(const Type *t) { return t->kind == T_INT; }
static inline bool type_is_cfloat(const Type *t) { return t->kind == T_FLOAT; }
/* bint, C integers and C floats: values that live in C variables. */
static inline bool type_is_cnum(const Type *t) {
  return t->kind == T_INT || t->kind == T_FLOAT || t->kind == T_BINT;
}
static inline bool type_is_object(const Type *t) { return t->kind == T_OBJECT; }
static inline bool type_is_pyint(const Type *t) { return t->kind == T_PYINT; }
static inline bool type_is_complex(const Type *t) { return t->kind == T_COMPLEX; }
/* The interned view type elem[ndim dims] with that contiguity; NULL if ndim is out of range. */
Type *type_view(Type *elem, int ndim, char contig, bool readonly);
static inline bool type_is_view(const Type *t) { return t->kind == T_VIEW; }
const char *type_numpy_name(const Type *t); /* "float64", "uint8", "complex128" */
/* The C type two C numeric operands are converted to (C's usual arithmetic conversions, with
 * bint taking part as a C long, since True + True == 2). */
Type *type_arith(Type *a, Type *b);
/* Least type holding both (flow-insensitive local inference); &ty_object when only an object can. */
Type *type_join(Type *a, Type *b);
/* Does the C integer type hold v? */
bool type_holds(const Type *t, int64_t v);
/* Minimum and maximum value of a C integer type, as text for generated C. */
const char *type_cmin(const Type *t);
const char *type_cmax(const Type *t);

#endif
