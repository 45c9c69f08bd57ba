/* pyc2c/runtime.h: what every module pyc2c generates includes. The out-of-line parts live in
 * runtime/ and are linked into each module (compiled once per target Python, then cached); the
 * inline arithmetic below is here so the C compiler can inline and vectorise it. */
#ifndef PYC2C_RUNTIME_H
#define PYC2C_RUNTIME_H
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>

#define PYC2C_LIKELY(x) __builtin_expect(!!(x), 1)
#define PYC2C_UNLIKELY(x) __builtin_expect(!!(x), 0)

/* Every generated function that can fail has `int pyc2c_lineno` and a `pyc2c_error` label;
 * PYC2C_ERR records the .py line for the traceback and jumps there. */
#define PYC2C_ERR(line)                                                                            \
  do {                                                                                             \
    pyc2c_lineno = (line);                                                                         \
    goto pyc2c_error;                                                                              \
  } while (0)

/* ---- errors (runtime/errors.c) */
/* Adds a traceback entry naming the .py file, the function and the line, as CPython's would. */
void pyc2c_add_traceback(const char *funcname, const char *filename, int line);
void pyc2c_raise_unbound(const char *name);
void pyc2c_raise_zerodiv(const char *msg);
void pyc2c_raise_overflow(const char *msg);
void pyc2c_raise_value(const char *msg);
/* PyErr_SetString / PyErr_SetNone that also work without the GIL (include/pyc2c/parallel.h). */
void pyc2c_raise_str(PyObject *type, const char *msg);
void pyc2c_raise_none(PyObject *type);
/* OverflowError(34, 'Numerical result out of range'), as CPython's float ** raises. */
void pyc2c_raise_pow_overflow(void);

/* ---- argument parsing for METH_FASTCALL | METH_KEYWORDS wrappers (runtime/args.c) */
typedef struct pyc2c_FuncInfo {
  const char *name;
  const char *const *params;
  int nparams, nrequired;
} pyc2c_FuncInfo;
/* Fills out[0..nparams) with borrowed references, NULL where the default applies. Raises
 * TypeError with CPython's wording for a wrong count, an unknown or a repeated keyword. */
int pyc2c_parse_args(const pyc2c_FuncInfo *fi, PyObject *const *args, Py_ssize_t nargs,
                     PyObject *kwnames, PyObject **out);
/* TypeError "Argument 'x' has incorrect type (expected int, got str)" unless `ok`. */
int pyc2c_arg_type_error(const char *argname, const char *expected, PyObject *got);

/* ---- conversions Python -> C (runtime/convert.c): 0 on success, -1 with an exception set */
#define PYC2C_INT_CONVERSIONS(X)                                                                   \
  X(char, char) X(schar, signed char) X(uchar, unsigned char) X(short, short)                     \
  X(ushort, unsigned short) X(int, int) X(uint, unsigned int) X(long, long)                       \
  X(ulong, unsigned long) X(longlong, long long) X(ulonglong, unsigned long long)                 \
  X(ssize, Py_ssize_t) X(size, size_t)
#define X(suffix, T) int pyc2c_as_##suffix(PyObject *o, T *out);
PYC2C_INT_CONVERSIONS(X)
#undef X
int pyc2c_as_float(PyObject *o, float *out);
int pyc2c_as_double(PyObject *o, double *out);
int pyc2c_as_longdouble(PyObject *o, long double *out);
int pyc2c_as_bint(PyObject *o, int *out);

/* ---- conversions C -> Python: new references, NULL on failure */
static inline PyObject *pyc2c_from_bint(int v) { return Py_NewRef(v ? Py_True : Py_False); }
static inline PyObject *pyc2c_from_char(char v) { return PyLong_FromLong(v); }
static inline PyObject *pyc2c_from_schar(signed char v) { return PyLong_FromLong(v); }
static inline PyObject *pyc2c_from_uchar(unsigned char v) { return PyLong_FromLong(v); }
static inline PyObject *pyc2c_from_short(short v) { return PyLong_FromLong(v); }
static inline PyObject *pyc2c_from_ushort(unsigned short v) { return PyLong_FromLong(v); }
static inline PyObject *pyc2c_from_int(int v) { return PyLong_FromLong(v); }
static inline PyObject *pyc2c_from_uint(unsigned int v) { return PyLong_FromUnsignedLong(v); }
static inline PyObject *pyc2c_from_long(long v) { return PyLong_FromLong(v); }
static inline PyObject *pyc2c_from_ulong(unsigned long v) { return PyLong_FromUnsignedLong(v); }
static inline PyObject *pyc2c_from_longlong(long long v) { return PyLong_FromLongLong(v); }
static inline PyObject *pyc2c_from_ulonglong(unsigned long long v) {
  return PyLong_FromUnsignedLongLong(v);
}
static inline PyObject *pyc2c_from_ssize(Py_ssize_t v) { return PyLong_FromSsize_t(v); }
static inline PyObject *pyc2c_from_size(size_t v) { return PyLong_FromSize_t(v); }
static inline PyObject *pyc2c_from_float(float v) { return PyFloat_FromDouble(v); }
static inline PyObject *pyc2c_from_double(double v) { return PyFloat_FromDouble(v); }
static inline PyObject *pyc2c_from_longdouble(long double v) { return PyFloat_FromDouble((double)v); }

/* ---- Python semantics for C numbers (inline). Callers have checked b != 0 (and the overflow
 * of MIN // -1 for signed types) before calling the division helpers. */
#define PYC2C_SIGNED_OPS(suffix, T)                                                                \
  static inline T pyc2c_floordiv_##suffix(T a, T b) {                                             \
    T q = a / b;                                                                                   \
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;                                       \
  }                                                                                                \
  static inline T pyc2c_mod_##suffix(T a, T b) {                                                  \
    T r = a % b;                                                                                   \
    return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;                                           \
  }
#define PYC2C_UNSIGNED_OPS(suffix, T)                                                              \
  static inline T pyc2c_floordiv_##suffix(T a, T b) { return a / b; }                             \
  static inline T pyc2c_mod_##suffix(T a, T b) { return a % b; }
PYC2C_SIGNED_OPS(int, int)
PYC2C_SIGNED_OPS(long, long)
PYC2C_SIGNED_OPS(longlong, long long)
PYC2C_UNSIGNED_OPS(uint, unsigned int)
PYC2C_UNSIGNED_OPS(ulong, unsigned long)
PYC2C_UNSIGNED_OPS(ulonglong, unsigned long long)

/* x ** k for a C integer and a non-negative k, wrapping like C multiplication (-fwrapv). */
static inline unsigned long long pyc2c_ipow(unsigned long long base, unsigned long long k) {
  unsigned long long r = 1;
  while (k) {
    if (k & 1)
      r *= base;
    base *= base;
    k >>= 1;
  }
  return r;
}

/* Shifts: Python raises ValueError for a negative count; a count past the width gives what
 * infinite-precision shifting would, truncated to the type (0, or the sign for >>). */
static inline int pyc2c_shift_check(long long count) {
  if (PYC2C_UNLIKELY(count < 0)) {
    pyc2c_raise_value("negative shift count");
    return -1;
  }
  return 0;
}
static inline long long pyc2c_lshift_s(long long a, long long c, int bits) {
  return c >= bits ? 0 : (long long)((unsigned long long)a << c);
}
static inline unsigned long long pyc2c_lshift_u(unsigned long long a, long long c, int bits) {
  return c >= bits ? 0 : a << c;
}
static inline long long pyc2c_rshift_s(long long a, long long c) { return a >> (c > 63 ? 63 : c); }
static inline unsigned long long pyc2c_rshift_u(unsigned long long a, long long c) {
  return c > 63 ? 0 : a >> c;
}

/* Float floor division and modulo exactly as CPython's float_divmod computes them. */
static inline double pyc2c_mod_double(double vx, double wx) {
  double mod = fmod(vx, wx);
  if (mod) {
    if ((wx < 0) != (mod < 0))
      mod += wx;
  } else
    mod = copysign(0.0, wx);
  return mod;
}
static inline double pyc2c_floordiv_double(double vx, double wx) {
  double mod = fmod(vx, wx), div = (vx - mod) / wx, floordiv;
  if (mod && ((wx < 0) != (mod < 0)))
    div -= 1.0;
  if (div) {
    floordiv = floor(div);
    if (div - floordiv > 0.5)
      floordiv += 1.0;
  } else
    floordiv = copysign(0.0, vx / wx);
  return floordiv;
}

/* a / b for 64-bit C integers, correctly rounded as Python's int / int is: converting each
 * operand to double first would round twice once a value needs more than 53 bits. Callers have
 * checked b != 0. The quotient of the magnitudes is taken with 55-56 significant bits plus a
 * sticky bit, so the one rounding of the conversion to double is the correct one. */
static inline double pyc2c_truediv_mag(int neg, unsigned long long a, unsigned long long b) {
  double r;
  if (PYC2C_LIKELY(a <= (1ULL << 53) && b <= (1ULL << 53)))
    r = (double)a / (double)b;
  else {
    int la = 64 - __builtin_clzll(a), lb = 64 - __builtin_clzll(b); /* a != 0 here */
    int s = 55 + lb - la, sticky = 0;
    __extension__ unsigned __int128 n;
    if (s >= 0)
      n = (unsigned __int128)a << s;
    else {
      n = a >> -s;
      sticky = (a & ((1ULL << -s) - 1)) != 0;
    }
    __extension__ unsigned __int128 q = n / b;
    sticky |= (n % b) != 0;
    r = ldexp((double)((unsigned long long)q | (unsigned long long)sticky), -s);
  }
  return neg ? -r : r;
}
static inline unsigned long long pyc2c_mag_ll(long long v) {
  return v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
}
static inline double pyc2c_truediv_ll(long long a, long long b) {
  return pyc2c_truediv_mag((a < 0) != (b < 0), pyc2c_mag_ll(a), pyc2c_mag_ll(b));
}
static inline double pyc2c_truediv_ull(unsigned long long a, unsigned long long b) {
  return pyc2c_truediv_mag(0, a, b);
}
static inline double pyc2c_truediv_ll_ull(long long a, unsigned long long b) {
  return pyc2c_truediv_mag(a < 0, pyc2c_mag_ll(a), b);
}
static inline double pyc2c_truediv_ull_ll(unsigned long long a, long long b) {
  return pyc2c_truediv_mag(b < 0, a, pyc2c_mag_ll(b));
}

/* a ** b for C doubles with CPython's errors; 0 on success. A negative base with a fractional
 * exponent would give a complex number in Python: pyc2c raises ValueError instead. */
int pyc2c_pow_double(double a, double b, double *out);

/* Python's math module errors for a libm result r of x (and y): a NaN from non-NaN arguments is
 * ValueError("math domain error"); an infinity from finite ones is OverflowError("math range
 * error") where the function can overflow, ValueError otherwise (log(0.0)). */
int pyc2c_math_error(int overflow);
static inline int pyc2c_math_check1(double x, double r, int overflow) {
  if (PYC2C_UNLIKELY(isnan(r) && !isnan(x)))
    return pyc2c_math_error(0);
  if (PYC2C_UNLIKELY(isinf(r) && isfinite(x)))
    return pyc2c_math_error(overflow);
  return 0;
}
static inline int pyc2c_math_check2(double x, double y, double r) {
  if (PYC2C_UNLIKELY(isnan(r) && !isnan(x) && !isnan(y)))
    return pyc2c_math_error(0);
  if (PYC2C_UNLIKELY(isinf(r) && isfinite(x) && isfinite(y)))
    return pyc2c_math_error(1);
  return 0;
}

/* Exact comparisons where C's conversions would round: a 64-bit integer against a double. */
static inline int pyc2c_cmp_ll_d(long long a, double b) {
  if (a >= -(1LL << 53) && a <= (1LL << 53))
    return ((double)a > b) - ((double)a < b) + 2 * (b != b);
  long double x = (long double)a, y = (long double)b;
  return (x > y) - (x < y) + 2 * (b != b);
}
static inline int pyc2c_cmp_ull_d(unsigned long long a, double b) {
  long double x = (long double)a, y = (long double)b;
  return (x > y) - (x < y) + 2 * (b != b);
}
/* A signed against an unsigned integer: C would convert the signed one to unsigned. */
static inline int pyc2c_cmp_ll_ull(long long a, unsigned long long b) {
  if (a < 0)
    return -1;
  return ((unsigned long long)a > b) - ((unsigned long long)a < b);
}

#include "pyc2c/pyint.h" /* Python's int: tagged word, C fast path */
#include "pyc2c/complex.h" /* complex numbers with CPython's arithmetic */
#include "pyc2c/object.h"

#endif
