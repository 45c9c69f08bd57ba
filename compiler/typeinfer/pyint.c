/* pyint.c: typing rules for Python's int (the tagged int, T_PYINT) and for indices (ty_index).
 *
 * The rule, in one place: arithmetic is exact (gives a Python int) unless an operand is a
 * declared C integer type, which asks for C semantics as in Cython. A Python int is an `int`
 * annotation, an int literal that no C operand adopts, or an unannotated local that holds
 * integers not provably small. Provably small values stay C integers (ty_index): range()
 * indices, len(), shapes, and locals assigned only those and int literals; arithmetic on them is
 * exact too (an index times an index can pass 2**63), so it gives a Python int.
 *
 *   i * i * i            (i a range index)      -> int, exact
 *   n * 2                (n: cython.long)        -> cython.long, wraps as C
 *   x + n                (x: int, n: cython.int) -> int, exact
 *   x + 1.5              (x: int)                -> double (OverflowError if x is too big)
 *   x / y                (ints)                  -> double, correctly rounded
 *   x ** 3, x ** -1      (x: int)                -> int, double (by the literal's sign)
 */
#include "typeinfer/internal.h"
#include <string.h>

static bool is_small_literal(const Node *n) {
  int64_t v;
  return const_int_value(n, &v);
}

/* An integer operand that exact arithmetic can take: a Python int, an index, a C integer, a bint. */
static bool exact_operand(const Type *t) {
  return t->kind == T_PYINT || t->kind == T_INT || t->kind == T_BINT;
}

/* Does `a OP b` follow Python int semantics (rather than C's, or an object's)? */
static bool exact_arith(Node *ln, Node *rn, Type *a, Type *b) {
  if (!exact_operand(a) || !exact_operand(b))
    return false;
  bool ap = a->kind == T_PYINT, bp = b->kind == T_PYINT;
  if (ap && bp)
    return true;
  /* an int literal next to a declared C integer takes that C type (Cython's rule) */
  if (ap && !is_small_literal(ln))
    return true;
  if (bp && !is_small_literal(rn))
    return true;
  bool ai = a == &ty_index, bi = b == &ty_index;
  return (ai && (bi || bp)) || (bi && ap);
}

/* A value typing knows is >= 0 and an index: a shape, len(), size, ndim. */
static bool nonneg_index(const Node *n) {
  if (n->ty != &ty_index)
    return false;
  if (n->kind == N_SUBSCRIPT)
    return n->a->kind == N_ATTR && strcmp(n->a->str, "shape") == 0;
  return n->kind == N_CALL || n->kind == N_ATTR;
}

bool pyint_binop_type(TI *ti, Node *n, Op op, Node *ln, Node *rn, Type **a, Type **b,
                      Type **result) {
  Type *x = *a, *y = *b;
  /* An int operand next to a float: converted to a double (OverflowError past 1.8e308). */
  if ((x->kind == T_PYINT && y->kind == T_FLOAT) || (y->kind == T_PYINT && x->kind == T_FLOAT)) {
    bool lit = x->kind == T_PYINT ? is_small_literal(ln) : is_small_literal(rn);
    if (ti->report && !lit)
      n->flags |= NF_CAN_RAISE;
    if (x->kind == T_PYINT)
      *a = is_small_literal(ln) ? y : &ty_double;
    if (y->kind == T_PYINT)
      *b = is_small_literal(rn) ? x : &ty_double;
    return false;
  }
  /* Without the GIL there are no Python ints: C arithmetic, as Cython does in prange bodies. */
  bool real_x = x->kind == T_PYINT && !is_small_literal(ln), real_y = y->kind == T_PYINT && !is_small_literal(rn);
  if (ti->nogil && !real_x && !real_y && (x->kind != T_PYINT || y->kind != T_PYINT))
    return false;
  if (!exact_arith(ln, rn, x, y))
    return false;
  int64_t k;
  /* shape - 1, len(a) - k: cannot leave Py_ssize_t, so it stays an index (a C value) */
  if (op == OP_SUB && nonneg_index(ln) && const_int_value(rn, &k) && k >= 0) {
    *result = &ty_index;
    return true;
  }
  n->flags &= ~NF_CDIVISION; /* cdivision is for C types; Python ints keep Python's semantics */
  if (ti->report)
    n->flags |= NF_CAN_RAISE;
  switch (op) {
  case OP_DIV:
    *result = &ty_double;
    return true;
  case OP_POW:
    if (const_int_value(rn, &k))
      *result = k >= 0 ? &ty_pyint : &ty_double;
    else
      *result = &ty_object; /* int or float, by the exponent's sign at run time */
    return true;
  case OP_ADD: case OP_SUB: case OP_MUL: case OP_FLOORDIV: case OP_MOD: case OP_LSHIFT:
  case OP_RSHIFT: case OP_BITAND: case OP_BITOR: case OP_BITXOR:
    if (x->kind == T_BINT && y->kind == T_BINT)
      return false; /* True & False stays a bool */
    *result = &ty_pyint;
    return true;
  default:
    return false;
  }
}

/* The type an unannotated local takes from an assigned value of type t (see the file comment):
 * a C integer that is not provably small becomes a Python int, so later arithmetic is exact. */
Type *pyint_local_type(TI *ti, Type *t) {
  if (t && t->kind == T_INT && t != &ty_index && !ti->nogil)
    return &ty_pyint;
  return t;
}
