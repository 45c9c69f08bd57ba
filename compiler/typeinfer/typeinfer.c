/* typeinfer.c: name resolution, annotation types, local type inference and checks.
 *
 * Per function: collect the locals (Python scoping: any assignment in the body makes a name local),
 * take declared types from annotations and @cython.locals, then infer every other local as the
 * join of the types assigned to it, iterating to a fixpoint (flow-insensitive, like Cython's
 * inference, but "safe": a join that would change what Python sees gives an object). A final
 * pass reports errors and marks operations that can raise. Functions are inferred on demand, so
 * a caller sees the inferred return type of its callee. */
#include "typeinfer/typeinfer.h"
#include "typeinfer/internal.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static Type *operand(TI *ti, Node *n);

/* Was `name` defined by a module-level statement already reported as unsupported? Its uses are
 * then not reported again ("name 'N' is not defined" would only repeat the first error). */
static bool already_reported(TI *ti, const char *name) {
  for (int i = 0; i < ti->reported_names.len; i++)
    if (strcmp(ti->reported_names.items[i], name) == 0)
      return true;
  return false;
}

/* The name at the root of an attribute chain (`math` in math.pi), or NULL. */
static const char *root_name(const Node *n) {
  while (n->kind == N_ATTR)
    n = n->a;
  return n->kind == N_NAME ? n->str : NULL;
}

void ti_error(TI *ti, const Node *n, const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (ti->errors.len >= 1000) /* far more than anyone reads (diag prints 50) */
    return;
  for (int i = 0; i < ti->errors.len; i++) { /* the same error twice says nothing new */
    Pending *e = ti->errors.items[i];
    if (e->line == n->line && e->col == n->col && strcmp(e->msg, buf) == 0)
      return;
  }
  Pending *e = arena_alloc(ti->a, sizeof *e);
  e->line = n->line;
  e->col = n->col;
  e->seq = ti->errors.len;
  e->msg = arena_strdup(ti->a, buf);
  vec_push(ti->a, &ti->errors, e);
}

static int pending_cmp(const void *x, const void *y) {
  const Pending *a = *(Pending *const *)x, *b = *(Pending *const *)y;
  if (a->line != b->line)
    return a->line < b->line ? -1 : 1;
  if (a->col != b->col)
    return a->col < b->col ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void flush_errors(TI *ti) {
  if (ti->errors.len > 1)
    qsort(ti->errors.items, (size_t)ti->errors.len, sizeof(void *), pending_cmp);
  for (int i = 0; i < ti->errors.len; i++) {
    Pending *e = ti->errors.items[i];
    diag_error(ti->d, e->line, e->col, "%s", e->msg);
  }
  ti->errors.len = 0;
}

/* tx: the type of an expression (also stored in n->ty); NULL while unknown or after an error. */

/* ---- names */

Symbol *new_sym(TI *ti, SymKind k, const char *name) {
  Symbol *s = arena_alloc(ti->a, sizeof *s);
  s->kind = k;
  s->name = name;
  return s;
}

static Symbol *find(PtrVec *v, const char *name) {
  for (int i = 0; i < v->len; i++) {
    Symbol *s = v->items[i];
    if (strcmp(s->name, name) == 0)
      return s;
  }
  return NULL;
}

static const char *const builtin_names[] = {
#define X(b, s) [B_##b] = s,
    BUILTINS(X)
#undef X
};

Symbol *lookup(TI *ti, const char *name) {
  for (int i = ti->comp_scope.len - 1; i >= 0; i--) /* a comprehension's own variables */
    if (strcmp(((Symbol *)ti->comp_scope.items[i])->comp_name, name) == 0)
      return ti->comp_scope.items[i];
  Symbol *s = ti->cur ? find(&ti->cur->locals, name) : NULL;
  if (s)
    return s;
  if ((s = find(&ti->globals, name)))
    return s;
  static Symbol builtin_syms[sizeof builtin_names / sizeof *builtin_names];
  for (int b = 1; b < (int)(sizeof builtin_names / sizeof *builtin_names); b++)
    if (!strchr(builtin_names[b], '.') && strcmp(builtin_names[b], name) == 0) {
      Symbol *bs = &builtin_syms[b];
      bs->kind = S_BUILTIN;
      bs->name = builtin_names[b];
      bs->builtin = (Builtin)b;
      return bs;
    }
  return NULL;
}

/* Is n `cython.<attr>` (through any alias of the cython module)? Returns attr or NULL. */
const char *cython_attr(TI *ti, const Node *n) {
  if (n->kind != N_ATTR || n->a->kind != N_NAME)
    return NULL;
  Symbol *s = lookup(ti, n->a->str);
  return s && s->kind == S_CYTHON ? n->str : NULL;
}

/* ---- annotations */

static const char *describe(const Node *n, Arena *a) {
  if (n->kind == N_NAME)
    return n->str;
  if (n->kind == N_ATTR)
    return arena_printf(a, "%s.%s", describe(n->a, a), n->str);
  if (n->kind == N_CALL)
    return arena_printf(a, "%s(...)", describe(n->a, a));
  if (n->kind == N_SUBSCRIPT)
    return arena_printf(a, "%s[...]", describe(n->a, a));
  return node_kind_desc[n->kind];
}

/* ---- suggestions for misspelled type names */

static int edit_distance(const char *a, const char *b) {
  enum { MAXLEN = 32 };
  size_t la = strlen(a), lb = strlen(b);
  if (la > MAXLEN || lb > MAXLEN)
    return MAXLEN;
  int row[MAXLEN + 1];
  for (size_t j = 0; j <= lb; j++)
    row[j] = (int)j;
  for (size_t i = 1; i <= la; i++) {
    int diag = row[0];
    row[0] = (int)i;
    for (size_t j = 1; j <= lb; j++) {
      int up = row[j];
      int best = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < best)
        best = up + 1;
      if (row[j - 1] + 1 < best)
        best = row[j - 1] + 1;
      row[j] = best;
      diag = up;
    }
  }
  return row[lb];
}

/* A type name close to `name` ("int" for "Int", "cython.double" for "float64"), or NULL. */
static const char *suggest_type(TI *ti, const char *name, bool cython_only) {
  static const char *const cy[] = {
#define X(id, cyname, c, cv, k, sgn, rk, sz) cyname,
      C_NUMERIC_TYPES(X)
#undef X
      "bint", "doublecomplex", "floatcomplex", "complex"};
  static const char *const py[] = {"int", "float", "bool", "str", "object", "complex"};
  static const struct {
    const char *alias, *type;
  } aliases[] = {
      {"int8", "schar"},   {"int16", "short"},   {"int32", "int"},       {"int64", "longlong"},
      {"uint8", "uchar"},  {"uint16", "ushort"}, {"uint32", "uint"},     {"uint64", "ulonglong"},
      {"float32", "float"}, {"float64", "double"}, {"integer", "int"},   {"ssize_t", "Py_ssize_t"},
      {"boolean", "bint"}, {"real", "double"},
  };
  static const struct {
    const char *alias, *type;
  } py_aliases[] = {{"integer", "int"}, {"string", "str"}, {"boolean", "bool"}, {"Any", "object"}};
  for (size_t k = 0; !cython_only && k < sizeof py_aliases / sizeof *py_aliases; k++)
    if (strcmp(py_aliases[k].alias, name) == 0)
      return py_aliases[k].type;
  for (size_t k = 0; k < sizeof aliases / sizeof *aliases; k++)
    if (strcmp(aliases[k].alias, name) == 0 ||
        (strncmp(name, "np.", 3) == 0 && strcmp(aliases[k].alias, name + 3) == 0))
      return arena_printf(ti->a, "cython.%s", aliases[k].type);
  const char *best = NULL;
  bool best_cy = false;
  int best_d = (int)strlen(name) / 3 + 1; /* more edits than this: no suggestion */
  for (int pass = 0; pass < 2; pass++) {
    bool is_py = cython_only ? false : pass == 0; /* plain names: Python types first */
    if (cython_only && pass == 1)
      break;
    const char *const *set = is_py ? py : cy;
    size_t n = is_py ? sizeof py / sizeof *py : sizeof cy / sizeof *cy;
    for (size_t k = 0; k < n; k++) {
      int d = edit_distance(name, set[k]);
      if (d < best_d) {
        best = set[k];
        best_d = d;
        best_cy = !is_py;
      }
    }
  }
  if (!best)
    return NULL;
  return best_cy ? arena_printf(ti->a, "cython.%s", best) : best;
}

/* annotation = cython.<ctype> | int | float | bool | object | str | None */
Type *resolve_type(TI *ti, Node *n, bool allow_void) {
  const char *attr = cython_attr(ti, n);
  if (attr && strcmp(attr, "void") == 0 && allow_void)
    return &ty_void;
  if (attr) {
    Type *t = type_from_cython_name(attr);
    if (!t && complex_unsupported_name(ti, n, attr)) /* complex.c */
      return NULL;
    if (!t && ti->report) {
      const char *guess = suggest_type(ti, attr, true);
      if (guess)
        ERR(n, "unknown type 'cython.%s' (did you mean %s?)", attr, guess);
      else
        ERR(n, "unknown type 'cython.%s': the C types are cython.char, short, int, long, "
               "longlong (u-prefixed for unsigned), Py_ssize_t, size_t, float, double, "
               "longdouble, bint, doublecomplex and floatcomplex",
            attr);
    }
    return t;
  }
  if (n->kind == N_NAME) {
    if (strcmp(n->str, "int") == 0)
      return &ty_pyint;
    if (strcmp(n->str, "float") == 0)
      return &ty_double;
    if (strcmp(n->str, "bool") == 0)
      return &ty_bint;
    if (strcmp(n->str, "object") == 0)
      return &ty_object;
    if (strcmp(n->str, "str") == 0)
      return &ty_str;
    if (strcmp(n->str, "complex") == 0) /* as Cython: a C double complex */
      return &ty_doublecomplex;
    const char *guess = ti->report ? suggest_type(ti, n->str, false) : NULL;
    if (guess)
      ERR(n, "unknown type '%s' (did you mean %s?)", n->str, guess);
    else
      ERR(n, "unknown type '%s': use int, float, bool, str, object or a C type such as cython.int",
          n->str);
    return NULL;
  }
  if (n->kind == N_NONE) {
    if (allow_void)
      return &ty_void;
    ERR(n, "'None' is not a variable type");
    return NULL;
  }
  if (n->kind == N_STR) {
    ERR(n, "string annotations are not supported by pyc2c yet; write the type itself");
    return NULL;
  }
  if (is_view_annotation(ti, n)) /* views.c */
    return view_annotation(ti, n);
  ERR(n, "unknown type '%s'", describe(n, ti->a));
  return NULL;
}

/* ---- literals */

bool const_int_value(const Node *n, int64_t *v) {
  if (n->kind == N_INT && !n->big) {
    *v = n->ival;
    return true;
  }
  if (n->kind == N_UNARY && (n->op == OP_NEG || n->op == OP_POS) && n->a->kind == N_INT &&
      !n->a->big) {
    *v = n->op == OP_NEG ? -n->a->ival : n->a->ival;
    return true;
  }
  return false;
}

static bool is_int_literal(const Node *n) {
  int64_t v;
  return const_int_value(n, &v);
}

/* The type an int literal takes next to a C operand of type `other`, or NULL to stay a Python int. */
static Type *literal_as(const Node *lit, Type *other) {
  int64_t v;
  if (!other || !const_int_value(lit, &v))
    return NULL;
  if (other->kind == T_BINT)
    return &ty_long;
  if ((other->kind == T_INT || other->kind == T_FLOAT) && type_holds(other, v))
    return other;
  if (other->kind == T_INT && other->is_signed)
    return type_holds(&ty_long, v) ? &ty_long : NULL;
  return NULL;
}

/* ---- assignment compatibility */

bool is_intlike(const Type *t) {
  return t->kind == T_INT || t->kind == T_BINT || t->obj == OBJ_INT || t->obj == OBJ_BOOL;
}

/* Where a value goes, for messages: "cannot <verb> a value of type T <prep> <what>". */
typedef struct Dest {
  const char *verb, *prep, *what;
} Dest;

static Dest dest_var(TI *ti, const char *name, Type *to) {
  return (Dest){"assign", "to", arena_printf(ti->a, "'%s' (declared %s)", name, to->name)};
}

/* The range of a C integer type, for messages. */
static const char *int_range(TI *ti, const Type *t) {
  if (t->size >= 8)
    return t->is_signed ? "-9223372036854775808 to 9223372036854775807"
                        : "0 to 18446744073709551615";
  int bits = t->size * 8;
  if (t->is_signed)
    return arena_printf(ti->a, "%lld to %lld", -(1LL << (bits - 1)), (1LL << (bits - 1)) - 1);
  return arena_printf(ti->a, "0 to %lld", (1LL << bits) - 1);
}

/* An int literal too big for int64 (possibly negated), as written; NULL otherwise. */
static const char *big_literal(TI *ti, const Node *e) {
  if (e->kind == N_INT && e->big)
    return e->str;
  if (e->kind == N_UNARY && (e->op == OP_NEG || e->op == OP_POS) && e->a->kind == N_INT &&
      e->a->big)
    return arena_printf(ti->a, "%s%s", e->op == OP_NEG ? "-" : "", e->a->str);
  return NULL;
}

/* Can a value of type `from` (expression `e`) be stored in `to`? Reports why not. */
static bool check_assign(TI *ti, Node *e, Type *from, Type *to, Dest d) {
  if (!from || !to)
    return true;
  Node *at = e->kind == N_AUGASSIGN ? e->b : e; /* x += 1.5: the caret goes under 1.5 */
  if (from->kind == T_VOID) {
    ERR(at, "this call returns no value");
    return false;
  }
  if (type_is_view(from) || type_is_view(to)) {
    /* A C- or Fortran-contiguous view is also a strided view of the same element type. */
    if (type_is_view(from) && type_is_view(to) && from->elem == to->elem &&
        from->ndim == to->ndim && (!to->contig || to->contig == from->contig) &&
        (to->readonly || !from->readonly))
      return true;
    if (type_is_view(from) && to->kind == T_OBJECT && to->obj == OBJ_ANY) {
      view_boxed(ti, e); /* the viewed object itself, or a memoryview of a slice (views.c) */
      return true;
    }
    if (type_is_view(to) && from->kind == T_OBJECT && from->obj == OBJ_ANY) {
      ti->cur->can_raise = true; /* a buffer acquired as an argument's is (emit/view.c) */
      return true;
    }
    ERR(at, "cannot %s a value of type %s %s %s", d.verb, from->name, d.prep, d.what);
    return false;
  }
  int c = complex_check_assign(ti, at, from, to, d.verb, d.prep, d.what); /* complex.c */
  if (c >= 0)
    return c;
  if (to->kind == T_INT) {
    int64_t v;
    const char *big = big_literal(ti, e);
    if (const_int_value(e, &v) || big) {
      if (big || !type_holds(to, v)) {
        ERR(at, "the value %s is out of range for %s (%s)",
            big ? big : arena_printf(ti->a, "%lld", (long long)v), to->name, int_range(ti, to));
        return false;
      }
      return true;
    }
    if (from->kind == T_FLOAT || from->obj == OBJ_FLOAT) {
      ERR(at, "cannot %s a value of type %s %s %s: use int(...) to truncate it", d.verb,
          from->name, d.prep, d.what);
      return false;
    }
    if (from->obj == OBJ_STR || from->obj == OBJ_NONE) {
      ERR(at, "cannot %s a value of type %s %s %s", d.verb, from->name, d.prep, d.what);
      return false;
    }
    if ((from->kind == T_OBJECT || from->kind == T_PYINT) && ti->report)
      ti->cur->can_raise = true;
    return true;
  }
  if (to->kind == T_FLOAT) {
    if (from->obj == OBJ_STR || from->obj == OBJ_NONE) {
      ERR(at, "cannot %s a value of type %s %s %s", d.verb, from->name, d.prep, d.what);
      return false;
    }
    if ((from->kind == T_OBJECT || from->kind == T_PYINT) && ti->report)
      ti->cur->can_raise = true;
    return true;
  }
  if (to->kind == T_BINT) {
    if (from->kind == T_OBJECT && ti->report)
      ti->cur->can_raise = true;
    return true;
  }
  if (to->obj == OBJ_INT && !is_intlike(from) && from->obj != OBJ_ANY) {
    ERR(at, "cannot %s a value of type %s %s %s", d.verb, from->name, d.prep, d.what);
    return false;
  }
  if (to->obj == OBJ_STR && from->obj != OBJ_STR && from->obj != OBJ_ANY) {
    ERR(at, "cannot %s a value of type %s %s %s", d.verb, from->name, d.prep, d.what);
    return false;
  }
  if (to->kind == T_OBJECT && to->obj != OBJ_ANY && from->obj == OBJ_ANY && ti->report)
    ti->cur->can_raise = true; /* checked at run time */
  if (to->kind == T_PYINT && from != to && ti->report)
    ti->cur->can_raise = true; /* an object checked, or a 64-bit C integer boxed */
  return true;
}

/* The type a local takes from an assigned expression (an int literal adopts the local's C type). */
static Type *assigned_type(Symbol *s, Node *value, Type *vt) {
  if (!vt)
    return NULL;
  Type *lt = literal_as(value, s->ty);
  if (lt && lt == s->ty)
    return lt;
  if (vt->kind == T_VOID)
    return &ty_none;
  return vt;
}

/* a[:] / a[:, :]: every index a bare ':' */
bool is_whole_view(const Node *t) {
  if (t->kind != N_SUBSCRIPT || !t->list.len)
    return false;
  for (int i = 0; i < t->list.len; i++) {
    const Node *k = NODE_AT(t->list, i);
    if (k->kind != N_SLICE || k->a || k->b || k->c)
      return false;
  }
  return true;
}

/* target (a whole view or a sub-view of type dest) = value: a copy of a view with the same
 * element type and dimensions, or a fill with a number. */
static void copy_or_fill(TI *ti, Node *target, Node *value, Type *vt, Type *dest) {
  view_mark_written(ti, target->a);
  if (!vt || !ti->report || !view_check_writable(ti, target, dest)) /* views.c */
    return;
  if (type_is_view(vt)) {
    if (vt->elem != dest->elem || vt->ndim != dest->ndim)
      ERR(value, "cannot copy a %s into a %s (element types and dimensions must match)", vt->name,
          dest->name);
    ti->cur->can_raise = true; /* differing extents */
    return;
  }
  check_assign(ti, value, vt, dest->elem,
               (Dest){"fill", "into", arena_printf(ti->a, "a view of %s", dest->elem->name)});
}

/* a[:, :] = b copies a view of the same shape; a[:] = x fills with a number. */
static void assign_whole_view(TI *ti, Node *target, Node *value, Type *vt) {
  Type *bt = tx(ti, target->a);
  if (!bt)
    return;
  if (!type_is_view(bt) || target->list.len != bt->ndim) {
    ERR(target, type_is_view(bt) ? "a[...] = value takes one ':' per dimension of the view"
                                 : "slice assignment is supported only on typed memoryviews");
    return;
  }
  target->ty = bt;
  copy_or_fill(ti, target, value, vt, bt);
}

static void assign_to(TI *ti, Node *target, Node *value, Type *vt) {
  if (target->kind == N_TUPLE || target->kind == N_LIST || target->kind == N_ATTR ||
      target->kind == N_STARRED) {
    obj_assign_target(ti, target, value);
    return;
  }
  if (target->kind == N_SUBSCRIPT)
    view_ellipsis_reset(target);
  if (is_whole_view(target)) {
    assign_whole_view(ti, target, value, vt);
    return;
  }
  if (target->kind == N_SUBSCRIPT) {
    Type *et = tx(ti, target);
    if (et && type_is_view(et)) { /* a[1:-1] = b: copy into (or fill) the sub-view */
      copy_or_fill(ti, target, value, vt, et);
      return;
    }
    view_store(ti, target);
    if (ti->report && et && vt)
      check_assign(ti, value, vt, et, (Dest){"store", "in", arena_printf(ti->a, "an element of type %s", et->name)});
    return;
  }
  if (target->kind != N_NAME) {
    ERR(target, "assignment to %s is not supported by pyc2c yet", node_kind_desc[target->kind]);
    return;
  }
  Symbol *s = lookup(ti, target->str);
  target->sym = s;
  target->ty = s ? s->ty : NULL;
  if (!s || s->kind != S_LOCAL)
    return;
  if (vt && type_is_view(vt))
    view_flow_value(ti, value, s); /* views.c */
  if (s->declared) {
    if (ti->report)
      check_assign(ti, value, vt, s->ty, dest_var(ti, s->name, s->ty));
    return;
  }
  Type *t = pyint_local_type(ti, assigned_type(s, value, vt));
  if (!t)
    return;
  bool only_literals = !s->nonliteral; /* so far */
  int64_t lit;
  bool is_lit = const_int_value(value, &lit) && type_holds(&ty_double, lit);
  if (!is_lit && t->kind != T_FLOAT)
    s->nonliteral = true;
  Type *j = type_join(s->ty, t);
  /* An int literal joined with a float gives a float, as Numba does (`s = 0` then `s += x`):
   * the one place inference departs from CPython, which would keep an int 0 if no float is
   * ever added. */
  if (t->kind == T_FLOAT && s->ty == &ty_pyint && !s->nonliteral)
    j = t;
  else if (is_lit && s->ty && s->ty->kind == T_FLOAT)
    j = s->ty;
  /* An int literal joins a C integer local without widening it to an object. */
  if (s->ty && s->ty->kind == T_INT && is_int_literal(value) && literal_as(value, s->ty) == s->ty)
    j = s->ty;
  /* int literals and indices only (`j = 0` ... `j = i`): the local is an index too */
  if (t == &ty_index && s->ty == &ty_pyint && only_literals)
    j = &ty_index;
  if (j != s->ty) {
    s->ty = j;
    ti->changed = true;
  }
}

void assign_value(TI *ti, Node *target, Node *value, Type *vt) {
  if (!value) { /* an exception bound by `except ... as name` */
    Symbol *s = lookup(ti, target->str);
    if (s && s->kind == S_LOCAL && s->ty != &ty_object && !s->declared) {
      s->ty = type_join(s->ty, &ty_object);
      ti->changed = true;
    }
    return;
  }
  assign_to(ti, target, value, vt);
}


/* ---- expressions */

static Type *binop_type(TI *ti, Node *n, Op op, Node *ln, Node *rn, Type *a, Type *b) {
  if (!a || !b)
    return NULL;
  if ((type_is_complex(a) || type_is_complex(b)) && !type_is_object(a) && !type_is_object(b))
    return complex_binop_type(ti, n, op, ln, rn, a, b); /* complex.c */
  Type *exact = NULL;
  if (pyint_binop_type(ti, n, op, ln, rn, &a, &b, &exact))
    return exact;
  Type *la = literal_as(ln, b), *lb = literal_as(rn, a);
  if (la && type_is_cnum(b))
    a = la;
  if (lb && type_is_cnum(a))
    b = lb;
  if (a->kind == T_VOID || b->kind == T_VOID) {
    ERR(n, "a call that returns no value used as an operand");
    return NULL;
  }
  if (op == OP_MATMUL) {
    ERR(n, "the '@' operator is not supported by pyc2c yet");
    return NULL;
  }
  if (type_is_object(a) || type_is_object(b)) {
    /* str and None operands: Python's operators (concatenation, % formatting, TypeError) */
    if (ti->report)
      n->flags |= NF_CAN_RAISE;
    if (is_intlike(a) && is_intlike(b) && op != OP_DIV && op != OP_POW)
      return &ty_pyint;
    return &ty_object;
  }
  int64_t rv;
  bool rconst = const_int_value(rn, &rv);
  bool nonzero = type_is_cnum(a) && type_is_cnum(b) && nonzero_known(ti, rn); /* bounds.c */
  n->flags &= ~NF_CDIVISION;
  if ((op == OP_DIV || op == OP_FLOORDIV || op == OP_MOD) && ti->cur && ti->cur->cdivision) {
    /* C semantics, as Cython's cdivision: truncating integer / // %, IEEE floats. An integer
     * zero divisor still raises ZeroDivisionError here (C would trap: never a crash). */
    Type *t = type_arith(a, b);
    n->flags |= NF_CDIVISION;
    if (ti->report && t->kind != T_FLOAT && !(rconst && rv != 0) && !nonzero)
      n->flags |= NF_CAN_RAISE;
    return t;
  }
  switch (op) {
  case OP_ADD:
  case OP_SUB:
  case OP_MUL:
    return type_arith(a, b);
  case OP_DIV: {
    Type *t = type_arith(a, b);
    if (ti->report && !(rconst && rv != 0) && !(rn->kind == N_FLOAT && rn->fval != 0) &&
        !nonzero)
      n->flags |= NF_CAN_RAISE;
    return t->kind == T_FLOAT ? t : &ty_double;
  }
  case OP_FLOORDIV:
  case OP_MOD: {
    Type *t = type_arith(a, b);
    bool safe = (rconst && rv != 0 && rv != -1) || (rn->kind == N_FLOAT && rn->fval != 0);
    /* a divisor known non-zero: % cannot raise (emit maps a -1 divisor to 1 for MIN % -1);
     * // can still overflow (MIN // -1) unless nothing is signed */
    if (nonzero && (op == OP_MOD || t->kind == T_FLOAT || !t->is_signed))
      safe = true;
    if (ti->report && !safe)
      n->flags |= NF_CAN_RAISE;
    return t;
  }
  case OP_POW:
    if (a->kind == T_FLOAT || b->kind == T_FLOAT) {
      if (ti->report) /* overflow raises OverflowError, as in CPython */
        n->flags |= NF_CAN_RAISE;
      return type_arith(a, b);
    }
    if (rconst && rv >= 0)
      return type_arith(a, &ty_int);
    ERR(rn, "'**' between C integers needs a non-negative integer literal exponent (a negative "
            "one gives a float in Python); for this exponent, make the base a float: "
            "float(%s) ** %s",
        ln->kind == N_NAME ? ln->str : "...", rn->kind == N_NAME ? rn->str : "...");
    return NULL;
  case OP_LSHIFT:
  case OP_RSHIFT:
  case OP_BITAND:
  case OP_BITOR:
  case OP_BITXOR:
    if (a->kind == T_FLOAT || b->kind == T_FLOAT) {
      ERR(n, "unsupported operand types for %s: '%s' and '%s'", op_spelling[op], a->name, b->name);
      return NULL;
    }
    if (op == OP_LSHIFT || op == OP_RSHIFT) {
      if (ti->report && !(rconst && rv >= 0))
        n->flags |= NF_CAN_RAISE;
      return type_arith(a, &ty_int) == &ty_int && a->kind == T_BINT ? &ty_long
                                                                   : type_arith(a, &ty_int);
    }
    if (a->kind == T_BINT && b->kind == T_BINT)
      return &ty_bint;
    return type_arith(a, b);
  default:
    ERR(n, "operator '%s' is not supported here", op_spelling[op]);
    return NULL;
  }
}

static Type *compare_type(TI *ti, Node *n) {
  bool any_null = false;
  for (int i = 0; i < n->list.len; i++)
    if (!operand(ti, NODE_AT(n->list, i)))
      any_null = true;
  if (any_null)
    return NULL;
  for (int i = 0; i + 1 < n->list.len; i++) {
    Node *l = NODE_AT(n->list, i), *r = NODE_AT(n->list, i + 1);
    Op op = n->ops[i];
    if (!complex_compare_check(ti, n, op, l, r)) /* complex.c: == and != only */
      return NULL;
    if (op == OP_IN || op == OP_NOTIN) {
      if (!type_is_object(r->ty)) {
        ERR(r, "argument of type '%s' is not iterable", r->ty->kind == T_FLOAT ? "float" : r->ty->name);
        return NULL;
      }
      if (ti->report)
        n->flags |= NF_CAN_RAISE;
      continue;
    }
    if (l->ty->kind == T_VOID || r->ty->kind == T_VOID) {
      ERR(n, "a call that returns no value used as an operand");
      return NULL;
    }
    if (ti->report && ((l->ty->kind == T_PYINT && r->ty->kind == T_FLOAT) ||
                       (r->ty->kind == T_PYINT && l->ty->kind == T_FLOAT)))
      n->flags |= NF_CAN_RAISE;
    if ((op == OP_IS || op == OP_ISNOT) &&
        (type_is_cnum(l->ty) || type_is_cnum(r->ty) || type_is_pyint(l->ty) || type_is_pyint(r->ty))) {
      ERR(n, "'%s' compares object identity; use '==' or '!=' for numbers", op_spelling[op]);
      return NULL;
    }
    if (type_is_object(l->ty) || type_is_object(r->ty)) {
      if (ti->report && op != OP_IS && op != OP_ISNOT)
        n->flags |= NF_CAN_RAISE;
      if ((l->ty->obj == OBJ_ANY && type_is_object(l->ty)) ||
          (r->ty->obj == OBJ_ANY && type_is_object(r->ty)))
        if (op != OP_IS && op != OP_ISNOT)
          return &ty_object; /* rich comparison may return anything */
    }
  }
  return &ty_bint;
}

static Function *callee_function(TI *ti, Node *callee) {
  if (callee->kind != N_NAME)
    return NULL;
  Symbol *s = lookup(ti, callee->str);
  return s && s->kind == S_FUNC ? s->fn : NULL;
}

static void infer_function(TI *ti, Function *fn);

/* Matches a call's arguments to fn's parameters; fills `slots` (NULL where a default applies). */
static bool bind_args(TI *ti, Node *call, Function *fn, Node **slots) {
  bool ok = true;
  if (call->list.len > fn->nparams) {
    ERR(NODE_AT(call->list, fn->nparams), "%s() takes %s%d positional argument%s but %d %s given",
        fn->name, fn->nrequired < fn->nparams ? "at most " : "", fn->nparams,
        fn->nparams == 1 ? "" : "s", call->list.len, call->list.len == 1 ? "was" : "were");
    return false;
  }
  for (int i = 0; i < call->list.len; i++)
    slots[i] = NODE_AT(call->list, i);
  for (int k = 0; k < call->list2.len; k++) {
    Node *kw = NODE_AT(call->list2, k);
    int i = 0;
    while (i < fn->nparams && strcmp(fn->params[i]->name, kw->str) != 0)
      i++;
    if (i == fn->nparams) {
      ERR(kw, "%s() got an unexpected keyword argument '%s'", fn->name, kw->str);
      ok = false;
    } else if (slots[i]) {
      ERR(kw, "%s() got multiple values for argument '%s'", fn->name, kw->str);
      ok = false;
    } else
      slots[i] = kw->a;
  }
  for (int i = 0; i < fn->nrequired && ok; i++)
    if (!slots[i]) {
      ERR(call, "%s() missing required argument '%s'", fn->name, fn->params[i]->name);
      ok = false;
    }
  return ok;
}

static Type *call_function(TI *ti, Node *n, Function *fn) {
  n->fn = fn;
  if (fn->state == 0)
    infer_function(ti, fn);
  Node **slots = arena_alloc(ti->a, sizeof(Node *) * (size_t)(fn->nparams + 1));
  for (int i = 0; i < n->list.len; i++)
    tx(ti, NODE_AT(n->list, i));
  for (int k = 0; k < n->list2.len; k++)
    tx(ti, NODE_AT(n->list2, k)->a);
  if (ti->report) {
    if (!vec_has(&ti->cur->calls, fn)) /* a set: each callee once */
      vec_push(ti->a, &ti->cur->calls, fn);
    if (bind_args(ti, n, fn, slots))
      for (int i = 0; i < fn->nparams; i++)
        if (slots[i] && fn->params[i]) {
          if (slots[i]->ty && type_is_view(slots[i]->ty))
            view_flow_value(ti, slots[i], fn->params[i]);
          check_assign(ti, slots[i], slots[i]->ty, fn->params[i]->ty,
                       (Dest){"pass", "as",
                              arena_printf(ti->a, "argument '%s' of %s() (declared %s)",
                                           fn->params[i]->name, fn->name,
                                           fn->params[i]->ty ? fn->params[i]->ty->name : "")});
        }
    view_call_site(ti, n, fn, slots); /* views.c: what a returned view may come from */
  }
  if (fn->state == 1 && !fn->ret_declared)
    return &ty_object; /* recursion into a function whose return type is still being inferred */
  return fn->ret;
}

static Type *call_builtin(TI *ti, Node *n, Builtin b) {
  if (n->list2.len && b != B_RANGE) {
    ERR(NODE_AT(n->list2, 0), "%s() takes no keyword arguments", builtin_names[b]);
    return NULL;
  }
  int argc = n->list.len;
  Type **ts = arena_alloc(ti->a, sizeof(Type *) * (size_t)(argc + 1));
  bool unknown = false;
  for (int i = 0; i < argc; i++) {
    ts[i] = b == B_LEN ? tx(ti, NODE_AT(n->list, i)) : operand(ti, NODE_AT(n->list, i));
    if (!ts[i])
      unknown = true;
    else if (ts[i]->kind == T_VOID) {
      ERR(NODE_AT(n->list, i), "a call that returns no value used as an argument");
      return NULL;
    }
  }
  switch (b) {
  case B_RANGE:
    ERR(n, "range() is supported only as the iterable of a 'for' loop");
    return NULL;
  case B_LEN:
    if (argc != 1) {
      ERR(n, "len() takes exactly one argument (%d given)", argc);
      return NULL;
    }
    if (unknown)
      return NULL;
    if (type_is_object(ts[0])) {
      if (ti->report)
        n->flags |= NF_CAN_RAISE; /* PyObject_Length */
    } else if (!type_is_view(ts[0])) {
      ERR(n, "object of type '%s' has no len()", ts[0]->name);
      return NULL;
    }
    return &ty_index;
  case B_ABS:
  case B_INT:
  case B_FLOAT:
  case B_BOOL:
    if (argc != 1) {
      ERR(n, "%s() takes exactly one argument here (%d given)", builtin_names[b], argc);
      return NULL;
    }
    if (unknown)
      return NULL;
    if (ts[0]->obj == OBJ_STR || ts[0]->obj == OBJ_NONE) {
      ERR(n, "%s() of a %s is not supported by pyc2c yet", builtin_names[b], ts[0]->name);
      return NULL;
    }
    if (b == B_BOOL)
      return &ty_bint;
    if (type_is_complex(ts[0])) {
      if (b == B_ABS)
        return complex_abs_type(ti, n); /* complex.c */
      ERR(n, b == B_INT ? "int() argument must be a string, a bytes-like object or a real number, "
                          "not 'complex'"
                        : "float() argument must be a string or a real number, not 'complex'");
      return NULL;
    }
    if (ti->report && (type_is_object(ts[0]) || (type_is_pyint(ts[0]) && b == B_FLOAT)))
      n->flags |= NF_CAN_RAISE;
    if (b == B_FLOAT) {
      if (ts[0]->kind == T_FLOAT)
        return ts[0] == &ty_float ? &ty_double : ts[0];
      return &ty_double;
    }
    if (b == B_INT) {
      if (ts[0]->kind == T_INT || ts[0]->kind == T_PYINT)
        return ts[0];
      if (ts[0]->kind == T_BINT)
        return &ty_long;
      if (ti->report)
        n->flags |= NF_CAN_RAISE; /* inf and nan cannot become ints */
      return &ty_pyint;
    }
    /* abs */
    if (ts[0]->kind == T_BINT)
      return &ty_long;
    if (ts[0]->kind == T_PYINT || ts[0] == &ty_index) {
      if (ti->report)
        n->flags |= NF_CAN_RAISE; /* abs(-2**62) leaves the small range */
      return &ty_pyint;
    }
    if (type_is_object(ts[0]))
      return is_intlike(ts[0]) ? &ty_pyint : &ty_object;
    return ts[0];
  case B_POW:
  case B_DIVMOD:
    if (argc != 2 && !(b == B_POW && argc == 3)) {
      ERR(n, "%s() takes %s arguments (%d given)", builtin_names[b], b == B_POW ? "2 or 3" : "exactly 2",
          argc);
      return NULL;
    }
    if (unknown)
      return NULL;
    if (b == B_POW && argc == 2) /* pow(a, b) is a ** b */
      return binop_type(ti, n, OP_POW, NODE_AT(n->list, 0), NODE_AT(n->list, 1), ts[0], ts[1]);
    for (int i = 0; i < argc; i++)
      if (ts[i]->obj == OBJ_STR || ts[i]->obj == OBJ_NONE) {
        ERR(NODE_AT(n->list, i), "%s() of a %s is not supported by pyc2c yet", builtin_names[b],
            ts[i]->name);
        return NULL;
      }
    if (ti->report)
      n->flags |= NF_CAN_RAISE; /* through CPython: a tuple, or pow's modular errors */
    return &ty_object;
  case B_MIN:
  case B_MAX: {
    if (argc < 2) {
      ERR(n, "%s() of an iterable is not supported by pyc2c yet; pass two or more numbers",
          builtin_names[b]);
      return NULL;
    }
    if (unknown)
      return NULL;
    for (int i = 0; i < argc; i++)
      if (type_is_object(ts[i])) { /* max(obj, 3): Python's builtin compares the objects */
        n->a->sym = obj_builtin_value(ti, n->a);
        n->a->ty = &ty_object;
        return obj_call(ti, n);
      }
    Type *t = NULL;
    for (int i = 0; i < argc; i++) {
      Type *ti_ = ts[i];
      Node *e = NODE_AT(n->list, i);
      if (!type_is_cnum(ti_) && !type_is_pyint(ti_) && !is_int_literal(e)) {
        ERR(e, "%s() of a %s is not supported by pyc2c yet", builtin_names[b], ti_->name);
        return NULL;
      }
      if (is_int_literal(e))
        continue;
      t = type_join(t, ti_);
    }
    if (!t)
      return &ty_pyint; /* all literals */
    for (int i = 0; i < argc; i++) {
      Node *e = NODE_AT(n->list, i);
      if (is_int_literal(e) && literal_as(e, t) != t && t->kind != T_PYINT)
        t = &ty_object;
    }
    if (t == &ty_object) {
      ERR(n, "%s() of mixed argument types (int, float, bool) is not supported by pyc2c yet; "
             "convert the arguments to one type",
          builtin_names[b]);
      return NULL;
    }
    return t;
  }
  default:
    return NULL;
  }
}

/* cython.cast(T, x), cython.sizeof(T), cython.<ctype>(x) */
static Type *call_cython(TI *ti, Node *n, const char *attr) {
  Type *t = type_from_cython_name(attr);
  if (t || strcmp(attr, "cast") == 0) {
    Node *arg;
    if (!t) {
      if (n->list.len != 2 || n->list2.len) {
        ERR(n, "cython.cast() takes a type and a value");
        return NULL;
      }
      t = resolve_type(ti, NODE_AT(n->list, 0), false);
      arg = NODE_AT(n->list, 1);
    } else {
      if (n->list.len != 1 || n->list2.len) {
        ERR(n, "cython.%s() takes one value", attr);
        return NULL;
      }
      arg = NODE_AT(n->list, 0);
    }
    Type *at = operand(ti, arg);
    if (!t || !at)
      return NULL;
    if (!type_is_cnum(t) || !(type_is_cnum(at) || is_intlike(at) || at->obj == OBJ_FLOAT ||
                              at->obj == OBJ_ANY)) {
      ERR(n, "cannot cast a value of type %s to %s", at->name, t->name);
      return NULL;
    }
    if ((type_is_object(at) || (type_is_pyint(at) && !is_int_literal(arg))) && ti->report)
      n->flags |= NF_CAN_RAISE;
    n->b = arg;
    return t;
  }
  if (strcmp(attr, "sizeof") == 0) {
    if (n->list.len != 1 || n->list2.len) {
      ERR(n, "cython.sizeof() takes one type");
      return NULL;
    }
    Node *arg = NODE_AT(n->list, 0);
    Type *st = NULL;
    if (cython_attr(ti, arg) || (arg->kind == N_NAME && !lookup(ti, arg->str)) ||
        (arg->kind == N_NAME && lookup(ti, arg->str)->kind != S_LOCAL))
      st = resolve_type(ti, arg, false);
    else
      st = tx(ti, arg);
    if (st && !type_is_cnum(st) && !type_is_complex(st)) {
      ERR(arg, "cython.sizeof() of a Python object is not supported by pyc2c yet");
      return NULL;
    }
    n->b = arg;
    n->c = NULL;
    arg->ty = st;
    return st ? &ty_size_t : NULL;
  }
  if (strcmp(attr, "declare") == 0) {
    ERR(n, "cython.declare() is supported only as the whole right-hand side of an assignment");
    return NULL;
  }
  ERR(n, "cython.%s() is not supported by pyc2c yet", attr);
  return NULL;
}

static bool is_math_module(TI *ti, const Node *n) {
  if (n->kind != N_NAME)
    return false;
  Symbol *s = lookup(ti, n->str);
  return s && s->kind == S_MATH;
}

static Type *call_type(TI *ti, Node *n) {
  if (obj_has_star_args(n)) /* f(*a, **k): only through the object protocol */
    return obj_star_call(ti, n);
  Builtin pb = parallel_builtin(ti, n->a);
  if (pb)
    return parallel_call(ti, n, pb);
  Function *fn = callee_function(ti, n->a);
  if (fn)
    return call_function(ti, n, fn);
  Type *ct;
  if (complex_call_type(ti, n, &ct)) /* complex.c: complex(a, b), z.conjugate(), ... */
    return ct;
  if (n->a->kind == N_ATTR && numpy_is_module(ti, n->a->a))
    return numpy_call(ti, n);
  if ((n->a->kind == N_ATTR && is_math_module(ti, n->a->a)) || math_callee(ti, n->a)) {
    Symbol *ms = math_callee(ti, n->a);
    return ms ? math_call(ti, n, ms) : NULL;
  }
  const char *attr = cython_attr(ti, n->a);
  if (attr)
    return call_cython(ti, n, attr);
  if (complex_cmath_call(ti, n, &ct)) /* complex.c: cmath.sqrt(z), ... */
    return ct;
  if (obj_callable(ti, n->a))
    return obj_call(ti, n);
  if (n->a->kind == N_NAME) {
    Symbol *s = lookup(ti, n->a->str);
    if (s && s->kind == S_BUILTIN && s->builtin != B_RANGE && s->builtin != B_LEN &&
        (n->list2.len || (n->list.len == 1 && (s->builtin == B_MIN || s->builtin == B_MAX)) ||
         (n->list.len == 2 && s->builtin == B_INT) ||
         (n->list.len == 1 && s->builtin == B_INT &&
          (NODE_AT(n->list, 0)->kind == N_STR || NODE_AT(n->list, 0)->kind == N_FSTRING)))) {
      n->a->sym = obj_builtin_value(ti, n->a); /* min(seq), int(s, base): Python's builtin */
      n->a->ty = &ty_object;
      return obj_call(ti, n);
    }
    if (s && s->kind == S_BUILTIN) {
      n->a->sym = s;
      return call_builtin(ti, n, s->builtin);
    }
    if (!s) {
      if (!already_reported(ti, n->a->str))
        ERR(n->a, "name '%s' is not defined", n->a->str);
      return NULL;
    }
    ERR(n->a, "calling '%s' (a %s) is not supported by pyc2c yet", n->a->str,
        s->ty ? s->ty->name : "local variable");
    return NULL;
  }
  if (root_name(n->a) && already_reported(ti, root_name(n->a)))
    return NULL;
  ERR(n, "calling %s is not supported by pyc2c yet", describe(n->a, ti->a));
  return NULL;
}

/* obj[i] on a Python object: PyObject_GetItem / SetItem, Python's semantics and errors. */
static Type *object_subscript(TI *ti, Node *n) {
  if (n->list.len != 1 || NODE_AT(n->list, 0)->kind == N_SLICE)
    return obj_subscript(ti, n);
  Type *it = tx(ti, NODE_AT(n->list, 0));
  if (!it)
    return NULL;
  if (it->kind == T_VOID) {
    ERR(NODE_AT(n->list, 0), "a call that returns no value used as an index");
    return NULL;
  }
  if (ti->report)
    n->flags |= NF_CAN_RAISE;
  return &ty_object;
}

static Type *tx_inner(TI *ti, Node *n) {
  switch (n->kind) {
  case N_INT:
    return &ty_pyint;
  case N_FLOAT:
    return &ty_double;
  case N_IMAG:
    return &ty_doublecomplex;
  case N_BOOL:
    return &ty_bint;
  case N_NONE:
    return &ty_none;
  case N_STR:
    return &ty_str;
  case N_NAME: {
    Symbol *s = lookup(ti, n->str);
    if (!s)
      s = obj_unknown_name(ti, n);
    if (s && s->kind == S_BUILTIN)
      s = obj_builtin_value(ti, n);
    n->sym = s;
    if (!s) {
      if (!already_reported(ti, n->str))
        ERR(n, "name '%s' is not defined", n->str);
      return NULL;
    }
    if (s->kind == S_LOCAL || s->kind == S_PYOBJ || s->kind == S_GLOBAL)
      return s->ty;
    if (s->kind == S_FUNC && s->fn->exported)
      return &ty_object; /* the module's function object, from the module's dict */
    ERR(n, "using '%s' as a value is not supported by pyc2c yet", n->str);
    return NULL;
  }
  case N_BINOP: {
    Type *a = operand(ti, n->a), *b = operand(ti, n->b);
    return binop_type(ti, n, n->op, n->a, n->b, a, b);
  }
  case N_UNARY: {
    Type *a = operand(ti, n->a);
    if (!a)
      return NULL;
    if (a->kind == T_VOID) {
      ERR(n, "a call that returns no value used as an operand");
      return NULL;
    }
    if (n->op == OP_NOT) {
      if (type_is_object(a) && ti->report)
        n->flags |= NF_CAN_RAISE;
      return &ty_bint;
    }
    if (type_is_object(a)) {
      if (a->obj == OBJ_STR || a->obj == OBJ_NONE) {
        ERR(n, "bad operand type for unary %s: '%s'", op_spelling[n->op], a->name);
        return NULL;
      }
      if (ti->report)
        n->flags |= NF_CAN_RAISE;
      return is_intlike(a) ? &ty_pyint : &ty_object;
    }
    if (type_is_complex(a))
      return complex_unary_type(ti, n, a); /* complex.c */
    if (n->op == OP_INVERT && a->kind == T_FLOAT) {
      ERR(n, "bad operand type for unary ~: 'float'");
      return NULL;
    }
    if (a->kind == T_PYINT || (a == &ty_index && n->op == OP_NEG)) {
      if (ti->report && !is_int_literal(n))
        n->flags |= NF_CAN_RAISE; /* -(-2**62) leaves the small range */
      return n->op == OP_POS && a == &ty_index ? a : &ty_pyint;
    }
    if (a->kind == T_BINT)
      return &ty_long;
    return type_arith(a, a); /* integer promotion */
  }
  case N_BOOLOP: {
    Type *a = operand(ti, n->a), *b = operand(ti, n->b);
    if (!a || !b)
      return NULL;
    if (a->kind == T_VOID || b->kind == T_VOID) {
      ERR(n, "a call that returns no value used as an operand");
      return NULL;
    }
    if (type_is_object(a) && ti->report)
      n->flags |= NF_CAN_RAISE; /* truth test */
    Type *la = literal_as(n->a, b), *lb = literal_as(n->b, a);
    if (la && type_is_cnum(b))
      a = la;
    if (lb && type_is_cnum(a))
      b = lb;
    if (a == b)
      return a;
    if (type_is_cnum(a) && type_is_cnum(b) && a->kind == b->kind)
      return type_join(a, b);
    if ((a->kind == T_PYINT && b->kind == T_INT) || (b->kind == T_PYINT && a->kind == T_INT))
      return &ty_pyint;
    return &ty_object;
  }
  case N_COMPARE:
    return compare_type(ti, n);
  case N_CALL:
    return call_type(ti, n);
  case N_IFEXP: {
    Type *c = operand(ti, n->a), *a = tx(ti, n->b), *b = tx(ti, n->c);
    if (!c || !a || !b)
      return NULL;
    if (type_is_object(c) && ti->report)
      n->flags |= NF_CAN_RAISE;
    Type *la = literal_as(n->b, b), *lb = literal_as(n->c, a);
    if (la && type_is_cnum(b))
      a = la;
    if (lb && type_is_cnum(a))
      b = lb;
    if (a->kind == T_VOID || b->kind == T_VOID) {
      ERR(n, "a call that returns no value used as a value");
      return NULL;
    }
    if (a == b)
      return a;
    if (type_is_cnum(a) && type_is_cnum(b) && a->kind == b->kind)
      return type_join(a, b);
    if ((a->kind == T_PYINT && b->kind == T_INT) || (b->kind == T_PYINT && a->kind == T_INT))
      return &ty_pyint;
    return &ty_object;
  }
  case N_ATTR: {
    const char *attr = cython_attr(ti, n);
    if (attr && strcmp(attr, "compiled") == 0)
      return &ty_bint;
    if (is_math_module(ti, n->a)) {
      n->a->sym = lookup(ti, n->a->str);
      return math_constant(ti, n);
    }
    Type *ct;
    if (complex_cmath_constant(ti, n, &ct)) /* complex.c: cmath.pi, cmath.infj, ... */
      return ct;
    if (!attr && complex_attribute(ti, n, &ct)) /* complex.c: z.real, z.imag */
      return ct;
    if (!attr && obj_is_object_expr(ti, n->a))
      return obj_attribute(ti, n);
    if (attr)
      ERR(n, "'cython.%s' is not supported by pyc2c as a value", attr);
    else if (n->a->kind == N_NAME && lookup(ti, n->a->str) &&
             lookup(ti, n->a->str)->kind == S_LOCAL) {
      Type *vt = tx(ti, n->a);
      if (vt && type_is_view(vt))
        return view_attribute(ti, n);
      if (vt)
        ERR(n, "attribute access is not supported by pyc2c yet");
    } else if (!(root_name(n) && already_reported(ti, root_name(n))))
      ERR(n, "attribute access is not supported by pyc2c yet");
    return NULL;
  }
  case N_SUBSCRIPT:
    view_ellipsis_reset(n); /* views.c: the indices as written, `...` included */
    if (n->a->kind != N_ATTR || obj_is_object_expr(ti, n->a)) {
      Type *bt = tx(ti, n->a);
      if (bt && type_is_object(bt))
        return object_subscript(ti, n);
    }
    return view_subscript(ti, n);
  default:
    return obj_expr(ti, n);
  }
}

Type *tx(TI *ti, Node *n) {
  Type *t = tx_inner(ti, n);
  n->ty = t;
  /* Creating or converting a Python object can fail (MemoryError at least). */
  if (ti->report && ((n->flags & NF_CAN_RAISE) || (t && t->kind == T_OBJECT) ||
                     (t && t->kind == T_PYINT && !is_int_literal(n))))
    ti->cur->can_raise = true;
  return t;
}

/* An operand of an operator, a condition or a numeric builtin: a whole memoryview is none of
 * these (Python would compare or test the object; index the view instead). */
static Type *operand(TI *ti, Node *n) {
  Type *t = tx(ti, n);
  if (t && type_is_view(t)) {
    ERR(n, "a memoryview cannot be used as a value here: index it (a[i]) or use a.shape, len(a)");
    return NULL;
  }
  return t;
}

/* ---- statements */

static void stmts(TI *ti, NodeList *l);

static bool is_builtin_call(TI *ti, Node *n, Builtin b) {
  if (n->kind != N_CALL || n->a->kind != N_NAME)
    return false;
  Symbol *s = lookup(ti, n->a->str);
  return s && s->kind == S_BUILTIN && s->builtin == b;
}

/* for target in range(args): the C type the loop counts in. */
static Type *range_type(TI *ti, Node *call) {
  if (call->list2.len && parallel_builtin(ti, call->a) != B_PRANGE) { /* prange's: parallel.c */
    ERR(NODE_AT(call->list2, 0), "range() takes no keyword arguments");
    return NULL;
  }
  if (call->list.len < 1 || call->list.len > 3) {
    ERR(call, "range expected 1 to 3 arguments, got %d", call->list.len);
    return NULL;
  }
  Type *t = NULL;
  bool unsigned64 = false, signed_any = false;
  for (int i = 0; i < call->list.len; i++) {
    Node *e = NODE_AT(call->list, i);
    Type *at = tx(ti, e);
    if (!at)
      return NULL;
    if (!is_intlike(at) && !(type_is_object(at) && at->obj == OBJ_ANY)) {
      ERR(e, "'%s' object cannot be interpreted as an integer", at->kind == T_FLOAT ? "float" : at->name);
      return NULL;
    }
    if (type_is_object(at) || type_is_pyint(at)) {
      if (ti->report && !is_int_literal(e))
        ti->cur->can_raise = true; /* converted to Py_ssize_t */
      at = is_int_literal(e) ? NULL : &ty_Py_ssize_t;
      if (!at)
        continue;
    }
    if (at->kind == T_INT && !at->is_signed && at->size == 8)
      unsigned64 = true;
    else
      signed_any = true;
    t = t ? type_arith(t, at) : at;
  }
  int64_t step = 1;
  if (call->list.len == 3) {
    Node *s = NODE_AT(call->list, 2);
    if (const_int_value(s, &step) && step == 0) {
      ERR(s, "range() arg 3 must not be zero");
      return NULL;
    }
    if (!const_int_value(s, &step) && ti->report)
      ti->cur->can_raise = true; /* a zero step raises ValueError */
  }
  if (unsigned64) {
    if (signed_any) {
      for (int i = 0; i < call->list.len; i++) {
        Node *e = NODE_AT(call->list, i);
        int64_t v;
        if (!(const_int_value(e, &v) && v >= 0) && e->ty->is_signed) {
          ERR(call, "range() mixing signed and unsigned 64-bit integers is not supported by pyc2c "
                    "yet; cast them to one type");
          return NULL;
        }
      }
    }
    if (step < 0) {
      ERR(call, "range() over unsigned 64-bit integers with a negative step is not supported");
      return NULL;
    }
    return &ty_ulonglong;
  }
  return &ty_index; /* the bounds' values: Py_ssize_t holds every one */
}

static void stmt_kind(TI *ti, Node *s);

static void stmt(TI *ti, Node *s) {
  bool simple = s->kind == N_ASSIGN || s->kind == N_AUGASSIGN || s->kind == N_ANNASSIGN;
  if (!simple)
    nonzero_forget(ti, s); /* bounds.c */
  stmt_kind(ti, s);
  if (simple)
    nonzero_forget(ti, s);
}

/* `a, b = x, y` (also `[a, b] = x, y`): when every value is a C number or complex and every
 * target a name or a subscript, the values are computed left to right, then stored left to
 * right, without a tuple: what Python does, minus the objects. Otherwise (a starred item,
 * another shape, an object value): false, and the object fallback unpacks a tuple. */
static bool multi_assign(TI *ti, Node *s) {
  s->flags &= ~NF_MULTI_ASSIGN;
  Node *t = s->list.len == 1 ? NODE_AT(s->list, 0) : NULL, *v = s->b;
  if (!t || (t->kind != N_TUPLE && t->kind != N_LIST) || v->kind != N_TUPLE ||
      t->list.len != v->list.len || !t->list.len)
    return false;
  for (int i = 0; i < t->list.len; i++) {
    Node *tgt = NODE_AT(t->list, i);
    if ((tgt->kind != N_NAME && tgt->kind != N_SUBSCRIPT) || NODE_AT(v->list, i)->kind == N_STARRED)
      return false;
    if (tgt->kind == N_SUBSCRIPT) { /* one element: view[i, j] with every index, or obj[k] */
      Type *bt = tgt->a->kind == N_NAME ? tx(ti, tgt->a) : NULL;
      if (!bt || tgt->big || !(type_is_object(bt) ? tgt->list.len == 1
                                                  : type_is_view(bt) && tgt->list.len == bt->ndim))
        return false;
      for (int k = 0; k < tgt->list.len; k++) {
        Node *ix = NODE_AT(tgt->list, k);
        if (ix->kind == N_SLICE || node_is_ellipsis(ix))
          return false;
      }
    }
  }
  Type **vts = arena_alloc(ti->a, sizeof(Type *) * (size_t)v->list.len);
  for (int i = 0; i < v->list.len; i++) {
    int64_t k;
    Node *x = NODE_AT(v->list, i);
    vts[i] = tx(ti, x);
    if (!vts[i] || !(type_is_cnum(vts[i]) || type_is_complex(vts[i]) || const_int_value(x, &k)))
      return false; /* an int literal is stored as its target's type (emit.c) */
  }
  for (int i = 0; i < t->list.len; i++)
    assign_to(ti, NODE_AT(t->list, i), NODE_AT(v->list, i), vts[i]);
  s->flags |= NF_MULTI_ASSIGN;
  return true;
}

static void stmt_kind(TI *ti, Node *s) {
  switch (s->kind) {
  case N_ASSIGN: {
    if (multi_assign(ti, s))
      break;
    Node *v = s->b;
    Type *vt = tx(ti, v);
    if (vt && vt->kind == T_VOID && ti->report)
      check_assign(ti, v, vt, &ty_object, (Dest){"assign", "to", "a variable"});
    for (int i = 0; i < s->list.len; i++)
      assign_to(ti, NODE_AT(s->list, i), v, vt);
    break;
  }
  case N_ANNASSIGN:
    if (s->b) {
      Type *vt;
      /* x: T = cython.declare(T, v) is not a thing; plain x: T = v */
      vt = tx(ti, s->b);
      assign_to(ti, s->a, s->b, vt);
    } else if (s->a->kind == N_NAME)
      s->a->sym = lookup(ti, s->a->str);
    break;
  case N_AUGASSIGN: {
    if (obj_stmt(ti, s, stmts)) /* o.x += v, d[k] += v on objects */
      break;
    if ((s->a->kind != N_NAME && s->a->kind != N_SUBSCRIPT) ||
        (s->a->kind == N_SUBSCRIPT && s->a->a->ty && type_is_object(s->a->a->ty))) {
      ERR(s->a, "assignment to %s is not supported by pyc2c yet", node_kind_desc[s->a->kind]);
      break;
    }
    Type *lt = tx(ti, s->a), *rt = tx(ti, s->b);
    Symbol *ts = s->a->kind == N_NAME ? s->a->sym : NULL;
    /* `total = 0` then `total += x` with a float x: the local is a float (see assign_to). */
    if (ts && ts->kind == S_LOCAL && !ts->declared && lt == &ty_pyint && !ts->nonliteral && rt &&
        rt->kind == T_FLOAT)
      lt = rt->rank >= ty_double.rank ? rt : &ty_double;
    Type *t = binop_type(ti, s, s->op, s->a, s->b, lt, rt);
    s->ty = t;
    if (ti->report && (s->flags & NF_CAN_RAISE))
      ti->cur->can_raise = true;
    if (t)
      assign_to(ti, s->a, s, t);
    break;
  }
  case N_EXPRSTMT:
    tx(ti, s->a);
    break;
  case N_IF: {
    operand(ti, s->a);
    if (s->a->ty && type_is_object(s->a->ty) && ti->report)
      ti->cur->can_raise = true;
    PtrVec nz = nonzero_enter(ti, s->a);
    stmts(ti, &s->body);
    nonzero_leave(ti, nz);
    stmts(ti, &s->orelse);
    break;
  }
  case N_WHILE: {
    operand(ti, s->a);
    if (s->a->ty && type_is_object(s->a->ty) && ti->report)
      ti->cur->can_raise = true;
    ti->loop_depth++;
    PtrVec nz = nonzero_enter(ti, s->a);
    stmts(ti, &s->body);
    nonzero_leave(ti, nz);
    ti->loop_depth--;
    stmts(ti, &s->orelse);
    break;
  }
  case N_FOR: {
    bool is_prange = s->b->kind == N_CALL && parallel_builtin(ti, s->b->a) == B_PRANGE;
    if (!is_prange && (!is_builtin_call(ti, s->b, B_RANGE) || s->a->kind != N_NAME)) {
      if (s->a->kind != N_NAME || obj_is_object_expr(ti, s->b) ||
          (s->b->kind == N_CALL && !view_call_returns_view(ti, s->b))) {
        obj_stmt(ti, s, stmts); /* for x in obj */
        break;
      }
      /* for x in view: the elements of a 1-D typed memoryview */
      Type *it = tx(ti, s->b);
      if (!it)
        break;
      if (type_is_object(it)) {
        obj_stmt(ti, s, stmts);
        break;
      }
      if (!type_is_view(it)) {
        ERR(s->b, "'for' loops over anything but range() and memoryviews are not supported by "
                  "pyc2c yet");
        break;
      }
      if (s->a->kind != N_NAME) {
        ERR(s->a, "the target of a 'for' loop must be a plain name");
        break;
      }
      s->ty = view_iteration(it); /* views.c: an element, or a row of one dimension fewer */
      assign_to(ti, s->a, s->b, s->ty);
      if (type_is_view(s->ty) && s->a->sym)
        s->a->sym->derived = true; /* a row is a slice */
      ti->loop_depth++;
      stmts(ti, &s->body);
      ti->loop_depth--;
      stmts(ti, &s->orelse);
      break;
    }
    if (s->a->kind != N_NAME) {
      ERR(s->a, "the target of a 'for' loop over range() must be a plain name");
      break;
    }
    Type *t = range_type(ti, s->b);
    s->b->ty = t;
    s->ty = t;
    if (t) {
      assign_to(ti, s->a, s->b, t);
      Symbol *sym = s->a->sym;
      if (ti->report && sym && sym->declared && sym->ty && !type_is_cint(sym->ty) &&
          !type_is_object(sym->ty) && !type_is_pyint(sym->ty))
        ERR(s->a, "the loop variable '%s' is declared %s; range() gives integers", sym->name,
            sym->ty->name);
    }
    void *par = parallel_enter_for(ti, s);
    ti->loop_depth++;
    bool fact = bounds_enter_loop(ti, s);
    stmts(ti, &s->body);
    if (fact)
      bounds_leave_loop(ti);
    ti->loop_depth--;
    parallel_leave_for(ti, s, par);
    stmts(ti, &s->orelse);
    break;
  }
  case N_WITH: {
    if (parallel_with(ti, s))
      break;
    /* with cython.boundscheck(False), cython.wraparound(False): directives for the block */
    Function *fn = ti->cur;
    if (s->list.len && !cython_attr(ti, NODE_AT(s->list, 0)->kind == N_CALL ? NODE_AT(s->list, 0)->a
                                                                            : NODE_AT(s->list, 0))) {
      obj_stmt(ti, s, stmts); /* a context manager */
      break;
    }
    bool bc = fn->boundscheck, wa = fn->wraparound, cd = fn->cdivision;
    for (int i = 0; i < s->list.len; i++) {
      Node *c = NODE_AT(s->list, i);
      const char *attr = c->kind == N_CALL ? cython_attr(ti, c->a) : cython_attr(ti, c);
      bool is_dir = attr && c->kind == N_CALL &&
                    (strcmp(attr, "boundscheck") == 0 || strcmp(attr, "wraparound") == 0 ||
                     strcmp(attr, "cdivision") == 0);
      if (!is_dir) {
        ERR(c, attr && (strcmp(attr, "nogil") == 0 || strcmp(attr, "gil") == 0)
                   ? "'with cython.%s' is not supported by pyc2c yet"
                   : "pyc2c supports 'with' only for cython.boundscheck(...), "
                     "cython.wraparound(...) and cython.cdivision(...) blocks%s",
            attr && (strcmp(attr, "nogil") == 0 || strcmp(attr, "gil") == 0) ? attr : "");
        continue;
      }
      if (c->list.len != 1 || c->list2.len || NODE_AT(c->list, 0)->kind != N_BOOL) {
        ERR(c, "cython.%s() takes True or False", attr);
        continue;
      }
      if (attr[0] == 'b')
        fn->boundscheck = NODE_AT(c->list, 0)->ival;
      else if (attr[0] == 'w')
        fn->wraparound = NODE_AT(c->list, 0)->ival;
      else
        fn->cdivision = NODE_AT(c->list, 0)->ival;
    }
    stmts(ti, &s->body);
    fn->boundscheck = bc;
    fn->wraparound = wa;
    fn->cdivision = cd;
    break;
  }
  case N_BREAK:
  case N_CONTINUE:
    parallel_check_jump(ti, s);
    if (!ti->loop_depth)
      ERR(s, "'%s' outside loop", s->kind == N_BREAK ? "break" : "continue");
    break;
  case N_PASS:
    break;
  case N_RETURN: {
    parallel_check_jump(ti, s);
    Function *fn = ti->cur;
    Type *t = s->a ? tx(ti, s->a) : &ty_none;
    if (!t)
      break;
    if (s->a && t->kind == T_VOID)
      t = &ty_none;
    if (type_is_view(t) && fn->ret_declared && type_is_view(fn->ret))
      view_returned(ti, fn, s->a); /* a C view, its object's reference handed over (views.c) */
    else if (type_is_view(t)) {
      /* A def returns the viewed object itself (the NumPy array or the argument): an object. */
      if (fn->ret_declared && fn->ret->kind != T_OBJECT) {
        ERR(s->a, "cannot return a memoryview from %s(), declared to return %s (a def without a "
                  "return annotation returns the viewed array)",
            fn->name, fn->ret->name);
        break;
      }
      view_boxed(ti, s->a);
      t = &ty_object;
    }
    if (fn->ret_declared) {
      if (ti->report) {
        if (fn->ret->kind == T_VOID && s->a && s->a->kind != N_NONE)
          ERR(s->a, "%s() is declared to return None", fn->name);
        else if (fn->ret->kind != T_VOID && !s->a)
          ERR(s, "%s() must return a value of type %s", fn->name, fn->ret->name);
        else if (fn->ret->kind != T_VOID)
          check_assign(ti, s->a, t, fn->ret,
                       (Dest){"return", "from",
                              arena_printf(ti->a, "%s() (declared to return %s)", fn->name,
                                           fn->ret->name)});
      }
    } else if (ti->report) {
      Type *lt = s->a ? literal_as(s->a, fn->ret) : NULL;
      fn->ret = (fn->ret && lt == fn->ret) ? fn->ret : type_join(fn->ret, t);
    }
    break;
  }
  case N_ASSERT:
    operand(ti, s->a);
    if (s->b)
      tx(ti, s->b);
    if (ti->report)
      ti->cur->can_raise = true;
    break;
  case N_RAISE:
    obj_stmt(ti, s, stmts);
    break;
  case N_FUNCDEF:
    ERR(s, "nested functions are not supported by pyc2c yet");
    break;
  case N_IMPORT:
  case N_IMPORTFROM:
    if (!obj_stmt(ti, s, stmts)) /* at module level: run at import */
      ERR(s, "imports inside functions are not supported by pyc2c yet");
    break;
  default:
    if (!obj_stmt(ti, s, stmts))
      ERR(s, "%ss are not supported by pyc2c yet", node_kind_desc[s->kind]);
  }
}

static void stmts(TI *ti, NodeList *l) {
  for (int i = 0; i < l->len; i++)
    stmt(ti, NODE_AT(*l, i));
}

void ti_stmts(TI *ti, NodeList *l) { stmts(ti, l); }

/* ---- locals */

Symbol *add_local(TI *ti, Function *fn, const char *name, Node *decl) {
  Symbol *s = find(&fn->declared_globals, name);
  if (s || (fn->is_module && (s = find(&ti->globals, name)) && s->kind == S_GLOBAL))
    return s; /* a module variable: `global x`, or any name the module's statements bind */
  s = find(&fn->locals, name);
  if (s)
    return s;
  s = new_sym(ti, S_LOCAL, name);
  s->decl = decl;
  s->index = fn->locals.len;
  vec_push(ti->a, &fn->locals, s);
  return s;
}

static void declare(TI *ti, Symbol *s, Node *ann, Node *where) {
  if (s->kind == S_GLOBAL)
    return; /* a module variable is an object in the module's dict, whatever its annotation */
  Type *t = resolve_type(ti, ann, false);
  if (!t)
    return;
  if (s->declared && s->ty != t) {
    ERR(where, "'%s' redeclared as %s (was %s)", s->name, t->name, s->ty->name);
    return;
  }
  s->ty = t;
  s->declared = true;
}

/* Every name assigned anywhere in the body is local to the function (Python's rule). */
static void collect_locals(TI *ti, Function *fn, NodeList *l) {
  for (int i = 0; i < l->len; i++) {
    Node *s = NODE_AT(*l, i);
    switch (s->kind) {
    case N_ASSIGN:
      for (int k = 0; k < s->list.len; k++) {
        Node *t = NODE_AT(s->list, k);
        if (t->kind != N_NAME)
          obj_collect_target(ti, fn, t); /* a, b = ... */
        if (t->kind == N_NAME) {
          Symbol *sym = add_local(ti, fn, t->str, t);
          /* x = cython.declare(T, v) declares x */
          const char *attr = s->b->kind == N_CALL ? cython_attr(ti, s->b->a) : NULL;
          if (attr && strcmp(attr, "declare") == 0) {
            if (s->b->list.len < 1 || s->b->list.len > 2 || s->b->list2.len) {
              ERR(s->b, "cython.declare() takes a type and an optional value");
              continue;
            }
            declare(ti, sym, NODE_AT(s->b->list, 0), s->b);
          }
        }
      }
      break;
    case N_ANNASSIGN:
      if (s->a->kind == N_NAME)
        declare(ti, add_local(ti, fn, s->a->str, s->a), s->c, s);
      else
        ERR(s->a, "annotations on %s are not supported", node_kind_desc[s->a->kind]);
      break;
    case N_AUGASSIGN:
    case N_FOR:
      if (s->a->kind == N_NAME)
        add_local(ti, fn, s->a->str, s->a);
      else if (s->kind == N_FOR)
        obj_collect_target(ti, fn, s->a);
      collect_locals(ti, fn, &s->body);
      collect_locals(ti, fn, &s->orelse);
      break;
    case N_IF:
    case N_WHILE:
    case N_WITH:
      for (int k = 0; s->kind == N_WITH && k < s->list2.len; k++)
        if (NODE_AT(s->list2, k))
          obj_collect_target(ti, fn, NODE_AT(s->list2, k));
      collect_locals(ti, fn, &s->body);
      collect_locals(ti, fn, &s->orelse);
      break;
    case N_TRY:
      collect_locals(ti, fn, &s->body);
      for (int k = 0; k < s->list.len; k++) {
        Node *h = NODE_AT(s->list, k);
        if (h->str)
          add_local(ti, fn, h->str, h);
        collect_locals(ti, fn, &h->body);
      }
      collect_locals(ti, fn, &s->orelse);
      collect_locals(ti, fn, &s->list2);
      break;
    case N_DEL:
      for (int k = 0; k < s->list.len; k++)
        if (NODE_AT(s->list, k)->kind == N_NAME)
          add_local(ti, fn, NODE_AT(s->list, k)->str, NODE_AT(s->list, k));
      break;
    case N_FUNCDEF: /* reported as unsupported: its uses are not reported again */
      vec_push(ti->a, &ti->reported_names, (void *)s->str);
      break;
    case N_IMPORT:
    case N_IMPORTFROM:
      if (!fn->is_module)
        obj_collect_import(ti, fn, s); /* the names it binds are locals */
      break;
    case N_GLOBAL:
      obj_declare_global(ti, fn, s);
      break;
    default:
      break;
    }
  }
}

/* Rewrites `x = cython.declare(T, v)` into `x = v` (and drops `x = cython.declare(T)`). */
static void lower_declare(TI *ti, NodeList *l) {
  int w = 0;
  for (int i = 0; i < l->len; i++) {
    Node *s = NODE_AT(*l, i);
    if (s->kind == N_ASSIGN && s->b->kind == N_CALL) {
      const char *attr = cython_attr(ti, s->b->a);
      if (attr && strcmp(attr, "declare") == 0 && s->b->list.len >= 1 && s->b->list.len <= 2) {
        if (s->b->list.len == 1)
          continue;
        s->b = NODE_AT(s->b->list, 1);
      }
    }
    if (s->kind == N_IF || s->kind == N_WHILE || s->kind == N_FOR || s->kind == N_WITH) {
      lower_declare(ti, &s->body);
      lower_declare(ti, &s->orelse);
    }
    l->items[w++] = s;
  }
  l->len = w;
}

/* A with whose context managers are all cython.* blocks (nogil, gil, directives) or
 * parallel(): no __exit__ can swallow an exception raised in the body. */
static bool with_never_swallows(TI *ti, const Node *s) {
  for (int i = 0; i < s->list.len; i++) {
    const Node *c = NODE_AT(s->list, i);
    if (!cython_attr(ti, c->kind == N_CALL ? c->a : c) &&
        !(c->kind == N_CALL && parallel_builtin(ti, c->a) == B_PARALLEL))
      return false;
  }
  return true;
}

/* Does every path through l end in return or raise? A try does when its finally does, or when
 * both its body (or else) and every handler do; a with, when its body does and no __exit__ can
 * suppress what the body raises. */
static bool always_returns(TI *ti, NodeList *l) {
  for (int i = 0; i < l->len; i++) {
    Node *s = NODE_AT(*l, i);
    if (s->kind == N_RETURN || s->kind == N_RAISE)
      return true;
    if (s->kind == N_IF && s->orelse.len && always_returns(ti, &s->body) &&
        always_returns(ti, &s->orelse))
      return true;
    if (s->kind == N_WITH && with_never_swallows(ti, s) && always_returns(ti, &s->body))
      return true;
    if (s->kind == N_TRY) {
      if (always_returns(ti, &s->list2))
        return true;
      bool handlers = true;
      for (int k = 0; k < s->list.len && handlers; k++)
        handlers = always_returns(ti, &NODE_AT(s->list, k)->body);
      if (handlers && (always_returns(ti, &s->body) || always_returns(ti, &s->orelse)))
        return true;
    }
  }
  return false;
}

static void infer_function(TI *ti, Function *fn) {
  Function *saved = ti->cur;
  bool saved_report = ti->report;
  int saved_depth = ti->loop_depth;
  bool saved_nogil = ti->nogil;
  struct ParCtx *saved_par = ti->par;
  ti->par = NULL;
  ti->cur = fn;
  ti->loop_depth = 0;
  ti->nogil = fn->is_nogil;
  fn->state = 1;
  lower_declare(ti, &fn->def->body);
  ti->report = true;
  collect_locals(ti, fn, &fn->def->body);
  /* Fixpoint over the undeclared locals' types. */
  ti->report = false;
  for (int iter = 0; iter < 32; iter++) {
    ti->changed = false;
    stmts(ti, &fn->def->body);
    if (!ti->changed)
      break;
  }
  for (int i = 0; i < fn->locals.len; i++) {
    Symbol *s = fn->locals.items[i];
    if (!s->ty)
      s->ty = &ty_object;
    s->cname = s->comp_name ? arena_printf(ti->a, "c%d_%s", s->index, s->comp_name)
                            : arena_printf(ti->a, "v_%s", s->name);
  }
  ti->report = true;
  if (!fn->ret_declared)
    fn->ret = NULL;
  stmts(ti, &fn->def->body);
  if (!fn->ret_declared) {
    if (!fn->ret)
      fn->ret = &ty_void;
    else if (!always_returns(ti, &fn->def->body))
      fn->ret = type_join(fn->ret, &ty_none);
    if (fn->ret == &ty_none)
      fn->ret = &ty_void;
  } else if (fn->ret->kind != T_VOID && !always_returns(ti, &fn->def->body) &&
             !type_is_object(fn->ret)) {
    ERR(fn->def, "%s() is declared to return %s but can reach its end without 'return'",
        fn->name, fn->ret->name);
  }
  check_definite_assignment(fn);
  parallel_check_function(ti, fn);
  for (int i = 0; i < fn->locals.len; i++) {
    Symbol *s = fn->locals.items[i];
    if (s->maybe_unbound || type_is_object(s->ty) || type_is_pyint(s->ty))
      fn->can_raise = true;
  }
  if (fn->ret && (type_is_object(fn->ret) || type_is_pyint(fn->ret)))
    fn->can_raise = true;
  fn->state = 2;
  ti->cur = saved;
  ti->report = saved_report;
  ti->loop_depth = saved_depth;
  ti->nogil = saved_nogil;
  ti->par = saved_par;
}

/* ---- functions and decorators */

/* @pyc2c.native or @pyc2c.native() (with `import pyc2c`, or an alias of it). */
static bool pyc2c_native_decorator(TI *ti, const Node *head, const Node *d) {
  if (head->kind != N_ATTR || head->a->kind != N_NAME || strcmp(head->str, "native") != 0 ||
      (d->kind == N_CALL && (d->list.len || d->list2.len)))
    return false;
  Symbol *s = find(&ti->globals, head->a->str);
  return s && s->kind == S_PYC2C;
}

static void decorators(TI *ti, Function *fn) {
  NodeList *decos = &fn->def->list;
  for (int i = 0; i < decos->len; i++) {
    Node *d = NODE_AT(*decos, i);
    Node *head = d->kind == N_CALL ? d->a : d;
    const char *attr = cython_attr(ti, head);
    if (!attr && pyc2c_native_decorator(ti, head, d)) {
      fn->native = true;
      continue;
    }
    if (!attr && function_decorator(ti, fn, d))
      continue;
    if (!attr) {
      ERR(d, "decorator '%s' is not supported by pyc2c", describe(head, ti->a));
      continue;
    }
    if (d->kind != N_CALL && strcmp(attr, "cfunc") == 0)
      fn->is_cfunc = true;
    else if (d->kind != N_CALL && strcmp(attr, "nogil") == 0)
      fn->is_nogil = true;
    else if (d->kind != N_CALL && strcmp(attr, "ccall") == 0)
      fn->is_ccall = true;
    else if (d->kind != N_CALL && strcmp(attr, "inline") == 0)
      fn->is_inline = true;
    else if (d->kind == N_CALL && strcmp(attr, "locals") == 0) {
      if (d->list.len)
        ERR(d, "cython.locals() takes keyword arguments: name=type");
      for (int k = 0; k < d->list2.len; k++) {
        Node *kw = NODE_AT(d->list2, k);
        declare(ti, add_local(ti, fn, kw->str, kw), kw->a, kw);
      }
    } else if (d->kind == N_CALL && strcmp(attr, "exceptval") == 0) {
      exceptval_decorator(ti, fn, d);
    } else if (d->kind == N_CALL && strcmp(attr, "returns") == 0) {
      if (d->list.len != 1 || d->list2.len)
        ERR(d, "cython.returns() takes one type");
      else if ((fn->ret = resolve_type(ti, NODE_AT(d->list, 0), true)))
        fn->ret_declared = true;
    } else if (d->kind == N_CALL &&
               (strcmp(attr, "boundscheck") == 0 || strcmp(attr, "wraparound") == 0 ||
                strcmp(attr, "cdivision") == 0 ||
                strcmp(attr, "initializedcheck") == 0 || strcmp(attr, "nonecheck") == 0)) {
      if (d->list.len != 1 || NODE_AT(d->list, 0)->kind != N_BOOL)
        ERR(d, "cython.%s() takes True or False", attr);
      else if (strcmp(attr, "boundscheck") == 0)
        fn->boundscheck = NODE_AT(d->list, 0)->ival;
      else if (strcmp(attr, "wraparound") == 0)
        fn->wraparound = NODE_AT(d->list, 0)->ival;
      else if (strcmp(attr, "cdivision") == 0)
        fn->cdivision = NODE_AT(d->list, 0)->ival;
      /* initializedcheck and nonecheck: views are always initialised and never None here */
    } else
      ERR(d, "decorator 'cython.%s' is not supported by pyc2c yet", attr);
  }
  if (fn->is_cfunc && fn->is_ccall)
    ERR(fn->def, "a function cannot be both @cython.cfunc and @cython.ccall");
  fn->exported = !fn->is_cfunc;
}

static bool is_constant(const Node *n) {
  int64_t v;
  return n->kind == N_INT || n->kind == N_FLOAT || n->kind == N_BOOL || n->kind == N_NONE ||
         n->kind == N_STR || n->kind == N_IMAG || const_int_value(n, &v) ||
         (n->kind == N_UNARY && n->op == OP_NEG && n->a->kind == N_FLOAT);
}

static void signature(TI *ti, Function *fn) {
  Node *def = fn->def;
  fn->nparams = def->params.len;
  fn->params = arena_alloc(ti->a, sizeof(Symbol *) * (size_t)(fn->nparams + 1));
  fn->nrequired = 0;
  bool seen_default = false;
  for (int i = 0; i < fn->nparams; i++) {
    Node *p = NODE_AT(def->params, i);
    if (find(&fn->locals, p->str) && ((Symbol *)find(&fn->locals, p->str))->is_param) {
      ERR(p, "duplicate argument '%s' in function definition", p->str);
      fn->params[i] = find(&fn->locals, p->str); /* so that calls can still be checked */
      if (!p->b && !seen_default)
        fn->nrequired = i + 1;
      continue;
    }
    Symbol *s = add_local(ti, fn, p->str, p);
    s->is_param = true;
    p->sym = s;
    if (p->a)
      declare(ti, s, p->a, p);
    else if (!s->declared) {
      s->ty = &ty_object;
      s->declared = true;
    }
    if (p->b) {
      seen_default = true;
      ti->cur = fn;
      bool ellipsis = node_is_ellipsis(p->b);
      if (ellipsis && s->ty && !(type_is_object(s->ty) && s->ty->obj == OBJ_ANY))
        ERR(p->b, "the default of '%s' is Ellipsis ('...'), which a parameter declared %s cannot "
                  "hold: leave the parameter untyped (or typed object) to use ... as a sentinel",
            s->name, s->ty->name);
      else if (!is_constant(p->b) && !ellipsis)
        ERR(p->b, "default values must be constants (numbers, True, False, None, strings, `...`) for now");
      else if (s->ty && tx(ti, p->b))
        check_assign(ti, p->b, p->b->ty, s->ty,
                     (Dest){"use", "as", arena_printf(ti->a, "the default of '%s' (declared %s)",
                                                      s->name, s->ty->name)});
      ti->cur = NULL;
    } else if (seen_default)
      ERR(p, "non-default argument '%s' follows default argument", p->str);
    else
      fn->nrequired = i + 1;
    fn->params[i] = s;
  }
  /* Parameters come first among the locals, in order (cython.locals may have added some before). */
  PtrVec ordered = {0};
  for (int i = 0; i < fn->nparams; i++) {
    bool dup = false; /* a duplicate parameter (reported) shares its symbol */
    for (int k = 0; k < i; k++)
      dup = dup || fn->params[k] == fn->params[i];
    if (fn->params[i] && !dup)
      vec_push(ti->a, &ordered, fn->params[i]);
  }
  for (int i = 0; i < fn->locals.len; i++)
    if (!((Symbol *)fn->locals.items[i])->is_param)
      vec_push(ti->a, &ordered, fn->locals.items[i]);
  for (int i = 0; i < ordered.len; i++)
    ((Symbol *)ordered.items[i])->index = i;
  fn->locals = ordered;
  if (def->a) {
    Type *t = resolve_type(ti, def->a, true);
    if (t && fn->ret_declared && t != fn->ret)
      ERR(def->a, "return annotation disagrees with @cython.returns");
    if (t) {
      fn->ret = t;
      fn->ret_declared = true;
    }
  }
}

/* module = docstring? (import | function)* */
static void module_level(TI *ti, Node *root) {
  for (int i = 0; i < root->body.len; i++) {
    Node *s = NODE_AT(root->body, i);
    switch (s->kind) {
    case N_IMPORT:
      for (int k = 0; k < s->list.len; k++) {
        Node *al = NODE_AT(s->list, k);
        if (strcmp(al->str, "cython") == 0 || (strcmp(al->str, "cython.parallel") == 0 && !al->str2)) {
          Symbol *sym = new_sym(ti, S_CYTHON, al->str2 ? al->str2 : "cython"); /* or cython.parallel */
          vec_push(ti->a, &ti->globals, sym);
        } else if (numpy_import(ti, al))
          ;
        else if (strcmp(al->str, "math") == 0)
          vec_push(ti->a, &ti->globals, new_sym(ti, S_MATH, al->str2 ? al->str2 : "math"));
        else if (strcmp(al->str, "pyc2c") == 0) /* for @pyc2c.native */
          vec_push(ti->a, &ti->globals, new_sym(ti, S_PYC2C, al->str2 ? al->str2 : "pyc2c"));
        else
          al->sym = obj_global(ti, al->str2 ? al->str2 : arena_strndup(ti->a, al->str, strcspn(al->str, ".")));
      }
      for (int k = 0; k < s->list.len; k++)
        if (NODE_AT(s->list, k)->sym) { /* the other modules are imported at run time */
          obj_module_stmt(ti, s, &ti->module_body);
          break;
        }
      complex_cmath_import(ti, root, s);
      break;
    case N_IMPORTFROM:
      if (math_import(ti, s) || parallel_import(ti, s))
        break;
      obj_module_stmt(ti, s, &ti->module_body);
      complex_cmath_import(ti, root, s);
      break;
    case N_FUNCDEF: {
      if (find(&ti->globals, s->str)) {
        ERR(s, "'%s' is defined twice; redefining module names is not supported by pyc2c",
            s->str);
        break;
      }
      Function *fn = arena_alloc(ti->a, sizeof *fn);
      fn->def = s;
      fn->name = s->str;
      fn->doc = s->str2;
      fn->cname = arena_printf(ti->a, "f_%s", s->str);
      s->fn = fn;
      Symbol *sym = new_sym(ti, S_FUNC, s->str);
      sym->fn = fn;
      vec_push(ti->a, &ti->globals, sym);
      vec_push(ti->a, &ti->mi->funcs, fn);
      break;
    }
    case N_PASS:
      break;
    default:
      obj_module_stmt(ti, s, &ti->module_body);
    }
  }
}

/* Propagates can_raise along calls and marks functions that are on a call cycle. Each function
 * is searched once per question (`seen`): a search per call path grows exponentially in chains
 * of functions that each call the next several ways. */
static bool reaches(Arena *a, Function *from, Function *target, PtrVec *seen, int depth) {
  if (depth > 64)
    return true; /* deep chains are treated as possibly recursive: only a guard is added */
  for (int i = 0; i < from->calls.len; i++) {
    Function *c = from->calls.items[i];
    if (c == target)
      return true;
    if (vec_has(seen, c))
      continue;
    vec_push(a, seen, c);
    if (reaches(a, c, target, seen, depth + 1))
      return true;
  }
  return false;
}

static void propagate_raises(Arena *a, ModuleInfo *mi) {
  for (int i = 0; i < mi->funcs.len; i++) {
    Function *fn = mi->funcs.items[i];
    PtrVec seen = {0};
    if (reaches(a, fn, fn, &seen, 0))
      fn->recursive = fn->can_raise = true;
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (int i = 0; i < mi->funcs.len; i++) {
      Function *fn = mi->funcs.items[i];
      for (int k = 0; k < fn->calls.len && !fn->can_raise; k++)
        if (((Function *)fn->calls.items[k])->can_raise && !((Function *)fn->calls.items[k])->noexcept)
          fn->can_raise = changed = true;
    }
  }
}

ModuleInfo *typeinfer_module(Module *m, Arena *a, Diag *d) {
  TI ti_ = {.a = a, .d = d, .m = m, .report = true}, *ti = &ti_;
  ti->mi = arena_alloc(a, sizeof *ti->mi);
  ti->mi->doc = m->root->str;
  int before = d->errors;
  module_directives(ti);
  module_level(ti, m->root);
  for (int i = 0; i < ti->mi->funcs.len; i++) {
    Function *fn = ti->mi->funcs.items[i];
    fn->boundscheck = ti->mi->boundscheck;
    fn->wraparound = ti->mi->wraparound;
    fn->cdivision = ti->mi->cdivision;
    fn->fastmath = ti->mi->fastmath;
    decorators(ti, fn);
    signature(ti, fn);
  }
  for (int i = 0; i < ti->mi->funcs.len; i++) {
    Function *fn = ti->mi->funcs.items[i];
    if (fn->state == 0)
      infer_function(ti, fn);
  }
  if (ti->module_body.len) {
    Function *body = obj_module_function(ti, &ti->module_body);
    infer_function(ti, body);
    vec_push(ti->a, &ti->mi->funcs, body);
    ti->mi->body = body;
  }
  propagate_raises(ti->a, ti->mi);
  for (int i = 0; i < ti->mi->funcs.len; i++)
    exceptval_check(ti, ti->mi->funcs.items[i]);
  parallel_finish(ti);
  view_propagate_writes(ti);
  flush_errors(ti);
  return d->errors == before ? ti->mi : NULL;
}
