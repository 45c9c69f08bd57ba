/* pyc2c/complex.h: complex numbers (cython.doublecomplex, cython.floatcomplex, `complex`) as C99
 * `double _Complex` / `float _Complex` values, with CPython's arithmetic. Only + and - of two
 * complex values use C's operators (they are componentwise, as CPython's _Py_c_sum/_Py_c_diff);
 * products, quotients, powers and absolute values go through the helpers below, which compute
 * what CPython's complexobject.c computes (C's own * and / treat infinities and NaNs
 * differently, and round differently). A real operand is first made a complex one with a +0.0
 * imaginary part, as CPython does. Float complex values are computed in double and rounded. */
#ifndef PYC2C_COMPLEX_H
#define PYC2C_COMPLEX_H
/* included by runtime.h, after the error helpers and the exact comparisons it uses */

/* complex(re, im) without the rounding or NaN traps of `re + im * I`. */
static inline double _Complex pyc2c_complex(double re, double im) { return __builtin_complex(re, im); }
static inline double pyc2c_creal(double _Complex z) { return __real__ z; }
static inline double pyc2c_cimag(double _Complex z) { return __imag__ z; }
static inline float pyc2c_crealf(float _Complex z) { return __real__ z; }
static inline float pyc2c_cimagf(float _Complex z) { return __imag__ z; }
static inline double _Complex pyc2c_cconj(double _Complex z) {
  return __builtin_complex(__real__ z, -__imag__ z);
}
static inline double _Complex pyc2c_cneg(double _Complex z) {
  return __builtin_complex(-__real__ z, -__imag__ z);
}
static inline Py_complex pyc2c_to_py_complex(double _Complex z) {
  Py_complex r = {__real__ z, __imag__ z};
  return r;
}
static inline double _Complex pyc2c_from_py_complex(Py_complex z) {
  return __builtin_complex(z.real, z.imag);
}

/* a * b as CPython's _Py_c_prod (modules are built without contraction, so no fused
 * multiply-add changes the rounding). */
static inline double _Complex pyc2c_cmul(double _Complex a, double _Complex b) {
  double ar = __real__ a, ai = __imag__ a, br = __real__ b, bi = __imag__ b;
  return __builtin_complex(ar * br - ai * bi, ar * bi + ai * br);
}

/* a / b for a divisor known not to be zero: CPython's own quotient (_Py_c_quot). */
static inline double _Complex pyc2c_cquot(double _Complex a, double _Complex b) {
  return pyc2c_from_py_complex(_Py_c_quot(pyc2c_to_py_complex(a), pyc2c_to_py_complex(b)));
}
/* a / b with ZeroDivisionError "complex division by zero" for a zero divisor; 0 on success. */
static inline int pyc2c_cdiv(double _Complex a, double _Complex b, double _Complex *out) {
  if (PYC2C_UNLIKELY(__real__ b == 0.0 && __imag__ b == 0.0)) {
    pyc2c_raise_str(PyExc_ZeroDivisionError, "complex division by zero");
    return -1;
  }
  *out = pyc2c_cquot(a, b);
  return 0;
}

/* a ** b as CPython's complex_pow: ZeroDivisionError "0.0 to a negative or complex power",
 * OverflowError "complex exponentiation". 0 on success (runtime/complex.c). */
int pyc2c_cpow(double _Complex a, double _Complex b, double _Complex *out);

/* abs(z) as CPython's complex_abs: an infinite part gives inf (even beside a NaN), a NaN part
 * NaN, and a finite z whose hypot overflows OverflowError "absolute value too large". */
static inline int pyc2c_cabs(double _Complex z, double *out) {
  double re = __real__ z, im = __imag__ z;
  if (!isfinite(re) || !isfinite(im)) {
    *out = isinf(re) ? fabs(re) : isinf(im) ? fabs(im) : Py_NAN;
    return 0;
  }
  *out = hypot(re, im);
  if (PYC2C_UNLIKELY(!isfinite(*out))) {
    pyc2c_raise_str(PyExc_OverflowError, "absolute value too large");
    return -1;
  }
  return 0;
}

/* z == x for a 64-bit integer x: exact, as CPython compares a float with an int. */
static inline int pyc2c_ceq_ll(double _Complex z, long long x) {
  return __imag__ z == 0.0 && pyc2c_cmp_ll_d(x, __real__ z) == 0;
}
static inline int pyc2c_ceq_ull(double _Complex z, unsigned long long x) {
  return __imag__ z == 0.0 && pyc2c_cmp_ull_d(x, __real__ z) == 0;
}

/* Conversions: from any object with __complex__, a float or an int (PyComplex_AsCComplex: its
 * TypeError "must be real number, not str" otherwise), and back to a Python complex. */
int pyc2c_as_dcomplex(PyObject *o, double _Complex *out);
int pyc2c_as_fcomplex(PyObject *o, float _Complex *out);
static inline PyObject *pyc2c_from_dcomplex(double _Complex v) {
  return PyComplex_FromDoubles(__real__ v, __imag__ v);
}
static inline PyObject *pyc2c_from_fcomplex(float _Complex v) {
  return PyComplex_FromDoubles(__real__ v, __imag__ v);
}

/* cmath functions compiled natively (runtime/complex.c): CPython's algorithms, special values
 * and errors. exp returns 0, or -1 with ValueError / OverflowError set. */
double _Complex pyc2c_cmath_sqrt(double _Complex z);
int pyc2c_cmath_exp(double _Complex z, double _Complex *out);
int pyc2c_cmath_log(double _Complex z, double _Complex *out);   /* log(z), one argument */
int pyc2c_cmath_log10(double _Complex z, double _Complex *out);
enum { PYC2C_CMATH_SINH, PYC2C_CMATH_COSH, PYC2C_CMATH_SIN, PYC2C_CMATH_COS };
int pyc2c_cmath_hyp(int which, double _Complex z, double _Complex *out); /* sinh cosh sin cos */
int pyc2c_cmath_phase(double _Complex z, double *out); /* libm's errno, as CPython checks it */
static inline int pyc2c_cmath_isfinite(double _Complex z) {
  return isfinite(__real__ z) && isfinite(__imag__ z);
}
static inline int pyc2c_cmath_isinf(double _Complex z) { return isinf(__real__ z) || isinf(__imag__ z); }
static inline int pyc2c_cmath_isnan(double _Complex z) { return isnan(__real__ z) || isnan(__imag__ z); }

#endif
