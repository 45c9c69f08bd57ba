/* parallel.c: C for prange loops, parallel() blocks and nogil/gil blocks (see
 * typeinfer/parallel.c for which variables are private, lastprivate or reductions).
 *
 *   for i in prange(n, nogil=True):          {
 *       total += x[i] * x[i]                    int pyc2c_stop3 = 0;
 *                                               PyThreadState *pyc2c_ts3 = PyEval_SaveThread();
 *                                             #pragma omp parallel for reduction(+:v_total) ...
 *                                               for (Py_ssize_t k3 = 0; k3 < s2; k3++) { ... }
 *                                               PyEval_RestoreThread(pyc2c_ts3);
 *                                             }
 *
 * The pragmas sit under #ifdef _OPENMP: a module built without OpenMP (--no-openmp) runs the
 * same loops serially. Temporaries of a region are declared inside it, so each thread has its
 * own. An error inside a parallel loop records the exception (runtime/parallel.c), sets the
 * region's stop flag, which every iteration tests, and ends its iteration; after the loop, with
 * the GIL back, the exception is raised with its .py line. A loop with a float += or *= reduction
 * and a body that cannot fail gets `simd` too (see simd_loop below). */
#include "emit/internal.h"
#include "typeinfer/parallel.h"
#include <string.h>

typedef struct ParEmit {
  ParRegion *r;
  struct ParEmit *outer;
  char *stop;   /* PR_PRANGE, PR_PARALLEL: the shared stop flag */
  char *next;   /* PR_PRANGE: ends the iteration; PR_PARALLEL: ends the current statement */
  char *gilerr; /* PR_NOGIL: takes the GIL back, then the function's error path */
  char *gstate; /* PR_GIL: the PyGILState_STATE to release */
  char *ts;     /* PR_NOGIL: the saved thread state */
  bool used;    /* an error path leads here */
} ParEmit;

static char *action(E *e, ParEmit *p, const char *line) {
  if (!p) {
    e->used_err = true;
    if (strncmp(line, "pyc2c_nogil_reraise(", 20) == 0)
      return arena_printf(e->a, "{ pyc2c_lineno = %s; goto pyc2c_error; }", line);
    return arena_printf(e->a, "{ pyc2c_lineno = pyc2c_nogil_reraise(%s); goto pyc2c_error; }", line);
  }
  p->used = true;
  switch (p->r->kind) {
  case PR_PRANGE:
  case PR_PARALLEL:
    return arena_printf(e->a, "{ pyc2c_par_fail(%s); PYC2C_STOP(%s); goto %s; }", line, p->stop,
                        p->next);
  case PR_NOGIL:
    return arena_printf(e->a, "{ pyc2c_lineno = %s; goto %s; }", line, p->gilerr);
  case PR_GIL:
    return arena_printf(e->a, "{ pyc2c_nogil_capture(); PyGILState_Release(%s); %s }", p->gstate,
                        action(e, p->outer, line));
  }
  return "";
}

const char *emit_par_err(E *e) { return action(e, e->par, arena_printf(e->a, "%d", e->line)); }

char *emit_parallel_call(E *e, Node *n) {
  if (n->kind != N_CALL || n->ty != &ty_int || n->list.len)
    return NULL;
  Node *c = n->a;
  bool tid = (c->kind == N_NAME && c->sym && c->sym->kind == S_BUILTIN && c->sym->builtin == B_THREADID) ||
             (c->kind == N_ATTR && strcmp(c->str, "threadid") == 0 && c->a->kind == N_ATTR &&
              strcmp(c->a->str, "parallel") == 0);
  (void)e;
  return tid ? "pyc2c_threadid()" : NULL;
}

/* ---- clauses */

static const char *red_op(Op op) {
  switch (op) {
  case OP_ADD: return "+";
  case OP_MUL: return "*";
  case OP_BITAND: return "&";
  case OP_BITOR: return "|";
  case OP_BITXOR: return "^";
  case OP_GT: return "max";
  case OP_LT: return "min";
  default: return "+";
  }
}

static bool block_private(ParEmit *block, Symbol *s) {
  if (!block)
    return false;
  for (int i = 0; i < block->r->vars.len; i++)
    if (((ParVar *)block->r->vars.items[i])->sym == s)
      return true;
  return false;
}

static void var_names(Buf *b, Symbol *s) {
  buf_printf(b, "%s%s", b->len ? ", " : "", s->cname);
  if (s->maybe_unbound)
    buf_printf(b, ", b_%s", s->name);
}

/* The loop variable as a C local of each iteration (no lastprivate copy per iteration), given
 * its last value after the loop: unless the body assigns it, or the loop is in a parallel()
 * block (every thread would store it). */
static bool local_index(ParRegion *r, ParEmit *block) {
  return r->index && !block && !body_assigns(&r->node->body, r->index);
}

static bool read_outside_list(const ModuleInfo *mi, const NodeList *l, const Symbol *s);

/* Does the code under n read s other than in the body of a prange loop over s (where s is the
 * loop's own copy)? Plain assignment targets are not reads. */
static bool read_outside(const ModuleInfo *mi, const Node *n, const Symbol *s) {
  if (!n)
    return false;
  if (n->kind == N_NAME)
    return n->sym == s;
  if (n->kind == N_FOR && n->a && n->a->sym == s && parallel_region(mi, n))
    return read_outside(mi, n->b, s) || read_outside_list(mi, &n->orelse, s);
  if (n->kind == N_ASSIGN) {
    for (int i = 0; i < n->list.len; i++)
      if (NODE_AT(n->list, i)->kind != N_NAME && read_outside(mi, NODE_AT(n->list, i), s))
        return true;
    return read_outside(mi, n->b, s);
  }
  bool target = (n->kind == N_ANNASSIGN || n->kind == N_FOR) && n->a && n->a->kind == N_NAME;
  return (!target && read_outside(mi, n->a, s)) || read_outside(mi, n->b, s) ||
         read_outside(mi, n->c, s) || read_outside_list(mi, &n->list, s) ||
         read_outside_list(mi, &n->list2, s) || read_outside_list(mi, &n->body, s) ||
         read_outside_list(mi, &n->orelse, s);
}

static bool read_outside_list(const ModuleInfo *mi, const NodeList *l, const Symbol *s) {
  for (int i = 0; i < l->len; i++)
    if (read_outside(mi, NODE_AT(*l, i), s))
      return true;
  return false;
}

static bool is_var(ParRegion *r, const Symbol *s) {
  for (int i = 0; i < r->vars.len; i++)
    if (((ParVar *)r->vars.items[i])->sym == s)
      return true;
  return s == r->index;
}

static void views_read(ParRegion *r, Node *n, Buf *b, PtrVec *seen, Arena *a);

static void views_read_list(ParRegion *r, NodeList *l, Buf *b, PtrVec *seen, Arena *a) {
  for (int i = 0; i < l->len; i++)
    views_read(r, NODE_AT(*l, i), b, seen, a);
}

/* Views and C scalars the region reads and does not assign: each thread takes its own copy
 * (firstprivate), a local of the outlined function the C compiler keeps in registers. Shared,
 * they would be read through a pointer that every store through a view may alias, which stops
 * hoisting (of loop-invariant checks too) and vectorisation. */
static void views_read(ParRegion *r, Node *n, Buf *b, PtrVec *seen, Arena *a) {
  if (!n)
    return;
  if (n->kind == N_NAME && n->sym && n->sym->kind == S_LOCAL && n->sym->ty &&
      (type_is_view(n->sym->ty) || type_is_cnum(n->sym->ty)) && !is_var(r, n->sym) &&
      !body_assigns(&r->node->body, n->sym)) { /* nor by a loop nested in a parallel() block */
    if (vec_has(seen, n->sym))
      return;
    vec_push(a, seen, n->sym);
    var_names(b, n->sym);
    return;
  }
  views_read(r, n->a, b, seen, a);
  views_read(r, n->b, b, seen, a);
  views_read(r, n->c, b, seen, a);
  views_read_list(r, &n->list, b, seen, a);
  views_read_list(r, &n->list2, b, seen, a);
  views_read_list(r, &n->body, b, seen, a);
  views_read_list(r, &n->orelse, b, seen, a);
}

static char *clauses(E *e, ParRegion *r, ParEmit *block) {
  Buf priv = {0}, last = {0}, all = {0}, first = {0};
  if (!block) { /* in a parallel() block, the block's clause gave each thread its copy */
    PtrVec seen = {0};
    views_read_list(r, &r->node->body, &first, &seen, e->a);
  }
  if (r->index && !local_index(r, block)) {
    if (block_private(block, r->index))
      var_names(&priv, r->index);
    else
      var_names(&last, r->index);
  }
  for (int i = 0; i < r->vars.len; i++) {
    ParVar *v = r->vars.items[i];
    if (v->kind == PV_REDUCTION && block_private(block, v->sym))
      continue; /* each thread of the block accumulates into its own copy: no clause needed */
    if (v->kind == PV_REDUCTION)
      buf_printf(&all, " reduction(%s:%s)", red_op(v->op), v->sym->cname);
    else if (v->kind == PV_LASTPRIVATE && !block_private(block, v->sym))
      var_names(&last, v->sym);
    else
      var_names(&priv, v->sym);
  }
  Buf out = {0};
  if (priv.len)
    buf_printf(&out, " private(%s)", priv.p);
  if (last.len)
    buf_printf(&out, " lastprivate(%s)", last.p);
  if (all.len)
    buf_printf(&out, "%s", all.p);
  if (first.len)
    buf_printf(&out, " firstprivate(%s)", first.p);
  char *res = arena_strdup(e->a, out.len ? out.p : "");
  buf_free(&priv);
  buf_free(&last);
  buf_free(&all);
  buf_free(&first);
  buf_free(&out);
  return res;
}

static void pragma(E *e, const char *text) {
  buf_printf(e->out, "#ifdef _OPENMP\n#pragma omp %s\n#endif\n", text);
}

/* A positive int for num_threads / chunksize (smaller values count as 1). */
static char *positive(E *e, Node *n) {
  char *t = c_temp(e, &ty_int);
  emitf(e, "%s = (int)%s;", t, ex_as(e, n, &ty_int));
  emitf(e, "if (%s < 1) %s = 1;", t, t);
  return t;
}

/* What a region's body is made of: its statements, or groups of interleaved iterations. */
typedef struct BodyParts {
  NodeList *stmts;
  ParRegion *r; /* groups: */
  Interleave *il;
  Type *lt;
  const char *k, *stop;
  bool local;
} BodyParts;

/* The body of a prange loop whose iterations are interleaved (interleave.c): the loop runs over
 * groups of INTERLEAVE_LANES iterations from k; a full group (when the views read early are
 * apart) runs side by side, a short last group (or every group, when they are not) as written. */
static void emit_groups(E *e, BodyParts *g) {
  Symbol *index = g->r->index;
  if (g->local)
    emitf(e, "%s %s;", index->ty->cname, index->cname);
  const char *apart = interleave_apart(g->il);
  emitf(e, "if (%s%s(unsigned long long)%s - (unsigned long long)%s >= %d) {", apart ? apart : "",
        apart ? " && " : "", g->stop, g->k, INTERLEAVE_LANES);
  e->indent++;
  interleave_group(e, g->il, g->k, g->lt);
  e->indent--;
  emitf(e, "} else {");
  e->indent++;
  char *kk = arena_printf(e->a, "%s_", g->k);
  emitf(e, "for (%s %s = %s; %s < %s && %s - %s < %d; %s++) {", g->lt->cname, kk, g->k, kk, g->stop,
        kk, g->k, INTERLEAVE_LANES, kk);
  e->indent++;
  emitf(e, "%s = (%s)%s;", index->cname, index->ty->cname, kk);
  for (int i = 0; i < g->stmts->len; i++)
    emit_stmt(e, NODE_AT(*g->stmts, i));
  e->indent--;
  emitf(e, "}");
  e->indent--;
  emitf(e, "}");
}

/* Emits a region's body into a buffer of its own, with its temporaries declared inside it. */
static Buf emit_body_parts(E *e, BodyParts *parts, Buf *decls) {
  Buf out = {0}, *saved_out = e->out;
  Buf saved_decls = e->decls;
  e->decls = (Buf){0};
  e->out = &out;
  Loop loop = {.outer = e->loop, .brk = NULL}, *saved_loop = e->loop;
  e->loop = &loop;
  if (parts->il)
    emit_groups(e, parts);
  else
    for (int i = 0; i < parts->stmts->len; i++)
      emit_stmt(e, NODE_AT(*parts->stmts, i));
  e->loop = saved_loop;
  *decls = e->decls;
  e->decls = saved_decls;
  e->out = saved_out;
  return out;
}

static void write_buf(E *e, Buf *b) {
  if (b->len)
    buf_write(e->out, b->p, b->len);
  buf_free(b);
}

static void release(E *e, ParRegion *r, char **ts) {
  if (!r->release_gil)
    return;
  int id = ++e->ntemps;
  *ts = arena_printf(e->a, "pyc2c_ts%d", id);
  emitf(e, "PyThreadState *%s = %s;", *ts,
        r->dynamic_release ? "pyc2c_release_if_held()" : "PyEval_SaveThread()");
}

static void restore(E *e, ParRegion *r, const char *ts) {
  if (!ts)
    return;
  if (r->dynamic_release)
    emitf(e, "if (%s) PyEval_RestoreThread(%s);", ts, ts);
  else
    emitf(e, "PyEval_RestoreThread(%s);", ts);
}

/* ---- prange */

/* Does the body hold a loop or a call of a module function (iterations worth skipping)? */
static bool heavy_node(const Node *n) {
  if (!n)
    return false;
  if (n->kind == N_FOR || n->kind == N_WHILE || (n->kind == N_CALL && n->fn))
    return true;
  if (heavy_node(n->a) || heavy_node(n->b) || heavy_node(n->c))
    return true;
  const NodeList *lists[] = {&n->list, &n->list2, &n->body, &n->orelse};
  for (size_t k = 0; k < sizeof lists / sizeof *lists; k++)
    for (int i = 0; i < lists[k]->len; i++)
      if (heavy_node(NODE_AT(*lists[k], i)))
        return true;
  return false;
}

static bool heavy(const NodeList *body) {
  for (int i = 0; i < body->len; i++)
    if (heavy_node(NODE_AT(*body, i)))
      return true;
  return false;
}

/* ---- simd: each thread's partial sum in vector lanes
 *
 * A float `+=`/`*=` reduction in a prange loop has no fixed order (OpenMP combines the threads'
 * partial results in any order), so each thread's own partial sum may be split over SIMD lanes
 * too: `#pragma omp parallel for simd`, which lets the C compiler vectorise the add chain that it
 * otherwise must keep serial (C forbids reassociating float adds). OpenMP's simd asks for a body
 * without jumps out of it, without dependencies between iterations other than the reductions,
 * and without calls that have effects, so the clause is added only when the body as emitted has
 * no error exit (no check, or the check-free copy of loop versioning), holds only assignments,
 * `if`s and calls of pure functions (math, abs, min, max, conversions) over C numbers and view
 * elements, and writes view elements at the loop variable only (in every dimension that is not a
 * constant), reading those views at the same elements. Never for min/max reductions (NaN
 * handling stays exactly the serial loop's), nor for serial range loops (bit-exact). */

static bool simd_pure_call(const Node *n) {
  if (n->fn || (n->flags & NF_OBJCALL))
    return false;
  Symbol *s = n->a->sym;
  if (s && s->kind == S_MATHFN)
    return true;
  if (s && s->kind == S_BUILTIN) {
    switch (s->builtin) {
    case B_ABS: case B_MIN: case B_MAX: case B_INT: case B_FLOAT: case B_BOOL: case B_LEN:
      return n->list2.len == 0;
    default:
      return false; /* threadid() among others: no OpenMP runtime call in a simd loop */
    }
  }
  /* cython.cast(T, x), cython.T(x), cython.sizeof(T): typeinfer left the operand in n->b */
  return !s && n->a->kind == N_ATTR && n->b && strcmp(n->a->str, "threadid") != 0;
}

typedef struct SimdScan {
  ParRegion *r;
  PtrVec stored;  /* view symbols the body writes */
  bool ok;
  Arena *a;
} SimdScan;

static void simd_expr(SimdScan *sc, const Node *n) {
  if (!n || !sc->ok)
    return;
  switch (n->kind) {
  case N_NAME: case N_INT: case N_FLOAT: case N_BOOL: case N_ATTR:
    return;
  case N_BINOP: case N_UNARY: case N_BOOLOP: case N_COMPARE: case N_IFEXP: case N_SUBSCRIPT:
    break;
  case N_CALL:
    if (!simd_pure_call(n))
      sc->ok = false;
    break;
  default:
    sc->ok = false;
    return;
  }
  if (n->kind == N_SUBSCRIPT && n->a->kind == N_ATTR && n->a->ty && type_is_view(n->a->ty)) {
    sc->ok = false; /* a.T[i]: the same memory under another name, which the checks below miss */
    return;
  }
  if (n->kind == N_SUBSCRIPT && n->a->kind != N_ATTR && /* a.shape[0] */
      (!n->a->ty || !type_is_view(n->a->ty) || (n->flags & NF_SLICE))) {
    sc->ok = false;
    return;
  }
  if (n->kind != N_CALL || n->a->kind != N_ATTR)
    simd_expr(sc, n->a);
  simd_expr(sc, n->b);
  simd_expr(sc, n->c);
  for (int i = 0; i < n->list.len; i++)
    simd_expr(sc, NODE_AT(n->list, i));
}

static void simd_target(SimdScan *sc, Node *t) {
  if (t->kind == N_NAME && t->sym && t->sym->kind == S_LOCAL && t->sym->ty &&
      type_is_cnum(t->sym->ty) && t->sym != sc->r->index)
    return;
  if (t->kind == N_SUBSCRIPT && t->a->kind == N_NAME && t->a->sym) {
    simd_expr(sc, t);
    if (!vec_has(&sc->stored, t->a->sym))
      vec_push(sc->a, &sc->stored, t->a->sym);
    return;
  }
  sc->ok = false;
}

static void simd_stmts(SimdScan *sc, const NodeList *l) {
  for (int i = 0; i < l->len && sc->ok; i++) {
    Node *s = NODE_AT(*l, i);
    switch (s->kind) {
    case N_PASS:
      break;
    case N_EXPRSTMT:
      if (s->a->kind != N_STR) /* a docstring-like string is no code */
        sc->ok = false;      /* a call for its effect */
      break;
    case N_ASSIGN:
      for (int k = 0; k < s->list.len; k++)
        simd_target(sc, NODE_AT(s->list, k));
      simd_expr(sc, s->b);
      break;
    case N_ANNASSIGN:
    case N_AUGASSIGN:
      simd_target(sc, s->a);
      if (s->b)
        simd_expr(sc, s->b);
      break;
    case N_IF:
      simd_expr(sc, s->a);
      simd_stmts(sc, &s->body);
      simd_stmts(sc, &s->orelse);
      break;
    default: /* loops, break, continue, with, raise, assert, return */
      sc->ok = false;
    }
  }
}

/* Every subscript of a view the body writes: at the loop variable (or a constant) in each
 * dimension, and at the loop variable in one at least, so no iteration touches another's element
 * of it. */
static void simd_stored_access(SimdScan *sc, const Node *n) {
  if (!n || !sc->ok)
    return;
  if (n->kind == N_SUBSCRIPT && n->a->kind == N_NAME) {
    if (vec_has(&sc->stored, n->a->sym)) {
      bool by_index = false;
      for (int d = 0; d < n->list.len; d++) {
        const Node *ix = NODE_AT(n->list, d);
        int64_t k;
        if (ix->kind == N_NAME && ix->sym == sc->r->index && sc->r->index)
          by_index = true;
        else if (!const_int_value(ix, &k) || k < 0)
          sc->ok = false;
      }
      if (!by_index)
        sc->ok = false;
    }
  }
  if (n->kind == N_NAME)
    return;
  simd_stored_access(sc, n->a);
  simd_stored_access(sc, n->b);
  simd_stored_access(sc, n->c);
  for (int i = 0; i < n->list.len; i++)
    simd_stored_access(sc, NODE_AT(n->list, i));
  for (int i = 0; i < n->body.len; i++)
    simd_stored_access(sc, NODE_AT(n->body, i));
  for (int i = 0; i < n->orelse.len; i++)
    simd_stored_access(sc, NODE_AT(n->orelse, i));
}

static bool simd_loop(E *e, ParRegion *r, ParEmit *block, bool can_fail) {
  if (can_fail || !r->index || body_assigns(&r->node->body, r->index))
    return false;
  bool float_sum = false;
  for (int i = 0; i < r->vars.len; i++) {
    ParVar *v = r->vars.items[i];
    if (v->kind != PV_REDUCTION)
      continue;
    /* a thread's own accumulator of a parallel() block has no clause: to simd, a dependency */
    if (v->op == OP_LT || v->op == OP_GT || block_private(block, v->sym))
      return false;
    if ((v->op == OP_ADD || v->op == OP_MUL) && v->sym->ty && type_is_cfloat(v->sym->ty))
      float_sum = true;
  }
  if (!float_sum)
    return false;
  SimdScan sc = {.r = r, .ok = true, .a = e->a};
  simd_stmts(&sc, &r->node->body);
  for (int i = 0; i < r->node->body.len && sc.ok && sc.stored.len; i++)
    simd_stored_access(&sc, NODE_AT(r->node->body, i));
  return sc.ok;
}

static char *bound(E *e, Node *n, Type *lt) {
  int64_t k;
  char *v = ex_as(e, n, lt);
  if (const_int_value(n, &k))
    return v;
  char *t = c_temp(e, lt);
  emitf(e, "%s = %s;", t, v);
  return t;
}

static void prange(E *e, Node *s, ParRegion *r, ParEmit *block) {
  Node *call = s->b;
  Type *lt = s->ty;
  int argc = call->list.len;
  char *start = "0", *stop, *step = "1";
  int64_t stepv = 1;
  bool step_const = true;
  if (argc == 1)
    stop = bound(e, NODE_AT(call->list, 0), lt);
  else {
    start = bound(e, NODE_AT(call->list, 0), lt);
    stop = bound(e, NODE_AT(call->list, 1), lt);
    if (argc == 3) {
      step_const = const_int_value(NODE_AT(call->list, 2), &stepv);
      step = bound(e, NODE_AT(call->list, 2), lt);
    }
  }
  if (!step_const)
    emitf(e, "if (PYC2C_UNLIKELY(%s == 0)) { pyc2c_raise_value(\"range() arg 3 must not be zero\"); %s }",
          step, err(e));
  char *nthreads = r->num_threads ? positive(e, r->num_threads) : NULL;
  char *chunk = r->chunksize ? positive(e, r->chunksize) : NULL;
  emit_release_temps(e); /* objects the bounds needed: released here, with the GIL */
  int id = ++e->ntemps;
  ParEmit p = {.r = r, .outer = e->par, .next = arena_printf(e->a, "L%d_next", id)};
  p.stop = block ? block->stop : arena_printf(e->a, "pyc2c_stop%d", id);
  emitf(e, "{");
  e->indent++;
  if (!block)
    emitf(e, "int %s = 0;", p.stop);
  char *k = arena_printf(e->a, "k%d", id), *n = NULL;
  if (!(step_const && (stepv == 1 || stepv == -1))) {
    n = c_temp(e, &ty_ulonglong);
    emitf(e, "%s = %s > 0 ? (%s < %s ? ((unsigned long long)%s - (unsigned long long)%s - 1) / "
             "(unsigned long long)%s + 1 : 0) : (%s > %s ? ((unsigned long long)%s - (unsigned long "
             "long)%s - 1) / (0ULL - (unsigned long long)%s) + 1 : 0);",
          n, step, start, stop, stop, start, step, start, stop, start, stop, step);
  }
  char *ts = NULL;
  if (!block)
    release(e, r, &ts);
  /* the body first: its temporaries and whether it can fail decide the loop's head */
  ParEmit *saved = e->par;
  e->par = &p;
  bool local = local_index(r, block);
  /* iterations that each run a scalar while loop: the loop runs over groups of them */
  Interleave *il = step_const && stepv == 1 && r->index ? interleave_plan(e, s) : NULL;
  e->indent++;
  Buf decls;
  BodyParts parts = {.stmts = &s->body, .r = r, .il = il, .lt = lt, .k = k, .stop = stop,
                     .local = local};
  Buf body = emit_body_parts(e, &parts, &decls);
  e->indent--;
  e->par = saved;
  Buf head = {0};
  buf_printf(&head, "%s%s", block ? "for" : "parallel for",
             !il && simd_loop(e, r, block, p.used) ? " simd" : "");
  if (nthreads)
    buf_printf(&head, " num_threads(%s)", nthreads);
  if (r->schedule)
    buf_printf(&head, " schedule(%s%s%s)", r->schedule, chunk ? ", " : "", chunk ? chunk : "");
  buf_printf(&head, "%s", clauses(e, r, block));
  /* No iteration, no region: lastprivate copies back only what an iteration assigned, as
   * Python leaves the variables alone when a loop runs zero times. */
  if (n)
    emitf(e, "if (%s > 0) {", n);
  else
    emitf(e, "if (%s %s %s) {", start, stepv == 1 ? "<" : ">", stop);
  char *groups = NULL;
  if (il) {
    groups = arena_printf(e->a, "g%d", id);
    emitf(e, "unsigned long long n%s = ((unsigned long long)%s - (unsigned long long)%s + %d) / %d;"
             " /* groups of %d iterations, interleaved (emit/interleave.c) */",
          groups, stop, start, INTERLEAVE_LANES - 1, INTERLEAVE_LANES, INTERLEAVE_LANES);
    interleave_declare_apart(e, il);
    if (chunk) /* chunksize counts iterations: in groups, as near as they allow */
      emitf(e, "%s = %s / %d + (%s %% %d != 0);", chunk, chunk, INTERLEAVE_LANES, chunk,
            INTERLEAVE_LANES); /* rounded up without overflow near INT_MAX */
  }
  pragma(e, head.p);
  buf_free(&head);
  if (il)
    emitf(e, "for (unsigned long long %s = 0; %s < n%s; %s++) {", groups, groups, groups, groups);
  else if (n)
    emitf(e, "for (unsigned long long j%d = 0; j%d < %s; j%d++) {", id, id, n, id);
  else
    emitf(e, "for (%s %s = %s; %s %s %s; %s%s) {", lt->cname, k, start, k, stepv == 1 ? "<" : ">",
          stop, k, stepv == 1 ? "++" : "--");
  e->indent++;
  if (il)
    emitf(e, "%s %s = (%s)((unsigned long long)%s + %s * %dULL);", lt->cname, k, lt->cname, start,
          groups, INTERLEAVE_LANES);
  else if (n)
    emitf(e, "%s %s = (%s)((unsigned long long)%s + j%d * (unsigned long long)%s);", lt->cname, k,
          lt->cname, start, id, step);
  write_buf(e, &decls);
  /* After an error the remaining iterations are skipped. A short straight-line body is not worth
   * the test (which would keep the loop from being unswitched and vectorised): its iterations run
   * on, each still stopping at its own error, and the first error is the one raised. */
  if (p.used && heavy(&s->body))
    emitf(e, "if (PYC2C_STOPPED(%s)) continue;", p.stop);
  if (il)
    ; /* the groups store the index themselves */
  else if (local)
    emitf(e, "%s %s = (%s)%s;", r->index->ty->cname, r->index->cname, r->index->ty->cname, k);
  else if (r->index) {
    emitf(e, "%s = (%s)%s;", r->index->cname, r->index->ty->cname, k);
    if (r->index->maybe_unbound)
      emitf(e, "b_%s = 1;", r->index->name);
  }
  write_buf(e, &body);
  if (p.used)
    buf_printf(e->out, "%s:;\n", p.next);
  e->indent--;
  emitf(e, "}");
  if (local && !read_outside_list(e->mi, &e->fn->def->body, r->index)) /* nor is its flag */
    emitf(e, "(void)%s; /* %s is not read outside its prange loops */", r->index->cname,
          r->index->name);
  else if (local) { /* the last value the serial loop would leave */
    if (n)
      emitf(e, "%s = (%s)(%s)((unsigned long long)%s + (%s - 1) * (unsigned long long)%s);",
            r->index->cname, r->index->ty->cname, lt->cname, start, n, step);
    else
      emitf(e, "%s = (%s)(%s %s 1);", r->index->cname, r->index->ty->cname, stop,
            stepv == 1 ? "-" : "+");
    if (r->index->maybe_unbound)
      emitf(e, "b_%s = 1;", r->index->name);
  }
  emitf(e, "}");
  restore(e, r, ts);
  if (p.used && !block) {
    e->line = s->line;
    emitf(e, "if (PYC2C_STOPPED(%s)) %s", p.stop,
          action(e, e->par, arena_printf(e->a, "pyc2c_nogil_reraise(%d)", s->line)));
  }
  if (p.used && block)
    block->used = true;
  if (!p.used && !block)
    emitf(e, "(void)%s; /* nothing in the loop can fail */", p.stop);
  e->indent--;
  emitf(e, "}");
  for (int i = 0; i < s->orelse.len; i++) /* no break can leave a prange loop: else always runs */
    emit_stmt(e, NODE_AT(s->orelse, i));
}

/* ---- parallel() */

static bool is_prange_stmt(const E *e, const Node *st) {
  ParRegion *r = st->kind == N_FOR ? parallel_region(e->mi, st) : NULL;
  return r && r->kind == PR_PRANGE;
}

static void parallel_block(E *e, Node *s, ParRegion *r) {
  int id = ++e->ntemps;
  ParEmit p = {.r = r, .outer = e->par, .stop = arena_printf(e->a, "pyc2c_stop%d", id)};
  emitf(e, "{");
  e->indent++;
  emitf(e, "int %s = 0;", p.stop);
  char *nthreads = r->num_threads ? positive(e, r->num_threads) : NULL;
  emit_release_temps(e);
  char *ts = NULL;
  release(e, r, &ts);
  ParEmit *saved = e->par;
  e->par = &p;
  Buf body = {0}, *saved_out = e->out, saved_decls = e->decls;
  e->decls = (Buf){0};
  e->out = &body;
  e->indent++;
  for (int i = 0; i < s->body.len; i++) {
    Node *st = NODE_AT(s->body, i);
    if (st->kind == N_EXPRSTMT && st->a->kind == N_STR)
      continue;
    if (is_prange_stmt(e, st)) {
      emit_line_marker(e, st);
      prange(e, st, parallel_region(e->mi, st), &p);
      continue;
    }
    p.next = arena_printf(e->a, "L%d_seg%d", id, i);
    bool was = p.used;
    p.used = false;
    Buf one = {0}, *o = e->out;
    e->out = &one;
    e->indent++;
    emit_stmt(e, st);
    e->indent--;
    e->out = o;
    emitf(e, "if (!PYC2C_STOPPED(%s)) {", p.stop);
    write_buf(e, &one);
    emitf(e, "}");
    if (p.used)
      buf_printf(e->out, "%s:;\n", p.next);
    p.used = p.used || was;
  }
  e->indent--;
  Buf decls = e->decls;
  e->decls = saved_decls;
  e->out = saved_out;
  e->par = saved;
  Buf head = {0};
  buf_printf(&head, "parallel");
  if (nthreads)
    buf_printf(&head, " num_threads(%s)", nthreads);
  buf_printf(&head, "%s", clauses(e, r, NULL));
  pragma(e, head.p);
  buf_free(&head);
  emitf(e, "{");
  write_buf(e, &decls);
  write_buf(e, &body);
  emitf(e, "}");
  restore(e, r, ts);
  if (p.used) {
    e->line = s->line;
    emitf(e, "if (PYC2C_STOPPED(%s)) %s", p.stop,
          action(e, e->par, arena_printf(e->a, "pyc2c_nogil_reraise(%d)", s->line)));
  } else
    emitf(e, "(void)%s; /* nothing in the block can fail */", p.stop);
  e->indent--;
  emitf(e, "}");
}

/* ---- with cython.nogil / with cython.gil */

static void nogil_block(E *e, Node *s, ParRegion *r) {
  int id = ++e->ntemps;
  ParEmit p = {.r = r, .outer = e->par, .gilerr = arena_printf(e->a, "L%d_gilerr", id)};
  emitf(e, "{");
  e->indent++;
  char *ts = NULL;
  release(e, r, &ts);
  p.ts = ts;
  ParEmit *saved = e->par;
  e->par = &p;
  for (int i = 0; i < s->body.len; i++)
    emit_stmt(e, NODE_AT(s->body, i));
  e->par = saved;
  restore(e, r, ts);
  if (p.used) {
    emitf(e, "if (0) {");
    buf_printf(e->out, "%s:\n", p.gilerr);
    e->indent++;
    restore(e, r, ts);
    e->line = s->line;
    emitf(e, "%s", action(e, e->par, "pyc2c_lineno"));
    e->indent--;
    emitf(e, "}");
  }
  e->indent--;
  emitf(e, "}");
}

static void gil_block(E *e, Node *s, ParRegion *r) {
  int id = ++e->ntemps;
  ParEmit p = {.r = r, .outer = e->par, .gstate = arena_printf(e->a, "pyc2c_g%d", id)};
  emitf(e, "{");
  e->indent++;
  emitf(e, "PyGILState_STATE %s = PyGILState_Ensure();", p.gstate);
  ParEmit *saved = e->par;
  e->par = &p;
  for (int i = 0; i < s->body.len; i++)
    emit_stmt(e, NODE_AT(s->body, i));
  e->par = saved;
  emitf(e, "PyGILState_Release(%s);", p.gstate);
  e->indent--;
  emitf(e, "}");
}

/* `return` inside `with cython.nogil:` blocks (typeinfer allows no other region around it). */
void emit_par_return(E *e) {
  for (ParEmit *p = e->par; p; p = p->outer)
    if (p->r->kind == PR_NOGIL && p->ts)
      emitf(e, "PyEval_RestoreThread(%s);", p->ts);
}

static void prange_alone(E *e, Node *s) { prange(e, s, parallel_region(e->mi, s), NULL); }

bool emit_parallel(E *e, Node *s) {
  ParRegion *r = parallel_region(e->mi, s);
  if (!r)
    return false;
  switch (r->kind) {
  case PR_PRANGE:
    /* views contiguous and indices in bounds at run time: a copy without checks (version.c) */
    if (!emit_versioned_loop(e, s, prange_alone))
      prange_alone(e, s);
    break;
  case PR_PARALLEL:
    parallel_block(e, s, r);
    break;
  case PR_NOGIL:
    nogil_block(e, s, r);
    break;
  case PR_GIL:
    gil_block(e, s, r);
    break;
  }
  return true;
}
