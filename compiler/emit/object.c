/* object.c: C for the Python-object fallback (typeinfer/objects.c says what reaches here).
 *
 * Every value is a statement temporary holding a new reference (see emit.c). Exceptions inside a
 * try or with body jump to the construct's landing label (e->exc_label) instead of the
 * function's error label; the landing clears the temporaries the body may have left set, takes
 * the exception (pyc2c_fetch_exc) and makes it the handled one (sys.exc_info(), the __context__
 * of what the handler raises). A return, break or continue leaving such a construct first runs
 * its cleanups (e->unwind): a handler restores the previous handled exception, a finally block
 * runs (emitted again at each exit, as CPython's compiler does), a with calls __exit__. */
#include <string.h>

#include "emit/internal.h"

static const char *outer(E *e) { return e->exc_label ? e->exc_label : "pyc2c_error"; }

/* Py_CLEAR of the temporaries made in [mark, end) (an interrupted body's). */
static void clear_temps(E *e, int mark, int end) {
  for (int i = mark; i < end; i++)
    emitf(e, "Py_CLEAR(%s);", (char *)e->obj_temps.items[i]);
}

/* An object variable of the function that is not a statement temporary (held across statements
 * and released on every way out). */
static char *held(E *e) {
  char *t = arena_printf(e->a, "t%d", ++e->ntemps);
  buf_printf(&e->decls, "  PyObject *%s = NULL;\n", t);
  vec_push(e->a, &e->obj_temps, t);
  return t;
}

static char *obj(E *e, Node *n) { return ex_as(e, n, &ty_object); }

char *emit_py_name(E *e, Symbol *s) {
  return own(e, constant(e, arena_printf(e->a, "builtin:%s", s->name),
                         arena_printf(e->a, "pyc2c_builtin(\"%s\")", s->name)));
}

char *emit_obj_attr(E *e, Node *n) {
  char *o = obj(e, n->a), *t = obj_temp(e);
  emitf(e, "%s = PyObject_GetAttr(%s, %s); if (!%s) %s", t, o, str_const(e, n->str, strlen(n->str)), t,
        err(e));
  return t;
}

/* obj[...] whose key is built here: a slice, several indices, or one with a trailing comma (the
 * 1-tuple (x,)); obj[x] is the plain path in emit.c. */
bool emit_obj_built_key(const Node *n) {
  return n->list.len != 1 || n->big || NODE_AT(n->list, 0)->kind == N_SLICE;
}

/* The key of obj[...]: one index, a slice, or a tuple of them. */
static char *subscript_key(E *e, Node *n) {
  char **keys = arena_alloc(e->a, sizeof(char *) * (size_t)(n->list.len + 1));
  for (int i = 0; i < n->list.len; i++) {
    Node *k = NODE_AT(n->list, i);
    if (k->kind == N_SLICE) {
      char *p[3];
      Node *parts[3] = {k->a, k->b, k->c};
      for (int j = 0; j < 3; j++)
        p[j] = parts[j] ? obj(e, parts[j]) : "NULL";
      char *t = obj_temp(e);
      emitf(e, "%s = PySlice_New(%s, %s, %s); if (!%s) %s", t, p[0], p[1], p[2], t, err(e));
      keys[i] = t;
    } else
      keys[i] = obj(e, k);
  }
  if (n->list.len == 1 && !n->big) /* obj[x,]: the 1-tuple (x,) */
    return keys[0];
  char *t = obj_temp(e);
  emitf(e, "%s = PyTuple_New(%d); if (!%s) %s", t, n->list.len, t, err(e));
  for (int i = 0; i < n->list.len; i++)
    emitf(e, "Py_INCREF(%s); PyTuple_SET_ITEM(%s, %d, %s);", keys[i], t, i, keys[i]);
  return t;
}

char *emit_obj_subscript(E *e, Node *n) {
  char *o = obj(e, n->a), *k = subscript_key(e, n), *t = obj_temp(e);
  emitf(e, "%s = PyObject_GetItem(%s, %s); if (!%s) %s", t, o, k, t, err(e));
  return t;
}

char *emit_contains(E *e, char *item, char *container, bool negate) {
  char *r = c_temp(e, &ty_int);
  emitf(e, "if ((%s = PySequence_Contains(%s, %s)) < 0) %s", r, container, item, err(e));
  return arena_printf(e->a, negate ? "(!%s)" : "(%s)", r);
}

/* ---- calls */

static bool simple_args(Node *n) {
  for (int i = 0; i < n->list.len; i++)
    if (NODE_AT(n->list, i)->kind == N_STARRED)
      return false;
  for (int i = 0; i < n->list2.len; i++)
    if (!NODE_AT(n->list2, i)->str)
      return false;
  return true;
}

char *emit_obj_call(E *e, Node *n) {
  char *f = obj(e, n->a), *t = obj_temp(e);
  if (simple_args(n)) {
    int na = n->list.len, nk = n->list2.len;
    if (na + nk == 0) {
      emitf(e, "%s = PyObject_CallNoArgs(%s); if (!%s) %s", t, f, t, err(e));
      return t;
    }
    Buf b = {0}, names = {0}, key = {0};
    for (int i = 0; i < na; i++)
      buf_printf(&b, "%s%s", i ? ", " : "", obj(e, NODE_AT(n->list, i)));
    for (int i = 0; i < nk; i++) {
      Node *kw = NODE_AT(n->list2, i);
      buf_printf(&b, "%s%s", na + i ? ", " : "", obj(e, kw->a));
      buf_printf(&names, ", %s", str_const(e, kw->str, strlen(kw->str)));
      buf_printf(&key, ",%s", kw->str);
    }
    char *kwnames = "NULL";
    if (nk)
      kwnames = constant(e, arena_printf(e->a, "kwnames:%s", key.p),
                         arena_printf(e->a, "PyTuple_Pack(%d%s)", nk, names.p));
    emitf(e, "%s = PyObject_Vectorcall(%s, (PyObject *[]){%s}, %d, %s); if (!%s) %s", t, f, b.p, na,
          kwnames, t, err(e));
    buf_free(&b);
    buf_free(&names);
    buf_free(&key);
    return t;
  }
  /* f(*a, **k): a tuple and a dict, in the order Python evaluates the arguments */
  char *l = obj_temp(e), *d = obj_temp(e), *tup = obj_temp(e);
  emitf(e, "%s = PyList_New(0); if (!%s) %s", l, l, err(e));
  for (int i = 0; i < n->list.len; i++) {
    Node *a = NODE_AT(n->list, i);
    if (a->kind == N_STARRED)
      emitf(e, "if (pyc2c_list_extend(%s, %s) < 0) %s", l, obj(e, a->a), err(e));
    else
      emitf(e, "if (PyList_Append(%s, %s) < 0) %s", l, obj(e, a), err(e));
  }
  emitf(e, "%s = PyList_AsTuple(%s); if (!%s) %s", tup, l, tup, err(e));
  char *kw = "NULL";
  if (n->list2.len) {
    emitf(e, "%s = PyDict_New(); if (!%s) %s", d, d, err(e));
    for (int i = 0; i < n->list2.len; i++) {
      Node *k = NODE_AT(n->list2, i);
      if (k->str)
        emitf(e, "if (pyc2c_kw_set(%s, %s, %s, %s) < 0) %s", d, str_const(e, k->str, strlen(k->str)),
              obj(e, k->a), f, err(e));
      else
        emitf(e, "if (pyc2c_kw_merge(%s, %s, %s) < 0) %s", d, obj(e, k->a), f, err(e));
    }
    kw = d;
  }
  emitf(e, "%s = PyObject_Call(%s, %s, %s); if (!%s) %s", t, f, tup, kw, t, err(e));
  return t;
}

/* ---- displays, comprehensions, f-strings */

static bool has_starred(Node *n) {
  for (int i = 0; i < n->list.len; i++)
    if (NODE_AT(n->list, i)->kind == N_STARRED)
      return true;
  return false;
}

static char *display(E *e, Node *n) {
  char *t = obj_temp(e);
  int count = n->list.len;
  if (n->kind == N_DICT) {
    emitf(e, "%s = PyDict_New(); if (!%s) %s", t, t, err(e));
    for (int i = 0; i < count; i++) {
      if (!NODE_AT(n->list, i)) { /* **m */
        emitf(e, "if (pyc2c_dict_update(%s, %s) < 0) %s", t, obj(e, NODE_AT(n->list2, i)), err(e));
        continue;
      }
      char *k = obj(e, NODE_AT(n->list, i)), *v = obj(e, NODE_AT(n->list2, i));
      emitf(e, "if (PyDict_SetItem(%s, %s, %s) < 0) %s", t, k, v, err(e));
    }
    return t;
  }
  if (n->kind == N_SET) {
    emitf(e, "%s = PySet_New(NULL); if (!%s) %s", t, t, err(e));
    for (int i = 0; i < count; i++) {
      Node *x = NODE_AT(n->list, i);
      if (x->kind == N_STARRED)
        emitf(e, "if (pyc2c_set_update(%s, %s) < 0) %s", t, obj(e, x->a), err(e));
      else
        emitf(e, "if (PySet_Add(%s, %s) < 0) %s", t, obj(e, x), err(e));
    }
    return t;
  }
  if (has_starred(n)) {
    char *l = n->kind == N_LIST ? t : obj_temp(e);
    emitf(e, "%s = PyList_New(0); if (!%s) %s", l, l, err(e));
    for (int i = 0; i < count; i++) {
      Node *x = NODE_AT(n->list, i);
      if (x->kind == N_STARRED)
        emitf(e, "if (pyc2c_list_extend(%s, %s) < 0) %s", l, obj(e, x->a), err(e));
      else
        emitf(e, "if (PyList_Append(%s, %s) < 0) %s", l, obj(e, x), err(e));
    }
    if (n->kind == N_TUPLE)
      emitf(e, "%s = PyList_AsTuple(%s); if (!%s) %s", t, l, t, err(e));
    return t;
  }
  char **items = arena_alloc(e->a, sizeof(char *) * (size_t)(count + 1));
  for (int i = 0; i < count; i++)
    items[i] = obj(e, NODE_AT(n->list, i));
  const char *mk = n->kind == N_LIST ? "PyList_New" : "PyTuple_New";
  const char *set = n->kind == N_LIST ? "PyList_SET_ITEM" : "PyTuple_SET_ITEM";
  emitf(e, "%s = %s(%d); if (!%s) %s", t, mk, count, t, err(e));
  for (int i = 0; i < count; i++)
    emitf(e, "Py_INCREF(%s); %s(%s, %d, %s);", items[i], set, t, i, items[i]);
  return t;
}

static void store_target(E *e, Node *t, char *v);

/* The clauses of a comprehension from clause i on, then the element added to res. Temporaries
 * of one iteration are released at its end (not the enclosing statement's). */
static void comp_clauses(E *e, Node *n, int i, char *res) {
  if (i == n->list.len) {
    if (n->kind == N_DICTCOMP) {
      char *k = obj(e, n->a), *v = obj(e, n->b);
      emitf(e, "if (PyDict_SetItem(%s, %s, %s) < 0) %s", res, k, v, err(e));
    } else
      emitf(e, "if (%s(%s, %s) < 0) %s", n->kind == N_LISTCOMP ? "PyList_Append" : "PySet_Add", res,
            obj(e, n->a), err(e));
    return;
  }
  Node *c = NODE_AT(n->list, i);
  int mark = e->stmt_temps.len;
  if (c->kind == N_IF) {
    char *cond = truth(e, c->a);
    emitf(e, "if (%s) {", cond);
    e->indent++;
    comp_clauses(e, n, i + 1, res);
    e->indent--;
    emitf(e, "}");
    return;
  }
  char *it = held(e), *src = obj(e, c->b);
  emitf(e, "%s = PyObject_GetIter(%s); if (!%s) %s", it, src, it, err(e));
  emitf(e, "for (;;) {");
  e->indent++;
  mark = e->stmt_temps.len;
  char *item = obj_temp(e);
  emitf(e, "%s = PyIter_Next(%s);", item, it);
  emitf(e, "if (!%s) { if (PyErr_Occurred()) %s break; }", item, err(e));
  store_target(e, c->a, item);
  comp_clauses(e, n, i + 1, res);
  for (int k = mark; k < e->stmt_temps.len; k++)
    emitf(e, "Py_CLEAR(%s);", (char *)e->stmt_temps.items[k]);
  e->stmt_temps.len = mark;
  e->indent--;
  emitf(e, "}");
  emitf(e, "Py_CLEAR(%s);", it);
}

static char *fstring_value(E *e, Node *n) {
  int count = n->list.len;
  char **parts = arena_alloc(e->a, sizeof(char *) * (size_t)(count + 1));
  for (int i = 0; i < count; i++) {
    Node *p = NODE_AT(n->list, i);
    if (p->kind == N_STR) {
      parts[i] = str_const(e, p->str, p->slen);
      continue;
    }
    char *v = obj(e, p->a), *spec = p->b ? fstring_value(e, p->b) : "NULL", *t = obj_temp(e);
    emitf(e, "%s = pyc2c_format_field(%s, '%s', %s); if (!%s) %s", t, v, p->str ? p->str : "\\0",
          spec, t, err(e));
    parts[i] = t;
  }
  char *tup = obj_temp(e), *t = obj_temp(e);
  emitf(e, "%s = PyTuple_New(%d); if (!%s) %s", tup, count, tup, err(e));
  for (int i = 0; i < count; i++)
    emitf(e, "Py_INCREF(%s); PyTuple_SET_ITEM(%s, %d, %s);", parts[i], tup, i, parts[i]);
  emitf(e, "%s = PyUnicode_Join(%s, %s); if (!%s) %s", t, str_const(e, "", 0), tup, t, err(e));
  return t;
}

char *emit_obj_expr(E *e, Node *n) {
  switch (n->kind) {
  case N_LIST:
  case N_TUPLE:
  case N_SET:
  case N_DICT:
    return display(e, n);
  case N_LISTCOMP:
  case N_SETCOMP:
  case N_DICTCOMP: {
    char *res = obj_temp(e);
    emitf(e, "%s = %s; if (!%s) %s", res,
          n->kind == N_LISTCOMP ? "PyList_New(0)" : n->kind == N_SETCOMP ? "PySet_New(NULL)" : "PyDict_New()",
          res, err(e));
    emitf(e, "{ /* comprehension */");
    e->indent++;
    comp_clauses(e, n, 0, res);
    e->indent--;
    emitf(e, "}");
    return res;
  }
  case N_FSTRING:
    return fstring_value(e, n);
  default:
    return "0 /* unreachable: rejected by typeinfer */";
  }
}

/* ---- stores */

/* Stores the object v (a reference the caller keeps) into a target. */
static void store_target(E *e, Node *t, char *v) {
  switch (t->kind) {
  case N_NAME:
    store(e, t->sym, v, &ty_object);
    return;
  case N_ATTR:
    emitf(e, "if (PyObject_SetAttr(%s, %s, %s) < 0) %s", obj(e, t->a),
          str_const(e, t->str, strlen(t->str)), v, err(e));
    return;
  case N_SUBSCRIPT:
    if (type_is_object(t->a->ty)) {
      char *o = obj(e, t->a), *k = subscript_key(e, t);
      emitf(e, "if (PyObject_SetItem(%s, %s, %s) < 0) %s", o, k, v, err(e));
    } else { /* an element of a view */
      char *lv = emit_view_element(e, t);
      Symbol tmp = {.kind = S_LOCAL, .ty = t->ty, .cname = lv, .name = "item"};
      store(e, &tmp, v, &ty_object);
    }
    return;
  case N_TUPLE:
  case N_LIST: {
    int count = t->list.len, star = -1;
    for (int i = 0; i < count; i++)
      if (NODE_AT(t->list, i)->kind == N_STARRED)
        star = i;
    char *u = arena_printf(e->a, "u%d", ++e->ntemps);
    buf_printf(&e->decls, "  PyObject *%s[%d];\n", u, count);
    emitf(e, "if (pyc2c_unpack(%s, %d, %d, %s) < 0) %s", v, count, star, u, err(e));
    char **items = arena_alloc(e->a, sizeof(char *) * (size_t)count);
    for (int i = 0; i < count; i++) {
      items[i] = obj_temp(e);
      emitf(e, "%s = %s[%d];", items[i], u, i);
    }
    for (int i = 0; i < count; i++) {
      Node *x = NODE_AT(t->list, i);
      store_target(e, x->kind == N_STARRED ? x->a : x, items[i]);
    }
    return;
  }
  default:
    emitf(e, "/* unreachable: rejected by typeinfer */");
  }
}

bool emit_obj_assign(E *e, Node *s) {
  bool any = false;
  for (int i = 0; i < s->list.len; i++) {
    NodeKind k = NODE_AT(s->list, i)->kind;
    any = any || k == N_TUPLE || k == N_LIST || k == N_ATTR ||
          (k == N_SUBSCRIPT && type_is_object(NODE_AT(s->list, i)->a->ty) &&
           emit_obj_built_key(NODE_AT(s->list, i)));
  }
  if (!any)
    return false;
  char *v = obj(e, s->b);
  for (int i = 0; i < s->list.len; i++)
    store_target(e, NODE_AT(s->list, i), v);
  release_temps(e);
  return true;
}

/* ---- statements */

static void for_object(E *e, Node *s) {
  char *it = held(e), *src = obj(e, s->b);
  emitf(e, "%s = PyObject_GetIter(%s); if (!%s) %s", it, src, it, err(e));
  release_temps(e);
  emitf(e, "for (;;) {");
  e->indent++;
  char *item = obj_temp(e);
  emitf(e, "%s = PyIter_Next(%s);", item, it);
  emitf(e, "if (!%s) { if (PyErr_Occurred()) %s break; }", item, err(e));
  store_target(e, s->a, item);
  release_temps(e);
  loop_rest(e, s); /* emit.c: body, else clause, break label */
  emitf(e, "Py_CLEAR(%s);", it);
}

static void raise_stmt(E *e, Node *s) {
  if (!s->a) { /* bare raise: the exception being handled */
    Unwind *u = e->unwind;
    while (u && u->kind != U_HANDLER)
      u = u->outer;
    if (u)
      emitf(e, "Py_INCREF(%s); pyc2c_restore_exc(%s);", u->exc, u->exc);
    else
      emitf(e, "PyErr_SetString(PyExc_RuntimeError, \"No active exception to reraise\");");
    emitf(e, "%s", err(e));
    return;
  }
  char *x = obj(e, s->a), *c = s->b ? obj(e, s->b) : "NULL";
  emitf(e, "pyc2c_raise(%s, %s);", x, c);
  emitf(e, "%s", err(e));
}

/* Restores the handled exception and drops the caught one (a handler's end). */
static void end_handler(E *e, const char *exc, const char *prev, const char *name) {
  emitf(e, "PyErr_SetHandledException(%s); Py_CLEAR(%s); Py_CLEAR(%s);", prev, prev, exc);
  if (name)
    emitf(e, "Py_CLEAR(%s); /* the name is deleted after the handler */", name);
}

/* Takes the pending exception into exc and makes it the handled one (saving the old in prev). */
static void begin_handling(E *e, int mark, int end, char *exc, char *prev) {
  emitf(e, "%s = pyc2c_fetch_exc();", exc);
  clear_temps(e, mark, end);
  emitf(e, "%s = PyErr_GetHandledException(); PyErr_SetHandledException(%s);", prev, exc);
}

/* try: body, except handlers, else (the part without finally). */
static void try_except(E *e, Node *s) {
  const char *saved = e->exc_label;
  char *land = label(e, "except"), *end = label(e, "try_end"), *herr = label(e, "handler_error");
  int mark = e->obj_temps.len;
  e->exc_label = land;
  e->used_err = true;
  stmts(e, &s->body);
  int body_end = e->obj_temps.len;
  e->exc_label = saved;
  stmts(e, &s->orelse);
  emitf(e, "goto %s;", end);
  buf_printf(e->out, "%s:;\n", land);
  char *exc = held(e), *prev = held(e);
  begin_handling(e, mark, body_end, exc, prev);
  size_t handlers_start = e->out->len;
  for (int i = 0; i < s->list.len; i++) {
    Node *h = NODE_AT(s->list, i);
    e->line = h->line;
    e->exc_label = herr;
    if (h->a) {
      char *cls = obj(e, h->a), *m = c_temp(e, &ty_int);
      emitf(e, "%s = PyErr_GivenExceptionMatches(%s, %s);", m, exc, cls);
      release_temps(e);
      emitf(e, "if (%s) {", m);
    } else
      emitf(e, "{");
    e->indent++;
    const char *name = NULL;
    if (h->str && h->sym) {
      store(e, h->sym, exc, &ty_object);
      name = h->sym->cname;
    }
    Unwind u = {.kind = U_HANDLER, .exc = exc, .prev = prev, .name = name, .outer_label = saved,
                .outer = e->unwind};
    e->unwind = &u;
    stmts(e, &h->body);
    e->unwind = u.outer;
    end_handler(e, exc, prev, name);
    emitf(e, "goto %s;", end);
    e->indent--;
    emitf(e, "}");
  }
  e->exc_label = saved;
  /* no handler matched: the exception goes on */
  emitf(e, "PyErr_SetHandledException(%s); Py_CLEAR(%s);", prev, prev);
  emitf(e, "pyc2c_restore_exc(%s); %s = NULL;", exc, exc);
  emitf(e, "goto %s;", outer(e));
  /* no label nothing jumps to: generated C stays free of -Wunused-label warnings */
  buf_write(e->out, "", 1); /* NUL-terminate the text emitted so far, for strstr */
  e->out->len--;
  if (!strstr(e->out->p + handlers_start, herr)) { /* labels are unique: "L<n>_handler_error" */
    buf_printf(e->out, "%s:;\n", end);
    return;
  }
  buf_printf(e->out, "%s:;\n", herr);
  /* an error in a handler (or in matching): the handled exception becomes its context */
  emitf(e, "PyErr_SetHandledException(%s); Py_CLEAR(%s); Py_CLEAR(%s);", prev, prev, exc);
  for (int i = 0; i < s->list.len; i++) {
    Node *h = NODE_AT(s->list, i);
    if (h->str && h->sym)
      emitf(e, "Py_CLEAR(%s);", h->sym->cname);
  }
  emitf(e, "goto %s;", outer(e));
  buf_printf(e->out, "%s:;\n", end);
}

static void try_stmt(E *e, Node *s) {
  if (!s->list2.len) {
    try_except(e, s);
    return;
  }
  const char *saved = e->exc_label;
  char *land = label(e, "finally"), *end = label(e, "finally_end"), *ferr = label(e, "finally_error");
  int mark = e->obj_temps.len;
  Unwind u = {.kind = U_FINALLY, .try_stmt = s, .outer_label = saved, .outer = e->unwind};
  e->unwind = &u;
  e->exc_label = land;
  e->used_err = true;
  if (s->list.len)
    try_except(e, s);
  else
    stmts(e, &s->body);
  int body_end = e->obj_temps.len;
  e->unwind = u.outer;
  e->exc_label = saved;
  stmts(e, &s->list2); /* the normal way out */
  emitf(e, "goto %s;", end);
  buf_printf(e->out, "%s:;\n", land);
  char *exc = held(e), *prev = held(e);
  begin_handling(e, mark, body_end, exc, prev);
  /* a return/break in this finally drops the pending exception */
  Unwind h = {.kind = U_HANDLER, .exc = exc, .prev = prev, .outer_label = saved, .outer = e->unwind};
  e->unwind = &h;
  e->exc_label = ferr;
  stmts(e, &s->list2);
  e->exc_label = saved;
  e->unwind = h.outer;
  emitf(e, "PyErr_SetHandledException(%s); Py_CLEAR(%s);", prev, prev);
  emitf(e, "pyc2c_restore_exc(%s); %s = NULL;", exc, exc);
  emitf(e, "goto %s;", outer(e));
  buf_printf(e->out, "%s:;\n", ferr);
  emitf(e, "PyErr_SetHandledException(%s); Py_CLEAR(%s); Py_CLEAR(%s);", prev, prev, exc);
  emitf(e, "goto %s;", outer(e));
  buf_printf(e->out, "%s:;\n", end);
}

/* with a as x, b as y: body  ==  with a as x: (with b as y: body) */
static void with_item(E *e, Node *s, int i) {
  if (i == s->list.len) {
    stmts(e, &s->body);
    return;
  }
  e->line = s->line;
  Node *target = i < s->list2.len ? NODE_AT(s->list2, i) : NULL;
  char *exit = held(e), *val = obj_temp(e), *mgr = obj(e, NODE_AT(s->list, i));
  emitf(e, "if (pyc2c_with_enter(%s, &%s, &%s) < 0) %s", mgr, exit, val, err(e));
  const char *saved = e->exc_label;
  char *land = label(e, "with_error"), *end = label(e, "with_end");
  int mark = e->obj_temps.len;
  Unwind u = {.kind = U_WITH, .exit = exit, .outer_label = saved, .outer = e->unwind};
  e->unwind = &u;
  e->exc_label = land;
  e->used_err = true;
  if (target)
    store_target(e, target, val);
  release_temps(e);
  with_item(e, s, i + 1);
  int body_end = e->obj_temps.len;
  e->unwind = u.outer;
  e->exc_label = saved;
  e->line = s->line;
  emitf(e, "{ int r_ = pyc2c_with_exit(%s); Py_CLEAR(%s); if (r_ < 0) %s }", exit, exit, err(e));
  emitf(e, "goto %s;", end);
  buf_printf(e->out, "%s:;\n", land);
  char *exc = held(e), *prev = held(e), *r = c_temp(e, &ty_int);
  begin_handling(e, mark, body_end, exc, prev);
  emitf(e, "%s = pyc2c_with_exit_exc(%s, %s, \"%s\", pyc2c_filename, pyc2c_lineno); Py_CLEAR(%s);",
        r, exit, exc, e->fn->name, exit);
  emitf(e, "PyErr_SetHandledException(%s); Py_CLEAR(%s);", prev, prev);
  emitf(e, "if (%s < 0) { Py_CLEAR(%s); pyc2c_lineno = %d; goto %s; }", r, exc, s->line, outer(e));
  emitf(e, "if (%s == 0) { pyc2c_restore_exc(%s); %s = NULL; goto %s; }", r, exc, exc, outer(e));
  emitf(e, "Py_CLEAR(%s); /* __exit__ suppressed it */", exc);
  buf_printf(e->out, "%s:;\n", end);
}

static void del_stmt(E *e, Node *s) {
  for (int i = 0; i < s->list.len; i++) {
    Node *t = NODE_AT(s->list, i);
    if (t->kind == N_NAME && t->sym->kind == S_GLOBAL)
      emitf(e, "if (pyc2c_global_del(pyc2c_globals, %s) < 0) %s",
            str_const(e, t->sym->name, strlen(t->sym->name)), err(e));
    else if (t->kind == N_NAME) {
      Symbol *sym = t->sym;
      emitf(e, "if (PYC2C_UNLIKELY(!%s)) { pyc2c_raise_unbound(\"%s\"); %s }", sym->cname, sym->name,
            err(e));
      emitf(e, "Py_CLEAR(%s);", sym->cname);
    } else if (t->kind == N_ATTR)
      emitf(e, "if (PyObject_DelAttr(%s, %s) < 0) %s", obj(e, t->a), str_const(e, t->str, strlen(t->str)),
            err(e));
    else {
      char *o = obj(e, t->a), *k = subscript_key(e, t);
      emitf(e, "if (PyObject_DelItem(%s, %s) < 0) %s", o, k, err(e));
    }
    release_temps(e);
  }
}

/* import a.b [as c], from m import x [as y]: at run time, bound to module variables. */
static void import_stmt(E *e, Node *s) {
  if (s->kind == N_IMPORT) {
    for (int i = 0; i < s->list.len; i++) {
      Node *al = NODE_AT(s->list, i);
      if (!al->sym)
        continue; /* cython, math, numpy: compile time only */
      char *t = obj_temp(e), *name = str_const(e, al->str, strlen(al->str));
      if (al->str2) /* import a.b as c binds c to a.b itself */
        emitf(e, "%s = PyImport_Import(%s); if (!%s) %s", t, name, t, err(e));
      else /* import a.b binds a */
        emitf(e, "%s = PyImport_ImportModuleLevelObject(%s, pyc2c_globals, NULL, NULL, 0); if (!%s) %s",
              t, name, t, err(e));
      store(e, al->sym, t, &ty_object);
    }
    return;
  }
  Buf names = {0};
  for (int i = 0; i < s->list.len; i++) {
    Node *al = NODE_AT(s->list, i);
    buf_printf(&names, ", %s", str_const(e, al->str, strlen(al->str)));
  }
  char *from = constant(e, arena_printf(e->a, "fromlist:%s%s", s->str, names.p),
                        arena_printf(e->a, "PyTuple_Pack(%d%s)", s->list.len, names.p));
  buf_free(&names);
  char *mod = obj_temp(e);
  emitf(e, "%s = PyImport_ImportModuleLevelObject(%s, pyc2c_globals, NULL, %s, 0); if (!%s) %s", mod,
        str_const(e, s->str, strlen(s->str)), from, mod, err(e));
  for (int i = 0; i < s->list.len; i++) {
    Node *al = NODE_AT(s->list, i);
    char *t = obj_temp(e);
    emitf(e, "%s = pyc2c_import_from(%s, %s); if (!%s) %s", t, mod, str_const(e, al->str, strlen(al->str)),
          t, err(e));
    store(e, al->sym, t, &ty_object);
  }
}

char *emit_global_get(E *e, Symbol *s) {
  char *t = obj_temp(e);
  emitf(e, "%s = pyc2c_global_get(pyc2c_globals, %s); if (!%s) %s", t,
        str_const(e, s->name, strlen(s->name)), t, err(e));
  return t;
}

void emit_global_set(E *e, Symbol *s, char *v) {
  emitf(e, "if (PyDict_SetItem(pyc2c_globals, %s, %s) < 0) %s", str_const(e, s->name, strlen(s->name)),
        v, err(e));
}

bool emit_obj_stmt(E *e, Node *s) {
  switch (s->kind) {
  case N_FOR:
    for_object(e, s);
    return true;
  case N_RAISE:
    raise_stmt(e, s);
    release_temps(e);
    return true;
  case N_TRY:
    try_stmt(e, s);
    return true;
  case N_WITH:
    with_item(e, s, 0);
    return true;
  case N_DEL:
    del_stmt(e, s);
    return true;
  case N_GLOBAL:
    return true; /* names resolved by typeinfer */
  case N_AUGASSIGN: { /* o.x += v: o (and the key) evaluated once, then get, in-place op, set */
    Node *t = s->a;
    char *o = obj(e, t->a), *k = t->kind == N_ATTR ? str_const(e, t->str, strlen(t->str))
                                                   : subscript_key(e, t);
    char *cur = obj_temp(e);
    emitf(e, "%s = %s(%s, %s); if (!%s) %s", cur,
          t->kind == N_ATTR ? "PyObject_GetAttr" : "PyObject_GetItem", o, k, cur, err(e));
    e->preval_node = t;
    e->preval_expr = cur;
    char *v = binop(e, s, s->op, t, s->b, &ty_object, true);
    e->preval_node = NULL;
    emitf(e, "if (%s(%s, %s, %s) < 0) %s", t->kind == N_ATTR ? "PyObject_SetAttr" : "PyObject_SetItem",
          o, k, v, err(e));
    release_temps(e);
    return true;
  }
  case N_IMPORT:
  case N_IMPORTFROM:
    import_stmt(e, s);
    release_temps(e);
    return true;
  default:
    return false;
  }
}

void emit_unwind(E *e, Unwind *stop) {
  Unwind *saved_u = e->unwind;
  const char *saved_l = e->exc_label;
  for (Unwind *u = e->unwind; u && u != stop; u = u->outer) {
    e->unwind = u->outer;
    e->exc_label = u->outer_label;
    switch (u->kind) {
    case U_HANDLER:
      end_handler(e, u->exc, u->prev, u->name);
      break;
    case U_FINALLY:
      stmts(e, &u->try_stmt->list2);
      break;
    case U_WITH:
      emitf(e, "{ int r_ = pyc2c_with_exit(%s); Py_CLEAR(%s); if (r_ < 0) %s }", u->exit, u->exit,
            err(e));
      break;
    }
  }
  e->unwind = saved_u;
  e->exc_label = saved_l;
}
