/* effects.c: what running part of the typed tree may do, asked by several emitters: call out or
 * run Python code (which could write memory that C code reads inline), and which symbols a
 * body assigns. One walker per question, so the emitters cannot disagree on the cases. */
#include "emit/internal.h"

/* ---- calls and Python code */

static bool runs_code(const Node *n, bool any_call, int depth);

/* Can calling f run Python code? Unknown bodies, recursion and deep call chains count as yes.
 * The answer is kept on the function: each body is walked once, not once per call path (which
 * grows exponentially in a chain of functions that each call the next several times). */
static bool function_runs_code(Function *f, int depth) {
  if (!f || !f->def || f->recursive || depth > 16)
    return true;
  if (f->runs_python)
    return f->runs_python == 2;
  bool runs = false;
  for (int i = 0; i < f->def->body.len && !runs; i++)
    runs = runs_code(NODE_AT(f->def->body, i), false, depth);
  f->runs_python = runs ? 2 : 1;
  return runs;
}

/* any_call: a call of any module function counts, whatever its body (it may write through a
 * view it is given); otherwise only one whose body may run Python code. */
static bool runs_code(const Node *n, bool any_call, int depth) {
  if (!n)
    return false;
  if (n->kind == N_RAISE && (n->flags & NF_SIMPLE_RAISE))
    return false; /* raise E or E("literal") of a builtin: no Python code runs */
  if (n->kind != N_STR && n->ty && type_is_object(n->ty))
    return true;
  if (n->kind == N_NAME && n->sym && n->sym->kind == S_GLOBAL)
    return true; /* a module variable: it may hold an array over the same memory */
  if (n->kind == N_CALL && n->fn && (any_call || function_runs_code(n->fn, depth + 1)))
    return true;
  if (runs_code(n->a, any_call, depth) || runs_code(n->b, any_call, depth) ||
      runs_code(n->c, any_call, depth))
    return true;
  const NodeList *lists[] = {&n->list, &n->list2, &n->body, &n->orelse};
  for (int l = 0; l < 4; l++)
    for (int i = 0; i < lists[l]->len; i++)
      if (runs_code(NODE_AT(*lists[l], i), any_call, depth))
        return true;
  return false;
}

bool function_runs_python(Function *f) { return function_runs_code(f, 0); }

bool may_call_out(const Node *n) { return runs_code(n, true, 0); }

/* ---- assigned symbols */

/* Called with each symbol bound; returning true stops the walk (which then returns true). */
typedef bool (*SymVisit)(void *ctx, Symbol *s);

/* The symbols a target binds: a, (a, b), [a, *b]. */
static bool target_visit(const Node *t, SymVisit visit, void *ctx) {
  if (!t)
    return false;
  if (t->kind == N_NAME)
    return t->sym && visit(ctx, t->sym);
  if (t->kind == N_STARRED)
    return target_visit(t->a, visit, ctx);
  if (t->kind == N_TUPLE || t->kind == N_LIST)
    for (int i = 0; i < t->list.len; i++)
      if (target_visit(NODE_AT(t->list, i), visit, ctx))
        return true;
  return false; /* a[i] = ..., o.x = ...: no name is bound */
}

static bool targets_visit(const NodeList *l, SymVisit visit, void *ctx) {
  for (int i = 0; i < l->len; i++)
    if (target_visit(NODE_AT(*l, i), visit, ctx))
      return true;
  return false;
}

/* Every binding under l: assignment targets of every form, for targets, `with ... as`,
 * `except ... as`, `del`, imports, at any depth (loop, if, try, except, else and finally
 * bodies). Nested function bodies bind their own locals. */
static bool assigned_visit(const NodeList *l, SymVisit visit, void *ctx) {
  for (int i = 0; i < l->len; i++) {
    const Node *s = NODE_AT(*l, i);
    bool hit = false;
    switch (s->kind) {
    case N_ASSIGN:
    case N_DEL:
    case N_WITH: /* list2: the `as` targets, NULL for none */
      hit = targets_visit(s->kind == N_WITH ? &s->list2 : &s->list, visit, ctx);
      break;
    case N_AUGASSIGN:
    case N_ANNASSIGN:
    case N_FOR:
      hit = target_visit(s->a, visit, ctx);
      break;
    case N_TRY: /* list: the handlers, list2: the finally body */
      for (int k = 0; k < s->list.len && !hit; k++) {
        const Node *h = NODE_AT(s->list, k);
        hit = (h->sym && visit(ctx, h->sym)) || assigned_visit(&h->body, visit, ctx);
      }
      hit = hit || assigned_visit(&s->list2, visit, ctx);
      break;
    case N_IMPORT:
    case N_IMPORTFROM:
      for (int k = 0; k < s->list.len && !hit; k++)
        hit = NODE_AT(s->list, k)->sym && visit(ctx, NODE_AT(s->list, k)->sym);
      break;
    case N_FUNCDEF:
      if (s->sym && visit(ctx, s->sym))
        return true;
      continue;
    default:
      break;
    }
    if (hit || assigned_visit(&s->body, visit, ctx) || assigned_visit(&s->orelse, visit, ctx))
      return true;
  }
  return false;
}

typedef struct {
  Arena *a;
  PtrVec *out;
} Collect;

static bool collect(void *ctx, Symbol *s) {
  Collect *c = ctx;
  if (!vec_has(c->out, s))
    vec_push(c->a, c->out, s);
  return false;
}

void assigned_symbols(Arena *a, const NodeList *body, PtrVec *out) {
  Collect c = {a, out};
  assigned_visit(body, collect, &c);
}

void target_symbols(Arena *a, const Node *target, PtrVec *out) {
  Collect c = {a, out};
  target_visit(target, collect, &c);
}

static bool is_sym(void *ctx, Symbol *s) { return s == ctx; }

bool body_assigns(const NodeList *body, const Symbol *sym) {
  return assigned_visit(body, is_sym, (void *)sym);
}
