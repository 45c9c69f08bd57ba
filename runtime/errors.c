/* errors.c: raising exceptions and adding .py frames to tracebacks. */
#include "pyc2c/runtime.h"
#include <errno.h>
#include <frameobject.h>

void pyc2c_raise_unbound(const char *name) {
  PyErr_Format(PyExc_UnboundLocalError,
               "cannot access local variable '%s' where it is not associated with a value", name);
}

void pyc2c_raise_zerodiv(const char *msg) { PyErr_SetString(PyExc_ZeroDivisionError, msg); }
void pyc2c_raise_overflow(const char *msg) { PyErr_SetString(PyExc_OverflowError, msg); }
void pyc2c_raise_value(const char *msg) { PyErr_SetString(PyExc_ValueError, msg); }

void pyc2c_raise_pow_overflow(void) {
  errno = ERANGE;
  PyErr_SetFromErrno(PyExc_OverflowError);
}

/* A code object per (function, line) would be cached by a long-running program's hot error
 * paths; errors are rare, so a fresh one each time keeps this simple. */
void pyc2c_add_traceback(const char *funcname, const char *filename, int line) {
  PyObject *type, *value, *tb;
  PyErr_Fetch(&type, &value, &tb);
  PyCodeObject *code = PyCode_NewEmpty(filename, funcname, line);
  PyObject *globals = code ? PyDict_New() : NULL;
  PyFrameObject *frame = globals ? PyFrame_New(PyThreadState_Get(), code, globals, NULL) : NULL;
  PyErr_Restore(type, value, tb);
  if (frame) {
    PyTraceBack_Here(frame);
  }
  Py_XDECREF(frame);
  Py_XDECREF(globals);
  Py_XDECREF(code);
}

int pyc2c_pow_double(double a, double b, double *out) {
  if (a == 0.0 && b < 0.0 && isfinite(b)) {
    PyErr_SetString(PyExc_ZeroDivisionError, "0.0 cannot be raised to a negative power");
    return -1;
  }
  if (a < 0.0 && isfinite(a) && isfinite(b) && floor(b) != b) {
    PyErr_SetString(PyExc_ValueError,
                    "negative number cannot be raised to a fractional power in compiled code "
                    "(Python would return a complex number)");
    return -1;
  }
  errno = 0;
  double r = pow(a, b);
  if (isinf(r) && isfinite(a) && isfinite(b)) {
    pyc2c_raise_pow_overflow();
    return -1;
  }
  *out = r;
  return 0;
}

int pyc2c_math_error(int overflow) {
  if (overflow)
    PyErr_SetString(PyExc_OverflowError, "math range error");
  else
    PyErr_SetString(PyExc_ValueError, "math domain error");
  return -1;
}
