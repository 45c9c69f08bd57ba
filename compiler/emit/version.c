/* version.c: loop versioning for typed memoryviews. A nest of `for ... in range()` loops whose
 * view indices are affine in the loop variables (i, i + 1, k - 1, ...) and in names the nest
 * never assigns is emitted twice, behind one test made before the nest:
 *
 *     if (every index the nest can compute lies inside its view's extent
 *         && every generic view it indexes has a unit-stride last dimension) {
 *       the nest without those checks, generic views indexed as contiguous arrays
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
} V;

static bool in_vec(const PtrVec *v, const void *p) {
  for (int i = 0; i < v->len; i++)
    if (v->items[i] == p)
      return true;
  return false;
}

static bool wide_signed(const Type *t) {
  return t && t->kind == T_INT && t->is_signed && t->size >= ty_Py_ssize_t.size;
}

/* ---- what the nest assigns */

static void target_names(V *v, Node *t) {
  if (!t)
    return;
  if (t->kind == N_NAME && t->sym)
    vec_push(v->e->a, &v->assigned, t->sym);
  else if (t->kind == N_TUPLE)
    for (int i = 0; i < t->list.len; i++)
      target_names(v, NODE_AT(t->list, i));
}

static void collect_assigned(V *v, NodeList *l) {
  for (int i = 0; i < l->len; i++) {
    Node *s = NODE_AT(*l, i);
    if (s->kind == N_ASSIGN)
      for (int k = 0; k < s->list.len; k++)
        target_names(v, NODE_AT(s->list, k));
    if (s->kind == N_AUGASSIGN || s->kind == N_ANNASSIGN || s->kind == N_FOR)
      target_names(v, s->a);
    collect_assigned(v, &s->body);
    collect_assigned(v, &s->orelse);
  }
}

static bool body_assigns(V *v, NodeList *l, Symbol *sym) {
  V inner = {.e = v->e};
  collect_assigned(&inner, l);
  return in_vec(&inner.assigned, sym);
}

static bool invariant_local(V *v, Node *n) {
  Symbol *s = n->sym;
  return n->kind == N_NAME && s && s->kind == S_LOCAL && !s->maybe_unbound &&
         !(n->flags & NF_CHECK_BOUND) && !in_vec(&v->assigned, s);
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
      invariant_local(v, n->a) && !in_vec(&v->views, n->a->sym)) {
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
  if (s->a->kind != N_NAME || !s->a->sym || call->kind != N_CALL || call->a->kind != N_NAME ||
      strcmp(call->a->str, "range") != 0 || call->list2.len || call->list.len < 1 || call->list.len > 3)
    return NULL;
  if (!wide_signed(s->a->sym->ty) || !wide_signed(s->ty) || body_assigns(v, &s->body, s->a->sym))
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
    if (s->kind != N_FOR)
      walk_expr(v, s->a, scope);
    walk_expr(v, s->b, scope);
    walk_expr(v, s->c, scope);
    for (int k = 0; k < s->list.len; k++)
      walk_expr(v, NODE_AT(s->list, k), scope);
    walk_stmts(v, &s->body, scope);
    walk_stmts(v, &s->orelse, scope);
  }
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

bool emit_versioned_loop(E *e, Node *s, void (*emit_loop)(E *, Node *)) {
  if (e->versioning)
    return false;
  V v = {.e = e};
  collect_assigned(&v, &s->body);
  target_names(&v, s->a);
  NodeList one = {0};
  vec_push(e->a, &one, s);
  walk_stmts(&v, &one, NULL);
  if (!v.gain)
    return false;
  char *ovf = c_temp(e, &ty_int), *ok = c_temp(e, &ty_int);
  emitf(e, "%s = 0; /* versioning: every index below inside its view? */", ovf);
  Buf cond = {0};
  PtrVec keys = {0};
  buf_printf(&cond, "1");
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
  for (int i = 0; i < v.views.len; i++) {
    Symbol *vs = v.views.items[i];
    buf_printf(&cond, " && %s.strides[%d] == (Py_ssize_t)sizeof(%s)", vs->cname, vs->ty->ndim - 1,
               vs->ty->elem->cname);
  }
  emitf(e, "%s = !%s && %s;", ok, ovf, cond.p);
  buf_free(&cond);
  emitf(e, "if (%s) {", ok);
  e->indent++;
  e->versioning = true;
  for (int i = 0; i < v.accesses.len; i++)
    vec_push(e->a, &e->fast_ix, ((Access *)v.accesses.items[i])->ix);
  for (int i = 0; i < v.views.len; i++)
    vec_push(e->a, &e->fast_views, v.views.items[i]);
  emit_loop(e, s);
  e->fast_ix.len = e->fast_views.len = 0;
  e->indent--;
  emitf(e, "} else {");
  e->indent++;
  emit_loop(e, s);
  e->versioning = false;
  e->indent--;
  emitf(e, "}");
  return true;
}

bool emit_fast_index(E *e, Node *ix) { return in_vec(&e->fast_ix, ix); }

bool emit_fast_contiguous(E *e, Node *view) {
  return view->kind == N_NAME && in_vec(&e->fast_views, view->sym);
}
