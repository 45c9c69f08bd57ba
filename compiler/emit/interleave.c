/* interleave.c: several iterations of a `for ... in range()` loop run side by side, when each
 * iteration spends its time in a `while` loop of scalar arithmetic whose every step waits on the
 * one before (escape-time fractals, Newton or bisection per element, Collatz lengths):
 *
 *     for col in range(n):              for col, col+1, col+2, col+3 at a time:
 *         cr = x0 + col * step              pre for each of the four, on its own variables
 *         zr = 0.0; it = 0                  while all four are running: one step of each
 *         while it < maxiter:               while each one still runs: its steps alone
 *             ...                           post for each, in order (col, col+1, ...)
 *             if ...: break             the iterations left (n % 4) as written
 *         counts[row, col] = it
 *
 * One step of four independent chains takes about as long as one step of one, so the loop runs
 * up to four times as fast, and every value is computed by the same operations in the same
 * order as the loop as written: results are bit-identical (no reassociation, no fused
 * multiply-add).
 *
 * When that holds, and so when this is done:
 * - The body is `pre`, one `while` (no else), `post`. `pre` and the `while` assign only such
 *   locals; `post` may also write view elements, and the posts run in iteration order. `pre` and
 *   the `while` may read view elements when no view written in `post` shares memory with them,
 *   tested before the loop (else every iteration runs as written): then nothing a later
 *   iteration reads early can be written by an earlier one.
 * - Every local the body assigns is a C number or a complex number, written before it is read
 *   in each iteration (so iterations share nothing: each gets its own copy), except the loop
 *   variable.
 * - Locals assigned on every path through the body get the last iteration's value afterwards,
 *   as in Python; one assigned only on some paths (inside the `while`, say) must not be used
 *   outside the loop.
 * - Nothing in the body can raise, call a function of the module or touch Python objects (the
 *   body is emitted once on trial: any error exit rules it out). So an iteration that would
 *   stop the loop cannot leave later iterations' effects behind.
 * - No break, continue or return leaves the for loop; the `while` body may break or continue.
 * - A `while` body of at most BODY_NODES nodes (the four chains must fit in registers).
 *
 * This runs inside prange bodies too: the copies are C locals of a block, private to a thread. */
#include "emit/internal.h"
#include <string.h>

enum { LANES = INTERLEAVE_LANES, BODY_NODES = 48 };

typedef enum { C_PRE, C_WHILE, C_POST } Part;

typedef struct Plan {
  E *e;
  Node *loop, *w;
  NodeList pre, post;
  PtrVec assigned; /* Symbol*: C scalars the body assigns, the loop variable first */
  PtrVec defined;  /* Symbol*: the part of `assigned` written on the way to the current point */
  PtrVec early;    /* Symbol*: views read before the while ends */
  PtrVec written;  /* Symbol*: views written after it */
  bool ok;
  int nodes;       /* size of the while body */
} Plan;

/* C numbers and complex numbers: values in C variables. */
static bool c_value(const Type *t) { return t && (type_is_cnum(t) || type_is_complex(t)); }

static bool scalar_local(const Symbol *s) {
  return s && s->kind == S_LOCAL && c_value(s->ty) && !s->maybe_unbound && s->cname;
}

/* ---- expressions: C numbers only, no effects; view elements read before the while ends are
 * noted (`late` is false there): the views written after it must be disjoint from them */

static bool pure_call(const Node *n) {
  if (n->fn || (n->flags & (NF_OBJCALL | NF_CMATH | NF_COMPLEX_CALL)) || n->list2.len)
    return false;
  Symbol *s = n->a->sym;
  if (s && s->kind == S_MATHFN)
    return true;
  if (s && s->kind == S_BUILTIN)
    return s->builtin == B_ABS || s->builtin == B_MIN || s->builtin == B_MAX ||
           s->builtin == B_INT || s->builtin == B_FLOAT || s->builtin == B_BOOL;
  return false;
}

static void expr(Plan *p, Node *n, bool late) {
  if (!p->ok)
    return;
  p->nodes++;
  if (n->kind == N_FLOAT || n->kind == N_BOOL || n->kind == N_IMAG || (n->kind == N_INT && !n->big))
    return; /* a literal (an int one may be typed as a Python int: it is converted where used) */
  if (!c_value(n->ty)) {
    p->ok = false;
    return;
  }
  switch (n->kind) {
  case N_NAME:
    if (!n->sym || n->sym->kind != S_LOCAL || (n->flags & NF_CHECK_BOUND))
      p->ok = false;
    else if (vec_has(&p->assigned, n->sym) && !vec_has(&p->defined, n->sym))
      p->ok = false; /* read before this iteration writes it: carried from the one before */
    return;
  case N_BINOP:
  case N_BOOLOP:
    expr(p, n->a, late);
    expr(p, n->b, late);
    return;
  case N_UNARY:
    expr(p, n->a, late);
    return;
  case N_IFEXP:
    expr(p, n->a, late);
    expr(p, n->b, late);
    expr(p, n->c, late);
    return;
  case N_COMPARE:
    for (int i = 0; i < n->list.len; i++)
      expr(p, NODE_AT(n->list, i), late);
    return;
  case N_CALL:
    if (n->flags & NF_COMPLEX_CALL) { /* complex(re, im), z.conjugate(), cython.doublecomplex(x) */
      if (n->list2.len) {
        p->ok = false;
        return;
      }
      if (n->a->kind == N_ATTR && strcmp(n->a->str, "conjugate") == 0)
        expr(p, n->a->a, late);
      if (n->b)
        expr(p, n->b, late);
    } else if (!pure_call(n)) {
      p->ok = false;
      return;
    }
    for (int i = 0; i < n->list.len; i++)
      expr(p, NODE_AT(n->list, i), late);
    return;
  case N_ATTR: /* z.real, z.imag */
    if ((strcmp(n->str, "real") != 0 && strcmp(n->str, "imag") != 0) || !n->a->ty ||
        !type_is_complex(n->a->ty) || (n->flags & NF_CMATH)) {
      p->ok = false;
      return;
    }
    expr(p, n->a, late);
    return;
  case N_SUBSCRIPT:
    if (n->a->kind == N_ATTR && strcmp(n->a->str, "shape") == 0 && n->a->a->kind == N_NAME &&
        n->a->a->sym && n->a->a->sym->kind == S_LOCAL && n->a->a->ty && type_is_view(n->a->a->ty)) {
      expr(p, NODE_AT(n->list, 0), late); /* an extent: the view is not reassigned here */
      return;
    }
    if (!n->a->ty || !type_is_view(n->a->ty) || (n->flags & NF_SLICE) || n->a->kind != N_NAME ||
        !n->a->sym || n->a->sym->kind != S_LOCAL) {
      p->ok = false;
      return;
    }
    if (!late && !vec_has(&p->early, n->a->sym))
      vec_push(p->e->a, &p->early, n->a->sym);
    for (int i = 0; i < n->list.len; i++)
      expr(p, NODE_AT(n->list, i), late);
    return;
  default:
    p->ok = false;
  }
}

/* ---- statements, tracking what each iteration has surely written */

static void stmt_list(Plan *p, NodeList *l, Part part);

static void target(Plan *p, Node *t, Part part, bool read_too) {
  if (t->kind == N_NAME) {
    if (!scalar_local(t->sym)) {
      p->ok = false;
      return;
    }
    if (read_too)
      expr(p, t, false);
    if (!vec_has(&p->defined, t->sym))
      vec_push(p->e->a, &p->defined, t->sym);
  } else if (t->kind == N_SUBSCRIPT && part == C_POST) {
    expr(p, t, true); /* a view element: its indices are read */
    if (p->ok && !vec_has(&p->written, t->a->sym))
      vec_push(p->e->a, &p->written, t->a->sym);
  } else
    p->ok = false;
}

static void stmt(Plan *p, Node *s, Part part) {
  if (!p->ok)
    return;
  p->nodes++;
  switch (s->kind) {
  case N_ASSIGN: {
    Node *t = NODE_AT(s->list, 0);
    if (s->list.len != 1) {
      p->ok = false;
    } else if (s->flags & NF_MULTI_ASSIGN) {
      /* x, y = y, x % y: every value is computed, then stored (without a tuple) */
      for (int i = 0; i < t->list.len; i++)
        expr(p, NODE_AT(s->b->list, i), part == C_POST);
      for (int i = 0; i < t->list.len && p->ok; i++)
        if (NODE_AT(t->list, i)->kind == N_NAME)
          target(p, NODE_AT(t->list, i), part, false);
        else
          p->ok = false;
    } else {
      expr(p, s->b, part == C_POST);
      target(p, t, part, false);
    }
    return;
  }
  case N_ANNASSIGN:
    if (s->b) {
      expr(p, s->b, part == C_POST);
      target(p, s->a, part, false);
    }
    return;
  case N_AUGASSIGN:
    expr(p, s->b, part == C_POST);
    target(p, s->a, part, true);
    return;
  case N_IF: {
    expr(p, s->a, part == C_POST);
    /* afterwards, only what both branches wrote */
    PtrVec before = p->defined;
    p->defined = vec_copy(p->e->a, &before);
    stmt_list(p, &s->body, part);
    PtrVec then = p->defined;
    p->defined = vec_copy(p->e->a, &before);
    stmt_list(p, &s->orelse, part);
    PtrVec both = {0};
    for (int i = 0; i < then.len; i++)
      if (vec_has(&p->defined, then.items[i]))
        vec_push(p->e->a, &both, then.items[i]);
    p->defined = both;
    return;
  }
  case N_BREAK:
  case N_CONTINUE:
    if (part != C_WHILE)
      p->ok = false;
    return;
  case N_PASS:
    return;
  case N_EXPRSTMT:
    if (s->a->kind != N_STR) /* a bare string is a comment */
      p->ok = false;
    return;
  default:
    p->ok = false; /* loops, return, raise, try, with, ... */
  }
}

static void stmt_list(Plan *p, NodeList *l, Part part) {
  for (int i = 0; i < l->len && p->ok; i++)
    stmt(p, NODE_AT(*l, i), part);
}

/* How often is sym named in n (recursively), declarations aside? */
static int uses(Node *n, const Symbol *sym) {
  if (!n || (n->kind == N_ANNASSIGN && !n->b)) /* a declaration */
    return 0;
  int k = n->kind == N_NAME && n->sym == sym;
  k += uses(n->a, sym) + uses(n->b, sym) + uses(n->c, sym);
  NodeList *ls[] = {&n->list, &n->list2, &n->body, &n->orelse, &n->params};
  for (size_t j = 0; j < sizeof ls / sizeof *ls; j++)
    for (int i = 0; i < ls[j]->len; i++)
      k += uses(NODE_AT(*ls[j], i), sym);
  return k;
}

static bool plan(E *e, Node *s, Plan *p) {
  *p = (Plan){.e = e, .loop = s, .ok = true};
  if (s->orelse.len || s->a->kind != N_NAME || !scalar_local(s->a->sym) || !e->fn || !e->fn->def)
    return false;
  int at = -1;
  for (int i = 0; i < s->body.len; i++)
    if (NODE_AT(s->body, i)->kind == N_WHILE) {
      if (at >= 0)
        return false;
      at = i;
    }
  if (at < 0)
    return false;
  p->w = NODE_AT(s->body, at);
  if (p->w->orelse.len)
    return false;
  p->pre = (NodeList){.items = s->body.items, .len = at, .cap = at};
  p->post = (NodeList){.items = s->body.items + at + 1, .len = s->body.len - at - 1,
                       .cap = s->body.len - at - 1};
  vec_push(e->a, &p->assigned, s->a->sym);
  assigned_symbols(e->a, &s->body, &p->assigned);
  vec_push(e->a, &p->defined, s->a->sym);
  stmt_list(p, &p->pre, C_PRE);
  expr(p, p->w->a, false);
  PtrVec before = p->defined;
  p->defined = vec_copy(e->a, &before);
  p->nodes = 0;
  stmt_list(p, &p->w->body, C_WHILE);
  if (!p->ok || p->nodes > BODY_NODES)
    return false;
  p->defined = before; /* the while body may not run at all */
  stmt_list(p, &p->post, C_POST);
  if (!p->ok)
    return false;
  for (int i = 0; i < p->early.len; i++)
    if (vec_has(&p->written, p->early.items[i]))
      return false; /* an earlier iteration writes what a later one reads first */
  for (int i = 0; i < p->assigned.len; i++) {
    Symbol *sym = p->assigned.items[i];
    if (!scalar_local(sym))
      return false;
    /* Not written on every path: its value after the loop could be another iteration's. */
    if (!vec_has(&p->defined, sym) && uses(e->fn->def, sym) != uses(s, sym))
      return false;
  }
  return true;
}

/* ---- trial: would the body as written have an error exit or Python objects? */

static bool body_is_quiet(E *e, Node *s) {
  Buf scratch = {0}, *out = e->out;
  size_t decls = e->decls.len, cdecl = e->consts_decl.len, cinit = e->consts_init.len,
         nests = e->nests.len;
  int keys = e->const_keys.len, names = e->const_names.len, objs = e->obj_temps.len,
      temps = e->stmt_temps.len, errs = e->nerr, line = e->line;
  bool used_err = e->used_err;
  Loop loop = {.outer = e->loop, .unwind = e->unwind};
  e->out = &scratch;
  e->loop = &loop;
  stmts(e, &s->body);
  e->loop = loop.outer;
  bool quiet = e->nerr == errs && e->obj_temps.len == objs && e->stmt_temps.len == temps &&
               e->nests.len == nests;
  e->out = out;
  buf_free(&scratch);
  e->decls.len = decls;
  e->consts_decl.len = cdecl;
  e->consts_init.len = cinit;
  e->nests.len = nests;
  e->const_keys.len = keys;
  e->const_names.len = names;
  e->obj_temps.len = objs;
  e->stmt_temps.len = temps;
  e->used_err = used_err;
  e->nerr = errs;
  e->line = line;
  return quiet;
}

/* ---- emission */

static const char **lane_names(Plan *p, int lane) {
  const char **v = arena_alloc(p->e->a, sizeof(char *) * (size_t)p->assigned.len);
  for (int i = 0; i < p->assigned.len; i++) {
    Symbol *s = p->assigned.items[i];
    v[i] = arena_printf(p->e->a, "l%d_%s", lane, s->cname[0] == 'v' && s->cname[1] == '_' ? s->cname + 2 : s->cname);
  }
  return v;
}

/* Emits code in which the body's locals are lane `lane`'s copies. */
static void use_lane(Plan *p, const char **names, const char **saved) {
  for (int i = 0; i < p->assigned.len; i++) {
    Symbol *s = p->assigned.items[i];
    if (saved)
      saved[i] = s->cname;
    s->cname = names[i];
  }
}

/* One step of the while loop for one lane: test, body; break (or a false test) ends the lane. */
static void step(E *e, Plan *p, const char *live) {
  char *stop = label(e, "stop"), *next = label(e, "next");
  char *c = truth(e, p->w->a);
  emitf(e, "if (!(%s)) goto %s;", c, stop);
  Loop loop = {.outer = e->loop, .brk = stop, .cont = next, .unwind = e->unwind};
  e->loop = &loop;
  stmts(e, &p->w->body);
  e->loop = loop.outer;
  emitf(e, "goto %s;", next);
  buf_printf(e->out, "%s: %s = 0;\n", stop, live);
  buf_printf(e->out, "%s:;\n", next);
}

struct Interleave {
  Plan p;
  int id;
  char *apart, *test; /* the views' disjointness test, when views are read early */
};

Interleave *interleave_plan(E *e, Node *s) {
  Interleave *il = arena_alloc(e->a, sizeof *il);
  *il = (Interleave){.id = 0};
  if (!plan(e, s, &il->p) || !body_is_quiet(e, s))
    return NULL;
  il->id = ++e->ntemps;
  /* Views read before the while ends must not share memory with views written after it (an
   * earlier iteration's write would come after a later one's read): tested before the loop;
   * when they may, every iteration runs as written. */
  Buf test = {0};
  for (int i = 0; i < il->p.written.len; i++)
    for (int j = 0; j < il->p.early.len; j++) {
      Symbol *w = il->p.written.items[i], *r = il->p.early.items[j];
      buf_printf(&test, "%s%s", test.len ? " && " : "", emit_view_disjoint(e, w, r));
    }
  if (test.len) {
    il->apart = arena_printf(e->a, "dj%d", il->id);
    il->test = arena_strdup(e->a, test.p);
  }
  buf_free(&test);
  return il;
}

const char *interleave_apart(const Interleave *il) { return il->apart; }

void interleave_declare_apart(E *e, const Interleave *il) {
  if (il->apart)
    emitf(e, "int %s = %s; /* the views read early are apart from those written */", il->apart,
          il->test);
}

/* On lane `names`' copies of the locals: one step of the while (`live` given) or `list`. */
static void on_lane(E *e, Plan *p, const char **names, const char **orig, NodeList *list,
                    const char *live) {
  use_lane(p, names, orig);
  if (live)
    step(e, p, live);
  else
    stmts(e, list);
  use_lane(p, orig, NULL);
}

void interleave_group(E *e, Interleave *il, const char *k, Type *lt) {
  Arena *a = e->a;
  Plan *p = &il->p;
  Symbol *var = p->loop->a->sym;
  const char **orig = arena_alloc(a, sizeof(char *) * (size_t)p->assigned.len);
  const char **lanes[LANES];
  const char *live[LANES];
  for (int l = 0; l < LANES; l++) {
    lanes[l] = lane_names(p, l);
    live[l] = arena_printf(a, "lv%d_%d", il->id, l);
  }
  for (int l = 0; l < LANES; l++)
    for (int i = 0; i < p->assigned.len; i++) {
      Symbol *sym = p->assigned.items[i];
      emitf(e, "%s %s = 0;", sym->ty->cname, lanes[l][i]);
    }
  for (int l = 0; l < LANES; l++) {
    use_lane(p, lanes[l], orig);
    store(e, var, arena_printf(a, "(%s + %d)", k, l), lt);
    use_lane(p, orig, NULL);
    on_lane(e, p, lanes[l], orig, &p->pre, NULL);
  }
  Buf all = {0};
  for (int l = 0; l < LANES; l++) {
    emitf(e, "int %s = 1;", live[l]);
    buf_printf(&all, "%s%s", l ? " & " : "", live[l]);
  }
  emitf(e, "while (%s) {", all.p);
  buf_free(&all);
  e->indent++;
  for (int l = 0; l < LANES; l++)
    on_lane(e, p, lanes[l], orig, NULL, live[l]);
  e->indent--;
  emitf(e, "}");
  for (int l = 0; l < LANES; l++) { /* each lane still running, alone to its end */
    emitf(e, "while (%s) {", live[l]);
    e->indent++;
    on_lane(e, p, lanes[l], orig, NULL, live[l]);
    e->indent--;
    emitf(e, "}");
  }
  for (int l = 0; l < LANES; l++)
    on_lane(e, p, lanes[l], orig, &p->post, NULL);
  /* what Python leaves in the locals: the last iteration's values */
  for (int i = 0; i < p->assigned.len; i++)
    if (vec_has(&p->defined, p->assigned.items[i]))
      emitf(e, "%s = %s;", orig[i], lanes[LANES - 1][i]);
}

bool emit_interleaved_range(E *e, Node *s, Type *lt, const char *start, const char *stop) {
  Interleave *il = interleave_plan(e, s);
  if (!il)
    return false;
  char *k = arena_printf(e->a, "k%d", il->id);
  const char *apart = interleave_apart(il);
  emitf(e, "{ /* %d iterations at a time, each on its own copies of the loop's locals, their while "
           "loops stepped together (same operations, same results; see emit/interleave.c) */",
        LANES);
  e->indent++;
  emitf(e, "%s %s = %s;", lt->cname, k, start);
  interleave_declare_apart(e, il);
  emitf(e, "for (; %s%s%s < %s && (unsigned long long)%s - (unsigned long long)%s >= %d; %s += %d) {",
        apart ? apart : "", apart ? " && " : "", k, stop, stop, k, LANES, k, LANES);
  e->indent++;
  interleave_group(e, il, k, lt);
  e->indent--;
  emitf(e, "}");
  emitf(e, "for (; %s < %s; %s++) {", k, stop, k);
  e->indent++;
  store(e, s->a->sym, k, lt);
  release_temps(e);
  loop_rest(e, s);
  e->indent--;
  emitf(e, "}");
  return true;
}
