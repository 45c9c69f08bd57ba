/* complex.c: the out-of-line parts of complex numbers (pyc2c/complex.h): powers, as CPython's
 * complex_pow computes them, and conversions from Python objects. */
#include "pyc2c/runtime.h"
#include <errno.h>

/* x ** n for 0 <= n <= 100 by repeated squaring, as CPython's c_powu. */
static Py_complex powu(Py_complex x, long n) {
  Py_complex r = {1.0, 0.0}, p = x;
  for (long mask = 1; mask > 0 && n >= mask; mask <<= 1) {
    if (n & mask)
      r = pyc2c_to_py_complex(pyc2c_cmul(pyc2c_from_py_complex(r), pyc2c_from_py_complex(p)));
    p = pyc2c_to_py_complex(pyc2c_cmul(pyc2c_from_py_complex(p), pyc2c_from_py_complex(p)));
  }
  return r;
}

/* A small integer exponent: exact products, and 1 / x ** -n for a negative one (c_powi). */
static Py_complex powi(Py_complex x, long n) {
  static const Py_complex one = {1.0, 0.0};
  if (n > 0)
    return powu(x, n);
  return _Py_c_quot(one, powu(x, -n)); /* sets errno = EDOM for a zero x */
}

int pyc2c_cpow(double _Complex a, double _Complex b, double _Complex *out) {
  Py_complex x = pyc2c_to_py_complex(a), y = pyc2c_to_py_complex(b), p;
  errno = 0;
  if (y.imag == 0.0 && y.real == floor(y.real) && fabs(y.real) <= 100.0)
    p = powi(x, (long)y.real);
  else
    p = _Py_c_pow(x, y);
  /* CPython's Py_ADJUST_ERANGE2: an infinite part is a range error unless errno says otherwise,
   * and a finite result clears a range error (an underflow). */
  if (isinf(p.real) || isinf(p.imag)) {
    if (errno == 0)
      errno = ERANGE;
  } else if (errno == ERANGE)
    errno = 0;
  if (errno == EDOM) {
    pyc2c_raise_str(PyExc_ZeroDivisionError, "0.0 to a negative or complex power");
    return -1;
  }
  if (errno == ERANGE) {
    pyc2c_raise_str(PyExc_OverflowError, "complex exponentiation");
    return -1;
  }
  *out = pyc2c_from_py_complex(p);
  return 0;
}

int pyc2c_as_dcomplex(PyObject *o, double _Complex *out) {
  Py_complex c = PyComplex_AsCComplex(o);
  if (c.real == -1.0 && PyErr_Occurred())
    return -1;
  *out = pyc2c_from_py_complex(c);
  return 0;
}

int pyc2c_as_fcomplex(PyObject *o, float _Complex *out) {
  double _Complex d;
  if (pyc2c_as_dcomplex(o, &d) < 0)
    return -1;
  *out = (float _Complex)d;
  return 0;
}
