/* mathfns.c: `import math` and `from cython.cimports.libc.math import ...`. Python's math
 * functions keep Python's errors (ValueError "math domain error", OverflowError "math range
 * error") and floor/ceil/trunc return Python ints; the libc.math ones are plain C calls, as a
 * cimport asks for. Both compile to libm calls the C compiler can inline and vectorise. */
#include "typeinfer/internal.h"
#include <string.h>

static const MathFn math_fns[] = {
#define X(n, a, r, o) {#n, a, r, o},
    MATH_FUNCS(X)
#undef X
};

static const MathFn *find_fn(const char *name) {
  for (size_t i = 0; i < sizeof math_fns / sizeof *math_fns; i++)
    if (strcmp(math_fns[i].name, name) == 0)
      return &math_fns[i];
  return NULL;
}

static void bind_fn(TI *ti, Node *alias, bool c_math) {
  const MathFn *f = find_fn(alias->str);
  if (!f) {
    ERR(alias, "'%s' from %s is not supported by pyc2c yet", alias->str,
        c_math ? "libc.math" : "math");
    return;
  }
  Symbol *s = new_sym(ti, S_MATHFN, alias->str2 ? alias->str2 : alias->str);
  s->math = f;
  s->c_math = c_math;
  vec_push(ti->a, &ti->globals, s);
}

bool math_import(TI *ti, Node *s) {
  if (s->kind == N_IMPORT) {
    bool all = true;
    for (int k = 0; k < s->list.len; k++)
      all = all && strcmp(NODE_AT(s->list, k)->str, "math") == 0;
    if (!all)
      return false;
    for (int k = 0; k < s->list.len; k++) {
      Node *al = NODE_AT(s->list, k);
      vec_push(ti->a, &ti->globals, new_sym(ti, S_MATH, al->str2 ? al->str2 : "math"));
    }
    return true;
  }
  bool c_math = strcmp(s->str, "cython.cimports.libc.math") == 0;
  if (!c_math && strcmp(s->str, "math") != 0)
    return false;
  for (int k = 0; k < s->list.len; k++)
    bind_fn(ti, NODE_AT(s->list, k), c_math);
  return true;
}

Symbol *math_callee(TI *ti, Node *callee) {
  if (callee->kind == N_NAME) {
    Symbol *s = lookup(ti, callee->str);
    return s && s->kind == S_MATHFN ? s : NULL;
  }
  if (callee->kind != N_ATTR || callee->a->kind != N_NAME)
    return NULL;
  Symbol *m = lookup(ti, callee->a->str);
  if (!m || m->kind != S_MATH)
    return NULL;
  const MathFn *f = find_fn(callee->str);
  if (!f) {
    ERR(callee, "math.%s is not supported by pyc2c yet", callee->str);
    return NULL;
  }
  Symbol *s = new_sym(ti, S_MATHFN, callee->str);
  s->math = f;
  return s;
}

Type *math_call(TI *ti, Node *n, Symbol *fs) {
  const MathFn *f = fs->math;
  n->a->sym = fs;
  if (n->list2.len) {
    ERR(NODE_AT(n->list2, 0), "%s() takes no keyword arguments", f->name);
    return NULL;
  }
  if (n->list.len != f->nargs) {
    ERR(n, "%s() takes exactly %d argument%s (%d given)", f->name, f->nargs, f->nargs == 1 ? "" : "s",
        n->list.len);
    return NULL;
  }
  bool ok = true;
  for (int i = 0; i < n->list.len; i++) {
    Node *a = NODE_AT(n->list, i);
    Type *t = tx(ti, a);
    if (!t) {
      ok = false;
      continue;
    }
    if (!type_is_cnum(t) && !is_intlike(t) && t->obj != OBJ_FLOAT && t->obj != OBJ_ANY) {
      ERR(a, "must be real number, not %s", t->name);
      ok = false;
    } else if (type_is_object(t) && ti->report)
      n->flags |= NF_CAN_RAISE; /* converted to a double */
  }
  if (!ok)
    return NULL;
  bool checked = !fs->c_math && f->result != 'b' && strcmp(f->name, "fabs") != 0 &&
                 strcmp(f->name, "copysign") != 0;
  if (checked && ti->report)
    n->flags |= NF_CAN_RAISE;
  if (f->result == 'b')
    return &ty_bint;
  if (f->result == 'i' && !fs->c_math)
    return &ty_pyint;
  return &ty_double;
}

Type *math_constant(TI *ti, Node *attr) {
  static const char *const names[] = {"pi", "e", "tau", "inf", "nan"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (strcmp(attr->str, names[i]) == 0)
      return &ty_double;
  ERR(attr, "math.%s is not supported by pyc2c yet", attr->str);
  return NULL;
}
