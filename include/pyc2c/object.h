/* object.h: the Python-object fallback's runtime (runtime/object.c): exceptions, unpacking,
 * calls with *args and **kwargs, context managers. Included by runtime.h. */
#ifndef PYC2C_OBJECT_H
#define PYC2C_OBJECT_H

/* An error inside a try/with body: record the line, jump to the construct's landing label. */
#define PYC2C_ERR_TO(line, label)                                                                  \
  do {                                                                                             \
    pyc2c_lineno = (line);                                                                         \
    goto label;                                                                                    \
  } while (0)

/* A name of the builtins module (new reference), looked up once at import. */
PyObject *pyc2c_builtin(const char *name);
/* The pending exception, normalised, with its traceback attached (new reference). */
PyObject *pyc2c_fetch_exc(void);
/* Makes exc (stolen) the pending exception again. */
void pyc2c_restore_exc(PyObject *exc);
/* raise x [from cause]: x a class or an instance, as CPython's RAISE_VARARGS. Returns -1. */
int pyc2c_raise(PyObject *x, PyObject *cause);
/* a, b, *c, d = v: out[0..n) get new references (the starred one, at `star`, a list; star < 0
 * for none). On error nothing is held. */
int pyc2c_unpack(PyObject *v, Py_ssize_t n, Py_ssize_t star, PyObject **out);
/* Appends the items of iterable it to list l (f(*it), [*it]). */
int pyc2c_list_extend(PyObject *l, PyObject *it);
int pyc2c_set_update(PyObject *s, PyObject *it);
/* {**m}: TypeError for a non-mapping, as CPython's DICT_UPDATE. */
int pyc2c_dict_update(PyObject *d, PyObject *m);
/* f(**m): merges mapping m into the keyword dict d, refusing repeated names as CPython does. */
int pyc2c_kw_merge(PyObject *d, PyObject *m, PyObject *func);
int pyc2c_kw_set(PyObject *d, PyObject *name, PyObject *v, PyObject *func);
/* with: looks up __enter__ and __exit__, calls __enter__. */
int pyc2c_with_enter(PyObject *mgr, PyObject **exit, PyObject **value);
/* __exit__(None, None, None) */
int pyc2c_with_exit(PyObject *exit);
/* __exit__(type, exc, tb): 1 if it suppressed the exception, 0 if not, -1 on a new error. */
int pyc2c_with_exit_exc(PyObject *exit, PyObject *exc, const char *func, const char *file,
                        int line);
/* print(*args, sep=..., end=...) goes through the builtin; str(x) for f-string fields. */
PyObject *pyc2c_format_field(PyObject *v, char conversion, PyObject *spec);

/* Module variables: a read falls back to the builtins, then NameError, as CPython's. */
PyObject *pyc2c_global_get(PyObject *globals, PyObject *name);
int pyc2c_global_del(PyObject *globals, PyObject *name);
/* from m import x: the attribute, or the submodule; ImportError if neither. */
PyObject *pyc2c_import_from(PyObject *mod, PyObject *name);

#endif
