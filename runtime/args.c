/* args.c: argument parsing for exported functions, with CPython's error messages. */
#include "pyc2c/runtime.h"

static int missing(const pyc2c_FuncInfo *fi, PyObject **out) {
  int n = 0;
  for (int i = 0; i < fi->nrequired; i++)
    n += out[i] == NULL;
  /* "f() missing 2 required positional arguments: 'a' and 'b'" */
  PyObject *names = PyUnicode_FromString("");
  int k = 0;
  for (int i = 0; i < fi->nrequired && names; i++) {
    if (out[i])
      continue;
    const char *sep = k == 0 ? "" : (k == n - 1 ? (n > 2 ? ", and " : " and ") : ", ");
    PyObject *s = PyUnicode_FromFormat("%U%s'%s'", names, sep, fi->params[i]);
    Py_SETREF(names, s);
    k++;
  }
  if (names)
    PyErr_Format(PyExc_TypeError, "%s() missing %d required positional argument%s: %U", fi->name,
                 n, n == 1 ? "" : "s", names);
  Py_XDECREF(names);
  return -1;
}

int pyc2c_parse_args(const pyc2c_FuncInfo *fi, PyObject *const *args, Py_ssize_t nargs,
                     PyObject *kwnames, PyObject **out) {
  if (PYC2C_UNLIKELY(nargs > fi->nparams)) {
    if (fi->nrequired == fi->nparams)
      PyErr_Format(PyExc_TypeError, "%s() takes %d positional argument%s but %zd %s given",
                   fi->name, fi->nparams, fi->nparams == 1 ? "" : "s", nargs,
                   nargs == 1 ? "was" : "were");
    else
      PyErr_Format(PyExc_TypeError, "%s() takes from %d to %d positional arguments but %zd %s given",
                   fi->name, fi->nrequired, fi->nparams, nargs, nargs == 1 ? "was" : "were");
    return -1;
  }
  for (Py_ssize_t i = 0; i < nargs; i++)
    out[i] = args[i];
  for (int i = (int)nargs; i < fi->nparams; i++)
    out[i] = NULL;
  Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
  for (Py_ssize_t k = 0; k < nkw; k++) {
    PyObject *key = PyTuple_GET_ITEM(kwnames, k);
    /* Parameter names are UTF-8 (identifiers need not be ASCII). */
    const char *k8 = PyUnicode_AsUTF8(key);
    if (!k8)
      PyErr_Clear(); /* e.g. a lone surrogate: matches no parameter */
    int i = 0;
    for (; k8 && i < fi->nparams; i++)
      if (strcmp(k8, fi->params[i]) == 0)
        break;
    if (!k8)
      i = fi->nparams;
    if (i == fi->nparams) {
      PyErr_Format(PyExc_TypeError, "%s() got an unexpected keyword argument '%U'", fi->name, key);
      return -1;
    }
    if (out[i]) {
      PyErr_Format(PyExc_TypeError, "%s() got multiple values for argument '%s'", fi->name,
                   fi->params[i]);
      return -1;
    }
    out[i] = args[nargs + k];
  }
  for (int i = 0; i < fi->nrequired; i++)
    if (!out[i])
      return missing(fi, out);
  return 0;
}

int pyc2c_arg_type_error(const char *argname, const char *expected, PyObject *got) {
  PyErr_Format(PyExc_TypeError, "Argument '%s' has incorrect type (expected %s, got %s)", argname,
               expected, Py_TYPE(got)->tp_name);
  return -1;
}
