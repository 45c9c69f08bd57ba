/* defassign.c: definite assignment. A local read where some path reaches it without an
 * assignment gets a run-time check that raises UnboundLocalError, as CPython would; reads that
 * every path assigns first cost nothing. Loops are handled conservatively: what a loop body
 * assigns is not assumed to be assigned after the loop, since the body may run zero times. */
#include "typeinfer/internal.h"
#include <stdlib.h>
#include <string.h>

typedef struct DA {
  int n;          /* number of locals */
  bool *scratch;  /* pool of sets, n bools each */
  int used, cap;  /* sets in use / allocated in the pool */
} DA;

/* A set of definitely assigned locals; all-true also stands for "unreachable". */
static bool *set_new(DA *da, const bool *from) {
  if (da->used == da->cap) {
    /* Sets are short-lived and few (bounded by nesting depth); allocate generously. */
    int cap = da->cap ? da->cap * 2 : 64;
    bool *pool = realloc(da->scratch, (size_t)cap * (size_t)(da->n ? da->n : 1));
    if (!pool)
      abort();
    da->scratch = pool;
    da->cap = cap;
  }
  bool *s = da->scratch + (size_t)da->used++ * (size_t)(da->n ? da->n : 1);
  if (from)
    memcpy(s, from, (size_t)da->n);
  else
    memset(s, 0, (size_t)da->n);
  return s;
}

/* Sets are addressed by index, since the pool may move when it grows. */
typedef int SetId;
#define SET(da, id) ((da)->scratch + (size_t)(id) * (size_t)((da)->n ? (da)->n : 1))

static SetId set_copy(DA *da, SetId from) {
  set_new(da, NULL);
  SetId id = da->used - 1;
  memcpy(SET(da, id), SET(da, from), (size_t)da->n);
  return id;
}

static void assign(DA *da, Node *target, SetId in);

static void reads(DA *da, Node *e, SetId in) {
  if (!e)
    return;
  if (e->kind == N_LISTCOMP || e->kind == N_SETCOMP || e->kind == N_DICTCOMP) {
    /* clauses in order: a clause's target is assigned before the rest reads it */
    SetId c = set_copy(da, in);
    for (int i = 0; i < e->list.len; i++) {
      Node *cl = NODE_AT(e->list, i);
      if (cl->kind == N_FOR) {
        reads(da, cl->b, c);
        assign(da, cl->a, c);
      } else
        reads(da, cl->a, c);
    }
    reads(da, e->a, c);
    reads(da, e->b, c);
    return;
  }
  if (e->kind == N_NAME && e->sym && e->sym->kind == S_LOCAL && !e->sym->is_param &&
      !SET(da, in)[e->sym->index]) {
    e->flags |= NF_CHECK_BOUND;
    e->sym->maybe_unbound = true;
  }
  reads(da, e->a, in);
  reads(da, e->b, in);
  reads(da, e->c, in);
  for (int i = 0; i < e->list.len; i++)
    reads(da, NODE_AT(e->list, i), in);
  for (int i = 0; i < e->list2.len; i++)
    reads(da, NODE_AT(e->list2, i), in);
}

static void assign(DA *da, Node *target, SetId in) {
  if (target->kind == N_TUPLE || target->kind == N_LIST) {
    for (int i = 0; i < target->list.len; i++)
      assign(da, NODE_AT(target->list, i), in);
    return;
  }
  if (target->kind == N_STARRED) {
    assign(da, target->a, in);
    return;
  }
  if (target->kind != N_NAME) /* a[i] = v reads a and i */
    reads(da, target, in);
  if (target->kind == N_NAME && target->sym && target->sym->kind == S_LOCAL)
    SET(da, in)[target->sym->index] = true;
}

static void all_assigned(DA *da, SetId s) { memset(SET(da, s), 1, (size_t)da->n); }

/* Walks statements, updating `in` to what is definitely assigned after them. */
static void walk(DA *da, NodeList *l, SetId in) {
  for (int i = 0; i < l->len; i++) {
    Node *s = NODE_AT(*l, i);
    switch (s->kind) {
    case N_ASSIGN:
      reads(da, s->b, in);
      for (int k = 0; k < s->list.len; k++)
        assign(da, NODE_AT(s->list, k), in);
      break;
    case N_ANNASSIGN:
      if (s->b) {
        reads(da, s->b, in);
        assign(da, s->a, in);
      }
      break;
    case N_AUGASSIGN:
      reads(da, s->a, in);
      reads(da, s->b, in);
      assign(da, s->a, in);
      break;
    case N_IF: {
      reads(da, s->a, in);
      SetId t = set_copy(da, in), e = set_copy(da, in);
      walk(da, &s->body, t);
      walk(da, &s->orelse, e);
      for (int k = 0; k < da->n; k++)
        SET(da, in)[k] = SET(da, t)[k] && SET(da, e)[k];
      break;
    }
    case N_WHILE: {
      reads(da, s->a, in);
      SetId b = set_copy(da, in), e = set_copy(da, in);
      walk(da, &s->body, b);
      walk(da, &s->orelse, e);
      break;
    }
    case N_FOR: {
      reads(da, s->b, in);
      SetId b = set_copy(da, in), e = set_copy(da, in);
      assign(da, s->a, b);
      walk(da, &s->body, b);
      walk(da, &s->orelse, e);
      break;
    }
    case N_WITH:
      for (int k = 0; k < s->list.len; k++) {
        reads(da, NODE_AT(s->list, k), in);
        if (k < s->list2.len && NODE_AT(s->list2, k))
          assign(da, NODE_AT(s->list2, k), in);
      }
      walk(da, &s->body, in);
      break;
    case N_TRY: {
      /* A handler may start after any statement of the body: it sees only what held before. */
      SetId before = set_copy(da, in), out = set_copy(da, in);
      walk(da, &s->body, out);
      walk(da, &s->orelse, out);
      for (int k = 0; k < s->list.len; k++) {
        Node *h = NODE_AT(s->list, k);
        SetId hs = set_copy(da, before);
        reads(da, h->a, hs);
        if (h->sym && h->sym->kind == S_LOCAL)
          SET(da, hs)[h->sym->index] = true;
        walk(da, &h->body, hs);
        if (h->sym && h->sym->kind == S_LOCAL) /* Python deletes the name after the handler */
          SET(da, hs)[h->sym->index] = false;
        for (int j = 0; j < da->n; j++)
          SET(da, out)[j] = SET(da, out)[j] && SET(da, hs)[j];
      }
      SetId fin = set_copy(da, before); /* the finally block also runs on the error path */
      walk(da, &s->list2, fin);
      memcpy(SET(da, in), SET(da, out), (size_t)da->n);
      walk(da, &s->list2, in);
      break;
    }
    case N_IMPORT:
    case N_IMPORTFROM:
      for (int k = 0; k < s->list.len; k++) {
        Node *al = NODE_AT(s->list, k);
        if (al->sym && al->sym->kind == S_LOCAL)
          SET(da, in)[al->sym->index] = true;
      }
      break;
    case N_DEL:
      for (int k = 0; k < s->list.len; k++) {
        Node *t = NODE_AT(s->list, k);
        reads(da, t, in);
        if (t->kind == N_NAME && t->sym && t->sym->kind == S_LOCAL)
          SET(da, in)[t->sym->index] = false;
      }
      break;
    case N_RETURN:
    case N_RAISE:
    case N_BREAK:
    case N_CONTINUE:
      reads(da, s->a, in);
      reads(da, s->b, in);
      all_assigned(da, in);
      break;
    default:
      reads(da, s->a, in);
      reads(da, s->b, in);
      break;
    }
  }
}

void check_definite_assignment(Function *fn) {
  DA da = {.n = fn->locals.len};
  set_new(&da, NULL);
  for (int i = 0; i < fn->nparams; i++)
    if (fn->params[i])
      SET(&da, 0)[fn->params[i]->index] = true;
  walk(&da, &fn->def->body, 0);
  free(da.scratch);
}

bool raise_exception_known(const char *name) {
  static const char *const known[] = {
      "Exception",      "ArithmeticError", "AssertionError",      "IndexError",   "KeyError",
      "OverflowError",  "RuntimeError",    "TypeError",           "ValueError",   "ZeroDivisionError",
      "NotImplementedError", "LookupError", "FloatingPointError",
  };
  for (size_t i = 0; i < sizeof known / sizeof *known; i++)
    if (strcmp(known[i], name) == 0)
      return true;
  return false;
}
