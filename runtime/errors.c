/* errors.c: raising exceptions and adding .py frames to tracebacks. */
#include "pyc2c/parallel.h"
#include <errno.h>
#include <frameobject.h>

/* Every helper that raises may run without the GIL (in a nogil function or a prange body):
 * NOGIL_BEGIN takes it if needed, NOGIL_END moves the exception into the module's slot. */
#define NOGIL_BEGIN                                                                                \
  PyGILState_STATE g_;                                                                             \
  int entered_ = pyc2c_nogil_enter(&g_)
#define NOGIL_END pyc2c_nogil_leave(entered_, g_)

void pyc2c_raise_unbound(const char *name) {
  NOGIL_BEGIN;
  PyErr_Format(PyExc_UnboundLocalError,
               "cannot access local variable '%s' where it is not associated with a value", name);
  NOGIL_END;
}

void pyc2c_raise_str(PyObject *type, const char *msg) {
  NOGIL_BEGIN;
  PyErr_SetString(type, msg);
  NOGIL_END;
}

void pyc2c_raise_none(PyObject *type) {
  NOGIL_BEGIN;
  PyErr_SetNone(type);
  NOGIL_END;
}

void pyc2c_raise_zerodiv(const char *msg) { pyc2c_raise_str(PyExc_ZeroDivisionError, msg); }
void pyc2c_raise_overflow(const char *msg) { pyc2c_raise_str(PyExc_OverflowError, msg); }
void pyc2c_raise_value(const char *msg) { pyc2c_raise_str(PyExc_ValueError, msg); }

void pyc2c_raise_pow_overflow(void) {
  NOGIL_BEGIN;
  errno = ERANGE;
  PyErr_SetFromErrno(PyExc_OverflowError);
  NOGIL_END;
}

static void add_traceback(const char *funcname, const char *filename, int line);

/* A code object per (function, line) would be cached by a long-running program's hot error
 * paths; errors are rare, so a fresh one each time keeps this simple. */
void pyc2c_add_traceback(const char *funcname, const char *filename, int line) {
  PyGILState_STATE g;
  int entered = pyc2c_nogil_traceback_enter(&g);
  if (entered == 2) { /* another thread's error is the one reported */
    PyGILState_Release(g);
    return;
  }
  add_traceback(funcname, filename, line);
  pyc2c_nogil_traceback_leave(entered, g);
}

static void add_traceback(const char *funcname, const char *filename, int line) {
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
    pyc2c_raise_zerodiv("0.0 cannot be raised to a negative power");
    return -1;
  }
  if (a < 0.0 && isfinite(a) && isfinite(b) && floor(b) != b) {
    pyc2c_raise_value("negative number cannot be raised to a fractional power in compiled code "
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
    pyc2c_raise_overflow("math range error");
  else
    pyc2c_raise_value("math domain error");
  return -1;
}
