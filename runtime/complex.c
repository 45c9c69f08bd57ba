/* complex.c: the out-of-line parts of complex numbers (pyc2c/complex.h): powers, as CPython's
 * complex_pow computes them, and conversions from Python objects. */
#include "pyc2c/runtime.h"
#include <errno.h>
#include <float.h>
#include <stdbool.h>

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

/* ---- cmath: the functions pyc2c compiles natively, computing what CPython's cmath module
 * computes (same algorithms over the same libm calls, the same special values for infinite and
 * NaN parts, which follow C99 Annex G, and the same errors). */

/* cmath.sqrt. Finite z: with x = |re|, y = |im|, the root's larger part is
 * s = sqrt((x + hypot(x, y)) / 2), computed as 2*sqrt(x/8 + hypot(x/8, y/8)) so that nothing
 * overflows, or, when both parts are below DBL_MIN, on parts scaled up by 2**53 (then s scaled
 * down by 2**-27) so that hypot is not subnormal; the other part is y / (2s). */
double _Complex pyc2c_cmath_sqrt(double _Complex z) {
  double re = __real__ z, im = __imag__ z;
  if (!isfinite(re) || !isfinite(im)) {
    if (isinf(im)) /* sqrt(x + inf*i) = inf + inf*i, whatever x is (even NaN) */
      return __builtin_complex(Py_HUGE_VAL, im);
    if (isnan(re) || isnan(im)) {
      if (re == -Py_HUGE_VAL) /* -inf + NaN*i */
        return __builtin_complex(Py_NAN, Py_HUGE_VAL);
      if (re == Py_HUGE_VAL)
        return __builtin_complex(Py_HUGE_VAL, Py_NAN);
      return __builtin_complex(Py_NAN, Py_NAN);
    }
    /* an infinite real part, a finite imaginary one */
    if (re > 0)
      return __builtin_complex(Py_HUGE_VAL, copysign(0.0, im));
    return __builtin_complex(0.0, copysign(Py_HUGE_VAL, im));
  }
  if (re == 0.0 && im == 0.0)
    return __builtin_complex(0.0, im);
  double x = fabs(re), y = fabs(im), s;
  if (x < DBL_MIN && y < DBL_MIN) {
    const int up = 2 * (DBL_MANT_DIG / 2) + 1, down = -(up + 1) / 2;
    x = ldexp(x, up);
    s = ldexp(sqrt(x + hypot(x, ldexp(y, up))), down);
  } else {
    x /= 8.0;
    s = 2.0 * sqrt(x + hypot(x, y / 8.0));
  }
  double d = y / (2.0 * s);
  if (re >= 0.0)
    return __builtin_complex(s, copysign(d, im));
  return __builtin_complex(d, copysign(s, im));
}

/* cmath.exp: ValueError "math domain error" for an infinite imaginary part beside a finite or
 * +inf real part, OverflowError "math range error" when a finite z's result overflows. */
int pyc2c_cmath_exp(double _Complex z, double _Complex *out) {
  double re = __real__ z, im = __imag__ z, rr, ri;
  if (!isfinite(re) || !isfinite(im)) {
    if (isinf(re) && isfinite(im) && im != 0.0) {
      /* the signs of cos(im) and sin(im) give the quadrant of an infinite or zero result */
      double mag = re > 0 ? Py_HUGE_VAL : 0.0;
      rr = copysign(mag, cos(im));
      ri = copysign(mag, sin(im));
    } else if (re == -Py_HUGE_VAL) { /* im is +-0, inf or NaN */
      rr = 0.0;
      ri = im == 0.0 ? im : 0.0;
    } else if (re == Py_HUGE_VAL) {
      rr = Py_HUGE_VAL;
      ri = im == 0.0 ? im : Py_NAN;
    } else if (isnan(re)) {
      rr = Py_NAN;
      ri = im == 0.0 ? im : Py_NAN;
    } else { /* a finite real part beside an infinite or NaN imaginary one */
      rr = Py_NAN;
      ri = Py_NAN;
    }
    if (isinf(im) && (isfinite(re) || re == Py_HUGE_VAL)) {
      pyc2c_raise_str(PyExc_ValueError, "math domain error");
      return -1;
    }
    *out = __builtin_complex(rr, ri);
    return 0;
  }
  if (re > log(DBL_MAX / 4.0)) { /* e**re alone may overflow where the product does not */
    double l = exp(re - 1.0);
    rr = l * cos(im) * Py_MATH_E;
    ri = l * sin(im) * Py_MATH_E;
  } else {
    double l = exp(re);
    rr = l * cos(im);
    ri = l * sin(im);
  }
  if (isinf(rr) || isinf(ri)) {
    pyc2c_raise_str(PyExc_OverflowError, "math range error");
    return -1;
  }
  *out = __builtin_complex(rr, ri);
  return 0;
}

/* cmath.phase: atan2, whose errno CPython checks (glibc sets ERANGE when the angle underflows,
 * as for phase(2+5e-324j): OverflowError "math range error"). */
int pyc2c_cmath_phase(double _Complex z, double *out) {
  errno = 0;
  *out = atan2(__imag__ z, __real__ z);
  if (PYC2C_UNLIKELY(errno != 0)) {
    pyc2c_raise_str(errno == ERANGE ? PyExc_OverflowError : PyExc_ValueError,
                    errno == ERANGE ? "math range error" : "math domain error");
    return -1;
  }
  return 0;
}

/* cmath.log with one argument, and cmath.log10: log|z| + i*atan2(im, re), with |z| kept away
 * from overflow (huge parts halved first), from subnormals (tiny parts scaled up by 2**53) and,
 * near 1, computed as log1p((m-1)(m+1) + n*n)/2 (m, n the larger and smaller part) for accuracy.
 * ValueError "math domain error" for a zero z; the special values of C99 Annex G. */
static int cmath_log(double _Complex z, double _Complex *out) {
  const double ln2 = 0.6931471805599453094, pi = Py_MATH_PI;
  double re = __real__ z, im = __imag__ z, rr, ri;
  if (!isfinite(re) || !isfinite(im)) {
    if (isnan(re))
      rr = isinf(im) ? Py_HUGE_VAL : Py_NAN, ri = Py_NAN;
    else if (isinf(re)) { /* -inf: the angle pi (3pi/4 beside an infinite im); +inf: 0 (pi/4) */
      rr = Py_HUGE_VAL;
      if (isnan(im))
        ri = Py_NAN;
      else if (isinf(im))
        ri = copysign(re < 0 ? 0.75 * pi : 0.25 * pi, im);
      else
        ri = copysign(re < 0 ? pi : 0.0, im);
    } else { /* finite re: an infinite im gives +-pi/2, a NaN one NaN */
      rr = isinf(im) ? Py_HUGE_VAL : Py_NAN;
      ri = isinf(im) ? copysign(0.5 * pi, im) : Py_NAN;
    }
    *out = __builtin_complex(rr, ri);
    return 0;
  }
  double ax = fabs(re), ay = fabs(im);
  if (ax > DBL_MAX / 4.0 || ay > DBL_MAX / 4.0)
    rr = log(hypot(ax / 2.0, ay / 2.0)) + ln2;
  else if (ax < DBL_MIN && ay < DBL_MIN) {
    if (ax == 0.0 && ay == 0.0) {
      pyc2c_raise_str(PyExc_ValueError, "math domain error");
      return -1;
    }
    rr = log(hypot(ldexp(ax, DBL_MANT_DIG), ldexp(ay, DBL_MANT_DIG))) - DBL_MANT_DIG * ln2;
  } else {
    double h = hypot(ax, ay);
    if (0.71 <= h && h <= 1.73) {
      double m = ax > ay ? ax : ay, n = ax > ay ? ay : ax, x = (m - 1) * (m + 1) + n * n;
      rr = (x == 0.0 ? x : log1p(x)) / 2.0;
    } else
      rr = log(h);
  }
  ri = atan2(im, re);
  *out = __builtin_complex(rr, ri);
  return 0;
}

int pyc2c_cmath_log(double _Complex z, double _Complex *out) { return cmath_log(z, out); }

int pyc2c_cmath_log10(double _Complex z, double _Complex *out) {
  const double ln10 = 2.302585092994045684;
  double _Complex r;
  if (cmath_log(z, &r) < 0)
    return -1;
  *out = __builtin_complex(__real__ r / ln10, __imag__ r / ln10);
  return 0;
}

/* ---- cmath.sinh, cosh, sin and cos. Each helper returns the value and sets *err to EDOM
 * (ValueError "math domain error") or ERANGE (OverflowError "math range error") as CPython's
 * does; sin and cos are the hyperbolic ones at i*z (sin z = -i sinh(iz), cos z = cosh(iz)). */

/* sinh (odd) and cosh (even) of an infinite or NaN part: C99 Annex G. */
static double _Complex hyp_special(double re, double im, bool odd, int *err) {
  *err = isinf(im) && !isnan(re) ? EDOM : 0;
  if (isinf(re) && isfinite(im) && im != 0.0) {
    /* an infinite result in the quadrant of cos(im), sin(im); cosh of -inf is even in re,
     * sinh odd */
    double c = copysign(Py_HUGE_VAL, cos(im)), s = copysign(Py_HUGE_VAL, sin(im));
    if (re > 0)
      return __builtin_complex(c, s);
    return odd ? __builtin_complex(-c, s) : __builtin_complex(c, -s);
  }
  if (isinf(re)) { /* im is +-0, inf or NaN */
    if (im == 0.0) /* sinh(+-inf +-0i) = +-inf +-0i; cosh(+-inf +-0i) = inf + (sign re*im) 0i */
      return odd ? __builtin_complex(re, im)
                 : __builtin_complex(Py_HUGE_VAL, re > 0 ? im : -im);
    return __builtin_complex(Py_HUGE_VAL, Py_NAN);
  }
  if (re == 0.0) { /* a zero re beside an infinite or NaN im */
    if (odd)
      return __builtin_complex(0.0, Py_NAN);
    return __builtin_complex(Py_NAN, 0.0);
  }
  if (isnan(re) && im == 0.0)
    return __builtin_complex(Py_NAN, odd ? im : 0.0);
  return __builtin_complex(Py_NAN, Py_NAN);
}

static double _Complex c_sinh_cosh(double _Complex z, bool odd, int *err) {
  double re = __real__ z, im = __imag__ z, rr, ri;
  if (!isfinite(re) || !isfinite(im))
    return hyp_special(re, im, odd, err);
  if (fabs(re) > log(DBL_MAX / 4.0)) { /* cosh(re) overflows where the product may not */
    double x1 = re - copysign(1.0, re);
    rr = cos(im) * (odd ? sinh(x1) : cosh(x1)) * Py_MATH_E;
    ri = sin(im) * (odd ? cosh(x1) : sinh(x1)) * Py_MATH_E;
  } else {
    rr = cos(im) * (odd ? sinh(re) : cosh(re));
    ri = sin(im) * (odd ? cosh(re) : sinh(re));
  }
  *err = isinf(rr) || isinf(ri) ? ERANGE : 0;
  return __builtin_complex(rr, ri);
}

static int math_error(int err) {
  pyc2c_raise_str(err == EDOM ? PyExc_ValueError : PyExc_OverflowError,
                  err == EDOM ? "math domain error" : "math range error");
  return -1;
}

/* z rotated by i (i*z), and back (-i*z) */
static double _Complex times_i(double _Complex z) { return __builtin_complex(-__imag__ z, __real__ z); }
static double _Complex times_minus_i(double _Complex z) {
  return __builtin_complex(__imag__ z, -__real__ z);
}

int pyc2c_cmath_hyp(int which, double _Complex z, double _Complex *out) {
  int err = 0;
  double _Complex r;
  switch (which) {
  case PYC2C_CMATH_SINH: r = c_sinh_cosh(z, true, &err); break;
  case PYC2C_CMATH_COSH: r = c_sinh_cosh(z, false, &err); break;
  case PYC2C_CMATH_SIN: r = times_minus_i(c_sinh_cosh(times_i(z), true, &err)); break;
  default: r = c_sinh_cosh(times_i(z), false, &err); break; /* cos */
  }
  if (err)
    return math_error(err);
  *out = r;
  return 0;
}
