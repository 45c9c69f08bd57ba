/* pyint.c: the slow paths of the tagged int (pyc2c/pyint.h). Everything here goes through
 * CPython's own int objects, so big values, overflowed results and errors are exactly CPython's. */
#include "pyc2c/runtime.h"

/* Normalises: a value that fits the small range is never boxed. Steals `o`. */
pyc2c_int pyc2c_int_steal(PyObject *o) {
  if (!o)
    return PYC2C_INT_ERR;
  int overflow = 0;
  long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
  if (v == -1 && !overflow && PyErr_Occurred()) {
    Py_DECREF(o);
    return PYC2C_INT_ERR;
  }
  if (!overflow && v >= PYC2C_INT_SMALL_MIN && v <= PYC2C_INT_SMALL_MAX && PyLong_CheckExact(o)) {
    Py_DECREF(o);
    return PYC2C_INT_SMALL(v);
  }
  return (pyc2c_int)(uintptr_t)o | 1; /* big, or a bool (True & False is False): kept boxed */
}

pyc2c_int pyc2c_int_box_ll(long long v) { return pyc2c_int_steal(PyLong_FromLongLong(v)); }

pyc2c_int pyc2c_int_from_ull_slow(unsigned long long v) {
  return pyc2c_int_steal(PyLong_FromUnsignedLongLong(v));
}

/* An int object as it is: an exact int is normalised; a bool (or another int subclass) stays
 * boxed, whatever its value, so that passing True through an `int` returns True, as in CPython. */
pyc2c_int pyc2c_int_from_object(PyObject *o) {
  if (PyLong_CheckExact(o))
    return pyc2c_int_steal(Py_NewRef(o));
  if (!PyLong_Check(o)) {
    PyErr_Format(PyExc_TypeError, "expected int, got %s", Py_TYPE(o)->tp_name);
    return PYC2C_INT_ERR;
  }
  return (pyc2c_int)(uintptr_t)Py_NewRef(o) | 1;
}

/* int(x): a plain int (int(True) is 1). */
pyc2c_int pyc2c_int_exact_slow(pyc2c_int x) {
  PyObject *o = pyc2c_int_obj(x);
  if (PyLong_CheckExact(o)) {
    Py_INCREF(o);
    return x;
  }
  return pyc2c_int_steal(PyNumber_Long(o));
}

pyc2c_int pyc2c_int_from_double(double d) {
  if (d >= -4611686018427387904.0 && d < 4611686018427387904.0)
    return PYC2C_INT_SMALL((long long)d);
  return pyc2c_int_steal(PyLong_FromDouble(d)); /* inf: OverflowError, nan: ValueError */
}

PyObject *pyc2c_int_box_slow(pyc2c_int x) { return PyLong_FromLongLong(pyc2c_int_value(x)); }

pyc2c_int pyc2c_int_binop_slow(pyc2c_IntOp op, pyc2c_int a, pyc2c_int b) {
  PyObject *x = pyc2c_int_box(a), *y = x ? pyc2c_int_box(b) : NULL, *r = NULL;
  if (y) {
    switch (op) {
    case PYC2C_IADD: r = PyNumber_Add(x, y); break;
    case PYC2C_ISUB: r = PyNumber_Subtract(x, y); break;
    case PYC2C_IMUL: r = PyNumber_Multiply(x, y); break;
    case PYC2C_IFLOORDIV: r = PyNumber_FloorDivide(x, y); break;
    case PYC2C_IMOD: r = PyNumber_Remainder(x, y); break;
    case PYC2C_IPOW: r = PyNumber_Power(x, y, Py_None); break;
    case PYC2C_ILSHIFT: r = PyNumber_Lshift(x, y); break;
    case PYC2C_IRSHIFT: r = PyNumber_Rshift(x, y); break;
    case PYC2C_IAND: r = PyNumber_And(x, y); break;
    case PYC2C_IOR: r = PyNumber_Or(x, y); break;
    case PYC2C_IXOR: r = PyNumber_Xor(x, y); break;
    }
  }
  Py_XDECREF(x);
  Py_XDECREF(y);
  if (r && !PyLong_Check(r)) { /* 2 ** -1 is a float: callers route negative powers elsewhere */
    Py_DECREF(r);
    PyErr_SetString(PyExc_SystemError, "pyc2c: int operation gave a non-int");
    return PYC2C_INT_ERR;
  }
  return pyc2c_int_steal(r);
}

/* f(a) through CPython's int object. */
static pyc2c_int unary_slow(pyc2c_int a, PyObject *(*f)(PyObject *)) {
  PyObject *x = pyc2c_int_box(a);
  if (!x)
    return PYC2C_INT_ERR;
  PyObject *r = f(x);
  Py_DECREF(x);
  return pyc2c_int_steal(r);
}

pyc2c_int pyc2c_int_neg_slow(pyc2c_int a) { return unary_slow(a, PyNumber_Negative); }

pyc2c_int pyc2c_int_abs_slow(pyc2c_int a) { return unary_slow(a, PyNumber_Absolute); }

/* Two boxed values are compared by CPython; a boxed one against a small one exactly, through its
 * value (a boxed value is usually outside the small range, but a bool argument stays boxed). */
int pyc2c_int_cmp_slow(pyc2c_int a, pyc2c_int b) {
  if ((a & 1) && (b & 1)) {
    PyObject *x = pyc2c_int_obj(a), *y = pyc2c_int_obj(b);
    int lt = PyObject_RichCompareBool(x, y, Py_LT); /* ints: cannot fail */
    if (lt > 0)
      return -1;
    return PyObject_RichCompareBool(x, y, Py_EQ) > 0 ? 0 : 1;
  }
  if (a & 1)
    return pyc2c_int_cmp_ll_slow(a, pyc2c_int_value(b));
  return -pyc2c_int_cmp_ll_slow(b, pyc2c_int_value(a));
}

int pyc2c_int_truth_slow(pyc2c_int x) { return _PyLong_Sign(pyc2c_int_obj(x)) != 0; }

int pyc2c_int_cmp_double_slow(pyc2c_int a, double b, int *res) {
  if (isnan(b)) {
    *res = 2;
    return 0;
  }
  PyObject *x = pyc2c_int_box(a), *y = x ? PyFloat_FromDouble(b) : NULL;
  int lt = -1, eq = -1;
  if (y) {
    lt = PyObject_RichCompareBool(x, y, Py_LT);
    if (lt == 0)
      eq = PyObject_RichCompareBool(x, y, Py_EQ);
  }
  Py_XDECREF(x);
  Py_XDECREF(y);
  if (lt < 0 || (lt == 0 && eq < 0))
    return -1;
  *res = lt ? -1 : eq ? 0 : 1;
  return 0;
}

int pyc2c_int_as_double_slow(pyc2c_int x, double *out) {
  double d = PyLong_AsDouble(pyc2c_int_obj(x)); /* OverflowError "int too large to convert to float" */
  if (d == -1.0 && PyErr_Occurred())
    return -1;
  *out = d;
  return 0;
}

/* int / int through CPython: "division by zero", "integer division result too large for a
 * float", and a correctly rounded quotient of big ints. */
int pyc2c_int_truediv_slow(pyc2c_int a, pyc2c_int b, double *out) {
  PyObject *x = pyc2c_int_box(a), *y = x ? pyc2c_int_box(b) : NULL, *r = NULL;
  if (y)
    r = PyNumber_TrueDivide(x, y);
  Py_XDECREF(x);
  Py_XDECREF(y);
  if (!r)
    return -1;
  *out = PyFloat_AsDouble(r);
  Py_DECREF(r);
  return 0;
}

int pyc2c_int_pow_double(pyc2c_int a, pyc2c_int b, double *out) {
  PyObject *x = pyc2c_int_box(a), *y = x ? pyc2c_int_box(b) : NULL, *r = NULL;
  if (y)
    r = PyNumber_Power(x, y, Py_None);
  Py_XDECREF(x);
  Py_XDECREF(y);
  if (!r)
    return -1;
  *out = PyFloat_AsDouble(r);
  int bad = *out == -1.0 && PyErr_Occurred();
  Py_DECREF(r);
  return bad ? -1 : 0;
}

PyObject *pyc2c_int_divmod(pyc2c_int a, pyc2c_int b) {
  PyObject *x = pyc2c_int_box(a), *y = x ? pyc2c_int_box(b) : NULL, *r = NULL;
  if (y)
    r = PyNumber_Divmod(x, y);
  Py_XDECREF(x);
  Py_XDECREF(y);
  return r;
}

/* A boxed value against a C integer: exact, and cannot fail. */
int pyc2c_int_cmp_ll_slow(pyc2c_int a, long long b) {
  int overflow = 0;
  long long v = PyLong_AsLongLongAndOverflow(pyc2c_int_obj(a), &overflow);
  if (overflow)
    return overflow;
  return (v > b) - (v < b);
}

int pyc2c_int_cmp_ull_slow(pyc2c_int a, unsigned long long b) {
  int overflow = 0;
  long long v = PyLong_AsLongLongAndOverflow(pyc2c_int_obj(a), &overflow);
  if (overflow < 0 || (!overflow && v < 0))
    return -1;
  if (!overflow)
    return ((unsigned long long)v > b) - ((unsigned long long)v < b);
  unsigned long long u = PyLong_AsUnsignedLongLong(pyc2c_int_obj(a));
  if (u == (unsigned long long)-1 && PyErr_Occurred()) {
    PyErr_Clear(); /* past 2**64: greater than any unsigned long long */
    return 1;
  }
  return (u > b) - (u < b);
}
