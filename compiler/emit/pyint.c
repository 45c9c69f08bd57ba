/* pyint.c: C for Python's int, the tagged word of pyc2c/pyint.h.
 *
 * Values follow the object temporaries' discipline: an operation's result is a fresh int
 * temporary ("iN"), owned, released at the end of its statement; a variable's value is borrowed
 * for the statement; a store takes its own reference (PYC2C_INT_STORE). Every operation that can
 * box (or fail) is checked against PYC2C_INT_ERR. Small values never touch the heap, so a loop
 * on small ints runs as word arithmetic with overflow checks. */
#include "emit/internal.h"
#include <inttypes.h>
#include <string.h>

char *pyint_temp(E *e) {
  char *t = arena_printf(e->a, "i%d", ++e->ntemps);
  buf_printf(&e->decls, "  pyc2c_int %s = 0;\n", t);
  vec_push(e->a, &e->stmt_temps, t);
  vec_push(e->a, &e->obj_temps, t);
  return t;
}

/* A statement that computes a new int into a fresh temporary, checked. */
static char *checked(E *e, const char *expr) {
  char *t = pyint_temp(e);
  emitf(e, "if (PYC2C_UNLIKELY((%s = %s) == PYC2C_INT_ERR)) { %s = 0; %s }", t, expr, t, err(e));
  return t;
}

/* int(x) of an int: a plain int */
char *pyint_exact(E *e, char *v) { return checked(e, arena_printf(e->a, "pyc2c_int_exact(%s)", v)); }

/* An int literal (possibly negated, possibly past 64 bits) as a tagged word: small values are
 * plain words; others are tagged module constants (borrowed: constants live forever). */
char *pyint_literal(E *e, Node *n) {
  int64_t v;
  if (const_int_value(n, &v) && v >= -(INT64_C(1) << 62) && v < (INT64_C(1) << 62))
    return arena_printf(e->a, "PYC2C_INT_SMALL(%" PRId64 "LL)", v);
  char *k = emit_int_constant(e, n);
  if (!k) { /* -<big literal>: negate at run time */
    char *a = pyint_literal(e, n->a);
    return checked(e, arena_printf(e->a, "pyc2c_int_neg(%s)", a));
  }
  return arena_printf(e->a, "((pyc2c_int)(uintptr_t)%s | 1)", k);
}

/* `val` of type `from` as `to` where one of them is a Python int; NULL otherwise. */
char *pyint_convert(E *e, char *val, Type *from, Type *to) {
  if (to->kind == T_PYINT) {
    switch (from->kind) {
    case T_OBJECT:
      return checked(e, arena_printf(e->a, "pyc2c_int_from_object(%s)", val));
    case T_BINT:
      return arena_printf(e->a, "PYC2C_INT_SMALL(%s)", val);
    case T_INT:
      if (from->size < 8)
        return arena_printf(e->a, "PYC2C_INT_SMALL(%s)", val);
      return checked(e, arena_printf(e->a, "pyc2c_int_from_%s(%s)", from->is_signed ? "ll" : "ull", val));
    case T_FLOAT:
      return checked(e, arena_printf(e->a, "pyc2c_int_from_double(%s)", val));
    default:
      return NULL;
    }
  }
  if (from->kind != T_PYINT)
    return NULL;
  switch (to->kind) {
  case T_OBJECT: {
    char *t = obj_temp(e);
    emitf(e, "%s = pyc2c_int_box(%s); if (!%s) %s", t, val, t, err(e));
    return t;
  }
  case T_BINT:
    return arena_printf(e->a, "pyc2c_int_truth(%s)", val);
  case T_INT: {
    char *s = c_temp(e, to);
    emitf(e, "if (pyc2c_int_as_%s(%s, &%s) < 0) %s", to->conv, val, s, err(e));
    return s;
  }
  case T_FLOAT: {
    char *d = c_temp(e, &ty_double);
    emitf(e, "if (pyc2c_int_as_double(%s, &%s) < 0) %s", val, d, err(e));
    return to == &ty_double ? d : arena_printf(e->a, "((%s)%s)", to->cname, d);
  }
  default:
    return NULL;
  }
}

static const char *op_name(Op op) {
  switch (op) {
  case OP_ADD: return "add";
  case OP_SUB: return "sub";
  case OP_MUL: return "mul";
  case OP_FLOORDIV: return "floordiv";
  case OP_MOD: return "mod";
  case OP_POW: return "pow";
  case OP_LSHIFT: return "lshift";
  case OP_RSHIFT: return "rshift";
  case OP_BITAND: return "and";
  case OP_BITOR: return "or";
  case OP_BITXOR: return "xor";
  default: return NULL;
  }
}

static bool is_float(const Node *n) { return n->ty->kind == T_FLOAT; }

/* a OP b with Python int semantics: an int result, or the double of `/` and of a negative
 * power. NULL when the operation is not one of those (C numbers, objects, float mixing). */
char *pyint_binop(E *e, Node *n, Op op, Node *an, Node *bn, Type *rt) {
  (void)n;
  int64_t k;
  /* an int literal next to a C operand took that operand's C type (typeinfer's literal_as) */
  bool any_int = (an->ty->kind == T_PYINT && !const_int_value(an, &k)) ||
                 (bn->ty->kind == T_PYINT && !const_int_value(bn, &k));
  if (rt->kind == T_PYINT) {
    const char *name = op_name(op);
    if (!name)
      return NULL;
    char *a = ex_as(e, an, &ty_pyint), *b = ex_as(e, bn, &ty_pyint);
    return checked(e, arena_printf(e->a, "pyc2c_int_%s(%s, %s)", name, a, b));
  }
  if (rt->kind == T_FLOAT && any_int && !is_float(an) && !is_float(bn) &&
      (op == OP_DIV || op == OP_POW)) {
    char *a = ex_as(e, an, &ty_pyint), *b = ex_as(e, bn, &ty_pyint);
    char *d = c_temp(e, &ty_double);
    emitf(e, "if (%s(%s, %s, &%s) < 0) %s", op == OP_DIV ? "pyc2c_int_truediv" : "pyc2c_int_pow_double",
          a, b, d, err(e));
    return rt == &ty_double ? d : arena_printf(e->a, "((%s)%s)", rt->cname, d);
  }
  return NULL;
}

/* -x, +x, ~x of a Python int (or -i of an index). */
char *pyint_unary(E *e, Node *n) {
  int64_t v;
  if (const_int_value(n, &v))
    return pyint_literal(e, n);
  char *a = ex_as(e, n->a, &ty_pyint);
  if (n->op == OP_POS)
    return a;
  return checked(e, arena_printf(e->a, "pyc2c_int_%s(%s)", n->op == OP_NEG ? "neg" : "invert", a));
}

/* A comparison with a Python int on one side and an int, a C number or a float on the other:
 * a C int expression (the three-way result mapped to op). */
char *pyint_compare(E *e, Op op, char *a, Type *at, char *b, Type *bt) {
  bool swap = at->kind != T_PYINT;
  if (swap) {
    char *tv = a;
    a = b;
    b = tv;
    Type *tt = at;
    at = bt;
    bt = tt;
    op = op == OP_LT ? OP_GT : op == OP_GT ? OP_LT : op == OP_LE ? OP_GE : op == OP_GE ? OP_LE : op;
  }
  char *c = c_temp(e, &ty_int);
  if (bt->kind == T_PYINT)
    emitf(e, "%s = pyc2c_int_cmp(%s, %s);", c, a, b);
  else if (bt->kind == T_FLOAT)
    emitf(e, "if (pyc2c_int_cmp_double(%s, (double)%s, &%s) < 0) %s", a, b, c, err(e));
  else if (bt->kind == T_INT && !bt->is_signed && bt->size == 8)
    emitf(e, "%s = pyc2c_int_cmp_ull(%s, %s);", c, a, b);
  else
    emitf(e, "%s = pyc2c_int_cmp_ll(%s, (long long)%s);", c, a, b);
  return three_way(e, op, c); /* emit.c */
}

/* abs(x), min(...), max(...) with an int result. */
char *pyint_builtin(E *e, Node *n, bool is_abs, bool is_min) {
  Node *a0 = NODE_AT(n->list, 0);
  if (is_abs)
    return checked(e, arena_printf(e->a, "pyc2c_int_abs(%s)", ex_as(e, a0, &ty_pyint)));
  /* the result is one of the arguments, borrowed for the statement as they are */
  char *r = c_temp(e, &ty_pyint);
  emitf(e, "%s = %s;", r, ex_as(e, a0, &ty_pyint));
  for (int i = 1; i < n->list.len; i++) {
    char *v = ex_as(e, NODE_AT(n->list, i), &ty_pyint);
    if (!is_simple(v)) {
      char *s = c_temp(e, &ty_pyint);
      emitf(e, "%s = %s;", s, v);
      v = s;
    }
    emitf(e, "if (pyc2c_int_cmp(%s, %s) %s 0) %s = %s;", v, r, is_min ? "<" : ">", r, v);
  }
  return r;
}

/* An index operand computed in C: an index-typed value or a small literal. */
static bool c_index_operand(Node *n) {
  int64_t k;
  if (const_int_value(n, &k))
    return k > -(INT64_C(1) << 31) && k < (INT64_C(1) << 31);
  return n->ty == &ty_index;
}

/* `i + k`, `i - k` or `k * i` as a view index, where typing made it a Python int (exact): computed in
 * Py_ssize_t instead. Where it would overflow, the exact value is out of range for any view, so a
 * checked access raises the IndexError it would raise anyway; a proven index cannot overflow;
 * with boundscheck off the result is not checked at all (C arithmetic, as asked). NULL when `ix`
 * is not such an expression. */
char *pyint_view_index(E *e, Node *ix, int axis, bool proven, bool check) {
  if (ix->kind != N_BINOP || (ix->op != OP_ADD && ix->op != OP_SUB && ix->op != OP_MUL) ||
      !type_is_pyint(ix->ty) ||
      !c_index_operand(ix->a) || !c_index_operand(ix->b))
    return NULL;
  char *a = ex_as(e, ix->a, &ty_Py_ssize_t), *b = ex_as(e, ix->b, &ty_Py_ssize_t);
  const char *op = ix->op == OP_ADD ? "+" : ix->op == OP_SUB ? "-" : "*";
  const char *builtin = ix->op == OP_ADD ? "add" : ix->op == OP_SUB ? "sub" : "mul";
  if (proven)
    return arena_printf(e->a, "(%s %s %s)", a, op, b);
  if (!check)
    return arena_printf(e->a, "((Py_ssize_t)((size_t)%s %s (size_t)%s))", a, op, b);
  char *t = c_temp(e, &ty_Py_ssize_t);
  emitf(e, "if (PYC2C_UNLIKELY(__builtin_%s_overflow(%s, %s, &%s))) { pyc2c_view_index_error(%d); %s }",
        builtin, a, b, t, axis, err(e));
  return t;
}
