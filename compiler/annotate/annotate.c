/* annotate.c: the annotate report and --strict-native, from the typed AST.
 *
 * One walk over each function body finds the Python-object work emit will generate: an expression
 * whose type is an object is an object operation (its kind names which: call, arithmetic,
 * indexing, ...); a value whose type differs from what its context takes is converted (boxing
 * C -> object, unboxing object -> C, a type check object -> int/str); the NF_* flags say which
 * checks remain (bounds, wraparound, errors). The walk mirrors how emit converts each operand
 * (ex_as's target types); node kinds it does not know yet are judged by their type alone, so
 * new object operations are reported as they land.
 *
 *   def f(n: cython.int, xs):        -> Python entry point (argument parsing)
 *       s = 0                        -> untyped local 's'
 *       s = s + xs[i]                -> object indexing, boxing (i), object arithmetic
 */
#include "annotate/annotate.h"
#include <stdlib.h>
#include <string.h>

/* X(id, name in the report, weight, object work (what --strict-native rejects)) */
#define REASONS(X)                                                                                 \
  X(OBJ_CALL, "object call", 5, 1)                                                                 \
  X(OBJ_ITER, "object iteration", 5, 1)                                                            \
  X(GIL, "GIL taken", 5, 1)                                                                        \
  X(OBJ_ARITH, "object arithmetic", 4, 1)                                                          \
  X(OBJ_COMPARE, "object comparison", 4, 1)                                                        \
  X(OBJ_INDEX, "object indexing", 4, 1)                                                            \
  X(OBJ_ATTR, "attribute lookup", 4, 1)                                                            \
  X(OBJ_OP, "object operation", 4, 1)                                                              \
  X(ARRAY_ALLOC, "array allocation", 3, 1)                                                         \
  X(GLOBAL, "module variable", 3, 1)                                                               \
  X(UNTYPED, "untyped local", 2, 1)                                                                \
  X(BOXING, "boxing", 2, 1)                                                                        \
  X(UNBOXING, "unboxing", 2, 1)                                                                    \
  X(OBJ_TRUTH, "object truth test", 2, 1)                                                          \
  X(OBJ_VALUE, "object value", 1, 1)                                                               \
  X(TYPECHECK, "object type check", 1, 1)                                                          \
  X(PY_ENTRY, "Python entry point", 2, 0)                                                          \
  X(PYINT, "Python int", 1, 0)                                                                     \
  X(BOUNDSCHECK, "bounds checks left on", 1, 0)                                                    \
  X(WRAPAROUND, "wraparound left on", 1, 0)                                                        \
  X(ERRCHECK, "error check", 1, 0)                                                                 \
  X(UNBOUND, "unbound-local check", 1, 0)                                                          \
  X(RAISE, "raise", 1, 0)

typedef enum Reason {
#define X(id, name, w, obj) R_##id,
  REASONS(X)
#undef X
  R__COUNT
} Reason;

static const char *const reason_name[] = {
#define X(id, name, w, obj) name,
    REASONS(X)
#undef X
};
static const int reason_weight[] = {
#define X(id, name, w, obj) w,
    REASONS(X)
#undef X
};
static const bool reason_is_object[] = {
#define X(id, name, w, obj) obj,
    REASONS(X)
#undef X
};

/* Where --strict-native applies: none, a @pyc2c.native function, a @cython.nogil function, or a
 * `with cython.nogil:` block. */
enum Strict { ST_NONE, ST_NATIVE, ST_NOGIL_FN, ST_NOGIL_BLOCK };
static const char *const strict_where[] = {"", "@pyc2c.native function", "@cython.nogil function",
                                           "'with cython.nogil' block of"};

typedef struct Mark {
  Reason r;
  int line, col;
  const char *detail;
  int strict; /* the native or nogil region it is in (Strict), if not under `with cython.gil` */
  const Function *fn;
  int stmt_line; /* the statement's first line: where its C is (#line) */
} Mark;

typedef struct Ann {
  Arena *a;
  const Module *m;
  PtrVec marks; /* Mark* */
  const Function *fn;
  int strict;   /* the current region: Strict */
  int stmt_line; /* the statement being walked */
  const char *cython_alias[8]; /* names bound to the cython module (import cython as cy) */
  int ncython;
} Ann;

static void mark(Ann *an, Reason r, const Node *n, const char *detail) {
  /* one mark per line, reason and detail: a line reads `xs` three times, it is untyped once */
  for (int i = an->marks.len - 1; i >= 0; i--) {
    Mark *k = an->marks.items[i];
    if (k->line != n->line)
      continue;
    if (k->r == r && ((!k->detail && !detail) || (k->detail && detail && !strcmp(k->detail, detail))))
      return;
  }
  Mark *k = arena_alloc(an->a, sizeof *k);
  *k = (Mark){r, n->line, n->col, detail, an->strict, an->fn, an->stmt_line};
  vec_push(an->a, &an->marks, k);
}

/* ---- what the source names */

static bool is_cython_name(Ann *an, const Node *n) {
  if (n->kind != N_NAME)
    return false;
  for (int i = 0; i < an->ncython; i++)
    if (strcmp(an->cython_alias[i], n->str) == 0)
      return true;
  return false;
}

/* cython.X (or cython.X(...)) -> "X"; NULL otherwise. */
static const char *cython_attr(Ann *an, const Node *n) {
  if (n->kind == N_CALL)
    n = n->a;
  return n->kind == N_ATTR && is_cython_name(an, n->a) ? n->str : NULL;
}

static bool is_literal(const Node *n) {
  int64_t v;
  return n->kind == N_INT || n->kind == N_FLOAT || n->kind == N_BOOL || n->kind == N_STR ||
         n->kind == N_NONE || n->kind == N_IMAG || const_int_value(n, &v) ||
         (n->kind == N_UNARY && n->op == OP_NEG && n->a->kind == N_FLOAT);
}

/* A short description of an expression for details: a name, or its kind. */
static const char *what(Ann *an, const Node *n) {
  if (n->kind == N_NAME)
    return arena_printf(an->a, "'%s'", n->str);
  if (n->kind == N_ATTR)
    return arena_printf(an->a, "'.%s'", n->str);
  if (n->kind == N_CALL && n->a->kind == N_NAME)
    return arena_printf(an->a, "%s()", n->a->str);
  if (n->kind == N_CALL && n->a->kind == N_ATTR)
    return arena_printf(an->a, ".%s()", n->a->str);
  return node_kind_desc[n->kind];
}

static const char *type_desc(const Type *t) { return t->name ? t->name : t->cname; }

/* ---- the walk */

static void ex(Ann *an, Node *n, Type *to);
static void stmt(Ann *an, Node *s);
static void stmts(Ann *an, NodeList *l);
static void generic_stmt(Ann *an, Node *s);

/* A value of type `from` used where `to` is needed (as emit's convert does). */
static void conv(Ann *an, Node *n, Type *from, Type *to) {
  if (!from || !to)
    return;
  if (to->kind == T_OBJECT && type_is_view(from)) {
    mark(an, R_OBJ_VALUE, n, arena_printf(an->a, "%s: the view's array as an object", what(an, n)));
    return;
  }
  if (is_literal(n) && type_is_object(from) && type_is_object(to) && n->kind == N_UNARY) {
    /* -6 as an object: emit negates the constant int object each time (PyNumber_Negative) */
    mark(an, R_OBJ_ARITH, n, "unary '-' on a constant int object");
    return;
  }
  if (from == to || to->kind == T_VOID || type_is_view(from) || type_is_view(to))
    return;
  int64_t k;
  if (to->kind == T_OBJECT && const_int_value(n, &k))
    return; /* an int literal (or its negation) as an object: a constant made once at import */
  /* A literal is written in the C type it is used as, or is an object made once at import
   * (int, str, None); only a C literal (a float, a bool) used as an object is boxed each time. */
  if (is_literal(n) && (type_is_object(from) || !type_is_object(to)))
    return;
  if (to->kind == T_OBJECT && from->kind != T_OBJECT) {
    mark(an, R_BOXING, n, arena_printf(an->a, "%s %s -> object", what(an, n), type_desc(from)));
  } else if (from->kind == T_OBJECT && to->kind != T_OBJECT)
    mark(an, R_UNBOXING, n, arena_printf(an->a, "%s object -> %s", what(an, n), type_desc(to)));
  else if (from->kind == T_OBJECT && from->obj == OBJ_ANY && (to->obj == OBJ_INT || to->obj == OBJ_STR))
    mark(an, R_TYPECHECK, n, arena_printf(an->a, "%s must be %s", what(an, n), type_desc(to)));
}

static void ex_list(Ann *an, NodeList *l, Type *to) {
  for (int i = 0; i < l->len; i++)
    ex(an, NODE_AT(*l, i), to);
}

/* Any node kind this walk does not know: judged by its type; children walked as they are. */
static void generic(Ann *an, Node *n) {
  if (n->ty && type_is_object(n->ty))
    mark(an, R_OBJ_OP, n, node_kind_desc[n->kind]);
  Node *kids[] = {n->a, n->b, n->c};
  for (int i = 0; i < 3; i++)
    if (kids[i] && kids[i]->ty)
      ex(an, kids[i], NULL);
  ex_list(an, &n->list, NULL);
  ex_list(an, &n->list2, NULL);
}

static void name(Ann *an, Node *n) {
  Symbol *s = n->sym;
  if (s && (s->kind == S_GLOBAL || s->kind == S_FUNC)) /* a module function used as a value */
    mark(an, R_GLOBAL, n, arena_printf(an->a, "'%s' looked up in the module's namespace", n->str));
  if (!s || s->kind != S_LOCAL)
    return;
  if (type_is_object(s->ty) && !s->declared && !s->is_param)
    mark(an, R_UNTYPED, n, arena_printf(an->a, "'%s' is a Python object", s->name));
  if (n->flags & NF_CHECK_BOUND)
    mark(an, R_UNBOUND, n, arena_printf(an->a, "'%s' may be unbound", s->name));
}

/* Is operand i of a comparison chain an object? An int literal takes its neighbours' side: an
 * object next to an object, a C number next to C numbers (as emit's cmp_operand does). */
static bool cmp_object(NodeList *l, int i) {
  int64_t v;
  Node *n = NODE_AT(*l, i);
  if (!const_int_value(n, &v))
    return n->ty && type_is_object(n->ty);
  for (int j = i - 1; j <= i + 1; j += 2)
    if (j >= 0 && j < l->len && !const_int_value(NODE_AT(*l, j), &v) && NODE_AT(*l, j)->ty &&
        type_is_object(NODE_AT(*l, j)->ty))
      return true;
  return false;
}

/* a < b < c: each link compares in C, or richly when one side is an object (the other boxed);
 * `is` compares pointers. */
static void compare(Ann *an, Node *n) {
  bool boxed_result = false;
  for (int i = 0; i + 1 < n->list.len; i++) {
    bool lo = cmp_object(&n->list, i), ro = cmp_object(&n->list, i + 1);
    Node *l = NODE_AT(n->list, i), *r = NODE_AT(n->list, i + 1);
    if (lo || ro) {
      if (n->ops[i] != OP_IS && n->ops[i] != OP_ISNOT)
        mark(an, R_OBJ_COMPARE, n, arena_printf(an->a, "'%s' compares objects", op_spelling[n->ops[i]]));
      conv(an, l, l->ty, &ty_object);
      conv(an, r, r->ty, &ty_object);
    } else
      boxed_result = boxed_result || type_is_object(n->ty);
  }
  if (boxed_result) /* in a chain whose value is an object, a C link's truth becomes a bool */
    mark(an, R_BOXING, n, "the comparison's result as a bool object");
  ex_list(an, &n->list, NULL);
}

static void call(Ann *an, Node *n) {
  Symbol *cs = n->a->sym;
  if (n->fn) { /* a module function: a direct C call, arguments converted to its parameters */
    Function *fn = n->fn;
    for (int i = 0; i < n->list.len && i < fn->nparams; i++)
      ex(an, NODE_AT(n->list, i), fn->params[i]->ty);
    for (int k = 0; k < n->list2.len; k++) {
      Node *kw = NODE_AT(n->list2, k);
      bool matched = false;
      for (int i = 0; i < fn->nparams && kw->str; i++)
        if (strcmp(fn->params[i]->name, kw->str) == 0) {
          ex(an, kw->a, fn->params[i]->ty);
          matched = true;
        }
      if (!matched) /* f(**d) */
        ex(an, kw->a, NULL);
    }
    if (type_is_object(fn->ret))
      mark(an, R_OBJ_VALUE, n, arena_printf(an->a, "%s returns an object", fn->name));
    else if (fn->can_raise)
      mark(an, R_ERRCHECK, n, arena_printf(an->a, "%s can raise", fn->name));
    return;
  }
  if (n->flags & NF_CMATH) { /* cmath.sqrt(z), ...: C (typeinfer/complex.c) */
    ex_list(an, &n->list, &ty_doublecomplex);
    if (n->flags & NF_CAN_RAISE)
      mark(an, R_ERRCHECK, n, arena_printf(an->a, "cmath.%s domain/range check",
                                           n->a->kind == N_ATTR ? n->a->str : n->a->sym->cmath));
    return;
  }
  if (n->flags & NF_COMPLEX_CALL) { /* complex(a, b), cython.doublecomplex(x), z.conjugate(): C */
    if (n->a->kind == N_ATTR && !n->list.len)
      ex(an, n->a->a, NULL);
    if (n->b) /* cython.cast(T, x) */
      ex(an, n->b, n->ty);
    else
      ex_list(an, &n->list, n->list.len == 1 ? n->ty : NULL);
    if (n->flags & NF_CAN_RAISE)
      mark(an, R_ERRCHECK, n, arena_printf(an->a, "%s checks its arguments", what(an, n)));
    return;
  }
  if (cs && cs->kind == S_MATHFN) {
    ex_list(an, &n->list, &ty_double);
    if (n->flags & NF_CAN_RAISE) {
      mark(an, R_ERRCHECK, n, arena_printf(an->a, "math.%s domain/range check", cs->math->name));
      if (cs->math->result == 'i' && type_is_object(n->ty))
        mark(an, R_BOXING, n, arena_printf(an->a, "math.%s returns a Python int", cs->math->name));
    }
    return;
  }
  if (cs && cs->kind == S_NPFN) {
    mark(an, R_ARRAY_ALLOC, n, arena_printf(an->a, "%s through the NumPy C API", what(an, n)));
    ex_list(an, &n->list, NULL);
    for (int k = 0; k < n->list2.len; k++)
      ex(an, NODE_AT(n->list2, k)->a, NULL);
    return;
  }
  if (n->a->kind == N_NAME && cs && cs->kind == S_BUILTIN) {
    Node *a0 = n->list.len ? NODE_AT(n->list, 0) : NULL;
    switch (cs->builtin) {
    case B_BOOL:
      if (a0 && type_is_object(a0->ty))
        mark(an, R_OBJ_TRUTH, n, "bool() of an object");
      if (a0)
        ex(an, a0, NULL);
      return;
    case B_LEN:
      if (a0 && type_is_object(a0->ty))
        mark(an, R_OBJ_CALL, n, "len() of an object");
      if (a0)
        ex(an, a0, NULL);
      return;
    case B_FLOAT:
    case B_INT:
    case B_ABS:
      if (type_is_object(n->ty) || (a0 && type_is_object(a0->ty) && a0->ty->obj == OBJ_ANY)) {
        mark(an, cs->builtin == B_ABS ? R_OBJ_ARITH : R_OBJ_CALL, n,
             arena_printf(an->a, "%s() of an object", cs->name));
        if (a0)
          ex(an, a0, NULL);
        return;
      }
      ex_list(an, &n->list, n->ty);
      return;
    default: /* min, max, range outside a for: values of the result type */
      ex_list(an, &n->list, n->ty);
      return;
    }
  }
  if (n->b && cython_attr(an, n->a)) { /* cython.cast(T, x), cython.double(x), cython.sizeof */
    if (strcmp(cython_attr(an, n->a), "sizeof") != 0)
      ex(an, n->b, n->ty);
    return;
  }
  if (n->a->kind == N_ATTR) { /* cython.parallel.threadid() and the like: compile time or C */
    const Node *root = n->a;
    while (root->kind == N_ATTR)
      root = root->a;
    if (is_cython_name(an, root)) {
      ex_list(an, &n->list, NULL);
      return;
    }
  }
  /* anything else called: a Python object called through the C API */
  mark(an, R_OBJ_CALL, n, arena_printf(an->a, "%s called through the C API", what(an, n)));
  if (n->a->ty)
    ex(an, n->a, NULL);
  ex_list(an, &n->list, &ty_object);
  for (int k = 0; k < n->list2.len; k++)
    ex(an, NODE_AT(n->list2, k)->a, &ty_object);
}

static void subscript(Ann *an, Node *n) {
  if (n->a->kind == N_ATTR && n->a->a->ty && type_is_view(n->a->a->ty))
    return; /* a.shape[i]: a field of the view */
  if (type_is_object(n->a->ty)) {
    mark(an, R_OBJ_INDEX, n, arena_printf(an->a, "%s[...]", what(an, n->a)));
    ex(an, n->a, NULL);
    ex_list(an, &n->list, &ty_object);
    return;
  }
  if (n->flags & NF_BOUNDSCHECK)
    mark(an, R_BOUNDSCHECK, n, arena_printf(an->a, "%s[...] checks its indices", what(an, n->a)));
  if (n->flags & NF_WRAPAROUND)
    mark(an, R_WRAPAROUND, n, arena_printf(an->a, "%s[...] tests for negative indices", what(an, n->a)));
  ex(an, n->a, NULL);
  for (int i = 0; i < n->list.len; i++) {
    Node *ix = NODE_AT(n->list, i);
    ex(an, ix, ix->kind == N_SLICE || !ix->ty || !type_is_object(ix->ty) ? NULL : &ty_Py_ssize_t);
  }
}

static void ex_node(Ann *an, Node *n) {
  switch (n->kind) {
  case N_INT: case N_FLOAT: case N_STR: case N_BOOL: case N_NONE: case N_IMAG:
    return;
  case N_NAME:
    name(an, n);
    return;
  case N_BINOP:
    if (type_is_pyint(n->ty)) /* exact: inline while small, a PyLong past 62 bits */
      mark(an, R_PYINT, n, arena_printf(an->a, "'%s' on Python ints (C speed while they are small)",
                                        op_spelling[n->op]));
    if (type_is_object(n->ty)) {
      mark(an, R_OBJ_ARITH, n, arena_printf(an->a, "'%s' on objects", op_spelling[n->op]));
      ex(an, n->a, &ty_object);
      ex(an, n->b, &ty_object);
      return;
    }
    if (n->flags & NF_CAN_RAISE)
      mark(an, R_ERRCHECK, n, arena_printf(an->a, "'%s' checks its operands", op_spelling[n->op]));
    /* shifts and powers keep each operand's own C type; the rest convert to the result type */
    ex(an, n->a, n->op == OP_LSHIFT || n->op == OP_RSHIFT || n->op == OP_POW ? NULL : n->ty);
    ex(an, n->b, n->op == OP_LSHIFT || n->op == OP_RSHIFT || n->op == OP_POW ? NULL : n->ty);
    return;
  case N_UNARY:
    if (n->op == OP_NOT) {
      if (type_is_object(n->a->ty))
        mark(an, R_OBJ_TRUTH, n, "'not' of an object");
      ex(an, n->a, NULL);
    } else if (type_is_object(n->ty)) {
      mark(an, R_OBJ_ARITH, n, arena_printf(an->a, "unary '%s' on an object", op_spelling[n->op]));
      ex(an, n->a, &ty_object);
    } else
      ex(an, n->a, n->ty);
    return;
  case N_BOOLOP: /* the left operand is tested; the value taken is converted to the result */
    if (type_is_object(n->a->ty) && !is_literal(n->a))
      mark(an, R_OBJ_TRUTH, n, arena_printf(an->a, "'%s' tests an object", op_spelling[n->op]));
    ex(an, n->a, n->ty);
    ex(an, n->b, n->ty);
    return;
  case N_COMPARE:
    compare(an, n);
    return;
  case N_CALL:
    call(an, n);
    return;
  case N_IFEXP:
    if (type_is_object(n->a->ty))
      mark(an, R_OBJ_TRUTH, n->a, "condition is an object");
    ex(an, n->a, NULL);
    ex(an, n->b, n->ty);
    ex(an, n->c, n->ty);
    return;
  case N_ATTR:
    if (n->flags & NF_CMATH)
      return; /* cmath.pi, cmath.infj: C constants */
    if ((n->a->ty && type_is_view(n->a->ty)) || (n->a->kind == N_NAME && n->a->sym &&
                                                 (n->a->sym->kind == S_MATH || n->a->sym->kind == S_CYTHON)))
      return; /* a view's ndim/size, math.pi, cython.compiled: compile-time or C */
    if (n->a->ty && type_is_object(n->a->ty)) {
      mark(an, R_OBJ_ATTR, n, arena_printf(an->a, "%s looked up", what(an, n)));
      ex(an, n->a, NULL);
      return;
    }
    generic(an, n);
    return;
  case N_SUBSCRIPT:
    subscript(an, n);
    return;
  case N_SLICE: {
    Node *kids[] = {n->a, n->b, n->c};
    for (int i = 0; i < 3; i++)
      if (kids[i])
        ex(an, kids[i], kids[i]->ty && type_is_object(kids[i]->ty) ? &ty_Py_ssize_t : NULL);
    return;
  }
  default:
    generic(an, n);
  }
}

static void ex(Ann *an, Node *n, Type *to) {
  if (!n)
    return;
  if (is_literal(n)) { /* -1 too: a constant, written in the type it is used as */
    conv(an, n, n->ty, to);
    return;
  }
  ex_node(an, n);
  conv(an, n, n->ty, to);
}

/* The truth value of a condition. */
static void cond(Ann *an, Node *c) {
  if (c->ty && type_is_object(c->ty))
    mark(an, R_OBJ_TRUTH, c, arena_printf(an->a, "%s is an object", what(an, c)));
  ex(an, c, NULL);
}

/* A store into a target (name or subscript) of a value of type vt. */
static void target(Ann *an, Node *t, Node *value, Type *vt) {
  if (t->kind == N_NAME) {
    if (t->sym && t->sym->kind == S_LOCAL) {
      name(an, t);
      conv(an, value, vt, t->sym->ty);
    } else if (t->sym) { /* only locals live in C variables: anything else is a namespace store */
      mark(an, R_GLOBAL, t,
           arena_printf(an->a, "'%s' stored in (or deleted from) the module's namespace", t->str));
      conv(an, value, vt, &ty_object);
    }
  } else if (t->kind == N_SUBSCRIPT) {
    if (type_is_object(t->a->ty)) {
      mark(an, R_OBJ_INDEX, t, arena_printf(an->a, "%s[...] stored or deleted", what(an, t->a)));
      conv(an, value, vt, &ty_object);
      ex(an, t->a, NULL);
      ex_list(an, &t->list, &ty_object);
    } else {
      subscript(an, t);
      conv(an, value, vt, t->ty && type_is_view(t->ty) ? t->ty->elem : t->ty);
    }
  } else if (t->kind == N_ATTR && t->a->ty && type_is_object(t->a->ty)) {
    mark(an, R_OBJ_ATTR, t, arena_printf(an->a, "%s set or deleted", what(an, t)));
    conv(an, value, vt, &ty_object);
    ex(an, t->a, NULL);
  } else
    generic(an, t);
}

/* for x in range(...) (or prange): typeinfer gives the call the C integer type the loop counts
 * in; anything else iterated is a view (T_VIEW) or an object. */
static bool is_counting_loop(const Node *b) {
  return b->kind == N_CALL && b->ty && type_is_cint(b->ty);
}

/* with cython.gil / cython.nogil: which, if any */
static int gil_block(Ann *an, Node *s) {
  for (int i = 0; i < s->list.len; i++) {
    const char *attr = cython_attr(an, NODE_AT(s->list, i));
    if (attr && strcmp(attr, "gil") == 0)
      return 1;
    if (attr && strcmp(attr, "nogil") == 0)
      return 2;
  }
  return 0;
}

static void stmt(Ann *an, Node *s) {
  an->stmt_line = s->line;
  switch (s->kind) {
  case N_ASSIGN:
    ex(an, s->b, NULL);
    for (int i = 0; i < s->list.len; i++)
      target(an, NODE_AT(s->list, i), s->b, s->b->ty);
    return;
  case N_ANNASSIGN:
    if (s->b) {
      ex(an, s->b, NULL);
      target(an, s->a, s->b, s->b->ty);
    } else if (s->a->kind == N_NAME)
      name(an, s->a);
    return;
  case N_AUGASSIGN: {
    /* a op= b: the operation in the node's type, stored back into the target */
    Type *rt = s->ty ? s->ty : s->a->ty;
    if (rt && type_is_object(rt)) {
      mark(an, R_OBJ_ARITH, s, arena_printf(an->a, "'%s=' on objects", op_spelling[s->op]));
      ex(an, s->b, &ty_object);
    } else {
      if (s->flags & NF_CAN_RAISE)
        mark(an, R_ERRCHECK, s, arena_printf(an->a, "'%s=' checks its operands", op_spelling[s->op]));
      ex(an, s->b, rt);
    }
    if (s->a->kind == N_SUBSCRIPT)
      target(an, s->a, s->a, rt);
    else {
      if (rt && !type_is_object(rt))
        conv(an, s->a, s->a->ty, rt); /* the target's value read as an operand */
      target(an, s->a, s->a, rt);
    }
    return;
  }
  case N_EXPRSTMT:
    if (s->a->kind != N_STR)
      ex(an, s->a, NULL);
    return;
  case N_RETURN:
    if (s->a)
      ex(an, s->a, !an->fn || an->fn->ret->kind == T_VOID ? NULL : an->fn->ret);
    return;
  case N_IF:
  case N_WHILE:
    cond(an, s->a);
    stmts(an, &s->body);
    stmts(an, &s->orelse);
    return;
  case N_FOR:
    if (is_counting_loop(s->b)) {
      for (int i = 0; i < s->b->list.len; i++) {
        Node *x = NODE_AT(s->b->list, i);
        ex(an, x, s->b->ty);
      }
      if (s->a->kind == N_NAME && s->a->sym && type_is_object(s->a->sym->ty)) {
        name(an, s->a);
        mark(an, R_BOXING, s->a, arena_printf(an->a, "'%s' boxed every iteration", s->a->str));
      }
    } else if (s->b->ty && type_is_view(s->b->ty)) {
      ex(an, s->b, NULL);
      target(an, s->a, s->a, s->b->ty->ndim == 1 ? s->b->ty->elem : NULL);
    } else {
      mark(an, R_OBJ_ITER, s, arena_printf(an->a, "iterating %s", what(an, s->b)));
      ex(an, s->b, NULL);
      target(an, s->a, s->a, &ty_object);
    }
    stmts(an, &s->body);
    stmts(an, &s->orelse);
    return;
  case N_WITH: {
    int g = gil_block(an, s);
    int saved = an->strict;
    if (g == 1) { /* asked for explicitly: allowed, as is the object work under it */
      an->strict = ST_NONE;
      mark(an, R_GIL, s, "with cython.gil: the block takes the GIL");
    } else if (g == 2 && !an->strict)
      an->strict = ST_NOGIL_BLOCK;
    stmts(an, &s->body);
    an->strict = saved;
    return;
  }
  case N_ASSERT:
    cond(an, s->a);
    return; /* the message is built only when the assertion fails */
  case N_RAISE: { /* a cold path: what it builds is reported, never a --strict-native error */
    mark(an, R_RAISE, s, "sets an exception (only when it runs)");
    if (s->flags & NF_SIMPLE_RAISE)
      return; /* raise E / E("literal") of a builtin: set directly, no object made */
    int saved = an->strict;
    an->strict = ST_NONE;
    mark(an, R_OBJ_OP, s, "an exception object checked and raised");
    if (s->a && s->a->ty)
      ex(an, s->a, NULL);
    if (s->b && s->b->ty)
      ex(an, s->b, NULL);
    an->strict = saved;
    return;
  }
  case N_IMPORT:
  case N_IMPORTFROM: /* in the module's own statements: an import at run time (cython, math and
                      * numpy imports are compile time and never get there) */
    if (an->fn && an->fn->is_module) {
      mark(an, R_OBJ_CALL, s, "an import at run time");
      mark(an, R_GLOBAL, s, "the names bound in the module's namespace");
    }
    return;
  case N_BREAK: case N_CONTINUE: case N_PASS:
    return;
  default:
    generic_stmt(an, s);
  }
}

/* A statement kind this walk does not know (try, del, ...): its expressions judged by their types,
 * its clauses and bodies walked as statements. */
static void generic_stmt(Ann *an, Node *s) {
  Node *kids[] = {s->a, s->b, s->c};
  for (int i = 0; i < 3; i++)
    if (kids[i])
      kids[i]->ty ? ex(an, kids[i], NULL) : stmt(an, kids[i]);
  NodeList *lists[] = {&s->list, &s->list2};
  for (int k = 0; k < 2; k++)
    for (int i = 0; i < lists[k]->len; i++) {
      Node *n = NODE_AT(*lists[k], i);
      if (!n)
        continue;
      if (n->ty)
        ex(an, n, NULL);
      else if ((n->kind == N_ATTR || n->kind == N_SUBSCRIPT) && n->a->ty && type_is_object(n->a->ty))
        target(an, n, NULL, NULL); /* an untyped target of an object: del o.x, del d[k] */
      else if (n->kind == N_NAME && n->sym && n->sym->kind == S_GLOBAL) /* del g */
        target(an, n, NULL, NULL);
      else
        stmt(an, n);
    }
  stmts(an, &s->body);
  stmts(an, &s->orelse);
}

static void stmts(Ann *an, NodeList *l) {
  for (int i = 0; i < l->len; i++)
    stmt(an, NODE_AT(*l, i));
}

static void function(Ann *an, const Function *fn) {
  an->fn = fn;
  an->stmt_line = fn->def->line;
  an->strict = fn->native ? ST_NATIVE : fn->is_nogil ? ST_NOGIL_FN : ST_NONE;
  if (fn->exported) { /* the METH_FASTCALL wrapper: argument parsing, result boxed */
    Node *d = fn->def;
    int saved = an->strict;
    an->strict = ST_NONE; /* the call boundary itself is Python's, not the body's */
    mark(an, R_PY_ENTRY, d, "argument parsing and conversion, result boxed");
    an->strict = saved;
  }
  for (int i = 0; i < fn->nparams; i++) {
    Symbol *p = fn->params[i];
    if (type_is_object(p->ty) && !NODE_AT(fn->def->params, i)->a) /* no annotation */
      mark(an, R_UNTYPED, NODE_AT(fn->def->params, i),
           arena_printf(an->a, "parameter '%s' is a Python object", p->name));
  }
  stmts(an, &fn->def->body);
}

static void analyse(Ann *an, const Module *m, const ModuleInfo *mi, Arena *a) {
  memset(an, 0, sizeof *an);
  an->a = a;
  an->m = m;
  for (int i = 0; i < m->root->body.len; i++) {
    Node *s = NODE_AT(m->root->body, i);
    if (s->kind != N_IMPORT)
      continue;
    for (int k = 0; k < s->list.len && an->ncython < 8; k++) {
      Node *al = NODE_AT(s->list, k);
      if (strcmp(al->str, "cython") == 0)
        an->cython_alias[an->ncython++] = al->str2 ? al->str2 : "cython";
    }
  }
  for (int i = 0; i < mi->funcs.len; i++)
    function(an, mi->funcs.items[i]);

}

/* ---- --strict-native */

int annotate_strict_native(const Module *m, const ModuleInfo *mi, Diag *d, Arena *a) {
  Ann an;
  analyse(&an, m, mi, a);
  int before = d->errors;
  /* one error per line, at its first object operation, naming every reason found there */
  for (int i = 0; i < an.marks.len; i++) {
    Mark *k = an.marks.items[i];
    if (!k->strict || !reason_is_object[k->r] || !k->fn)
      continue;
    bool done = false;
    for (int j = 0; j < i && !done; j++) {
      Mark *p = an.marks.items[j];
      done = p->line == k->line && p->strict && reason_is_object[p->r];
    }
    if (done)
      continue;
    Mark *first = k;
    char *why = arena_printf(a, "%s (%s)", reason_name[k->r], k->detail ? k->detail : "");
    for (int j = i + 1; j < an.marks.len; j++) {
      Mark *p = an.marks.items[j];
      if (p->line != k->line || !p->strict || !reason_is_object[p->r])
        continue;
      why = arena_printf(a, "%s, %s (%s)", why, reason_name[p->r], p->detail ? p->detail : "");
      if (p->col < first->col)
        first = p;
    }
    diag_error(d, first->line, first->col, "Python-object work in %s '%s': %s",
               strict_where[k->strict], k->fn->name, why);
  }
  return d->errors - before;
}

/* ---- the report */

typedef struct Line {
  const char *text;
  size_t tlen;
  int score;
  PtrVec marks;
  const char *c; /* this line's generated C */
  size_t clen;
  size_t ccap;
  char *cbuf;
} Line;

static int level(int score) { return score == 0 ? 0 : score <= 2 ? 1 : score <= 5 ? 2 : score <= 9 ? 3 : 4; }

static void append_c(Line *l, const char *p, size_t n) {
  if (l->clen + n + 1 > l->ccap) {
    l->ccap = (l->clen + n + 1) * 2;
    l->cbuf = realloc(l->cbuf, l->ccap);
    if (!l->cbuf)
      abort();
  }
  memcpy(l->cbuf + l->clen, p, n);
  l->clen += n;
  l->cbuf[l->clen] = '\0';
}

/* Splits the C by its #line directives: the C after `#line N` belongs to line N until the next
 * directive or the next line at column 0 (a label or the closing brace: the function's shared
 * epilogue, which belongs to no single line). The prologue and wrapper of each function go to its
 * `def` line. */
static void split_c(Line *lines, int nlines, const char *c, size_t clen, const ModuleInfo *mi, Arena *a) {
  int cur = 0;
  for (const char *p = c, *end = c + clen; p < end;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *next = nl ? nl + 1 : end;
    if (strncmp(p, "#line ", 6) == 0) {
      cur = atoi(p + 6);
      if (cur < 1 || cur > nlines)
        cur = 0;
    } else if (*p != ' ' && *p != '\n')
      cur = 0;
    else if (cur)
      append_c(&lines[cur - 1], p, (size_t)(next - p));
    p = next;
  }
  /* each function's own C header and declarations, and its Python wrapper, on the def line */
  for (int i = 0; i < mi->funcs.len; i++) {
    const Function *fn = mi->funcs.items[i];
    int dl = fn->def->line;
    if (dl < 1 || dl > nlines || fn->is_module) /* the module's statements have no def line */
      continue;
    const char *heads[2] = {arena_printf(a, " %s(", fn->cname), arena_printf(a, " *w_%s(", fn->name)};
    Line *l = &lines[dl - 1];
    char *saved = l->cbuf;
    size_t saved_len = l->clen;
    l->cbuf = NULL;
    l->clen = l->ccap = 0;
    for (int h = 0; h < 2; h++) {
      for (const char *p = c; (p = strstr(p, heads[h]));) {
        const char *bol = p;
        while (bol > c && bol[-1] != '\n')
          bol--;
        const char *eol = strchr(p, '\n');
        if (strncmp(bol, "static ", 7) != 0 || !eol || eol[-1] != '{') {
          p++;
          continue; /* a call or a prototype, not the definition */
        }
        /* the definition: to the first #line (the body) or its closing brace */
        const char *stop = strstr(eol, "\n#line ");
        const char *close = strstr(eol, "\n}\n");
        if (!stop || (close && close < stop))
          stop = close ? close + 3 : c + strlen(c);
        else
          stop++;
        append_c(l, bol, (size_t)(stop - bol));
        if (h == 0 && stop[0] == '#')
          append_c(l, "  ...\n", 6);
        break;
      }
      if (h == 0 && l->clen)
        append_c(l, "\n", 1);
    }
    if (saved)
      append_c(l, saved, saved_len);
    free(saved);
  }
}

static void html_text(FILE *out, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char ch = s[i];
    if (ch == '<')
      fputs("&lt;", out);
    else if (ch == '>')
      fputs("&gt;", out);
    else if (ch == '&')
      fputs("&amp;", out);
    else if (ch == '"')
      fputs("&quot;", out);
    else if (ch != '\r')
      fputc(ch, out);
  }
}

static void json_str(FILE *out, const char *s, size_t n) {
  fputc('"', out);
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (ch == '"' || ch == '\\')
      fprintf(out, "\\%c", ch);
    else if (ch == '\n')
      fputs("\\n", out);
    else if (ch == '\t')
      fputs("\\t", out);
    else if (ch < 0x20)
      fprintf(out, "\\u%04x", ch);
    else
      fputc(ch, out);
  }
  fputc('"', out);
}

static const char *const level_colour[] = {"#ffffff", "#ffffb0", "#fff06a", "#ffd23c", "#ffa726"};

static const char html_head[] =
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>pyc2c annotate: %s</title>\n"
    "<style>\n"
    "body{font-family:sans-serif;margin:1em 2em;color:#222}\n"
    "h1{font-size:1.3em} .legend span{padding:0 .6em;border:1px solid #ccc;margin-right:.3em}\n"
    "table.summary{border-collapse:collapse;margin:.5em 0 1em}\n"
    "table.summary td,table.summary th{border:1px solid #ddd;padding:.15em .6em;text-align:left}\n"
    ".src{font-family:monospace;font-size:13px;border:1px solid #ddd}\n"
    ".line{white-space:pre;cursor:pointer;padding:0 .4em}\n"
    ".line:hover{outline:1px solid #999}\n"
    ".line .no{display:inline-block;width:3.5em;color:#888;text-align:right;margin-right:1em}\n"
    ".line .score{display:inline-block;width:2.5em;color:#a60;text-align:right;margin-right:1em}\n"
    ".l0{background:%s}.l1{background:%s}.l2{background:%s}.l3{background:%s}.l4{background:%s}\n"
    ".detail{display:none;margin:0 0 .3em 8em;border-left:3px solid #aaa;padding-left:.6em}\n"
    ".line.open + .detail{display:block}\n"
    ".detail ul{margin:.2em 0;padding-left:1.2em;font-family:sans-serif;font-size:12px}\n"
    ".detail pre.c{background:#f6f6f6;margin:.2em 0;padding:.3em;white-space:pre;overflow-x:auto}\n"
    "</style></head>\n<body>\n";

static const char html_script[] =
    "<script>\n"
    "/* a click on a source line shows (or hides) its reasons and generated C */\n"
    "document.querySelectorAll('.line').forEach(function (el) {\n"
    "  el.addEventListener('click', function () { el.classList.toggle('open'); });\n"
    "});\n"
    "</script>\n";

static void write_html(FILE *out, const Module *m, Line *lines, int nlines, const int *counts,
                       int total) {
  fprintf(out, html_head, m->name, level_colour[0], level_colour[1], level_colour[2],
          level_colour[3], level_colour[4]);
  fprintf(out, "<h1>pyc2c annotate: <code>");
  html_text(out, m->filename, strlen(m->filename));
  fprintf(out, "</code></h1>\n<p>Each line is coloured by how much Python-object work its "
               "generated C does (from the compiler's types, not the text). Click a line to see "
               "why and its C.</p>\n<p class=\"legend\">");
  for (int l = 0; l <= 4; l++)
    fprintf(out, "<span class=\"l%d\">%s</span>", l,
            (const char *[]){"none", "light", "some", "heavy", "very heavy"}[l]);
  fprintf(out, "</p>\n<table class=\"summary\" id=\"summary\"><tr><th>reason</th><th>lines</th>"
               "<th>weight</th></tr>\n");
  for (int r = 0; r < R__COUNT; r++)
    if (counts[r])
      fprintf(out, "<tr data-reason=\"%s\"><td>%s</td><td>%d</td><td>%d</td></tr>\n",
              reason_name[r], reason_name[r], counts[r], reason_weight[r]);
  fprintf(out, "<tr><th>total score</th><th colspan=\"2\" id=\"total\">%d</th></tr></table>\n",
          total);
  fprintf(out, "<div class=\"src\">\n");
  for (int i = 0; i < nlines; i++) {
    Line *l = &lines[i];
    char score[16] = "";
    if (l->score)
      snprintf(score, sizeof score, "%d", l->score);
    fprintf(out, "<div class=\"line l%d\" id=\"line%d\" data-line=\"%d\" data-score=\"%d\">"
                 "<span class=\"no\">%d</span><span class=\"score\">%s</span>",
            level(l->score), i + 1, i + 1, l->score, i + 1, score);
    html_text(out, l->text, l->tlen);
    fprintf(out, "</div>\n<div class=\"detail\" id=\"detail%d\">", i + 1);
    if (l->marks.len) {
      fprintf(out, "<ul>");
      for (int k = 0; k < l->marks.len; k++) {
        Mark *mk = l->marks.items[k];
        fprintf(out, "<li data-reason=\"%s\"><b>%s</b> (col %d)", reason_name[mk->r],
                reason_name[mk->r], mk->col);
        if (mk->detail) {
          fprintf(out, ": ");
          html_text(out, mk->detail, strlen(mk->detail));
        }
        fprintf(out, "</li>");
      }
      fprintf(out, "</ul>");
    }
    fprintf(out, "<pre class=\"c\">");
    int stmt_line = l->marks.len ? ((Mark *)l->marks.items[0])->stmt_line : i + 1;
    if (l->clen)
      html_text(out, l->cbuf, l->clen);
    else if (stmt_line != i + 1)
      fprintf(out, "/* part of the statement on line %d: its C is shown there */", stmt_line);
    else
      fprintf(out, "/* no C of its own */");
    fprintf(out, "</pre></div>\n");
  }
  fprintf(out, "</div>\n%s</body></html>\n", html_script);
}

static void write_json(FILE *out, const Ann *an, const Module *m, const ModuleInfo *mi, Line *lines,
                       int nlines, const int *counts, int total) {
  fprintf(out, "{\"module\": ");
  json_str(out, m->name, strlen(m->name));
  fprintf(out, ", \"file\": ");
  json_str(out, m->filename, strlen(m->filename));
  fprintf(out, ",\n \"summary\": {\"total_score\": %d, \"reasons\": {", total);
  bool first = true;
  for (int r = 0; r < R__COUNT; r++)
    if (counts[r]) {
      fprintf(out, "%s\"%s\": %d", first ? "" : ", ", reason_name[r], counts[r]);
      first = false;
    }
  fprintf(out, "}},\n \"functions\": [");
  for (int i = 0; i < mi->funcs.len; i++) {
    const Function *fn = mi->funcs.items[i];
    int score = 0;
    for (int k = 0; k < an->marks.len; k++) {
      const Mark *mk = an->marks.items[k];
      if (mk->fn == fn)
        score += reason_weight[mk->r];
    }
    fprintf(out, "%s\n  {\"name\": \"%s\", \"line\": %d, \"score\": %d, \"native\": %s}",
            i ? "," : "", fn->name, fn->def->line, score, fn->native ? "true" : "false");
  }
  fprintf(out, "],\n \"lines\": [");
  for (int i = 0; i < nlines; i++) {
    Line *l = &lines[i];
    fprintf(out, "%s\n  {\"line\": %d, \"score\": %d, \"level\": %d, \"text\": ", i ? "," : "",
            i + 1, l->score, level(l->score));
    json_str(out, l->text, l->tlen);
    fprintf(out, ", \"reasons\": [");
    for (int k = 0; k < l->marks.len; k++) {
      Mark *mk = l->marks.items[k];
      fprintf(out, "%s{\"reason\": \"%s\", \"col\": %d, \"object\": %s, \"detail\": ", k ? ", " : "",
              reason_name[mk->r], mk->col, reason_is_object[mk->r] ? "true" : "false");
      if (mk->detail)
        json_str(out, mk->detail, strlen(mk->detail));
      else
        fputs("null", out);
      fputc('}', out);
    }
    fprintf(out, "], \"c\": ");
    json_str(out, l->cbuf ? l->cbuf : "", l->clen);
    fputc('}', out);
  }
  fprintf(out, "]}\n");
}

void annotate_write(FILE *out, AnnotateFormat fmt, const Module *m, const ModuleInfo *mi,
                    const char *c, size_t clen, Arena *a) {
  Ann an;
  analyse(&an, m, mi, a);
  int nlines = 1;
  for (size_t i = 0; i < m->len; i++)
    if (m->src[i] == '\n' && i + 1 < m->len)
      nlines++;
  Line *lines = calloc((size_t)nlines, sizeof *lines);
  if (!lines)
    abort();
  const char *p = m->src, *end = m->src + m->len;
  for (int i = 0; i < nlines; i++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    lines[i].text = p;
    lines[i].tlen = (size_t)((nl ? nl : end) - p);
    p = nl ? nl + 1 : end;
  }
  int counts[R__COUNT] = {0}, total = 0;
  for (int i = 0; i < an.marks.len; i++) {
    Mark *k = an.marks.items[i];
    if (k->line < 1 || k->line > nlines)
      continue;
    Line *l = &lines[k->line - 1];
    bool seen = false; /* the summary counts lines per reason */
    for (int j = 0; j < l->marks.len; j++)
      seen = seen || ((Mark *)l->marks.items[j])->r == k->r;
    if (!seen)
      counts[k->r]++;
    vec_push(a, &l->marks, k);
    l->score += reason_weight[k->r];
    total += reason_weight[k->r];
  }
  split_c(lines, nlines, c, clen, mi, a);
  if (fmt == ANNOTATE_JSON)
    write_json(out, &an, m, mi, lines, nlines, counts, total);
  else
    write_html(out, m, lines, nlines, counts, total);
  for (int i = 0; i < nlines; i++)
    free(lines[i].cbuf);
  free(lines);
}
