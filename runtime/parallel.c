/* parallel.c: the per-module error slot for code that runs without the GIL (see
 * include/pyc2c/parallel.h), and the module's build information. Every function here that
 * touches Python objects takes the GIL first when the calling thread does not hold it. */
#include "pyc2c/parallel.h"

/* Guarded by the GIL. `owner` is the thread whose error is in the slot (its traceback entries are
 * the ones added); `line` the .py line a failing parallel loop recorded. */
static struct {
  PyObject *type, *value, *tb;
  unsigned long owner;
  int line;
} slot;

void pyc2c_nogil_capture(void) {
  PyObject *type, *value, *tb;
  PyErr_Fetch(&type, &value, &tb);
  if (!type)
    return;
  if (slot.type) {
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
    return;
  }
  slot.type = type;
  slot.value = value;
  slot.tb = tb;
  slot.owner = PyThread_get_thread_ident();
  slot.line = 0;
}

void pyc2c_par_fail(int line) {
  PyGILState_STATE g = PyGILState_Ensure();
  if (slot.type && slot.owner == PyThread_get_thread_ident() && !slot.line)
    slot.line = line;
  PyGILState_Release(g);
}

int pyc2c_nogil_reraise(int line) {
  int held = PyGILState_Check();
  PyGILState_STATE g = held ? PyGILState_UNLOCKED : PyGILState_Ensure();
  if (slot.line)
    line = slot.line;
  slot.line = 0;
  if (held) {
    if (slot.type) {
      PyErr_Restore(slot.type, slot.value, slot.tb);
      slot.type = slot.value = slot.tb = NULL;
    } else if (!PyErr_Occurred())
      PyErr_SetString(PyExc_SystemError, "pyc2c: an error without the GIL left no exception");
  } else {
    slot.owner = PyThread_get_thread_ident();
    PyGILState_Release(g);
  }
  return line;
}

/* Errors raised by the runtime's helpers: set under the GIL, kept in the slot if the thread did
 * not hold it (called from errors.c and buffer.c). */
int pyc2c_nogil_enter(PyGILState_STATE *g) {
  if (PyGILState_Check())
    return 0;
  *g = PyGILState_Ensure();
  return 1;
}

void pyc2c_nogil_leave(int entered, PyGILState_STATE g) {
  if (!entered)
    return;
  pyc2c_nogil_capture();
  PyGILState_Release(g);
}

/* A traceback entry for a frame that failed without the GIL: added to the slot's exception if it
 * is this thread's (another thread's first error is the one reported). */
int pyc2c_nogil_traceback_enter(PyGILState_STATE *g) {
  if (PyGILState_Check())
    return 0;
  *g = PyGILState_Ensure();
  if (slot.type && slot.owner == PyThread_get_thread_ident()) {
    PyErr_Restore(slot.type, slot.value, slot.tb);
    slot.type = slot.value = slot.tb = NULL;
    return 1;
  }
  return 2;
}

void pyc2c_nogil_traceback_leave(int entered, PyGILState_STATE g) {
  if (!entered)
    return;
  if (entered == 1) {
    int line = slot.line;
    pyc2c_nogil_capture();
    slot.line = line;
  }
  PyGILState_Release(g);
}

PyThreadState *pyc2c_release_if_held(void) { return PyGILState_Check() ? PyEval_SaveThread() : NULL; }

int pyc2c_set_build_info(PyObject *module, int openmp, int num_threads) {
  PyObject *d = Py_BuildValue("{s:O,s:i}", "openmp", openmp ? Py_True : Py_False, "num_threads",
                              num_threads);
  if (!d)
    return -1;
  return PyModule_AddObject(module, "__pyc2c__", d) < 0 ? (Py_DECREF(d), -1) : 0;
}
