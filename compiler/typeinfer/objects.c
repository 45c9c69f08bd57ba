/* objects.c: the Python-object fallback. Whatever is not typed is a Python object handled through
 * the C API: builtins and exception classes as values, calls of any callable (positional,
 * keyword, *args, **kwargs), attributes, displays and comprehensions, f-strings, `for` over any
 * iterable, `in`, tuple unpacking, `raise`, `try`, `with` and `del`. Every expression here is
 * typed T_OBJECT (the annotate report reads that), and marks its function as raising.
 *
 * Comprehension variables live in their own scope, as in Python 3: each gets a hidden local of
 * the function (`x@N`), found by name only inside its comprehension (ti->comp_scope). */
#include <string.h>

#include "typeinfer/internal.h"

/* Names of Python's builtins module that compiled code can use as objects. */
static const char *const py_builtins[] = {
    "print", "isinstance", "issubclass", "list", "dict", "set", "frozenset", "tuple", "str",
    "repr", "sorted", "reversed", "enumerate", "zip", "map", "filter", "sum", "any", "all",
    "iter", "next", "getattr", "setattr", "hasattr", "delattr", "type", "id", "hash", "ord", "chr",
    "divmod", "pow", "round", "hex", "oct", "bin", "format", "object", "callable", "bytes",
    "bytearray", "slice", "ascii", "vars", "open", "complex", "NotImplemented", "Ellipsis",
    "BaseException", "Exception", "ArithmeticError", "AssertionError", "AttributeError",
    "BufferError", "EOFError", "FloatingPointError", "GeneratorExit", "ImportError",
    "ModuleNotFoundError", "IndexError", "KeyError", "KeyboardInterrupt", "LookupError",
    "MemoryError", "NameError", "NotImplementedError", "OSError", "OverflowError",
    "RecursionError", "ReferenceError", "RuntimeError", "StopIteration", "SyntaxError",
    "SystemError", "SystemExit", "TypeError", "UnboundLocalError", "UnicodeError",
    "UnicodeDecodeError", "UnicodeEncodeError", "ValueError", "ZeroDivisionError",
    "FileNotFoundError", "PermissionError", "TimeoutError", "ConnectionError", "Warning",
    "UserWarning", "DeprecationWarning", "RuntimeWarning", "__import__", "memoryview", "input",
    "StopAsyncIteration", "ProcessLookupError", "IsADirectoryError", "NotADirectoryError",
    "ChildProcessError", "BrokenPipeError", "ConnectionResetError", "ConnectionAbortedError",
    "ConnectionRefusedError", "InterruptedError", "FileExistsError", "BlockingIOError",
    "IndentationError", "TabError", "EnvironmentError", "IOError", "UnicodeTranslateError",
    "BytesWarning", "FutureWarning", "ImportWarning", "PendingDeprecationWarning", "SyntaxWarning",
    "UnicodeWarning", "ResourceWarning", "EncodingWarning", "BaseExceptionGroup",
    "ExceptionGroup"};

static bool is_py_builtin(const char *name) {
  for (size_t i = 0; i < sizeof py_builtins / sizeof *py_builtins; i++)
    if (strcmp(py_builtins[i], name) == 0)
      return true;
  return false;
}

/* A builtin of Python's builtins module, bound once at import. */
static Symbol *py_object_sym(TI *ti, const char *name, bool shared) {
  Symbol *s = new_sym(ti, S_PYOBJ, name);
  s->ty = &ty_object;
  if (shared)
    vec_push(ti->a, &ti->globals, s);
  return s;
}

Symbol *obj_unknown_name(TI *ti, Node *n) {
  if (strcmp(n->str, "__name__") == 0 || strcmp(n->str, "__file__") == 0 ||
      strcmp(n->str, "__doc__") == 0)
    return obj_global(ti, n->str); /* set in the module's dict at import */
  if (node_is_ellipsis(n))
    return py_object_sym(ti, "Ellipsis", true);
  if (!is_py_builtin(n->str))
    return NULL;
  return py_object_sym(ti, n->str, true);
}

Symbol *obj_builtin_value(TI *ti, Node *n) {
  static const char *const values[] = {"len", "abs", "min", "max", "int", "float", "bool", "range"};
  for (size_t i = 0; i < sizeof values / sizeof *values; i++)
    if (strcmp(values[i], n->str) == 0)
      return n->sym && n->sym->kind == S_PYOBJ ? n->sym : py_object_sym(ti, n->str, false);
  return NULL;
}

/* An operand that becomes a Python object (a memoryview cannot, here). */
static Type *obj_operand(TI *ti, Node *n) {
  Type *t = tx(ti, n);
  if (!t)
    return NULL;
  if (t->kind == T_VOID) {
    ERR(n, "a call that returns no value used as a value");
    return NULL;
  }
  if (type_is_view(t)) {
    view_boxed(ti, n);
    return &ty_object;
  }
  return t;
}

static Type *raises(TI *ti, Node *n) {
  if (ti->report)
    n->flags |= NF_CAN_RAISE;
  return &ty_object;
}

/* Is n an expression of object type, without reporting anything when it is not one? Only
 * names, attributes of objects, calls and subscripts of objects qualify. */
bool obj_is_object_expr(TI *ti, Node *n) {
  if (n->kind == N_NAME) {
    Symbol *s = lookup(ti, n->str);
    if (!s)
      return is_py_builtin(n->str);
    if (s->kind == S_PYOBJ || s->kind == S_GLOBAL || (s->kind == S_FUNC && s->fn->exported))
      return true;
    return s->kind == S_LOCAL && s->ty && type_is_object(s->ty);
  }
  if (n->kind == N_CALL && n->a->kind == N_NAME) {
    Symbol *s = lookup(ti, n->a->str);
    if (s && s->kind == S_FUNC) /* a module function returning an object */
      return s->fn->ret && type_is_object(s->fn->ret);
    if (s && (s->kind == S_BUILTIN || s->kind == S_MATHFN || s->kind == S_NPFN || s->kind == S_CYTHON))
      return false;
  }
  if (n->kind == N_ATTR)
    return obj_is_object_expr(ti, n->a);
  if (n->kind == N_CALL || n->kind == N_SUBSCRIPT)
    return obj_is_object_expr(ti, n->a);
  return n->kind == N_LIST || n->kind == N_DICT || n->kind == N_SET || n->kind == N_TUPLE ||
         n->kind == N_STR || n->kind == N_FSTRING;
}

/* f(a, *b, k=c, **d) of any callable. */
Type *obj_call(TI *ti, Node *n) {
  n->flags |= NF_OBJCALL;
  bool ok = obj_operand(ti, n->a) != NULL;
  for (int i = 0; i < n->list.len; i++) {
    Node *a = NODE_AT(n->list, i);
    ok = (a->kind == N_STARRED ? obj_operand(ti, a->a) : obj_operand(ti, a)) && ok;
  }
  for (int i = 0; i < n->list2.len; i++) {
    Node *kw = NODE_AT(n->list2, i);
    for (int j = 0; j < i && kw->str; j++) {
      Node *other = NODE_AT(n->list2, j);
      if (other->str && strcmp(other->str, kw->str) == 0) {
        ERR(kw, "keyword argument repeated: %s", kw->str);
        ok = false;
      }
    }
    ok = obj_operand(ti, kw->a) && ok;
  }
  return ok ? raises(ti, n) : NULL;
}

bool obj_has_star_args(const Node *call) {
  for (int i = 0; i < call->list.len; i++)
    if (NODE_AT(call->list, i)->kind == N_STARRED)
      return true;
  for (int i = 0; i < call->list2.len; i++)
    if (!NODE_AT(call->list2, i)->str)
      return true;
  return false;
}

Type *obj_star_call(TI *ti, Node *n) {
  if (obj_callable(ti, n->a) || n->a->kind != N_NAME)
    return obj_call(ti, n);
  Symbol *s = lookup(ti, n->a->str);
  if (s && s->kind == S_FUNC && s->fn->exported)
    return obj_call(ti, n); /* the module's function object */
  if (s && s->kind == S_BUILTIN) {
    n->a->sym = obj_builtin_value(ti, n->a);
    n->a->ty = &ty_object;
    return obj_call(ti, n);
  }
  ERR(n, "'*' and '**' arguments are supported by pyc2c only in calls of Python objects");
  return NULL;
}

/* Can the callee be called as a Python object (the typed paths did not claim it)? */
bool obj_callable(TI *ti, Node *callee) {
  if (callee->kind == N_NAME) {
    Symbol *s = lookup(ti, callee->str);
    if (!s)
      return is_py_builtin(callee->str);
    return s->kind == S_PYOBJ || s->kind == S_GLOBAL ||
           (s->kind == S_LOCAL && s->ty && type_is_object(s->ty));
  }
  return obj_is_object_expr(ti, callee);
}

Type *obj_attribute(TI *ti, Node *n) {
  if (!obj_operand(ti, n->a))
    return NULL;
  return raises(ti, n);
}

/* obj[i], obj[a:b], obj[i, j] */
Type *obj_subscript(TI *ti, Node *n) {
  bool ok = true;
  for (int i = 0; i < n->list.len; i++) {
    Node *k = NODE_AT(n->list, i);
    if (k->kind == N_SLICE) {
      Node *parts[3] = {k->a, k->b, k->c};
      for (int j = 0; j < 3; j++)
        if (parts[j])
          ok = obj_operand(ti, parts[j]) && ok;
      k->ty = &ty_object;
    } else
      ok = obj_operand(ti, k) && ok;
  }
  return ok ? raises(ti, n) : NULL;
}

static Type *comprehension(TI *ti, Node *n);
static const char *import_bound_name(TI *ti, Node *s, Node *al);

static Type *fstring(TI *ti, Node *n) {
  bool ok = true;
  for (int i = 0; i < n->list.len; i++) {
    Node *p = NODE_AT(n->list, i);
    if (p->kind == N_STR) {
      p->ty = &ty_str;
      continue;
    }
    ok = obj_operand(ti, p->a) && ok;
    if (p->b)
      ok = fstring(ti, p->b) && ok;
    p->ty = &ty_str;
  }
  n->ty = &ty_str;
  if (ti->report)
    n->flags |= NF_CAN_RAISE;
  return ok ? &ty_str : NULL;
}

Type *obj_expr(TI *ti, Node *n) {
  switch (n->kind) {
  case N_LIST:
  case N_TUPLE:
  case N_SET: {
    bool ok = true;
    for (int i = 0; i < n->list.len; i++) {
      Node *x = NODE_AT(n->list, i);
      if (x->kind == N_STARRED) {
        ok = obj_operand(ti, x->a) && ok;
        x->ty = &ty_object;
      } else
        ok = obj_operand(ti, x) && ok;
    }
    return ok ? raises(ti, n) : NULL;
  }
  case N_DICT: {
    bool ok = true;
    for (int i = 0; i < n->list.len; i++) {
      if (NODE_AT(n->list, i))
        ok = obj_operand(ti, NODE_AT(n->list, i)) && ok;
      ok = obj_operand(ti, NODE_AT(n->list2, i)) && ok;
    }
    return ok ? raises(ti, n) : NULL;
  }
  case N_LISTCOMP:
  case N_SETCOMP:
  case N_DICTCOMP:
    return comprehension(ti, n);
  case N_FSTRING:
    return fstring(ti, n);
  case N_STARRED:
    ERR(n, "a starred expression is allowed only in a call, a display or an unpacking target");
    return NULL;
  default:
    ERR(n, "%ss are not supported by pyc2c yet", node_kind_desc[n->kind]);
    return NULL;
  }
}

/* ---- targets */

/* The names an assignment target binds (for local collection). */
void obj_collect_target(TI *ti, Function *fn, Node *t) {
  if (t->kind == N_NAME)
    add_local(ti, fn, t->str, t);
  else if (t->kind == N_TUPLE || t->kind == N_LIST)
    for (int i = 0; i < t->list.len; i++)
      obj_collect_target(ti, fn, NODE_AT(t->list, i));
  else if (t->kind == N_STARRED)
    obj_collect_target(ti, fn, t->a);
}

/* Stores an object into target (a, b = v; obj.x = v; for a, b in ...). */
void obj_assign_target(TI *ti, Node *t, Node *value) {
  if (t->kind == N_TUPLE || t->kind == N_LIST) {
    int stars = 0;
    for (int i = 0; i < t->list.len; i++) {
      Node *x = NODE_AT(t->list, i);
      if (x->kind == N_STARRED) {
        stars++;
        x->ty = &ty_object;
        obj_assign_target(ti, x->a, value);
      } else
        obj_assign_target(ti, x, value);
    }
    if (stars > 1)
      ERR(t, "multiple starred expressions in assignment");
    t->ty = &ty_object;
    if (ti->report)
      ti->cur->can_raise = true;
    return;
  }
  if (t->kind == N_ATTR) {
    if (!obj_is_object_expr(ti, t->a)) {
      ERR(t, "assignment to an attribute of a non-object is not supported by pyc2c");
      return;
    }
    obj_operand(ti, t->a);
    t->ty = &ty_object;
    if (ti->report)
      ti->cur->can_raise = true;
    return;
  }
  if (t->kind == N_STARRED) {
    ERR(t, "a starred assignment target must be in a list or tuple");
    return;
  }
  assign_value(ti, t, value, &ty_object);
}

/* ---- comprehensions */

static Symbol *comp_local(TI *ti, Node *name) {
  if (name->sym && name->sym->kind == S_LOCAL)
    return name->sym; /* made in an earlier pass */
  Function *fn = ti->cur;
  Symbol *s = add_local(ti, fn, arena_printf(ti->a, "%s@%d", name->str, fn->locals.len), name);
  s->ty = &ty_object;
  s->declared = true;
  s->comp_name = name->str;
  name->sym = s;
  return s;
}

static bool comp_bind(TI *ti, Node *t, int *pushed) {
  if (t->kind == N_NAME) {
    vec_push(ti->a, &ti->comp_scope, comp_local(ti, t));
    (*pushed)++;
    t->ty = &ty_object;
    return true;
  }
  if (t->kind == N_TUPLE || t->kind == N_LIST) {
    for (int i = 0; i < t->list.len; i++)
      if (!comp_bind(ti, NODE_AT(t->list, i), pushed))
        return false;
    t->ty = &ty_object;
    return true;
  }
  ERR(t, "the target of a comprehension's 'for' must be names");
  return false;
}

static Type *comprehension(TI *ti, Node *n) {
  if (!ti->cur) {
    ERR(n, "comprehensions at module level are not supported by pyc2c yet");
    return NULL;
  }
  int pushed = 0;
  bool ok = true;
  for (int i = 0; i < n->list.len && ok; i++) {
    Node *c = NODE_AT(n->list, i);
    if (c->kind == N_FOR) {
      ok = obj_iterable(ti, c->b) != NULL;
      ok = ok && comp_bind(ti, c->a, &pushed);
    } else
      ok = obj_operand(ti, c->a) != NULL;
  }
  if (ok) {
    ok = obj_operand(ti, n->a) != NULL;
    if (n->b)
      ok = obj_operand(ti, n->b) && ok;
  }
  ti->comp_scope.len -= pushed;
  return ok ? raises(ti, n) : NULL;
}

/* The iterable of a `for` over objects (range() here is Python's range object). */
Type *obj_iterable(TI *ti, Node *it) {
  if (it->kind == N_CALL && it->a->kind == N_NAME) {
    Symbol *s = lookup(ti, it->a->str);
    if (s && s->kind == S_BUILTIN && s->builtin == B_RANGE) {
      it->a->sym = obj_builtin_value(ti, it->a);
      it->a->ty = &ty_object;
      return it->ty = obj_call(ti, it);
    }
  }
  Type *t = obj_operand(ti, it);
  if (t && !type_is_object(t)) {
    ERR(it, "'%s' object is not iterable", t->kind == T_FLOAT ? "float" : t->name);
    return NULL;
  }
  return t;
}

/* ---- statements */

/* raise E / raise E("literal") of a builtin exception (not shadowed), without `from`. */
bool obj_raise_is_simple(TI *ti, Node *s) {
  Node *e = s->a;
  if (!e || s->b)
    return false;
  Node *callee = e->kind == N_CALL ? e->a : e;
  if (callee->kind != N_NAME || !raise_exception_known(callee->str))
    return false;
  Symbol *sym = lookup(ti, callee->str);
  if (sym && sym->kind != S_PYOBJ)
    return false;
  return e->kind != N_CALL || (!e->list2.len && (e->list.len == 0 ||
                                                 (e->list.len == 1 && NODE_AT(e->list, 0)->kind == N_STR)));
}

static bool is_exception_class_expr(Node *x) {
  return x->kind == N_NAME || x->kind == N_ATTR || x->kind == N_TUPLE;
}

bool obj_stmt(TI *ti, Node *s, void (*body)(TI *, NodeList *)) {
  switch (s->kind) {
  case N_FOR: /* for x in obj */
    if (!obj_iterable(ti, s->b))
      return true;
    obj_assign_target(ti, s->a, s->b);
    s->ty = &ty_object;
    if (ti->report)
      ti->cur->can_raise = true;
    ti->loop_depth++;
    body(ti, &s->body);
    ti->loop_depth--;
    body(ti, &s->orelse);
    return true;
  case N_RAISE:
    if (ti->report)
      ti->cur->can_raise = true;
    s->flags &= ~NF_SIMPLE_RAISE;
    if (obj_raise_is_simple(ti, s))
      s->flags |= NF_SIMPLE_RAISE;
    if (s->a)
      obj_operand(ti, s->a);
    else if (!ti->handler_depth)
      ERR(s, "bare 'raise' outside an 'except' clause is not supported by pyc2c");
    if (s->b)
      obj_operand(ti, s->b);
    return true;
  case N_TRY:
    if (ti->report)
      ti->cur->can_raise = true;
    body(ti, &s->body);
    for (int i = 0; i < s->list.len; i++) {
      Node *h = NODE_AT(s->list, i);
      if (h->a) {
        if (!is_exception_class_expr(h->a))
          ERR(h->a, "an 'except' clause takes a class name or a tuple of them here");
        obj_operand(ti, h->a);
      } else if (i + 1 < s->list.len)
        ERR(h, "default 'except:' must be last");
      if (h->str) {
        Symbol *sym = lookup(ti, h->str);
        if (sym && sym->kind == S_LOCAL) {
          h->sym = sym;
          Node fake = {.kind = N_NAME, .str = h->str, .line = h->line, .col = h->col};
          assign_value(ti, &fake, NULL, &ty_object);
        }
      }
      ti->handler_depth++;
      body(ti, &h->body);
      ti->handler_depth--;
    }
    body(ti, &s->orelse);
    ti->handler_depth++; /* a finally block may re-raise what is pending: not with bare raise */
    ti->handler_depth--;
    body(ti, &s->list2);
    return true;
  case N_WITH:
    s->ty = &ty_object; /* a context manager: emit/object.c */
    if (ti->report)
      ti->cur->can_raise = true;
    for (int i = 0; i < s->list.len; i++) {
      obj_operand(ti, NODE_AT(s->list, i));
      Node *t = i < s->list2.len ? NODE_AT(s->list2, i) : NULL;
      if (t)
        obj_assign_target(ti, t, NODE_AT(s->list, i));
    }
    body(ti, &s->body);
    return true;
  case N_DEL:
    if (ti->report)
      ti->cur->can_raise = true;
    for (int i = 0; i < s->list.len; i++) {
      Node *t = NODE_AT(s->list, i);
      if (t->kind == N_SUBSCRIPT || t->kind == N_ATTR) {
        if (!obj_is_object_expr(ti, t->a)) {
          ERR(t, "'del' of an element of a non-object is not supported by pyc2c");
          continue;
        }
        obj_operand(ti, t->a);
        if (t->kind == N_SUBSCRIPT)
          obj_subscript(ti, t);
      } else if (t->kind == N_NAME) {
        Symbol *sym = lookup(ti, t->str);
        t->sym = sym;
        if (sym && sym->kind == S_GLOBAL)
          continue;
        if (!sym || sym->kind != S_LOCAL || sym->is_param || (sym->declared && !type_is_object(sym->ty)))
          ERR(t, "'del' of '%s' is supported only for local variables holding Python objects",
              t->str);
        else if (!sym->ty || !type_is_object(sym->ty)) {
          sym->ty = &ty_object; /* a deleted local may be unbound: it holds an object */
          ti->changed = true;
        }
      } else
        ERR(t, "'del' of a %s is not supported by pyc2c", node_kind_desc[t->kind]);
    }
    return true;
  case N_AUGASSIGN: {
    Node *t = s->a;
    if (!((t->kind == N_ATTR || t->kind == N_SUBSCRIPT) && obj_is_object_expr(ti, t->a)))
      return false;
    bool ok = t->kind == N_ATTR ? obj_attribute(ti, t) != NULL
                                : obj_operand(ti, t->a) && obj_subscript(ti, t);
    t->ty = &ty_object;
    ok = obj_operand(ti, s->b) && ok;
    s->ty = ok ? raises(ti, s) : NULL;
    if (ti->report)
      ti->cur->can_raise = true;
    return true;
  }
  case N_GLOBAL:
    if (ti->cur->is_module)
      ERR(s, "'global' at module level is not supported by pyc2c (module names are global)");
    return true;
  case N_IMPORT:
  case N_IMPORTFROM:
    if (ti->report)
      ti->cur->can_raise = true;
    for (int i = 0; i < s->list.len; i++) {
      Node *al = NODE_AT(s->list, i);
      if (ti->cur->is_module) {
        if (s->kind == N_IMPORTFROM)
          al->sym = obj_global(ti, al->str2 ? al->str2 : al->str);
        continue;
      }
      if (s->kind == N_IMPORT && strcmp(al->str, "cython") == 0)
        continue; /* compile time only */
      Node name = {.kind = N_NAME, .str = import_bound_name(ti, s, al), .line = al->line, .col = al->col};
      al->sym = lookup(ti, name.str);
      assign_value(ti, &name, NULL, &ty_object);
    }
    return true;
  default:
    return false;
  }
}

/* ---- module-level statements and module variables */

/* The name an import binds: `import a.b` binds a, `import a.b as c` c, `from m import x` x. */
static const char *import_bound_name(TI *ti, Node *s, Node *al) {
  if (al->str2)
    return al->str2;
  if (s->kind == N_IMPORTFROM)
    return al->str;
  return arena_strndup(ti->a, al->str, strcspn(al->str, "."));
}

void obj_collect_import(TI *ti, Function *fn, Node *s) {
  for (int i = 0; i < s->list.len; i++) {
    Node *al = NODE_AT(s->list, i);
    if (s->kind == N_IMPORT && strcmp(al->str, "cython") == 0)
      continue;
    add_local(ti, fn, import_bound_name(ti, s, al), al);
  }
}

Symbol *obj_global(TI *ti, const char *name) {
  for (int i = 0; i < ti->globals.len; i++) {
    Symbol *s = ti->globals.items[i];
    if (s->kind == S_GLOBAL && strcmp(s->name, name) == 0)
      return s;
  }
  Symbol *s = new_sym(ti, S_GLOBAL, name);
  s->ty = &ty_object;
  /* before the builtins bound so far: a module variable shadows a builtin of the same name */
  vec_push(ti->a, &ti->globals, NULL);
  memmove(ti->globals.items + 1, ti->globals.items, sizeof(void *) * (size_t)(ti->globals.len - 1));
  ti->globals.items[0] = s;
  return s;
}

/* The names a target binds become module variables. */
static void bind_globals(TI *ti, const Node *t) {
  if (!t)
    return;
  if (t->kind == N_NAME)
    obj_global(ti, t->str);
  else if (t->kind == N_TUPLE || t->kind == N_LIST)
    for (int i = 0; i < t->list.len; i++)
      bind_globals(ti, NODE_AT(t->list, i));
  else if (t->kind == N_STARRED)
    bind_globals(ti, t->a);
}

void module_bindings(const NodeList *l, const BindingVisitor *v) {
  for (int i = 0; i < l->len; i++) {
    const Node *s = NODE_AT(*l, i);
    switch (s->kind) {
    case N_ASSIGN:
    case N_DEL:
      for (int k = 0; k < s->list.len; k++)
        v->target(v->ctx, NODE_AT(s->list, k));
      break;
    case N_ANNASSIGN:
    case N_AUGASSIGN:
    case N_FOR:
      v->target(v->ctx, s->a);
      break;
    case N_WITH: /* list2: the `as` targets, NULL for none */
      for (int k = 0; k < s->list2.len; k++)
        if (NODE_AT(s->list2, k))
          v->target(v->ctx, NODE_AT(s->list2, k));
      break;
    case N_TRY: /* list: the handlers, list2: the finally body */
      for (int k = 0; k < s->list.len; k++) {
        Node *h = NODE_AT(s->list, k);
        if (h->str)
          v->name(v->ctx, h, h->str, strlen(h->str));
        module_bindings(&h->body, v);
      }
      module_bindings(&s->list2, v);
      break;
    case N_IMPORT: /* import a.b binds a */
    case N_IMPORTFROM:
      for (int k = 0; k < s->list.len; k++) {
        Node *al = NODE_AT(s->list, k);
        const char *b = al->str2 ? al->str2 : al->str;
        v->name(v->ctx, s, b, al->str2 || s->kind == N_IMPORTFROM ? strlen(b) : strcspn(b, "."));
      }
      break;
    case N_FUNCDEF:
      v->name(v->ctx, s, s->str, strlen(s->str));
      continue; /* its body binds locals */
    default:
      break;
    }
    module_bindings(&s->body, v);
    module_bindings(&s->orelse, v);
  }
}

static void bind_global_target(void *ti, const Node *t) { bind_globals(ti, t); }

/* import and def bind module names elsewhere (typeinfer.c's module pass, numpy.c, ...) */
static void bind_global_name(void *ti, const Node *binder, const char *name, size_t len) {
  if (binder->kind == N_EXCEPT || binder->kind == N_IMPORTFROM)
    obj_global(ti, name[len] ? arena_strndup(((TI *)ti)->a, name, len) : name);
}

void obj_module_stmt(TI *ti, Node *s, NodeList *body) {
  NodeList one = {0};
  vec_push(ti->a, &one, s);
  module_bindings(&one, &(BindingVisitor){bind_global_target, bind_global_name, ti});
  vec_push(ti->a, body, s);
}

Function *obj_module_function(TI *ti, NodeList *body) {
  Function *fn = arena_alloc(ti->a, sizeof *fn);
  Node *def = node_new(ti->a, N_FUNCDEF, 1, 1);
  def->str = "<module>";
  def->body = *body;
  fn->def = def;
  fn->name = "<module>";
  fn->cname = "pyc2c_module_body";
  fn->is_module = true;
  fn->params = arena_alloc(ti->a, sizeof(Symbol *));
  fn->ret = &ty_void;
  fn->ret_declared = true;
  fn->can_raise = true;
  fn->boundscheck = ti->mi->boundscheck;
  fn->wraparound = ti->mi->wraparound;
  fn->cdivision = ti->mi->cdivision;
  return fn;
}

void obj_declare_global(TI *ti, Function *fn, Node *s) {
  for (int i = 0; i < s->list.len; i++) {
    Node *n = NODE_AT(s->list, i);
    for (int k = 0; k < fn->locals.len; k++) {
      Symbol *l = fn->locals.items[k];
      if (!l->comp_name && strcmp(l->name, n->str) == 0)
        ERR(n, "name '%s' is %s before global declaration", n->str,
            l->is_param ? "a parameter" : "assigned to");
    }
    Symbol *g = obj_global(ti, n->str);
    n->sym = g;
    vec_push(ti->a, &fn->declared_globals, g);
  }
}
