/* object.c: the runtime of the Python-object fallback (see object.h). */
#include "pyc2c/runtime.h"
#include <stdbool.h>

PyObject *pyc2c_builtin(const char *name) {
  PyObject *mod = PyImport_ImportModule("builtins");
  if (!mod)
    return NULL;
  PyObject *r = PyObject_GetAttrString(mod, name);
  Py_DECREF(mod);
  return r;
}

PyObject *pyc2c_fetch_exc(void) {
#if PY_VERSION_HEX >= 0x030C0000
  return PyErr_GetRaisedException();
#else
  PyObject *type, *value, *tb;
  PyErr_Fetch(&type, &value, &tb);
  PyErr_NormalizeException(&type, &value, &tb);
  if (tb && value)
    PyException_SetTraceback(value, tb);
  Py_XDECREF(type);
  Py_XDECREF(tb);
  return value;
#endif
}

void pyc2c_restore_exc(PyObject *exc) {
  if (!exc)
    return;
  PyObject *tb = PyException_GetTraceback(exc);
  PyErr_Restore(Py_NewRef((PyObject *)Py_TYPE(exc)), exc, tb);
}

/* An exception instance from a class or an instance (new reference), or NULL with TypeError. */
static PyObject *exception_instance(PyObject *x, const char *what) {
  if (PyExceptionClass_Check(x)) {
    PyObject *v = PyObject_CallNoArgs(x);
    if (v && !PyExceptionInstance_Check(v)) {
      PyErr_Format(PyExc_TypeError,
                   "calling %R should have returned an instance of BaseException, not %s", x,
                   Py_TYPE(v)->tp_name);
      Py_CLEAR(v);
    }
    return v;
  }
  if (PyExceptionInstance_Check(x))
    return Py_NewRef(x);
  PyErr_SetString(PyExc_TypeError, what);
  return NULL;
}

int pyc2c_raise(PyObject *x, PyObject *cause) {
  PyObject *v = exception_instance(x, "exceptions must derive from BaseException");
  if (!v)
    return -1;
  if (cause) {
    PyObject *c;
    if (cause == Py_None)
      c = Py_NewRef(Py_None);
    else if (!(c = exception_instance(cause, "exception causes must derive from BaseException"))) {
      Py_DECREF(v);
      return -1;
    }
    if (c == Py_None) {
      /* PyException_SetCause does not accept None: set it and suppress the context by hand */
      Py_DECREF(c);
      PyObject_SetAttrString(v, "__cause__", Py_None);
    } else
      PyException_SetCause(v, c);
  }
  PyErr_SetObject((PyObject *)Py_TYPE(v), v);
  Py_DECREF(v);
  return -1;
}

int pyc2c_unpack(PyObject *v, Py_ssize_t n, Py_ssize_t star, PyObject **out) {
  if (star < 0 && (PyTuple_CheckExact(v) || PyList_CheckExact(v))) {
    Py_ssize_t len = PySequence_Fast_GET_SIZE(v);
    if (len != n) {
      if (len < n)
        PyErr_Format(PyExc_ValueError, "not enough values to unpack (expected %zd, got %zd)", n,
                     len);
      else
        PyErr_Format(PyExc_ValueError, "too many values to unpack (expected %zd)", n);
      return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++)
      out[i] = Py_NewRef(PySequence_Fast_GET_ITEM(v, i));
    return 0;
  }
  PyObject *it = PyObject_GetIter(v);
  if (!it) {
    if (PyErr_ExceptionMatches(PyExc_TypeError) && !PyIter_Check(v) &&
        !Py_TYPE(v)->tp_as_sequence) {
      PyErr_Clear();
      PyErr_Format(PyExc_TypeError, "cannot unpack non-iterable %s object", Py_TYPE(v)->tp_name);
    }
    return -1;
  }
  Py_ssize_t before = star < 0 ? n : star, i = 0;
  for (; i < before; i++) {
    PyObject *x = PyIter_Next(it);
    if (!x) {
      if (!PyErr_Occurred())
        PyErr_Format(PyExc_ValueError, star < 0 ? "not enough values to unpack (expected %zd, got %zd)"
                                                : "not enough values to unpack (expected at least %zd, got %zd)",
                     star < 0 ? n : n - 1, i);
      goto fail;
    }
    out[i] = x;
  }
  if (star < 0) {
    PyObject *extra = PyIter_Next(it);
    if (extra || PyErr_Occurred()) {
      if (extra) {
        Py_DECREF(extra);
        PyErr_Format(PyExc_ValueError, "too many values to unpack (expected %zd)", n);
      }
      goto fail;
    }
    Py_DECREF(it);
    return 0;
  }
  PyObject *rest = PySequence_List(it);
  if (!rest)
    goto fail;
  Py_ssize_t after = n - star - 1, have = PyList_GET_SIZE(rest);
  if (have < after) {
    PyErr_Format(PyExc_ValueError, "not enough values to unpack (expected at least %zd, got %zd)",
                 n - 1, star + have);
    Py_DECREF(rest);
    goto fail;
  }
  for (Py_ssize_t k = 0; k < after; k++)
    out[star + 1 + k] = Py_NewRef(PyList_GET_ITEM(rest, have - after + k));
  if (PyList_SetSlice(rest, have - after, have, NULL) < 0) {
    for (Py_ssize_t k = 0; k < after; k++)
      Py_DECREF(out[star + 1 + k]);
    Py_DECREF(rest);
    goto fail;
  }
  out[star] = rest;
  Py_DECREF(it);
  return 0;
fail:
  for (Py_ssize_t k = 0; k < i; k++)
    Py_DECREF(out[k]);
  Py_DECREF(it);
  return -1;
}

/* Adds every item of the iterable `it` to the container `c` with `add` ([*it] and {*it}). */
static int add_all(PyObject *c, PyObject *it, int (*add)(PyObject *, PyObject *)) {
  PyObject *iter = PyObject_GetIter(it);
  if (!iter)
    return -1;
  PyObject *x;
  while ((x = PyIter_Next(iter))) {
    int r = add(c, x);
    Py_DECREF(x);
    if (r < 0) {
      Py_DECREF(iter);
      return -1;
    }
  }
  Py_DECREF(iter);
  return PyErr_Occurred() ? -1 : 0;
}

int pyc2c_list_extend(PyObject *l, PyObject *it) { return add_all(l, it, PyList_Append); }

int pyc2c_set_update(PyObject *s, PyObject *it) { return add_all(s, it, PySet_Add); }

int pyc2c_kw_set(PyObject *d, PyObject *name, PyObject *v, PyObject *func) {
  int has = PyDict_Contains(d, name);
  if (has < 0)
    return -1;
  if (has) {
    PyErr_Format(PyExc_TypeError, "%.200s() got multiple values for keyword argument '%U'",
                 PyCallable_Check(func) && PyObject_HasAttrString(func, "__name__")
                     ? Py_TYPE(func)->tp_name
                     : "function",
                 name);
    return -1;
  }
  return PyDict_SetItem(d, name, v);
}

int pyc2c_kw_merge(PyObject *d, PyObject *m, PyObject *func) {
  if (!PyDict_Check(m) && !PyObject_HasAttrString(m, "keys")) {
    PyErr_Format(PyExc_TypeError, "argument after ** must be a mapping, not %.200s",
                 Py_TYPE(m)->tp_name);
    return -1;
  }
  PyObject *keys = PyMapping_Keys(m);
  if (!keys)
    return -1;
  Py_ssize_t n = PyList_GET_SIZE(keys);
  for (Py_ssize_t i = 0; i < n; i++) {
    PyObject *k = PyList_GET_ITEM(keys, i);
    if (!PyUnicode_Check(k)) {
      PyErr_SetString(PyExc_TypeError, "keywords must be strings");
      Py_DECREF(keys);
      return -1;
    }
    PyObject *v = PyObject_GetItem(m, k);
    int r = v ? pyc2c_kw_set(d, k, v, func) : -1;
    Py_XDECREF(v);
    if (r < 0) {
      Py_DECREF(keys);
      return -1;
    }
  }
  Py_DECREF(keys);
  return 0;
}

/* A special method looked up on the type and bound to o, as CPython does for `with`. */
static PyObject *special(PyObject *o, const char *name) {
  PyObject *f = PyObject_GetAttrString((PyObject *)Py_TYPE(o), name);
  if (!f) {
    PyErr_Clear();
    return NULL;
  }
  descrgetfunc get = Py_TYPE(f)->tp_descr_get;
  if (get) {
    PyObject *b = get(f, o, (PyObject *)Py_TYPE(o));
    Py_DECREF(f);
    return b;
  }
  return f;
}

int pyc2c_with_enter(PyObject *mgr, PyObject **exit, PyObject **value) {
  PyObject *enter = special(mgr, "__enter__");
  if (!enter) {
    if (!PyErr_Occurred())
      PyErr_Format(PyExc_TypeError, "'%.200s' object does not support the context manager protocol",
                   Py_TYPE(mgr)->tp_name);
    return -1;
  }
  *exit = special(mgr, "__exit__");
  if (!*exit) {
    if (!PyErr_Occurred())
      PyErr_Format(PyExc_TypeError,
                   "'%.200s' object does not support the context manager protocol (missed "
                   "__exit__ method)",
                   Py_TYPE(mgr)->tp_name);
    Py_DECREF(enter);
    return -1;
  }
  *value = PyObject_CallNoArgs(enter);
  Py_DECREF(enter);
  if (!*value) {
    Py_CLEAR(*exit);
    return -1;
  }
  return 0;
}

int pyc2c_with_exit(PyObject *exit) {
  PyObject *r = PyObject_CallFunctionObjArgs(exit, Py_None, Py_None, Py_None, NULL);
  Py_XDECREF(r);
  return r ? 0 : -1;
}

int pyc2c_with_exit_exc(PyObject *exit, PyObject *exc, const char *func, const char *file,
                        int line) {
  PyObject *tb = PyException_GetTraceback(exc);
  bool lent = false;
  if (!tb) {
    /* Raised in this function: __exit__ sees a traceback with this frame, as in CPython; it is
     * taken off again so that the function's own error path adds the frame only once. */
    pyc2c_restore_exc(Py_NewRef(exc));
    pyc2c_add_traceback(func, file, line);
    PyObject *again = pyc2c_fetch_exc();
    Py_XDECREF(again);
    tb = PyException_GetTraceback(exc);
    lent = true;
  }
  PyObject *r = PyObject_CallFunctionObjArgs(exit, (PyObject *)Py_TYPE(exc), exc,
                                             tb ? tb : Py_None, NULL);
  Py_XDECREF(tb);
  if (lent)
    PyException_SetTraceback(exc, Py_None);
  if (!r)
    return -1;
  int t = PyObject_IsTrue(r);
  Py_DECREF(r);
  return t;
}

PyObject *pyc2c_format_field(PyObject *v, char conversion, PyObject *spec) {
  PyObject *c = conversion == 'r'   ? PyObject_Repr(v)
                : conversion == 's' ? PyObject_Str(v)
                : conversion == 'a' ? PyObject_ASCII(v)
                                    : Py_NewRef(v);
  if (!c)
    return NULL;
  if (!spec && PyUnicode_CheckExact(c))
    return c;
  PyObject *r = PyObject_Format(c, spec);
  Py_DECREF(c);
  return r;
}

PyObject *pyc2c_global_get(PyObject *globals, PyObject *name) {
  PyObject *v = PyDict_GetItemWithError(globals, name);
  if (v)
    return Py_NewRef(v);
  if (PyErr_Occurred())
    return NULL;
  PyObject *builtins = PyImport_ImportModule("builtins");
  if (!builtins)
    return NULL;
  v = PyObject_GetAttr(builtins, name);
  Py_DECREF(builtins);
  if (!v && PyErr_ExceptionMatches(PyExc_AttributeError)) {
    PyErr_Clear();
    PyErr_Format(PyExc_NameError, "name '%U' is not defined", name);
  }
  return v;
}

int pyc2c_global_del(PyObject *globals, PyObject *name) {
  if (PyDict_DelItem(globals, name) == 0)
    return 0;
  if (PyErr_ExceptionMatches(PyExc_KeyError)) {
    PyErr_Clear();
    PyErr_Format(PyExc_NameError, "name '%U' is not defined", name);
  }
  return -1;
}

PyObject *pyc2c_import_from(PyObject *mod, PyObject *name) {
  PyObject *v = PyObject_GetAttr(mod, name);
  if (v || !PyErr_ExceptionMatches(PyExc_AttributeError))
    return v;
  PyErr_Clear();
  PyObject *modname = PyObject_GetAttrString(mod, "__name__");
  if (modname) { /* a submodule imported by a third party may be in sys.modules only */
    PyObject *full = PyUnicode_FromFormat("%U.%U", modname, name);
    if (full) {
      v = PyImport_GetModule(full);
      Py_DECREF(full);
    }
  }
  if (!v && !PyErr_Occurred())
    PyErr_Format(PyExc_ImportError, "cannot import name '%U' from '%S'", name,
                 modname ? modname : Py_None);
  Py_XDECREF(modname);
  return v;
}

int pyc2c_dict_update(PyObject *d, PyObject *m) {
  if (PyDict_Update(d, m) == 0)
    return 0;
  if (PyErr_ExceptionMatches(PyExc_AttributeError)) {
    PyErr_Clear();
    PyErr_Format(PyExc_TypeError, "'%.200s' object is not a mapping", Py_TYPE(m)->tp_name);
  }
  return -1;
}
