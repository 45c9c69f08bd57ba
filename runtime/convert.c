/* convert.c: Python objects to C numbers, with the errors Cython documents: TypeError for a
 * non-integer (including floats) where an integer is expected, OverflowError when it does not fit. */
#include "pyc2c/runtime.h"

/* The object as a Python int via __index__ (new reference), or NULL with TypeError. */
static PyObject *as_index(PyObject *o) {
  if (PyLong_Check(o))
    return Py_NewRef(o);
  return PyNumber_Index(o);
}

static int signed_value(PyObject *o, long long min, long long max, const char *cname,
                        long long *out) {
  PyObject *i = as_index(o);
  if (!i)
    return -1;
  int overflow = 0;
  long long v = PyLong_AsLongLongAndOverflow(i, &overflow);
  Py_DECREF(i);
  if (v == -1 && PyErr_Occurred())
    return -1;
  if (overflow || v < min || v > max) {
    PyErr_Format(PyExc_OverflowError, "value too large to convert to %s", cname);
    return -1;
  }
  *out = v;
  return 0;
}

static int unsigned_value(PyObject *o, unsigned long long max, const char *cname,
                          unsigned long long *out) {
  PyObject *i = as_index(o);
  if (!i)
    return -1;
  int overflow = 0;
  long long s = PyLong_AsLongLongAndOverflow(i, &overflow);
  if (s == -1 && !overflow && PyErr_Occurred()) {
    Py_DECREF(i);
    return -1;
  }
  if (overflow < 0 || (!overflow && s < 0)) {
    Py_DECREF(i);
    PyErr_Format(PyExc_OverflowError, "can't convert negative value to %s", cname);
    return -1;
  }
  unsigned long long v = PyLong_AsUnsignedLongLong(i);
  Py_DECREF(i);
  if (v == (unsigned long long)-1 && PyErr_Occurred()) {
    if (PyErr_ExceptionMatches(PyExc_OverflowError)) {
      PyErr_Clear();
      PyErr_Format(PyExc_OverflowError, "value too large to convert to %s", cname);
    }
    return -1;
  }
  if (v > max) {
    PyErr_Format(PyExc_OverflowError, "value too large to convert to %s", cname);
    return -1;
  }
  *out = v;
  return 0;
}

#define SIGNED(suffix, T, MIN, MAX)                                                                \
  int pyc2c_as_##suffix(PyObject *o, T *out) {                                                    \
    long long v;                                                                                   \
    if (PyLong_CheckExact(o)) { /* fast path: a small exact int */                               \
      int overflow = 0;                                                                            \
      v = PyLong_AsLongLongAndOverflow(o, &overflow);                                              \
      if (!overflow && v >= (MIN) && v <= (MAX)) {                                                 \
        *out = (T)v;                                                                               \
        return 0;                                                                                  \
      }                                                                                            \
    }                                                                                              \
    if (signed_value(o, MIN, MAX, #T, &v) < 0)                                                     \
      return -1;                                                                                   \
    *out = (T)v;                                                                                   \
    return 0;                                                                                      \
  }
#define UNSIGNED(suffix, T, MAX)                                                                   \
  int pyc2c_as_##suffix(PyObject *o, T *out) {                                                    \
    unsigned long long v;                                                                          \
    if (unsigned_value(o, MAX, #T, &v) < 0)                                                        \
      return -1;                                                                                   \
    *out = (T)v;                                                                                   \
    return 0;                                                                                      \
  }

SIGNED(char, char, CHAR_MIN, CHAR_MAX)
SIGNED(schar, signed char, SCHAR_MIN, SCHAR_MAX)
UNSIGNED(uchar, unsigned char, UCHAR_MAX)
SIGNED(short, short, SHRT_MIN, SHRT_MAX)
UNSIGNED(ushort, unsigned short, USHRT_MAX)
SIGNED(int, int, INT_MIN, INT_MAX)
UNSIGNED(uint, unsigned int, UINT_MAX)
SIGNED(long, long, LONG_MIN, LONG_MAX)
UNSIGNED(ulong, unsigned long, ULONG_MAX)
SIGNED(longlong, long long, LLONG_MIN, LLONG_MAX)
UNSIGNED(ulonglong, unsigned long long, ULLONG_MAX)
SIGNED(ssize, Py_ssize_t, PY_SSIZE_T_MIN, PY_SSIZE_T_MAX)
UNSIGNED(size, size_t, SIZE_MAX)

int pyc2c_as_double(PyObject *o, double *out) {
  double v = PyFloat_CheckExact(o) ? PyFloat_AS_DOUBLE(o) : PyFloat_AsDouble(o);
  if (v == -1.0 && PyErr_Occurred())
    return -1;
  *out = v;
  return 0;
}

int pyc2c_as_float(PyObject *o, float *out) {
  double v;
  if (pyc2c_as_double(o, &v) < 0)
    return -1;
  *out = (float)v;
  return 0;
}

int pyc2c_as_longdouble(PyObject *o, long double *out) {
  double v;
  if (pyc2c_as_double(o, &v) < 0)
    return -1;
  *out = v;
  return 0;
}

int pyc2c_as_bint(PyObject *o, int *out) {
  int v = PyObject_IsTrue(o);
  if (v < 0)
    return -1;
  *out = v;
  return 0;
}
