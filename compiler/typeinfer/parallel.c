/* parallel.c: prange, parallel(), threadid(), and regions without the GIL.
 *
 *     for i in prange(n, nogil=True):       ->  #pragma omp parallel for reduction(+:total)
 *         total += x[i] * x[i]                   for (k = 0; k < n; k++) { i = k; total += ... }
 *
 * Variables follow Cython's documented rules: a local assigned in a prange body is private to
 * each thread, and lastprivate (its value after the loop is the last iteration's) when every
 * path through the body assigns it; an outer local updated only by one in-place operator
 * (+= -= *= &= |= ^=) is a reduction; the loop variable is lastprivate. Beyond Cython,
 * `m = max(m, v)`, `m = min(m, v)` and `if v > m: m = v` (or <) are max/min reductions. Patterns
 * whose parallel result would differ from the serial one get a diagnostic saying why: a reduction
 * variable also read in the body, mixed reduction operators, a private read before the body
 * assigns it, a view element every iteration writes (a loop-invariant index), break or return.
 *
 * Without the GIL (with cython.nogil, prange(nogil=True), @cython.nogil functions, parallel()
 * blocks), Python objects are compile-time errors; `with cython.gil:` takes the GIL back for
 * raising. The checks run in the final typing pass, on typed nodes. */
#include "typeinfer/parallel.h"
#include "typeinfer/internal.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct ParCtx {
  ParRegion *r;          /* NULL in the fixpoint passes */
  ParKind kind;
  struct ParCtx *outer;
  int floor;             /* loop_depth outside the region: break/continue may not cross it */
  bool saved_nogil;
  bool starts_nogil;     /* the region releases the GIL (its body is checked for objects) */
  NodeList *block_body;  /* PR_PARALLEL: its statements (a prange must be one of them) */
} ParCtx;

ParRegion *parallel_region(const ModuleInfo *mi, const Node *n) {
  for (int i = 0; i < mi->par_regions.len; i++) {
    ParRegion *r = mi->par_regions.items[i];
    if (r->node == n)
      return r;
  }
  return NULL;
}

/* ---- names */

static const struct {
  const char *name;
  Builtin b;
} par_names[] = {{"prange", B_PRANGE}, {"parallel", B_PARALLEL}, {"threadid", B_THREADID}};

static Builtin par_by_name(const char *name) {
  for (size_t i = 0; i < sizeof par_names / sizeof *par_names; i++)
    if (strcmp(par_names[i].name, name) == 0)
      return par_names[i].b;
  return B_NONE;
}

/* from cython.parallel import prange, parallel, threadid */
bool parallel_import(TI *ti, Node *s) {
  if (s->kind != N_IMPORTFROM || strcmp(s->str, "cython.parallel") != 0)
    return false;
  for (int k = 0; k < s->list.len; k++) {
    Node *al = NODE_AT(s->list, k);
    Builtin b = par_by_name(al->str);
    if (!b) {
      ERR(al, "'%s' from cython.parallel is not supported by pyc2c (only prange, parallel and "
              "threadid)",
          al->str);
      continue;
    }
    Symbol *sym = new_sym(ti, S_BUILTIN, al->str2 ? al->str2 : al->str);
    sym->builtin = b;
    vec_push(ti->a, &ti->globals, sym);
  }
  return true;
}

/* prange, or cython.parallel.prange (and the others). */
Builtin parallel_builtin(TI *ti, const Node *callee) {
  if (callee->kind == N_NAME) {
    Symbol *s = lookup(ti, callee->str);
    if (s && s->kind == S_BUILTIN &&
        (s->builtin == B_PRANGE || s->builtin == B_PARALLEL || s->builtin == B_THREADID))
      return s->builtin;
    return B_NONE;
  }
  if (callee->kind == N_ATTR && callee->a->kind == N_ATTR && strcmp(callee->a->str, "parallel") == 0 &&
      cython_attr(ti, callee->a))
    return par_by_name(callee->str);
  return B_NONE;
}

Type *parallel_call(TI *ti, Node *n, Builtin b) {
  if (b == B_THREADID) {
    if (n->a->kind == N_NAME)
      n->a->sym = lookup(ti, n->a->str);
    if (n->list.len || n->list2.len)
      ERR(n, "threadid() takes no arguments");
    return &ty_int;
  }
  if (b == B_PRANGE)
    ERR(n, "prange() is supported only as the iterable of a 'for' loop");
  else if (b == B_PARALLEL)
    ERR(n, "parallel() is supported only in a 'with' statement: with cython.nogil, parallel():");
  else
    ERR(n, "'%s' from cython.parallel is not supported by pyc2c", n->a->str);
  return NULL;
}

/* ---- the region stack */

static const char *region_desc(ParKind k) {
  switch (k) {
  case PR_PRANGE: return "a prange loop";
  case PR_PARALLEL: return "a parallel() block";
  case PR_NOGIL: return "a 'with cython.nogil' block";
  case PR_GIL: return "a 'with cython.gil' block";
  }
  return "";
}

static ParCtx *push(TI *ti, ParKind kind, bool nogil_after) {
  ParCtx *c = arena_alloc(ti->a, sizeof *c);
  c->kind = kind;
  c->outer = ti->par;
  c->floor = ti->loop_depth;
  c->saved_nogil = ti->nogil;
  c->starts_nogil = nogil_after && !ti->nogil;
  if (ti->report) {
    c->r = arena_alloc(ti->a, sizeof *c->r);
    c->r->kind = kind;
    c->r->fn = ti->cur;
  }
  ti->par = c;
  ti->nogil = nogil_after;
  return c;
}

static void pop(TI *ti, ParCtx *c) {
  ti->par = c->outer;
  ti->nogil = c->saved_nogil;
}

static ParCtx *enclosing(TI *ti, ParKind kind) {
  for (ParCtx *c = ti->par; c; c = c->outer)
    if (c->kind == kind)
      return c;
  return NULL;
}

void parallel_check_jump(TI *ti, Node *s) {
  ParCtx *c = ti->par;
  if (!c)
    return;
  if (s->kind == N_RETURN) {
    /* out of `with cython.nogil:` blocks: the GIL is taken back on the way */
    ParCtx *k = c;
    while (k && k->kind == PR_NOGIL)
      k = k->outer;
    if (k)
      ERR(s, "'return' inside %s is not supported by pyc2c yet (iterations or threads would "
             "still be running); set a variable and return after the block",
          region_desc(k->kind));
    return;
  }
  const char *what = s->kind == N_BREAK ? "break" : "continue";
  if (ti->loop_depth <= c->floor && ti->loop_depth > 0)
    ERR(s, "'%s' cannot leave %s", what, region_desc(c->kind));
  else if (c->kind == PR_PRANGE && ti->loop_depth == c->floor + 1 && s->kind == N_BREAK)
    ERR(s, "'break' out of a prange loop is not supported: its iterations run in no fixed order, "
           "so which ones ran before the break is undefined");
}

/* ---- walking typed bodies */

static bool is_expr(const Node *n) { return n->kind <= N_TUPLE; }

static bool with_item_is(TI *ti, const Node *c, const char *attr) {
  const char *a = cython_attr(ti, c);
  return a && strcmp(a, attr) == 0;
}

static bool is_gil_with(TI *ti, const Node *s) {
  return s->kind == N_WITH && s->list.len == 1 && with_item_is(ti, NODE_AT(s->list, 0), "gil");
}

/* ---- Python objects without the GIL */

typedef struct NogilCheck {
  const char *where;
  int in_gil;
} NogilCheck;

static const char *expr_desc(TI *ti, const Node *n) {
  if (n->kind == N_NAME)
    return arena_printf(ti->a, "'%s'", n->str);
  return node_kind_desc[n->kind];
}

static void nogil_node(TI *ti, Node *n, NogilCheck *nc);

static void nogil_list(TI *ti, NodeList *l, NogilCheck *nc) {
  for (int i = 0; i < l->len; i++)
    nogil_node(ti, NODE_AT(*l, i), nc);
}

static void object_error(TI *ti, Node *n, NogilCheck *nc, const char *what, const char *tyname) {
  if (nc->in_gil)
    ERR(n, "%s is a Python object (%s): Python objects inside 'with cython.gil' within a nogil "
           "region are not supported by pyc2c yet",
        what, tyname);
  else
    ERR(n, "%s is a Python object (%s): not allowed without the GIL (%s)", what, tyname, nc->where);
}

/* Reports Python-object operations under n; stops descending at the first one. */
static void nogil_node(TI *ti, Node *n, NogilCheck *nc) {
  if (!n)
    return;
  switch (n->kind) {
  case N_RAISE: /* raise ValueError("...") only needs the GIL on the (rare) error path */
    if (!(n->flags & NF_SIMPLE_RAISE))
      ERR(n, "raising this exception needs the GIL (%s): only raise E or raise E(\"literal\") of "
             "a builtin exception can be used here",
          nc->where);
    return;
  case N_TRY:
  case N_DEL:
  case N_IMPORT:
  case N_IMPORTFROM:
    ERR(n, "%ss are not supported without the GIL (%s)", node_kind_desc[n->kind], nc->where);
    return;
  case N_FUNCDEF:
    return;
  case N_WITH:
    if (n->ty && type_is_object(n->ty)) { /* a context manager object (objects.c) */
      ERR(n, "a 'with' statement over a context manager needs the GIL (%s)", nc->where);
      return;
    }
    if (is_gil_with(ti, n)) {
      nc->in_gil++;
      nogil_list(ti, &n->body, nc);
      nc->in_gil--;
      return;
    }
    nogil_list(ti, &n->body, nc); /* items are cython.nogil / parallel(): checked by their block */
    return;
  case N_FOR:
    if (n->b->ty && type_is_view(n->b->ty)) {
      ERR(n->b, "iterating over a memoryview holds a reference to it: not supported without the "
                "GIL (%s); loop over range(len(a))",
          nc->where);
      return;
    }
    nogil_node(ti, n->a, nc);
    nogil_list(ti, &n->b->list, nc);
    for (int i = 0; i < n->b->list2.len; i++) { /* prange(chunksize=..., num_threads=...) */
      Node *kw = NODE_AT(n->b->list2, i)->a;
      if (kw->kind != N_STR && kw->kind != N_BOOL)
        nogil_node(ti, kw, nc);
    }
    nogil_list(ti, &n->body, nc);
    nogil_list(ti, &n->orelse, nc);
    return;
  case N_ASSIGN:
  case N_ANNASSIGN:
  case N_AUGASSIGN: {
    NodeList targets = n->kind == N_ASSIGN ? n->list : (NodeList){0};
    Node *single[1] = {n->a};
    Node **tv = n->kind == N_ASSIGN ? (Node **)targets.items : single;
    int nt = n->kind == N_ASSIGN ? targets.len : 1;
    for (int i = 0; i < nt; i++) {
      Node *t = tv[i];
      if (t->kind == N_NAME && t->sym && t->sym->kind == S_LOCAL && t->sym->ty) {
        if (type_is_view(t->sym->ty)) {
          if (n->kind != N_AUGASSIGN) {
            ERR(t, "assigning the memoryview '%s' takes a reference to its object: not supported "
                   "without the GIL (%s)",
                t->str, nc->where);
            return;
          }
        } else if (type_is_object(t->sym->ty) || type_is_pyint(t->sym->ty)) {
          object_error(ti, t, nc, expr_desc(ti, t), t->sym->ty->name);
          return;
        }
      } else if (t->kind != N_NAME)
        nogil_node(ti, t, nc);
    }
    if (n->kind == N_ANNASSIGN && !n->b)
      return;
    nogil_node(ti, n->b, nc);
    return;
  }
  case N_CALL:
    if (n->fn && !n->fn->is_nogil && !nc->in_gil) {
      ERR(n, "calling %s() needs the GIL (%s); declare it @cython.nogil to call it here",
          n->fn->name, nc->where);
      return;
    }
    if (n->a->kind == N_ATTR && numpy_is_module(ti, n->a->a)) {
      ERR(n, "NumPy allocation creates a Python object: not allowed without the GIL (%s)",
          nc->where);
      return;
    }
    break;
  default:
    break;
  }
  int64_t lit;
  if (const_int_value(n, &lit)) /* an int literal takes the C type its context needs */
    return;
  if (is_expr(n) && n->ty && (type_is_object(n->ty) || type_is_pyint(n->ty)) && !(n->kind == N_STR)) {
    object_error(ti, n, nc, expr_desc(ti, n), n->ty->name);
    return;
  }
  if (n->kind == N_STR) {
    object_error(ti, n, nc, "a string", "str");
    return;
  }
  if (n->kind == N_CALL) { /* the callee names a function, not a value */
    nogil_list(ti, &n->list, nc);
    for (int i = 0; i < n->list2.len; i++)
      nogil_node(ti, NODE_AT(n->list2, i)->a, nc);
    return;
  }
  if (n->kind == N_ATTR) /* cython.compiled, math.pi, a.shape */
    return;
  nogil_node(ti, n->a, nc);
  nogil_node(ti, n->b, nc);
  nogil_node(ti, n->c, nc);
  nogil_list(ti, &n->list, nc);
  nogil_list(ti, &n->list2, nc);
  nogil_list(ti, &n->body, nc);
  nogil_list(ti, &n->orelse, nc);
}

static void check_nogil(TI *ti, NodeList *body, const char *where) {
  if (!ti->report)
    return;
  NogilCheck nc = {.where = where};
  nogil_list(ti, body, &nc);
}

/* ---- variable classification */

typedef struct Use {
  Symbol *sym;
  int plain;      /* assigned with =, as a loop target */
  Op op;          /* in-place operator or OP_LT/OP_GT (min/max); OP_NONE if none yet */
  bool mixed;     /* two different reduction operators */
  Node *red_at;   /* first reduction update */
  Node *mixed_at;
  Node *read_at;  /* first read other than by its own reduction updates */
} Use;

typedef struct Classify {
  Function *fn;
  Use *uses;          /* by local index */
  Node *skip;         /* a nested region analysed on its own (a prange inside parallel()) */
  PtrVec stores;      /* SUBSCRIPT targets stored to */
} Classify;

static Use *use_of(Classify *c, Symbol *s) {
  if (!s || s->kind != S_LOCAL || s->index < 0 || s->index >= c->fn->locals.len ||
      c->fn->locals.items[s->index] != s)
    return NULL;
  Use *u = &c->uses[s->index];
  u->sym = s;
  return u;
}

static bool same_expr(const Node *a, const Node *b) {
  if (!a || !b)
    return a == b;
  if (a->kind != b->kind || a->op != b->op || a->list.len != b->list.len)
    return false;
  switch (a->kind) {
  case N_NAME: return strcmp(a->str, b->str) == 0;
  case N_INT: return !a->big && !b->big && a->ival == b->ival;
  case N_FLOAT: return a->fval == b->fval;
  case N_ATTR: return strcmp(a->str, b->str) == 0 && same_expr(a->a, b->a);
  case N_BINOP:
  case N_UNARY:
  case N_SUBSCRIPT:
  case N_CALL:
    if (!same_expr(a->a, b->a) || !same_expr(a->b, b->b) || a->list2.len || b->list2.len)
      return false;
    for (int i = 0; i < a->list.len; i++)
      if (!same_expr(NODE_AT(a->list, i), NODE_AT(b->list, i)))
        return false;
    return true;
  default:
    return false;
  }
}

static bool mentions(const Node *n, const Symbol *s) {
  if (!n)
    return false;
  if (n->kind == N_NAME && n->sym == s)
    return true;
  if (mentions(n->a, s) || mentions(n->b, s) || mentions(n->c, s))
    return true;
  for (int i = 0; i < n->list.len; i++)
    if (mentions(NODE_AT(n->list, i), s))
      return true;
  for (int i = 0; i < n->list2.len; i++)
    if (mentions(NODE_AT(n->list2, i), s))
      return true;
  return false;
}

static void reduce(Classify *c, Symbol *s, Op op, Node *at) {
  Use *u = use_of(c, s);
  if (!u)
    return;
  if (u->op == OP_NONE) {
    u->op = op;
    u->red_at = at;
  } else if (u->op != op && !u->mixed) {
    u->mixed = true;
    u->mixed_at = at;
  }
}

static void reads_in(TI *ti, Classify *c, Node *e);

/* `m = max(m, v)` / `m = min(m, v)`: the operand that is not m, or NULL. */
static Node *minmax_update(TI *ti, Node *s, Op *op) {
  if (s->kind != N_ASSIGN || s->list.len != 1 || NODE_AT(s->list, 0)->kind != N_NAME)
    return NULL;
  Node *t = NODE_AT(s->list, 0), *v = s->b;
  if (v->kind != N_CALL || v->list.len != 2 || v->list2.len || v->a->kind != N_NAME)
    return NULL;
  Symbol *f = lookup(ti, v->a->str);
  if (!f || f->kind != S_BUILTIN || (f->builtin != B_MAX && f->builtin != B_MIN))
    return NULL;
  Node *x = NODE_AT(v->list, 0), *y = NODE_AT(v->list, 1);
  Node *other = x->kind == N_NAME && x->sym == t->sym ? y : y->kind == N_NAME && y->sym == t->sym ? x : NULL;
  if (!other || mentions(other, t->sym))
    return NULL;
  *op = f->builtin == B_MAX ? OP_GT : OP_LT;
  return other;
}

/* `if v > m: m = v` (>, >=, <, <=, either side): the value v, or NULL. */
static Node *if_minmax_update(Node *s, Symbol **target, Op *op) {
  if (s->kind != N_IF || s->orelse.len || s->body.len != 1 || s->a->kind != N_COMPARE ||
      s->a->list.len != 2)
    return NULL;
  Node *as = NODE_AT(s->body, 0);
  if (as->kind != N_ASSIGN || as->list.len != 1 || NODE_AT(as->list, 0)->kind != N_NAME)
    return NULL;
  Symbol *m = NODE_AT(as->list, 0)->sym;
  Node *l = NODE_AT(s->a->list, 0), *r = NODE_AT(s->a->list, 1);
  Op cmp = s->a->ops[0];
  if (cmp != OP_LT && cmp != OP_LE && cmp != OP_GT && cmp != OP_GE)
    return NULL;
  bool greater = cmp == OP_GT || cmp == OP_GE; /* left > right */
  Node *v;
  if (r->kind == N_NAME && r->sym == m)
    v = l; /* v > m: max */
  else if (l->kind == N_NAME && l->sym == m) {
    v = r; /* m < v: max */
    greater = !greater;
  } else
    return NULL;
  if (!same_expr(v, as->b) || mentions(v, m))
    return NULL;
  *target = m;
  *op = greater ? OP_GT : OP_LT;
  return v;
}

static void reads_in(TI *ti, Classify *c, Node *e) {
  if (!e)
    return;
  if (e->kind == N_NAME) {
    Use *u = use_of(c, e->sym);
    if (u && !u->read_at)
      u->read_at = e;
    return;
  }
  if (e->kind == N_CALL) {
    for (int i = 0; i < e->list.len; i++)
      reads_in(ti, c, NODE_AT(e->list, i));
    for (int i = 0; i < e->list2.len; i++)
      reads_in(ti, c, NODE_AT(e->list2, i)->a);
    return;
  }
  if (e->kind == N_ATTR) {
    reads_in(ti, c, e->a);
    return;
  }
  reads_in(ti, c, e->a);
  reads_in(ti, c, e->b);
  reads_in(ti, c, e->c);
  for (int i = 0; i < e->list.len; i++)
    reads_in(ti, c, NODE_AT(e->list, i));
}

static void target(TI *ti, Classify *c, Node *t) {
  if (t->kind == N_NAME) {
    Use *u = use_of(c, t->sym);
    if (u)
      u->plain++;
  } else if (t->kind == N_SUBSCRIPT) {
    vec_push(ti->a, &c->stores, t);
    reads_in(ti, c, t->a);
    for (int i = 0; i < t->list.len; i++)
      reads_in(ti, c, NODE_AT(t->list, i));
  }
}

static void classify_stmts(TI *ti, Classify *c, NodeList *l);

static void classify_stmt(TI *ti, Classify *c, Node *s) {
  if (s == c->skip)
    return;
  Op op;
  Symbol *m;
  Node *v;
  switch (s->kind) {
  case N_ASSIGN:
    if ((v = minmax_update(ti, s, &op))) {
      reduce(c, NODE_AT(s->list, 0)->sym, op, s);
      reads_in(ti, c, v);
      return;
    }
    reads_in(ti, c, s->b);
    for (int i = 0; i < s->list.len; i++)
      target(ti, c, NODE_AT(s->list, i));
    return;
  case N_ANNASSIGN:
    if (s->b) {
      reads_in(ti, c, s->b);
      target(ti, c, s->a);
    }
    return;
  case N_AUGASSIGN:
    reads_in(ti, c, s->b);
    if (s->a->kind == N_NAME) {
      Op rop = s->op == OP_SUB ? OP_ADD : s->op;
      if (rop == OP_ADD || rop == OP_MUL || rop == OP_BITAND || rop == OP_BITOR || rop == OP_BITXOR)
        reduce(c, s->a->sym, rop, s);
      else {
        /* not a reduction operator: a private if assigned first, otherwise reported */
        Use *u = use_of(c, s->a->sym);
        if (u) {
          u->plain++;
          if (!u->read_at)
            u->read_at = s->a;
        }
      }
    } else
      target(ti, c, s->a);
    return;
  case N_IF:
    if ((v = if_minmax_update(s, &m, &op))) {
      reduce(c, m, op, s);
      reads_in(ti, c, v);
      return;
    }
    reads_in(ti, c, s->a);
    classify_stmts(ti, c, &s->body);
    classify_stmts(ti, c, &s->orelse);
    return;
  case N_WHILE:
    reads_in(ti, c, s->a);
    classify_stmts(ti, c, &s->body);
    classify_stmts(ti, c, &s->orelse);
    return;
  case N_FOR:
    reads_in(ti, c, s->b);
    target(ti, c, s->a);
    classify_stmts(ti, c, &s->body);
    classify_stmts(ti, c, &s->orelse);
    return;
  case N_WITH:
    classify_stmts(ti, c, &s->body);
    return;
  case N_EXPRSTMT:
  case N_RETURN:
    reads_in(ti, c, s->a);
    return;
  case N_ASSERT:
    reads_in(ti, c, s->a);
    reads_in(ti, c, s->b);
    return;
  default:
    return;
  }
}

static void classify_stmts(TI *ti, Classify *c, NodeList *l) {
  for (int i = 0; i < l->len; i++)
    classify_stmt(ti, c, NODE_AT(*l, i));
}

/* ---- read before assigned (private variables start undefined in each iteration) */

typedef struct Def {
  int n;
  const bool *check;   /* the privates, by local index */
  bool *reported;
  bool *cont;          /* assigned at every `continue` of the region's own loop (NULL: none yet) */
  int depth;           /* nested loops */
  Node *skip;
  int mode;            /* 0: reads in the body; 1: reads after a prange; 2: after a parallel() block */
  int region_line;
} Def;

static bool *dset(TI *ti, Def *d, const bool *from) {
  bool *s = arena_alloc(ti->a, (size_t)(d->n ? d->n : 1));
  if (from)
    memcpy(s, from, (size_t)d->n);
  return s;
}

static void def_reads(TI *ti, Def *d, Node *e, bool *in) {
  if (!e)
    return;
  if (e->kind == N_NAME && e->sym && e->sym->kind == S_LOCAL && e->sym->index < d->n &&
      d->check[e->sym->index] && !in[e->sym->index] && !d->reported[e->sym->index]) {
    d->reported[e->sym->index] = true;
    if (d->mode == 1)
      ERR(e, "'%s' is assigned on only some paths of the prange body (line %d), so after the loop "
             "it has no defined value; assign it in every iteration",
          e->str, d->region_line);
    else if (d->mode == 2)
      ERR(e, "'%s' is private to each thread of the parallel() block (assigned in it, line %d), "
             "so it has no value after the block",
          e->str, d->region_line);
    else
      ERR(e, "'%s' is read before the body assigns it: each thread has its own '%s', so the value "
             "here would be undefined (assign it first in each iteration)",
          e->str, e->str);
  }
  if (e->kind == N_ATTR) {
    def_reads(ti, d, e->a, in);
    return;
  }
  def_reads(ti, d, e->a, in);
  def_reads(ti, d, e->b, in);
  def_reads(ti, d, e->c, in);
  for (int i = 0; i < e->list.len; i++)
    def_reads(ti, d, NODE_AT(e->list, i), in);
  for (int i = 0; i < e->list2.len; i++)
    def_reads(ti, d, NODE_AT(e->list2, i), in);
}

static void def_assign(Def *d, Node *t, bool *in) {
  if (t->kind == N_NAME && t->sym && t->sym->kind == S_LOCAL && t->sym->index < d->n)
    in[t->sym->index] = true;
}

static void all_true(Def *d, bool *s) { memset(s, 1, (size_t)d->n); }

/* Returns false when the path ends (continue, break, raise). */
static bool def_stmts(TI *ti, Def *d, NodeList *l, bool *in);

static bool def_stmt(TI *ti, Def *d, Node *s, bool *in) {
  if (s == d->skip)
    return true;
  switch (s->kind) {
  case N_ASSIGN:
    def_reads(ti, d, s->b, in);
    for (int i = 0; i < s->list.len; i++) {
      Node *t = NODE_AT(s->list, i);
      if (t->kind == N_SUBSCRIPT)
        def_reads(ti, d, t, in);
    }
    for (int i = 0; i < s->list.len; i++)
      def_assign(d, NODE_AT(s->list, i), in);
    return true;
  case N_ANNASSIGN:
    if (s->b) {
      def_reads(ti, d, s->b, in);
      def_assign(d, s->a, in);
    }
    return true;
  case N_AUGASSIGN:
    def_reads(ti, d, s->a, in);
    def_reads(ti, d, s->b, in);
    return true;
  case N_EXPRSTMT:
  case N_ASSERT:
    def_reads(ti, d, s->a, in);
    def_reads(ti, d, s->b, in);
    return true;
  case N_IF: {
    def_reads(ti, d, s->a, in);
    bool *t = dset(ti, d, in), *f = dset(ti, d, in);
    if (!def_stmts(ti, d, &s->body, t))
      all_true(d, t);
    if (!def_stmts(ti, d, &s->orelse, f))
      all_true(d, f);
    for (int i = 0; i < d->n; i++)
      in[i] = t[i] && f[i];
    return true;
  }
  case N_WHILE:
  case N_FOR: {
    def_reads(ti, d, s->kind == N_WHILE ? s->a : s->b, in);
    bool *b = dset(ti, d, in);
    if (s->kind == N_FOR)
      def_assign(d, s->a, b);
    d->depth++;
    def_stmts(ti, d, &s->body, b);
    d->depth--;
    bool *e = dset(ti, d, in);
    def_stmts(ti, d, &s->orelse, e);
    return true;
  }
  case N_WITH:
    return def_stmts(ti, d, &s->body, in);
  case N_CONTINUE:
    if (d->depth == 0) {
      if (!d->cont)
        d->cont = dset(ti, d, in);
      else
        for (int i = 0; i < d->n; i++)
          d->cont[i] = d->cont[i] && in[i];
    }
    return false;
  case N_RETURN:
    def_reads(ti, d, s->a, in);
    return false;
  case N_BREAK:
  case N_RAISE:
    return false;
  default:
    return true;
  }
}

static bool def_stmts(TI *ti, Def *d, NodeList *l, bool *in) {
  for (int i = 0; i < l->len; i++)
    if (!def_stmt(ti, d, NODE_AT(*l, i), in))
      return false;
  return true;
}

/* ---- reads after a region: a private's value there is undefined until it is assigned again */

static bool find_path(NodeList *l, Node *target, PtrVec *lists, PtrVec *idx, Arena *a) {
  for (int i = 0; i < l->len; i++) {
    Node *st = NODE_AT(*l, i);
    if (st == target || find_path(&st->body, target, lists, idx, a) ||
        find_path(&st->orelse, target, lists, idx, a)) {
      vec_push(a, lists, l);
      vec_push(a, idx, (void *)(intptr_t)i);
      return true;
    }
  }
  return false;
}

static void check_after(TI *ti, Function *fn, Node *region, Symbol *s, int mode) {
  PtrVec lists = {0}, idx = {0};
  if (!find_path(&fn->def->body, region, &lists, &idx, ti->a))
    return;
  int n = fn->locals.len;
  bool *check = arena_alloc(ti->a, (size_t)(n ? n : 1));
  check[s->index] = true;
  Def d = {.n = n, .check = check, .reported = arena_alloc(ti->a, (size_t)(n ? n : 1)),
           .mode = mode, .region_line = region->line};
  for (int level = 0; level < lists.len && !d.reported[s->index]; level++) {
    NodeList *l = lists.items[level];
    int from = (int)(intptr_t)idx.items[level] + 1;
    NodeList rest = {0};
    for (int i = from; i < l->len; i++)
      vec_push(ti->a, &rest, NODE_AT(*l, i));
    bool *in = dset(ti, &d, NULL);
    if (!def_stmts(ti, &d, &rest, in) || in[s->index])
      return; /* the path ends, or x is assigned again first */
  }
}

/* ---- loop-invariant element writes */

static bool varies(TI *ti, const Node *e, const bool *variant) {
  if (!e)
    return false;
  if (e->kind == N_NAME && e->sym && e->sym->kind == S_LOCAL && variant[e->sym->index])
    return true;
  if (e->kind == N_CALL && parallel_builtin(ti, e->a) == B_THREADID)
    return true;
  if (e->kind == N_CALL && e->fn)
    return true; /* a function's result may vary */
  if (varies(ti, e->a, variant) || varies(ti, e->b, variant) || varies(ti, e->c, variant))
    return true;
  for (int i = 0; i < e->list.len; i++)
    if (varies(ti, NODE_AT(e->list, i), variant))
      return true;
  return false;
}

static void check_stores(TI *ti, Classify *c, const bool *variant, const char *where) {
  for (int i = 0; i < c->stores.len; i++) {
    Node *t = c->stores.items[i];
    if (!t->a->ty || !type_is_view(t->a->ty) || (t->flags & NF_SLICE))
      continue;
    bool any = false;
    for (int k = 0; k < t->list.len && !any; k++)
      any = varies(ti, NODE_AT(t->list, k), variant);
    if (!any)
      ERR(t, "every %s writes the same element %s: a data race (the threads would overwrite "
             "each other); use a scalar reduction, or index by the loop variable",
          where, arena_printf(ti->a, "of '%s'", t->a->kind == N_NAME ? t->a->str : "the view"));
  }
}

static ParVar *add_var(TI *ti, ParRegion *r, Symbol *s, ParVarKind k, Op op) {
  ParVar *v = arena_alloc(ti->a, sizeof *v);
  v->sym = s;
  v->kind = k;
  v->op = op;
  vec_push(ti->a, &r->vars, v);
  return v;
}

static const char *red_desc(TI *ti, Op op) {
  if (op == OP_GT || op == OP_LT)
    return op == OP_GT ? "max()" : "min()";
  return arena_printf(ti->a, "'%s='", op == OP_ADD ? "+" : op_spelling[op]);
}

/* Classifies the locals a prange body (or a parallel() block) assigns; returns the private
 * flags by local index. */
static bool *classify(TI *ti, ParRegion *r, NodeList *body, Node *skip, const bool *outer_variant) {
  Function *fn = ti->cur;
  int n = fn->locals.len;
  Classify c = {.fn = fn, .skip = skip};
  c.uses = arena_alloc(ti->a, sizeof(Use) * (size_t)(n ? n : 1));
  for (int i = 0; i < n; i++)
    c.uses[i].sym = fn->locals.items[i];
  classify_stmts(ti, &c, body);
  bool *priv = arena_alloc(ti->a, (size_t)(n ? n : 1));
  bool *variant = arena_alloc(ti->a, (size_t)(n ? n : 1));
  if (outer_variant)
    memcpy(variant, outer_variant, (size_t)n);
  const char *where = r->kind == PR_PRANGE ? "iteration" : "thread of the parallel() block";
  for (int i = 0; i < n; i++) {
    Use *u = &c.uses[i];
    Symbol *s = u->sym;
    if (s == r->index)
      continue;
    if (u->plain) {
      priv[i] = variant[i] = true;
      continue;
    }
    if (u->op == OP_NONE)
      continue;
    /* a reduction */
    if (r->kind == PR_PARALLEL) {
      ERR(u->red_at, "'%s' is updated with %s in a parallel() block outside a prange loop: every "
                     "thread would update it at once (a data race); reduce inside a prange loop",
          s->name, red_desc(ti, u->op));
      continue;
    }
    if (u->mixed) {
      ERR(u->mixed_at, "'%s' is updated with both %s and %s in the prange body: a reduction "
                       "variable takes one operator",
          s->name, red_desc(ti, u->op), red_desc(ti, u->mixed_at->kind == N_AUGASSIGN
                                                      ? (u->mixed_at->op == OP_SUB ? OP_ADD : u->mixed_at->op)
                                                      : (u->op == OP_GT ? OP_LT : OP_GT)));
      continue;
    }
    if (u->read_at) {
      ERR(u->read_at, "'%s' is a reduction variable (updated with %s) and is also read in the "
                      "prange body: each thread sees only its own partial value, so the read "
                      "would race with the reduction",
          s->name, red_desc(ti, u->op));
      continue;
    }
    if (s->ty && type_is_complex(s->ty) &&
        (u->op == OP_BITAND || u->op == OP_BITOR || u->op == OP_BITXOR))
      continue; /* typing already reported the operator */
    if (s->ty && type_is_complex(s->ty) && u->op != OP_ADD && u->op != OP_MUL) {
      ERR(u->red_at, "the complex reduction variable '%s' takes only '+=', '-=' or '*=' (not %s)",
          s->name, red_desc(ti, u->op));
      continue;
    }
    /* complex: OpenMP reduces double/float _Complex with + and * (GCC combines the partial
     * results with C's own complex + and *) */
    if (s->ty && !type_is_cnum(s->ty) && !type_is_complex(s->ty) &&
        !type_is_object(s->ty)) { /* objects: reported as such */
      ERR(u->red_at, "the reduction variable '%s' must have a C number type (it is %s)", s->name,
          s->ty->name);
      continue;
    }
    if ((u->op == OP_BITAND || u->op == OP_BITOR || u->op == OP_BITXOR) && s->ty &&
        s->ty->kind == T_FLOAT)
      continue; /* typing already reported it */
    add_var(ti, r, s, PV_REDUCTION, u->op);
  }
  if (r->index)
    variant[r->index->index] = true;
  check_stores(ti, &c, variant, where);
  /* read before assigned, and what is assigned at the end of every iteration */
  Def d = {.n = n, .check = priv, .reported = arena_alloc(ti->a, (size_t)(n ? n : 1)), .skip = skip};
  bool *in = dset(ti, &d, NULL);
  if (r->index)
    in[r->index->index] = true;
  bool ends = def_stmts(ti, &d, body, in);
  if (!ends)
    all_true(&d, in);
  if (d.cont)
    for (int i = 0; i < n; i++)
      in[i] = in[i] && d.cont[i];
  for (int i = 0; i < n; i++) {
    if (!priv[i])
      continue;
    Symbol *s = fn->locals.items[i];
    if (s->ty && type_is_view(s->ty))
      continue; /* reported as needing the GIL */
    if (r->kind == PR_PARALLEL) {
      check_after(ti, fn, r->node, s, 2);
      add_var(ti, r, s, PV_PRIVATE, OP_NONE);
    } else if (in[i])
      add_var(ti, r, s, PV_LASTPRIVATE, OP_NONE);
    else {
      check_after(ti, fn, r->node, s, 1);
      add_var(ti, r, s, PV_PRIVATE, OP_NONE);
    }
  }
  return priv;
}

/* ---- prange */

static bool int_arg(TI *ti, Node *e, const char *what) {
  Type *t = tx(ti, e);
  int64_t v;
  if (!t || const_int_value(e, &v))
    return t != NULL;
  if (!type_is_cint(t)) {
    ERR(e, "%s must be a C integer (it is %s)", what, t->name);
    return false;
  }
  return true;
}

void *parallel_enter_for(TI *ti, Node *s) {
  if (s->b->kind != N_CALL || parallel_builtin(ti, s->b->a) != B_PRANGE)
    return NULL;
  Node *call = s->b;
  bool nogil_kw = false;
  const char *schedule = NULL;
  Node *chunk = NULL, *nthreads = NULL;
  for (int i = 0; i < call->list2.len; i++) {
    Node *kw = NODE_AT(call->list2, i);
    if (strcmp(kw->str, "nogil") == 0) {
      if (kw->a->kind != N_BOOL)
        ERR(kw->a, "prange(nogil=...) takes True or False");
      else
        nogil_kw = kw->a->ival;
    } else if (strcmp(kw->str, "schedule") == 0) {
      if (kw->a->kind == N_STR &&
          (strcmp(kw->a->str, "static") == 0 || strcmp(kw->a->str, "dynamic") == 0 ||
           strcmp(kw->a->str, "guided") == 0 || strcmp(kw->a->str, "runtime") == 0))
        schedule = kw->a->str;
      else
        ERR(kw->a, "prange(schedule=...) takes 'static', 'dynamic', 'guided' or 'runtime'");
    } else if (strcmp(kw->str, "chunksize") == 0) {
      chunk = kw->a;
      int64_t v;
      if (const_int_value(chunk, &v) && v <= 0)
        ERR(chunk, "prange(chunksize=...) must be positive");
      else
        int_arg(ti, chunk, "prange(chunksize=...)");
    } else if (strcmp(kw->str, "num_threads") == 0) {
      nthreads = kw->a;
      int64_t v;
      if (const_int_value(nthreads, &v) && v <= 0)
        ERR(nthreads, "prange(num_threads=...) must be positive");
      else
        int_arg(ti, nthreads, "prange(num_threads=...)");
    } else
      ERR(kw, "prange() got an unexpected keyword argument '%s'", kw->str);
  }
  if (chunk && (!schedule || strcmp(schedule, "runtime") == 0))
    ERR(chunk, "prange(chunksize=...) needs schedule='static', 'dynamic' or 'guided'");
  ParCtx *outer = ti->par;
  bool was_nogil = ti->nogil;
  ParCtx *block = outer && outer->kind == PR_PARALLEL ? outer : NULL;
  if (enclosing(ti, PR_PRANGE))
    ERR(s, "nested prange loops are not supported by pyc2c yet; make the inner loop a range()");
  else if (!was_nogil && !nogil_kw)
    ERR(call, "prange() needs the GIL released: pass nogil=True or put the loop inside "
              "'with cython.nogil:'");
  if (enclosing(ti, PR_PARALLEL) && !block)
    ERR(s, "a prange loop inside a parallel() block must be one of the block's own statements "
           "(not inside an if, a loop or another block)");
  else if (block) {
    bool top = false;
    for (int i = 0; i < block->block_body->len; i++)
      top = top || NODE_AT(*block->block_body, i) == s;
    if (!top)
      ERR(s, "a prange loop inside a parallel() block must be one of the block's own statements "
             "(not inside an if, a loop or another block)");
    if (nthreads)
      ERR(nthreads, "num_threads belongs to the parallel() block, not to a prange loop inside it");
  }
  ParCtx *c = push(ti, PR_PRANGE, true);
  if (c->r) {
    c->r->node = s;
    c->r->schedule = schedule;
    c->r->chunksize = chunk;
    c->r->num_threads = nthreads;
    c->r->release_gil = !was_nogil;
    c->r->dynamic_release = !was_nogil && ti->cur->is_nogil;
    c->r->in_block = block != NULL;
    c->r->index = s->a->kind == N_NAME ? s->a->sym : NULL;
  }
  return c;
}

void parallel_leave_for(TI *ti, Node *s, void *ctx) {
  ParCtx *c = ctx;
  if (!c)
    return;
  pop(ti, c);
  if (!c->r)
    return;
  ParRegion *r = c->r;
  if (c->starts_nogil)
    check_nogil(ti, &s->body, "in a prange body");
  bool *outer_variant = NULL;
  if (r->in_block) {
    /* the block's privates differ between threads */
    ParCtx *b = c->outer;
    int n = ti->cur->locals.len;
    bool *v = arena_alloc(ti->a, (size_t)(n ? n : 1));
    Classify tmp = {.fn = ti->cur};
    tmp.uses = arena_alloc(ti->a, sizeof(Use) * (size_t)(n ? n : 1));
    classify_stmts(ti, &tmp, b->block_body);
    for (int i = 0; i < n; i++)
      v[i] = tmp.uses[i].plain > 0;
    outer_variant = v;
  }
  classify(ti, r, &s->body, NULL, outer_variant);
  vec_push(ti->a, &ti->mi->par_regions, r);
  ti->mi->uses_openmp = true;
}

/* ---- with cython.nogil / cython.gil / parallel() */

bool parallel_with(TI *ti, Node *s) {
  bool nogil = false, gil = false;
  Node *par = NULL;
  int other = 0;
  for (int i = 0; i < s->list.len; i++) {
    Node *it = NODE_AT(s->list, i);
    if (with_item_is(ti, it, "nogil"))
      nogil = true;
    else if (with_item_is(ti, it, "gil"))
      gil = true;
    else if (it->kind == N_CALL && parallel_builtin(ti, it->a) == B_PARALLEL)
      par = it;
    else if (it->kind == N_CALL && (with_item_is(ti, it->a, "nogil") || with_item_is(ti, it->a, "gil"))) {
      ERR(it, "cython.%s takes no arguments here: write 'with cython.%s:'", it->a->str, it->a->str);
      return false;
    } else
      other++;
  }
  if (!nogil && !gil && !par)
    return false;
  if (other) {
    ERR(s, "pyc2c does not combine cython.nogil, cython.gil or parallel() with other context "
           "managers in one 'with'; nest them");
    return true;
  }
  if (gil && (nogil || par)) {
    ERR(s, "'with cython.gil' cannot be combined with cython.nogil or parallel()");
    return true;
  }
  ParCtx *c;
  if (gil) {
    if (!ti->nogil)
      ERR(s, "'with cython.gil:' outside a region without the GIL (the GIL is already held)");
    if (enclosing(ti, PR_PARALLEL) && !enclosing(ti, PR_PRANGE))
      ERR(s, "'with cython.gil:' directly in a parallel() block is not supported by pyc2c yet; "
             "use it inside a prange loop or a nogil function");
    c = push(ti, PR_GIL, false);
  } else if (par) {
    if (!nogil && !ti->nogil)
      ERR(par, "parallel() needs the GIL released: write 'with cython.nogil, parallel():'");
    if (enclosing(ti, PR_PARALLEL) || enclosing(ti, PR_PRANGE))
      ERR(par, "nested parallel regions are not supported by pyc2c");
    if (par->list.len)
      ERR(par, "parallel() takes only the keyword argument num_threads");
    Node *nthreads = NULL;
    for (int i = 0; i < par->list2.len; i++) {
      Node *kw = NODE_AT(par->list2, i);
      if (strcmp(kw->str, "num_threads") == 0) {
        nthreads = kw->a;
        int64_t v;
        if (const_int_value(nthreads, &v) && v <= 0)
          ERR(nthreads, "parallel(num_threads=...) must be positive");
        else
          int_arg(ti, nthreads, "parallel(num_threads=...)");
      } else
        ERR(kw, "parallel() got an unexpected keyword argument '%s'", kw->str);
    }
    bool was_nogil = ti->nogil;
    c = push(ti, PR_PARALLEL, true);
    c->block_body = &s->body;
    if (c->r) {
      c->r->num_threads = nthreads;
      c->r->release_gil = !was_nogil;
      c->r->dynamic_release = !was_nogil && ti->cur->is_nogil;
    }
  } else {
    if (ti->nogil)
      ERR(s, "'with cython.nogil:' inside a region that already runs without the GIL");
    c = push(ti, PR_NOGIL, true);
    if (c->r)
      c->r->release_gil = true;
  }
  if (c->r)
    c->r->node = s;
  ti_stmts(ti, &s->body);
  pop(ti, c);
  if (!c->r)
    return true;
  if (c->starts_nogil)
    check_nogil(ti, &s->body, par ? "in a parallel() block" : "inside 'with cython.nogil'");
  if (par) {
    /* The prange loops among the block's statements have their own regions: classify a copy of
     * the body without them (only their bounds, which every thread evaluates). */
    NodeList rest = {0};
    for (int i = 0; i < s->body.len; i++) {
      Node *st = NODE_AT(s->body, i);
      if (!(st->kind == N_FOR && st->b->kind == N_CALL && parallel_builtin(ti, st->b->a) == B_PRANGE))
        vec_push(ti->a, &rest, st);
      else {
        /* its bounds are evaluated by every thread */
        Node *bounds = node_new(ti->a, N_EXPRSTMT, st->line, st->col);
        bounds->a = st->b;
        vec_push(ti->a, &rest, bounds);
      }
    }
    classify(ti, c->r, &rest, NULL, NULL);
    ti->mi->uses_openmp = true;
  }
  vec_push(ti->a, &ti->mi->par_regions, c->r);
  return true;
}

/* ---- functions */

static Node *find_return(NodeList *l) {
  for (int i = 0; i < l->len; i++) {
    Node *s = NODE_AT(*l, i), *r;
    if (s->kind == N_RETURN)
      return s;
    if (s->kind != N_FUNCDEF && ((r = find_return(&s->body)) || (r = find_return(&s->orelse))))
      return r;
  }
  return NULL;
}

void parallel_check_function(TI *ti, Function *fn) {
  if (fn->is_nogil) {
    if (!fn->is_cfunc)
      ERR(fn->def, "@cython.nogil applies to @cython.cfunc functions (%s() is called from Python, "
                   "which holds the GIL)",
          fn->name);
    else {
      for (int i = 0; i < fn->nparams; i++)
        if (fn->params[i] && fn->params[i]->ty && type_is_object(fn->params[i]->ty))
          ERR(NODE_AT(fn->def->params, i),
              "parameter '%s' of @cython.nogil function %s() is a Python object (%s): give it a C "
              "type",
              fn->params[i]->name, fn->name, fn->params[i]->ty->name);
      if (fn->ret && type_is_object(fn->ret))
        ERR(fn->def, "@cython.nogil function %s() returns a Python object (%s)%s", fn->name,
            fn->ret->name,
            fn->ret_declared ? "" : ": annotate a C return type, and return a value on every path");
      check_nogil(ti, &fn->def->body, arena_printf(ti->a, "in @cython.nogil function %s()", fn->name));
    }
  }
  for (int i = 0; i < ti->mi->par_regions.len; i++) {
    ParRegion *r = ti->mi->par_regions.items[i];
    if (r->fn != fn)
      continue;
    Node *ret = r->kind == PR_NOGIL && fn->ret && type_is_object(fn->ret) ? find_return(&r->node->body) : NULL;
    if (ret)
      ERR(ret, "'return' inside 'with cython.nogil' from %s(), which returns a Python object (%s): "
               "the result would be made without the GIL; return after the block",
          fn->name, fn->ret->name);
    for (int k = 0; k < r->vars.len; k++) {
      ParVar *v = r->vars.items[k];
      if (v->kind == PV_REDUCTION && v->sym->maybe_unbound)
        ERR(r->node, "the reduction variable '%s' must be assigned before the prange loop",
            v->sym->name);
    }
  }
}

void parallel_finish(TI *ti) {
  for (int i = 0; i < ti->mi->funcs.len; i++) {
    Function *fn = ti->mi->funcs.items[i];
    if (fn->is_nogil && fn->recursive)
      ti_error(ti, fn->def,
               "%s() is @cython.nogil and recursive: pyc2c guards recursion depth with the GIL, so "
               "a nogil function cannot call itself",
               fn->name);
  }
}
