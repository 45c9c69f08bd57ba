/* pyc2c/pyint.h: Python's `int` as a tagged word, fast and exact (as mypyc's tagged integers).
 *
 * A pyc2c_int is one 64-bit word. Even: a "small" int, the value shifted left by one (63-bit
 * signed range, -2**62 .. 2**62-1). Odd: a pointer to a PyLong, plus one, holding a reference;
 * only values outside the small range are boxed, so a value has exactly one representation and
 * small values compare and test for zero as plain words. (One exception: a bool or int subclass
 * received as an argument stays boxed, so that it comes back unchanged, as in CPython; the slow
 * paths handle a boxed small value, and every operation's result is normalised.) The inline fast paths below do the
 * arithmetic on the words with the compiler's overflow builtins; on overflow or a boxed operand
 * they call the out-of-line slow paths in runtime/pyint.c, which use CPython's own int
 * operations, so results (and errors) are always CPython's.
 *
 * Ownership, as the generated code uses it: a value read from a variable is borrowed for the
 * statement; every operation returns a new value (owned when boxed); storing into a variable takes
 * its own reference. PYC2C_INT_ERR (a tagged NULL) is the error result, with an exception set;
 * releasing it is harmless. */
#ifndef PYC2C_PYINT_H
#define PYC2C_PYINT_H
#include <stdint.h>

typedef int64_t pyc2c_int;

#define PYC2C_INT_ERR ((pyc2c_int)1)
#define PYC2C_INT_SMALL(v) ((pyc2c_int)((uint64_t)(int64_t)(v) << 1))
#define PYC2C_INT_SMALL_MAX (INT64_MAX >> 1)
#define PYC2C_INT_SMALL_MIN (INT64_MIN >> 1)

static inline int pyc2c_int_is_small(pyc2c_int x) { return !(x & 1); }
static inline int64_t pyc2c_int_value(pyc2c_int x) { return x >> 1; } /* small values only */
static inline PyObject *pyc2c_int_obj(pyc2c_int x) { return (PyObject *)(uintptr_t)(x ^ 1); }
static inline void pyc2c_int_incref(pyc2c_int x) {
  if (PYC2C_UNLIKELY(x & 1))
    Py_XINCREF(pyc2c_int_obj(x));
}
static inline void pyc2c_int_decref(pyc2c_int x) {
  if (PYC2C_UNLIKELY(x & 1))
    Py_XDECREF(pyc2c_int_obj(x));
}
#define PYC2C_INT_CLEAR(x)                                                                         \
  do {                                                                                             \
    pyc2c_int_decref(x);                                                                           \
    (x) = 0;                                                                                       \
  } while (0)
/* Replaces the value of a variable with v (borrowed): takes a reference to v, drops the old. */
#define PYC2C_INT_STORE(var, v)                                                                    \
  do {                                                                                             \
    pyc2c_int pyc2c_new_ = (v), pyc2c_old_ = (var);                                                \
    pyc2c_int_incref(pyc2c_new_);                                                                  \
    (var) = pyc2c_new_;                                                                            \
    pyc2c_int_decref(pyc2c_old_);                                                                  \
  } while (0)

/* ---- slow paths (runtime/pyint.c) */
typedef enum pyc2c_IntOp {
  PYC2C_IADD, PYC2C_ISUB, PYC2C_IMUL, PYC2C_IFLOORDIV, PYC2C_IMOD, PYC2C_IPOW, PYC2C_ILSHIFT,
  PYC2C_IRSHIFT, PYC2C_IAND, PYC2C_IOR, PYC2C_IXOR
} pyc2c_IntOp;
pyc2c_int pyc2c_int_box_ll(long long v);            /* v outside the small range */
pyc2c_int pyc2c_int_from_ull_slow(unsigned long long v);
pyc2c_int pyc2c_int_steal(PyObject *o);             /* a new reference to a PyLong, or NULL */
pyc2c_int pyc2c_int_from_object(PyObject *o);       /* TypeError unless an int (bool included) */
pyc2c_int pyc2c_int_from_double(double d);          /* int(d): OverflowError, ValueError */
PyObject *pyc2c_int_box_slow(pyc2c_int x);
pyc2c_int pyc2c_int_binop_slow(pyc2c_IntOp op, pyc2c_int a, pyc2c_int b);
pyc2c_int pyc2c_int_neg_slow(pyc2c_int a);
pyc2c_int pyc2c_int_abs_slow(pyc2c_int a);
int pyc2c_int_cmp_slow(pyc2c_int a, pyc2c_int b);   /* -1, 0, 1; cannot fail */
int pyc2c_int_cmp_double_slow(pyc2c_int a, double b, int *res);
int pyc2c_int_as_double_slow(pyc2c_int x, double *out);
int pyc2c_int_truediv_slow(pyc2c_int a, pyc2c_int b, double *out);
int pyc2c_int_pow_double(pyc2c_int a, pyc2c_int b, double *out); /* a ** b for b < 0 */
PyObject *pyc2c_int_divmod(pyc2c_int a, pyc2c_int b);
int pyc2c_int_truth_slow(pyc2c_int x);
pyc2c_int pyc2c_int_exact_slow(pyc2c_int x);
static inline int pyc2c_int_truth(pyc2c_int x) {
  if (PYC2C_LIKELY(!(x & 1)))
    return x != 0;
  return pyc2c_int_truth_slow(x);
}
/* int(x): a new value, a plain int */
static inline pyc2c_int pyc2c_int_exact(pyc2c_int x) {
  if (PYC2C_LIKELY(!(x & 1)))
    return x;
  return pyc2c_int_exact_slow(x);
}

/* ---- conversions */
static inline pyc2c_int pyc2c_int_from_ll(long long v) {
  if (PYC2C_LIKELY(v >= PYC2C_INT_SMALL_MIN && v <= PYC2C_INT_SMALL_MAX))
    return PYC2C_INT_SMALL(v);
  return pyc2c_int_box_ll(v);
}
static inline pyc2c_int pyc2c_int_from_ull(unsigned long long v) {
  if (PYC2C_LIKELY(v <= (unsigned long long)PYC2C_INT_SMALL_MAX))
    return PYC2C_INT_SMALL(v);
  return pyc2c_int_from_ull_slow(v);
}
/* A new reference to the value as a Python int. */
static inline PyObject *pyc2c_int_box(pyc2c_int x) {
  if (PYC2C_UNLIKELY(x & 1))
    return Py_NewRef(pyc2c_int_obj(x));
  return pyc2c_int_box_slow(x);
}
/* The pyc2c_from_<conv> spelling other conversions use (the value stays the caller's). */
static inline PyObject *pyc2c_from_pyint(pyc2c_int x) { return pyc2c_int_box(x); }
static inline int pyc2c_int_as_double(pyc2c_int x, double *out) {
  if (PYC2C_LIKELY(pyc2c_int_is_small(x))) {
    *out = (double)pyc2c_int_value(x);
    return 0;
  }
  return pyc2c_int_as_double_slow(x, out);
}
/* To C integer types: OverflowError with Cython's messages when the value does not fit. */
#define PYC2C_INT_AS(suffix, T)                                                                    \
  static inline int pyc2c_int_as_##suffix(pyc2c_int x, T *out) {                                  \
    if (PYC2C_LIKELY(pyc2c_int_is_small(x))) {                                                    \
      int64_t v = pyc2c_int_value(x);                                                              \
      T t = (T)v;                                                                                  \
      if (PYC2C_LIKELY((int64_t)t == v && (t < (T)1) == (v < 1))) {                                \
        *out = t;                                                                                  \
        return 0;                                                                                  \
      }                                                                                            \
    }                                                                                              \
    PyObject *o = pyc2c_int_box(x);                                                                \
    if (!o)                                                                                        \
      return -1;                                                                                   \
    int r = pyc2c_as_##suffix(o, out);                                                             \
    Py_DECREF(o);                                                                                  \
    return r;                                                                                      \
  }
PYC2C_INT_CONVERSIONS(PYC2C_INT_AS)
#undef PYC2C_INT_AS

/* ---- arithmetic: fast paths on the words */
static inline pyc2c_int pyc2c_int_add(pyc2c_int a, pyc2c_int b) {
  pyc2c_int r;
  if (PYC2C_LIKELY(!((a | b) & 1)) && PYC2C_LIKELY(!__builtin_add_overflow(a, b, &r)))
    return r;
  return pyc2c_int_binop_slow(PYC2C_IADD, a, b);
}
static inline pyc2c_int pyc2c_int_sub(pyc2c_int a, pyc2c_int b) {
  pyc2c_int r;
  if (PYC2C_LIKELY(!((a | b) & 1)) && PYC2C_LIKELY(!__builtin_sub_overflow(a, b, &r)))
    return r;
  return pyc2c_int_binop_slow(PYC2C_ISUB, a, b);
}
static inline pyc2c_int pyc2c_int_mul(pyc2c_int a, pyc2c_int b) {
  pyc2c_int r;
  if (PYC2C_LIKELY(!((a | b) & 1)) && PYC2C_LIKELY(!__builtin_mul_overflow(a >> 1, b, &r)))
    return r;
  return pyc2c_int_binop_slow(PYC2C_IMUL, a, b);
}
static inline pyc2c_int pyc2c_int_floordiv(pyc2c_int a, pyc2c_int b) {
  if (PYC2C_LIKELY(!((a | b) & 1) && b != 0)) {
    int64_t x = a >> 1, y = b >> 1, q = x / y;
    if ((x % y != 0) && ((x < 0) != (y < 0)))
      q -= 1;
    return pyc2c_int_from_ll(q); /* -2**62 // -1 leaves the small range */
  }
  return pyc2c_int_binop_slow(PYC2C_IFLOORDIV, a, b);
}
static inline pyc2c_int pyc2c_int_mod(pyc2c_int a, pyc2c_int b) {
  if (PYC2C_LIKELY(!((a | b) & 1) && b != 0)) {
    int64_t x = a >> 1, y = b >> 1, r = x % y;
    if (r != 0 && ((r < 0) != (y < 0)))
      r += y;
    return PYC2C_INT_SMALL(r);
  }
  return pyc2c_int_binop_slow(PYC2C_IMOD, a, b);
}
static inline pyc2c_int pyc2c_int_and(pyc2c_int a, pyc2c_int b) {
  if (PYC2C_LIKELY(!((a | b) & 1)))
    return a & b;
  return pyc2c_int_binop_slow(PYC2C_IAND, a, b);
}
static inline pyc2c_int pyc2c_int_or(pyc2c_int a, pyc2c_int b) {
  if (PYC2C_LIKELY(!((a | b) & 1)))
    return a | b;
  return pyc2c_int_binop_slow(PYC2C_IOR, a, b);
}
static inline pyc2c_int pyc2c_int_xor(pyc2c_int a, pyc2c_int b) {
  if (PYC2C_LIKELY(!((a | b) & 1)))
    return a ^ b;
  return pyc2c_int_binop_slow(PYC2C_IXOR, a, b);
}
static inline pyc2c_int pyc2c_int_lshift(pyc2c_int a, pyc2c_int b) {
  if (PYC2C_LIKELY(!((a | b) & 1) && b >= 0 && b < PYC2C_INT_SMALL(63))) {
    int c = (int)(b >> 1);
    pyc2c_int r = (pyc2c_int)((uint64_t)a << c);
    if ((r >> c) == a)
      return r;
  }
  return pyc2c_int_binop_slow(PYC2C_ILSHIFT, a, b); /* also the negative count's ValueError */
}
static inline pyc2c_int pyc2c_int_rshift(pyc2c_int a, pyc2c_int b) {
  if (PYC2C_LIKELY(!((a | b) & 1) && b >= 0)) {
    int64_t c = b >> 1;
    return (a >> (c > 63 ? 63 : c)) & ~(pyc2c_int)1;
  }
  return pyc2c_int_binop_slow(PYC2C_IRSHIFT, a, b);
}
/* a ** b for b >= 0 (the caller knows): repeated squaring while it stays small. */
static inline pyc2c_int pyc2c_int_pow(pyc2c_int a, pyc2c_int b) {
  if (PYC2C_LIKELY(!((a | b) & 1) && b >= 0)) {
    int64_t base = a >> 1, k = b >> 1, r = 1;
    int ok = 1;
    while (k && ok) {
      if (k & 1)
        ok = !__builtin_mul_overflow(r, base, &r);
      k >>= 1;
      if (k && ok)
        ok = !__builtin_mul_overflow(base, base, &base);
    }
    if (ok)
      return pyc2c_int_from_ll(r);
  }
  return pyc2c_int_binop_slow(PYC2C_IPOW, a, b);
}
static inline pyc2c_int pyc2c_int_neg(pyc2c_int a) {
  if (PYC2C_LIKELY(!(a & 1) && a != PYC2C_INT_SMALL(PYC2C_INT_SMALL_MIN)))
    return -a;
  return pyc2c_int_neg_slow(a);
}
static inline pyc2c_int pyc2c_int_invert(pyc2c_int a) {
  if (PYC2C_LIKELY(!(a & 1)))
    return ~a ^ 1; /* ~v == -v - 1 never leaves the small range */
  return pyc2c_int_binop_slow(PYC2C_IXOR, a, PYC2C_INT_SMALL(-1));
}
static inline pyc2c_int pyc2c_int_abs(pyc2c_int a) {
  if (PYC2C_LIKELY(!(a & 1) && a != PYC2C_INT_SMALL(PYC2C_INT_SMALL_MIN)))
    return a < 0 ? -a : a;
  return pyc2c_int_abs_slow(a);
}
/* int / int: a correctly rounded double, with CPython's errors. */
static inline int pyc2c_int_truediv(pyc2c_int a, pyc2c_int b, double *out) {
  if (PYC2C_LIKELY(!((a | b) & 1) && b != 0)) {
    *out = pyc2c_truediv_ll(a >> 1, b >> 1);
    return 0;
  }
  return pyc2c_int_truediv_slow(a, b, out);
}

/* ---- comparisons: -1, 0 or 1 (2 for unordered against a NaN) */
static inline int pyc2c_int_cmp(pyc2c_int a, pyc2c_int b) {
  if (PYC2C_LIKELY(!((a | b) & 1)))
    return (a > b) - (a < b);
  return pyc2c_int_cmp_slow(a, b);
}
int pyc2c_int_cmp_ll_slow(pyc2c_int a, long long b);
int pyc2c_int_cmp_ull_slow(pyc2c_int a, unsigned long long b);
static inline int pyc2c_int_cmp_ll(pyc2c_int a, long long b) {
  if (PYC2C_LIKELY(!(a & 1)))
    return ((a >> 1) > b) - ((a >> 1) < b);
  return pyc2c_int_cmp_ll_slow(a, b);
}
static inline int pyc2c_int_cmp_ull(pyc2c_int a, unsigned long long b) {
  if (PYC2C_LIKELY(!(a & 1))) {
    if (a < 0)
      return -1;
    unsigned long long x = (unsigned long long)(a >> 1);
    return (x > b) - (x < b);
  }
  return pyc2c_int_cmp_ull_slow(a, b);
}
static inline int pyc2c_int_cmp_double(pyc2c_int a, double b, int *res) {
  if (PYC2C_LIKELY(!(a & 1))) {
    *res = pyc2c_cmp_ll_d(a >> 1, b);
    return 0;
  }
  return pyc2c_int_cmp_double_slow(a, b, res);
}

#endif
