/* effects.c: what running part of the typed tree may do, asked by several emitters: call out or
 * run Python code (which could write memory that C code reads inline), and which symbols a
 * body assigns. One walker per question, so the emitters cannot disagree on the cases. */
#include "emit/internal.h"

/* ---- calls and Python code */

static bool runs_code(const Node *n, bool any_call, int depth);

/* Can calling f run Python code? Unknown bodies, recursion and deep call chains count as yes. */
static bool function_runs_code(const Function *f, int depth) {
  if (!f || !f->def || f->recursive || depth > 16)
    return true;
  for (int i = 0; i < f->def->body.len; i++)
    if (runs_code(NODE_AT(f->def->body, i), false, depth))
      return true;
  return false;
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

bool function_runs_python(const Function *f) { return function_runs_code(f, 0); }

bool may_call_out(const Node *n) { return runs_code(n, true, 0); }
