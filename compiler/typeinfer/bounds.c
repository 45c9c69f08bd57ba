/* bounds.c: indices that provably stay inside a view need no check, and divisors that provably
 * are not zero need none either. A loop
 * `for i in range(lo, V.shape[d] - c)` (or len(V), step > 0) that assigns neither i nor V gives
 * lo <= i <= V.shape[d] - c - 1, so `V[..., i + k, ...]` on axis d is in bounds when
 * lo + k >= 0 and k <= c: no wraparound and no bounds check for that index. This is what makes
 * checked stencils (jacobi's src[i - 1, j]) cost what unchecked ones do. */
#include "typeinfer/internal.h"
#include <string.h>

typedef struct LoopFact {
  Symbol *var, *view;
  int axis;
  int64_t lo, hi_off; /* var in [lo, view.shape[axis] - hi_off - 1] */
} LoopFact;

/* X = V.shape[d] | len(V) | X - c */
static bool extent_of(TI *ti, Node *x, Symbol **view, int *axis, int64_t *off) {
  int64_t c;
  if (x->kind == N_BINOP && x->op == OP_SUB && const_int_value(x->b, &c) && c >= 0) {
    if (!extent_of(ti, x->a, view, axis, off))
      return false;
    *off += c;
    return true;
  }
  *off = 0;
  if (x->kind == N_SUBSCRIPT && x->a->kind == N_ATTR && strcmp(x->a->str, "shape") == 0 &&
      x->a->a->kind == N_NAME && x->list.len == 1 && const_int_value(NODE_AT(x->list, 0), &c)) {
    Symbol *s = lookup(ti, x->a->a->str);
    if (!s || s->kind != S_LOCAL || !s->ty || !type_is_view(s->ty) || c < 0 || c >= s->ty->ndim)
      return false;
    *view = s;
    *axis = (int)c;
    return true;
  }
  if (x->kind == N_CALL && x->a->kind == N_NAME && strcmp(x->a->str, "len") == 0 &&
      x->list.len == 1 && NODE_AT(x->list, 0)->kind == N_NAME) {
    Symbol *s = lookup(ti, NODE_AT(x->list, 0)->str);
    if (!s || s->kind != S_LOCAL || !s->ty || !type_is_view(s->ty))
      return false;
    *view = s;
    *axis = 0;
    return true;
  }
  return false;
}

/* Does target t (a name, or a tuple or list of targets, possibly starred) bind `name`? */
static bool binds(Node *t, const char *name) {
  if (!t)
    return false;
  if (t->kind == N_NAME)
    return strcmp(t->str, name) == 0;
  if (t->kind == N_STARRED)
    return binds(t->a, name);
  if (t->kind == N_TUPLE || t->kind == N_LIST)
    for (int i = 0; i < t->list.len; i++)
      if (binds(NODE_AT(t->list, i), name))
        return true;
  return false;
}

/* Does any statement in l assign `name`: a target of =, op=, annotated =, for, with ... as,
 * except ... as, also inside tuples (`i, k = ...`), if/loop/try bodies, handlers and finally? */
static bool assigns(NodeList *l, const char *name) {
  for (int i = 0; i < l->len; i++) {
    Node *s = NODE_AT(*l, i);
    if (s->kind == N_ASSIGN)
      for (int k = 0; k < s->list.len; k++)
        if (binds(NODE_AT(s->list, k), name))
          return true;
    if ((s->kind == N_AUGASSIGN || s->kind == N_ANNASSIGN || s->kind == N_FOR) && binds(s->a, name))
      return true;
    if (s->kind == N_WITH)
      for (int k = 0; k < s->list2.len; k++)
        if (binds(NODE_AT(s->list2, k), name))
          return true;
    if (s->kind == N_EXCEPT && s->str && strcmp(s->str, name) == 0)
      return true;
    if (assigns(&s->body, name) || assigns(&s->orelse, name))
      return true;
    if (s->kind == N_TRY && (assigns(&s->list, name) || assigns(&s->list2, name)))
      return true; /* the handlers, the finally block */
  }
  return false;
}

bool bounds_enter_loop(TI *ti, Node *loop) {
  Node *call = loop->b;
  if (loop->a->kind != N_NAME || call->kind != N_CALL || call->list2.len || !call->list.len)
    return false;
  int64_t lo = 0, step = 1;
  Node *hi = NODE_AT(call->list, call->list.len == 1 ? 0 : 1);
  if (call->list.len >= 2 && !const_int_value(NODE_AT(call->list, 0), &lo))
    return false;
  if (call->list.len == 3 && (!const_int_value(NODE_AT(call->list, 2), &step) || step <= 0))
    return false;
  LoopFact f = {.lo = lo};
  if (!extent_of(ti, hi, &f.view, &f.axis, &f.hi_off))
    return false;
  f.var = lookup(ti, loop->a->str);
  if (!f.var || f.var->kind != S_LOCAL || assigns(&loop->body, f.var->name) ||
      assigns(&loop->body, f.view->name))
    return false;
  LoopFact *p = arena_alloc(ti->a, sizeof *p);
  *p = f;
  vec_push(ti->a, &ti->loop_facts, p);
  return true;
}

void bounds_leave_loop(TI *ti) { ti->loop_facts.len--; }

/* Marks the indices of view subscript n that the enclosing loops keep in bounds. */
void bounds_mark_indices(TI *ti, Node *n) {
  if (n->a->kind != N_NAME || !n->a->sym)
    return;
  for (int d = 0; d < n->list.len; d++) {
    Node *ix = NODE_AT(n->list, d), *var = ix;
    int64_t k = 0;
    ix->flags &= ~NF_IN_BOUNDS;
    if (ix->kind == N_BINOP && (ix->op == OP_ADD || ix->op == OP_SUB) && ix->a->kind == N_NAME &&
        const_int_value(ix->b, &k)) {
      var = ix->a;
      if (ix->op == OP_SUB)
        k = -k;
    }
    if (var->kind != N_NAME)
      continue;
    for (int i = ti->loop_facts.len - 1; i >= 0; i--) {
      LoopFact *f = ti->loop_facts.items[i];
      if (strcmp(f->var->name, var->str) != 0)
        continue;
      if (f->view == n->a->sym && f->axis == d && f->lo + k >= 0 && k <= f->hi_off)
        ix->flags |= NF_IN_BOUNDS;
      break; /* the innermost loop over this name decides */
    }
  }
}

/* ---- non-zero divisors. Inside `while y != 0:` (or `if`, also `y > 0`, `y < 0`, a bare `y`,
 * joined by `and`), y is non-zero until the body assigns it. Facts are dropped for every name a
 * statement assigns: after a simple statement (its value is computed first), before a compound
 * one (a loop inside may assign the name after a use, then come back to it), so a fact that
 * reaches a division holds on every path to it. */

static bool cnum_local(Node *n) {
  return n->kind == N_NAME && n->sym && n->sym->kind == S_LOCAL && n->ty && type_is_cnum(n->ty) &&
         n->ty->kind != T_BINT;
}

static bool is_zero(Node *n) {
  int64_t k;
  return (n->kind == N_FLOAT && n->fval == 0) || (const_int_value(n, &k) && k == 0);
}

static void add_facts(TI *ti, Node *test) {
  if (test->kind == N_BOOLOP && test->op == OP_AND) {
    add_facts(ti, test->a);
    add_facts(ti, test->b);
  } else if (cnum_local(test)) {
    vec_push(ti->a, &ti->nonzero, test->sym);
  } else if (test->kind == N_COMPARE && test->list.len == 2) {
    Node *l = NODE_AT(test->list, 0), *r = NODE_AT(test->list, 1);
    Op op = test->ops[0];
    if (op != OP_NE && op != OP_GT && op != OP_LT)
      return;
    if (cnum_local(l) && is_zero(r))
      vec_push(ti->a, &ti->nonzero, l->sym);
    else if (cnum_local(r) && is_zero(l))
      vec_push(ti->a, &ti->nonzero, r->sym);
  }
}

void nonzero_forget(TI *ti, Node *stmt) {
  NodeList one = {.items = (void **)&stmt, .len = 1, .cap = 1};
  int kept = 0;
  for (int i = 0; i < ti->nonzero.len; i++) {
    Symbol *s = ti->nonzero.items[i];
    if (!assigns(&one, s->name))
      ti->nonzero.items[kept++] = s;
  }
  ti->nonzero.len = kept;
}

PtrVec nonzero_enter(TI *ti, Node *test) {
  PtrVec before = vec_copy(ti->a, &ti->nonzero);
  add_facts(ti, test);
  return before;
}

void nonzero_leave(TI *ti, PtrVec before) { ti->nonzero = before; }

bool nonzero_known(TI *ti, Node *divisor) {
  return cnum_local(divisor) && vec_has(&ti->nonzero, divisor->sym);
}
