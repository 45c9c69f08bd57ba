/* version.c: loop versioning for typed memoryviews. A nest of `for ... in range()` loops whose
 * view indices are affine in the loop variables (i, i + 1, k - 1, ...) and in names the nest
 * never assigns is emitted twice, behind one test made before the nest:
 *
 *     if (... the test below && the views written are disjoint from the others) {
 *       a call of the helper holding the fast copy, with restrict base pointers (see below)
 *     } else if (every index the nest can compute lies inside its view's extent
 *         && every generic view it indexes has a unit-stride last dimension) {
 *       the nest without those checks, generic views indexed as contiguous arrays
 *     } else if (every index the nest can compute lies inside its view's extent) {
 *       the nest without those checks, strided (only when both tests exist)
 *     } else {
 *       the nest as written (checked, strided)
 *     }
 *
 * The test is conservative: it bounds each index over every value its loop variables can take
 * (the intervals of the enclosing ranges, whatever the iterations do), so when it holds no check
 * it removes could have failed, and when it fails the checked copy runs and raises exactly where
 * the interpreted file would, after the same side effects. Arithmetic in the test is exact: an
 * overflow makes it fail. This is what lets `out[i, j]` over ranges of other views' extents
 * (matmul, pairwise) cost what unchecked code costs, and a `double[:]` argument that is
 * contiguous at run time vectorise like a `double[::1]` one. */
#include "emit/internal.h"
#include "typeinfer/parallel.h"
#include <string.h>

typedef struct VLoop {
  Symbol *var;
  Node *min, *max;   /* range start (lowest value) and stop (exclusive) */
  struct VLoop *up;  /* the enclosing loop of the nest */
  char *lo, *hi;     /* C temporaries once needed */
} VLoop;

typedef struct Access {
  Node *ix;          /* the index expression */
  Symbol *view;
  int axis;
  VLoop *scope;      /* the innermost loop around the access */
} Access;

typedef struct V {
  E *e;
  PtrVec assigned;   /* names the nest assigns (Symbol*) */
  PtrVec accesses;   /* Access* */
  PtrVec views;      /* generic views indexed element-wise (Symbol*) */
  bool gain;
  /* For the copy over disjoint views: */
  PtrVec locals;     /* C scalars the nest names (Symbol*) */
  PtrVec memory;     /* views whose elements the nest reaches (Symbol*) */
  PtrVec shape_only; /* views it only asks for extents (Symbol*) */
  PtrVec passed;     /* views passed to a function, whole or sliced: it may write them (Symbol*) */
  bool no_restrict;  /* something in the nest rules that copy out */
} V;

static bool wide_signed(const Type *t) {
  return t && t->kind == T_INT && t->is_signed && t->size >= ty_Py_ssize_t.size;
}

static bool invariant_local(V *v, Node *n) {
  Symbol *s = n->sym;
  return n->kind == N_NAME && s && s->kind == S_LOCAL && !s->maybe_unbound &&
         !(n->flags & NF_CHECK_BOUND) && !vec_has(&v->assigned, s);
}

static VLoop *active(VLoop *scope, Symbol *s) {
  for (; scope; scope = scope->up)
    if (scope->var == s)
      return scope;
  return NULL;
}

/* An integer expression the test can bound: constants, invariant signed names, loop variables
 * of enclosing loops, view extents, + and - on 64-bit values. */
static bool boundable(V *v, Node *n, VLoop *scope) {
  int64_t k;
  if (n->kind == N_INT)
    return const_int_value(n, &k) && k > -(1LL << 40) && k < (1LL << 40);
  if (n->kind == N_NAME) {
    if (!n->sym || !n->ty || n->ty->kind != T_INT || !n->ty->is_signed || n->ty->size > 8)
      return false;
    return active(scope, n->sym) || invariant_local(v, n);
  }
  if (n->kind == N_BINOP && (n->op == OP_ADD || n->op == OP_SUB))
    return wide_signed(n->ty) && boundable(v, n->a, scope) && boundable(v, n->b, scope);
  if (n->kind == N_SUBSCRIPT && n->a->kind == N_ATTR && strcmp(n->a->str, "shape") == 0 &&
      n->a->ty && type_is_view(n->a->ty))
    return invariant_local(v, n->a->a);
  if (n->kind == N_CALL && n->a->kind == N_NAME && n->a->sym && n->a->sym->kind == S_BUILTIN &&
      n->a->sym->builtin == B_LEN && n->list.len == 1 && NODE_AT(n->list, 0)->ty &&
      type_is_view(NODE_AT(n->list, 0)->ty))
    return invariant_local(v, NODE_AT(n->list, 0));
  return false;
}

/* ---- walking the nest */

static void walk_expr(V *v, Node *n, VLoop *scope);

static void subscript(V *v, Node *n, VLoop *scope) {
  Type *vt = n->a->ty;
  if (!vt || !type_is_view(vt) || !(n->flags & (NF_BOUNDSCHECK | NF_WRAPAROUND | NF_SLICE)) ||
      !invariant_local(v, n->a))
    goto generic_view;
  for (int d = 0; d < n->list.len; d++) {
    Node *ix = NODE_AT(n->list, d);
    if (ix->kind == N_SLICE || !(n->flags & (NF_BOUNDSCHECK | NF_WRAPAROUND)))
      continue;
    if ((ix->flags & NF_IN_BOUNDS) && wide_signed(ix->kind == N_BINOP ? ix->a->ty : ix->ty))
      continue; /* already proven by typeinfer (see view.c's proof_holds) */
    int64_t k;
    if (const_int_value(ix, &k) && k >= 0 && !(n->flags & NF_BOUNDSCHECK))
      continue; /* nothing to remove */
    if (!wide_signed(ix->ty) || !boundable(v, ix, scope))
      continue;
    Access *acc = arena_alloc(v->e->a, sizeof *acc);
    *acc = (Access){.ix = ix, .view = n->a->sym, .axis = d, .scope = scope};
    vec_push(v->e->a, &v->accesses, acc);
    v->gain = true;
  }
generic_view:
  if (vt && type_is_view(vt) && !vt->contig && !(n->flags & NF_SLICE) && n->a->kind == N_NAME &&
      invariant_local(v, n->a) && !vec_has(&v->views, n->a->sym)) {
    vec_push(v->e->a, &v->views, n->a->sym);
    v->gain = true;
  }
}

static void walk_expr(V *v, Node *n, VLoop *scope) {
  if (!n)
    return;
  if (n->kind == N_SUBSCRIPT)
    subscript(v, n, scope);
  walk_expr(v, n->a, scope);
  walk_expr(v, n->b, scope);
  walk_expr(v, n->c, scope);
  for (int i = 0; i < n->list.len; i++)
    walk_expr(v, NODE_AT(n->list, i), scope);
  for (int i = 0; i < n->list2.len; i++)
    walk_expr(v, NODE_AT(n->list2, i), scope);
}

/* A `for v in range(...)` loop whose interval the test can bound, or NULL. */
static VLoop *range_loop(V *v, Node *s, VLoop *scope) {
  Node *call = s->b;
  ParRegion *par = parallel_region(v->e->mi, s);
  bool is_range = call->kind == N_CALL && call->a->kind == N_NAME &&
                  strcmp(call->a->str, "range") == 0 && !call->list2.len;
  /* a prange counts like range(): its keywords do not change the values */
  bool is_prange = par && par->kind == PR_PRANGE && call->kind == N_CALL;
  if (s->a->kind != N_NAME || !s->a->sym || !(is_range || is_prange) || call->list.len < 1 ||
      call->list.len > 3)
    return NULL;
  if (!wide_signed(s->a->sym->ty) || !wide_signed(s->ty) || body_assigns(&s->body, s->a->sym))
    return NULL;
  int64_t step = 1;
  if (call->list.len == 3 && (!const_int_value(NODE_AT(call->list, 2), &step) || step <= 0))
    return NULL;
  Node *lo = call->list.len >= 2 ? NODE_AT(call->list, 0) : NULL;
  Node *hi = NODE_AT(call->list, call->list.len >= 2 ? 1 : 0);
  if ((lo && !boundable(v, lo, scope)) || !boundable(v, hi, scope))
    return NULL;
  VLoop *l = arena_alloc(v->e->a, sizeof *l);
  *l = (VLoop){.var = s->a->sym, .min = lo, .max = hi, .up = scope};
  return l;
}

static void walk_stmts(V *v, NodeList *l, VLoop *scope) {
  for (int i = 0; i < l->len; i++) {
    Node *s = NODE_AT(*l, i);
    if (s->kind == N_FOR) {
      walk_expr(v, s->b, scope);
      VLoop *inner = range_loop(v, s, scope);
      walk_stmts(v, &s->body, inner ? inner : scope);
      walk_stmts(v, &s->orelse, scope);
      continue;
    }
    walk_expr(v, s->a, scope);
    walk_expr(v, s->b, scope);
    walk_expr(v, s->c, scope);
    for (int k = 0; k < s->list.len; k++)
      walk_expr(v, NODE_AT(s->list, k), scope);
    walk_stmts(v, &s->body, scope);
    walk_stmts(v, &s->orelse, scope);
  }
}

/* ---- the copy over disjoint views
 *
 * C compilers take `restrict` from function parameters only (also once the function is inlined),
 * never from locals or struct fields. Without it they cannot move a store through `out` past a
 * load from `b`: they test each inner loop's pointers for overlap at run time and give up loop
 * transformations across iterations of the outer loops (unroll-and-jam of matmul's k loop). So
 * when every view the nest writes is disjoint from every other view it reaches (a test of their
 * address ranges, made with the others before the nest), the fast copy runs in a helper whose
 * parameters are the views' base pointers, restrict-qualified, and pointers to the scalars the
 * nest uses (copied in and out; once inlined they are registers again). Within the helper the
 * views' data fields are those parameters, so every element access is based on them. The copy
 * leaves the nest only by its end or by an error (the helper returns -1 and the line, the
 * function takes its own error path): no return, break to a label, object or try landing.
 * The helper's parameters are the symbols the walk below collects (views reached, views only
 * measured, scalars named, with their bound flags); whatever would make the copy name anything
 * else of the function (a return, a view's bound flag, an object temporary, an error inside a
 * try body) keeps it in the function; so do copies with labels (restrict_helper). */

/* Where a name is a view: whether its elements are reached there (not a.shape[k], len(a)). */
static void note_local(V *v, Node *n, bool extent_only) {
  Symbol *s = n->sym;
  if (!s || s->kind != S_LOCAL || !s->ty) {
    if (s && s->kind == S_GLOBAL)
      v->no_restrict = true;
    return;
  }
  if (type_is_object(s->ty) || type_is_pyint(s->ty)) {
    v->no_restrict = true; /* references, not plain copies */
    return;
  }
  if (!type_is_view(s->ty)) {
    if (!vec_has(&v->locals, s))
      vec_push(v->e->a, &v->locals, s);
    return;
  }
  if (vec_has(&v->assigned, s))
    v->no_restrict = true; /* a view the nest rebinds has no single base pointer */
  if (n->flags & NF_CHECK_BOUND)
    v->no_restrict = true; /* the helper takes the bound flags of scalars only */
  PtrVec *set = extent_only ? &v->shape_only : &v->memory;
  if (!vec_has(set, s))
    vec_push(v->e->a, set, s);
}

/* The views named in an argument of a view type (a, a[i], a[:, j], x if c else y): the function
 * called may write through its parameter, and typeinfer marks only a whole view so passed as
 * written; the test treats them all as written. */
static void note_passed(V *v, Node *n) {
  if (!n)
    return;
  if (n->kind == N_NAME && n->sym && n->sym->kind == S_LOCAL && n->ty && type_is_view(n->ty)) {
    if (!vec_has(&v->passed, n->sym))
      vec_push(v->e->a, &v->passed, n->sym);
    return;
  }
  note_passed(v, n->a);
  note_passed(v, n->b);
  note_passed(v, n->c);
  for (int i = 0; i < n->list.len; i++)
    note_passed(v, NODE_AT(n->list, i));
}

static bool may_write(V *v, Symbol *s) { return s->written || vec_has(&v->passed, s); }

static void restrict_walk(V *v, Node *n, bool extent_only) {
  if (!n || v->no_restrict)
    return;
  /* Python code run from the nest could reach the views' memory some other way. (Python-int
   * arithmetic is fine: its temporaries, like objects', keep the copy in the function.) */
  if (n->ty && type_is_object(n->ty))
    v->no_restrict = true;
  if (n->kind == N_WITH || n->kind == N_TRY || n->kind == N_RETURN || n->kind == N_RAISE ||
      (n->kind == N_FOR && parallel_region(v->e->mi, n)))
    v->no_restrict = true;
  if (n->kind == N_NAME) {
    note_local(v, n, extent_only);
    return;
  }
  /* a.shape, a.strides, a.ndim, a.size and len(a) read the view's struct, not its memory (a.T
   * is a view of the same memory: it counts as a use of a) */
  bool extent = (n->kind == N_ATTR && n->a && n->a->ty && type_is_view(n->a->ty) &&
                 (strcmp(n->str, "shape") == 0 || strcmp(n->str, "strides") == 0 ||
                  strcmp(n->str, "ndim") == 0 || strcmp(n->str, "size") == 0)) ||
                (n->kind == N_CALL && n->a->kind == N_NAME && n->a->sym &&
                 n->a->sym->kind == S_BUILTIN && n->a->sym->builtin == B_LEN);
  /* Python code (function_runs_python) could write a view's memory in a way the nest does not
   * show (a NumPy array in a module variable over the same buffer), which restrict forbids. */
  if (n->kind == N_CALL && n->fn && function_runs_python(n->fn))
    v->no_restrict = true;
  if (n->kind == N_CALL && !extent)
    for (int i = 0; i < n->list.len + n->list2.len; i++) {
      Node *arg = i < n->list.len ? NODE_AT(n->list, i) : NODE_AT(n->list2, i - n->list.len);
      if (arg->ty && type_is_view(arg->ty))
        note_passed(v, arg);
    }
  restrict_walk(v, n->a, n->kind == N_ATTR && extent);
  restrict_walk(v, n->b, false);
  restrict_walk(v, n->c, false);
  for (int i = 0; i < n->list.len; i++)
    restrict_walk(v, NODE_AT(n->list, i), n->kind == N_CALL && extent);
  for (int i = 0; i < n->list2.len; i++)
    restrict_walk(v, NODE_AT(n->list2, i), false);
  for (int i = 0; i < n->body.len; i++)
    restrict_walk(v, NODE_AT(n->body, i), false);
  for (int i = 0; i < n->orelse.len; i++)
    restrict_walk(v, NODE_AT(n->orelse, i), false);
}

/* Worth it and possible: a view written through and another one reached, nothing else. */
static bool restrict_candidate(V *v, Node *s) {
  if (v->e->par)
    return false; /* OpenMP regions and nogil blocks keep their own copies (parallel.c) */
  restrict_walk(v, s, false);
  if (v->no_restrict || v->memory.len < 2)
    return false;
  for (int i = 0; i < v->memory.len; i++)
    if (may_write(v, v->memory.items[i]))
      return true;
  return false;
}

static const char *scalar_ctype(const Type *t) { return t->kind == T_BINT ? "int" : t->cname; }

/* Emits the fast copy of the nest (the fast sets already in place) into a helper written before
 * the function, and returns the call, or NULL (nothing kept) when the copy cannot be a helper. */
static char *restrict_helper(V *v, Node *s, void (*emit_loop)(E *, Node *)) {
  E *e = v->e;
  Buf body = {0}, decls = {0}, *saved_out = e->out, saved_decls = e->decls;
  int saved_indent = e->indent, saved_line = e->line, saved_labels = e->nlabels;
  int saved_objs = e->obj_temps.len, saved_stmt = e->stmt_temps.len;
  bool saved_err = e->used_err;
  const char *saved_exc = e->exc_label; /* errors in the helper take its own path */
  e->exc_label = NULL;
  e->out = &body;
  e->decls = decls;
  e->indent = 1;
  e->used_err = false;
  emit_loop(e, s);
  /* an error path is the helper's own: it returns -1 with the line, the caller goes on from there */
  bool raises = e->used_err;
  /* no object temporaries (they are the function's); no error in a try or with body or a
   * handler, whose landing label is the function's too; no labels (a loop's else clause,
   * interleaved iterations): those nests keep their copies in the function */
  bool ok = e->obj_temps.len == saved_objs && e->stmt_temps.len == saved_stmt &&
            !(raises && saved_exc) && e->nlabels == saved_labels;
  decls = e->decls;
  e->out = saved_out;
  e->decls = saved_decls;
  e->indent = saved_indent;
  e->line = saved_line;
  e->used_err = saved_err;
  e->exc_label = saved_exc;
  e->obj_temps.len = saved_objs;
  e->stmt_temps.len = saved_stmt;

  Arena *a = e->a;
  char *name = arena_printf(a, "%s_nest%d", e->fn->cname, ++e->nlabels);
  Buf params = {0}, args = {0}, in = {0}, outb = {0};
  for (int i = 0; i < v->memory.len; i++) {
    Symbol *vs = v->memory.items[i];
    buf_printf(&params, "%spyc2c_View %s, char *restrict r_%s", params.len ? ", " : "", vs->cname,
               vs->name);
    buf_printf(&args, "%s%s, %s.data", args.len ? ", " : "", vs->cname, vs->cname);
    buf_printf(&in, "  %s.data = r_%s;\n", vs->cname, vs->name);
  }
  for (int i = 0; i < v->shape_only.len; i++) {
    Symbol *vs = v->shape_only.items[i];
    if (vec_has(&v->memory, vs))
      continue;
    buf_printf(&params, ", pyc2c_View %s", vs->cname);
    buf_printf(&args, ", %s", vs->cname);
  }
  for (int i = 0; i < v->locals.len; i++) {
    Symbol *ls = v->locals.items[i];
    const char *ct = scalar_ctype(ls->ty);
    buf_printf(&params, ", %s *p_%s", ct, ls->cname);
    buf_printf(&args, ", &%s", ls->cname);
    buf_printf(&in, "  %s %s = *p_%s;\n", ct, ls->cname, ls->cname);
    buf_printf(&outb, "  *p_%s = %s;\n", ls->cname, ls->cname);
    if (ls->maybe_unbound) {
      char *flag = arena_printf(a, "b_%s", ls->name);
      buf_printf(&params, ", int *p_%s", flag);
      buf_printf(&args, ", &%s", flag);
      buf_printf(&in, "  int %s = *p_%s;\n", flag, flag);
      buf_printf(&outb, "  *p_%s = %s;\n", flag, flag);
    }
  }
  char *call = NULL;
  if (ok) {
    buf_printf(&e->nests,
               "\n/* %s() from %s:%d: the loop nest at line %d over views that do not overlap "
               "(restrict) */\nPYC2C_NEST %s %s(%s%s) {\n%s%s%s%s%s",
               e->fn->name, e->m->name, e->fn->def->line, s->line, raises ? "int" : "void", name,
               params.p, raises ? ", int *p_pyc2c_lineno" : "", in.p ? in.p : "",
               raises ? "  int pyc2c_lineno = 0;\n" : "", decls.p ? decls.p : "",
               body.p ? body.p : "", outb.p ? outb.p : "");
    if (raises) {
      char *line = c_temp(e, &ty_int);
      buf_printf(&e->nests, "  return 0;\npyc2c_error:\n%s  *p_pyc2c_lineno = pyc2c_lineno;\n"
                            "  return -1;\n", outb.p ? outb.p : "");
      call = arena_printf(a, "if (PYC2C_UNLIKELY(%s(%s, &%s) < 0)) PYC2C_ERR(%s);", name, args.p,
                          line, line);
      e->used_err = true;
    } else
      call = arena_printf(a, "%s(%s);", name, args.p);
    buf_printf(&e->nests, "}\n");
  }
  buf_free(&body);
  buf_free(&decls);
  buf_free(&params);
  buf_free(&args);
  buf_free(&in);
  buf_free(&outb);
  return call;
}

/* The test that lets the helper run: each view written through is disjoint from each other
 * view the nest reaches. */
static char *disjoint_test(V *v) {
  Buf b = {0};
  for (int i = 0; i < v->memory.len; i++) {
    Symbol *x = v->memory.items[i];
    for (int j = 0; j < v->memory.len; j++) {
      Symbol *y = v->memory.items[j];
      if (j == i || !may_write(v, x) || (may_write(v, y) && j < i))
        continue; /* each pair once, and two views only read may overlap */
      buf_printf(&b, "%s%s", b.len ? " && " : "", emit_view_disjoint(v->e, x, y));
    }
  }
  char *r = arena_printf(v->e->a, "%s", b.p);
  buf_free(&b);
  return r;
}

/* ---- the test */

static char *bound(V *v, Node *n, bool upper, const char *ovf, VLoop *scope);

/* The interval [lo, hi) of a loop's variable, in C temporaries computed before the nest. */
static void loop_interval(V *v, VLoop *l, const char *ovf) {
  if (l->lo)
    return;
  char *lo = l->min ? bound(v, l->min, false, ovf, l->up) : "((Py_ssize_t)0)";
  char *hi = bound(v, l->max, true, ovf, l->up);
  l->lo = c_temp(v->e, &ty_Py_ssize_t);
  l->hi = c_temp(v->e, &ty_Py_ssize_t);
  emitf(v->e, "%s = %s; %s = %s;", l->lo, lo, l->hi, hi);
}

/* The least (or, upper, the greatest) value n takes in the nest, as C. */
static char *bound(V *v, Node *n, bool upper, const char *ovf, VLoop *scope) {
  Arena *a = v->e->a;
  int64_t k = 0;
  if (n->kind == N_INT) {
    const_int_value(n, &k);
    return arena_printf(a, "((Py_ssize_t)%lldLL)", (long long)k);
  }
  if (n->kind == N_NAME) {
    VLoop *l = active(scope, n->sym);
    if (!l)
      return arena_printf(a, "((Py_ssize_t)%s)", n->sym->cname);
    loop_interval(v, l, ovf);
    return upper ? arena_printf(a, "pyc2c_bound_sub(%s, 1, &%s)", l->hi, ovf) : l->lo;
  }
  if (n->kind == N_BINOP) {
    bool add = n->op == OP_ADD;
    char *x = bound(v, n->a, upper, ovf, scope);
    char *y = bound(v, n->b, add ? upper : !upper, ovf, scope);
    return arena_printf(a, "pyc2c_bound_%s(%s, %s, &%s)", add ? "add" : "sub", x, y, ovf);
  }
  if (n->kind == N_SUBSCRIPT)
    return arena_printf(a, "%s.shape[%d]", n->a->a->sym->cname, (int)n->ival);
  return arena_printf(a, "%s.shape[0]", NODE_AT(n->list, 0)->sym->cname);
}

static int count_stmts(NodeList *l) {
  int n = l->len;
  for (int i = 0; i < l->len; i++)
    n += count_stmts(&NODE_AT(*l, i)->body) + count_stmts(&NODE_AT(*l, i)->orelse);
  return n;
}

/* Nests longer than this are emitted once, checked: doubling them would cost more code than the
 * checks cost time. */
enum { MAX_VERSIONED_STMTS = 200 };

bool emit_versioned_loop(E *e, Node *s, void (*emit_loop)(E *, Node *)) {
  ParRegion *par = parallel_region(e->mi, s);
  if (e->versioning || count_stmts(&s->body) > MAX_VERSIONED_STMTS || (par && par->in_block))
    return false; /* an `omp for` stays directly in its parallel() block */
  V v = {.e = e};
  assigned_symbols(e->a, &s->body, &v.assigned);
  target_symbols(e->a, s->a, &v.assigned);
  NodeList one = {0};
  vec_push(e->a, &one, s);
  walk_stmts(&v, &one, NULL);
  /* The helper is the fastest copy: no checks, generic views contiguous, restrict. */
  char *helper = NULL;
  if (restrict_candidate(&v, s)) {
    e->versioning = true;
    for (int i = 0; i < v.accesses.len; i++)
      vec_push(e->a, &e->fast_ix, ((Access *)v.accesses.items[i])->ix);
    for (int i = 0; i < v.views.len; i++)
      vec_push(e->a, &e->fast_views, v.views.items[i]);
    helper = restrict_helper(&v, s, emit_loop);
    e->fast_ix.len = e->fast_views.len = 0;
    e->versioning = false;
  }
  if (!v.gain && !helper)
    return false;
  /* ok: the indices' test (with ovf, any overflow in computing it); unit: the strides' test */
  char *ok = v.gain ? c_temp(e, &ty_int) : NULL, *unit = v.views.len ? c_temp(e, &ty_int) : NULL;
  if (v.accesses.len) {
    char *ovf = c_temp(e, &ty_int);
    emitf(e, "%s = 0; /* versioning: is every index of the nest inside its view? */", ovf);
    Buf cond = {0};
    PtrVec keys = {0};
    buf_printf(&cond, "!%s", ovf);
    for (int i = 0; i < v.accesses.len; i++) {
      Access *acc = v.accesses.items[i];
      char *lo = bound(&v, acc->ix, false, ovf, acc->scope);
      char *hi = bound(&v, acc->ix, true, ovf, acc->scope);
      char *key = arena_printf(e->a, "%s %s %s %d", lo, hi, acc->view->cname, acc->axis);
      bool seen = false;
      for (int j = 0; j < keys.len && !seen; j++)
        seen = strcmp(keys.items[j], key) == 0;
      if (seen)
        continue; /* the same index range on the same axis: tested once */
      vec_push(e->a, &keys, key);
      if (!is_simple(lo)) {
        char *t = c_temp(e, &ty_Py_ssize_t);
        emitf(e, "%s = %s;", t, lo);
        lo = t;
      }
      if (!is_simple(hi)) {
        char *t = c_temp(e, &ty_Py_ssize_t);
        emitf(e, "%s = %s;", t, hi);
        hi = t;
      }
      buf_printf(&cond, " && %s >= 0 && %s < %s.shape[%d]", lo, hi, acc->view->cname, acc->axis);
    }
    emitf(e, "%s = %s;", ok, cond.p);
    buf_free(&cond);
  }
  if (v.views.len) {
    Buf strides = {0};
    for (int i = 0; i < v.views.len; i++) {
      Symbol *vs = v.views.items[i];
      buf_printf(&strides, "%s%s.strides[%d] == (Py_ssize_t)sizeof(%s)", i ? " && " : "",
                 vs->cname, vs->ty->ndim - 1, vs->ty->elem->cname);
    }
    emitf(e, "%s = %s; /* versioning: do the generic views have unit strides? */", unit, strides.p);
    buf_free(&strides);
    if (!v.accesses.len)
      emitf(e, "%s = %s;", ok, unit);
  }
  char *sep = NULL;
  if (helper) {
    sep = c_temp(e, &ty_int);
    emitf(e, "%s = %s; /* versioning: are the views written disjoint from the others? */", sep,
          disjoint_test(&v));
  }
  /* The copies, fastest first: the helper (restrict), unchecked and contiguous, unchecked and
   * strided (a[::2] passed to a checked kernel, when there are both tests), checked. */
  bool three = v.accesses.len && v.views.len;
  const char *fast = three ? arena_printf(e->a, "%s && %s", ok, unit) : ok;
  e->versioning = true;
  if (helper) {
    emitf(e, fast ? "if (%s && %s) {" : "if (%s%s) {", fast ? fast : "", sep);
    e->indent++;
    emitf(e, "%s", helper);
    e->indent--;
  }
  for (int copy = 0; copy < (three ? 2 : v.gain ? 1 : 0); copy++) {
    emitf(e, helper || copy ? "} else if (%s) {" : "if (%s) {", copy ? ok : fast);
    e->indent++;
    for (int i = 0; i < v.accesses.len; i++)
      vec_push(e->a, &e->fast_ix, ((Access *)v.accesses.items[i])->ix);
    for (int i = 0; i < v.views.len && copy == 0; i++)
      vec_push(e->a, &e->fast_views, v.views.items[i]);
    emit_loop(e, s);
    e->fast_ix.len = e->fast_views.len = 0;
    e->indent--;
  }
  emitf(e, "} else {");
  e->indent++;
  emit_loop(e, s);
  e->versioning = false;
  e->indent--;
  emitf(e, "}");
  return true;
}

bool emit_fast_index(E *e, Node *ix) { return vec_has(&e->fast_ix, ix); }

bool emit_fast_contiguous(E *e, Node *view) {
  return view->kind == N_NAME && vec_has(&e->fast_views, view->sym);
}
