/* complex.c: complex numbers in C. Values are C99 `double _Complex` / `float _Complex`; every
 * operation is computed in double complex with CPython's algorithms (pyc2c/complex.h) and
 * rounded to float complex where the result type says so. A real operand becomes a complex one
 * with a +0.0 imaginary part first, as CPython converts it: `2.0 * z` is complex(2.0, 0.0) * z. */
#include "emit/internal.h"
#include <inttypes.h>
#include <string.h>

/* v (a double complex expression) as a value of complex type t. */
static char *narrow(E *e, char *v, const Type *t) {
  return t == &ty_floatcomplex ? arena_printf(e->a, "((float _Complex)%s)", v) : v;
}

/* A value of a C type other than an object as complex type `to`. */
char *complex_convert(E *e, char *val, Type *from, Type *to) {
  if (type_is_complex(from)) {
    if (type_is_complex(to))
      return from == to ? val : arena_printf(e->a, "((%s)%s)", to->cname, val);
    if (to->kind == T_BINT)
      return arena_printf(e->a, "(%s != 0)", val);
    return "0 /* unreachable: rejected by typeinfer */";
  }
  char *d = type_is_pyint(from) ? pyint_convert(e, val, from, &ty_double)
                                : arena_printf(e->a, "(double)%s", val);
  return narrow(e, arena_printf(e->a, "pyc2c_complex(%s, 0.0)", d), to);
}

/* The expression n as a value of complex type `to` (literals written directly). */
char *complex_ex_as(E *e, Node *n, Type *to) {
  int64_t v;
  if (n->kind == N_IMAG)
    return narrow(e, arena_printf(e->a, "pyc2c_complex(0.0, %s)", float_text(e, n->fval)), to);
  if (n->kind == N_FLOAT)
    return narrow(e, arena_printf(e->a, "pyc2c_complex(%s, 0.0)", float_text(e, n->fval)), to);
  if (const_int_value(n, &v) && v >= -(INT64_C(1) << 53) && v <= (INT64_C(1) << 53))
    return narrow(e, arena_printf(e->a, "pyc2c_complex(%" PRId64 ".0, 0.0)", v), to);
  if (type_is_object(n->ty))
    return convert(e, ex(e, n), n->ty, to);
  return complex_convert(e, ex(e, n), n->ty, to);
}

/* a OP b for + - * / ** with a complex result. */
char *complex_binop(E *e, Node *n, Op op, Node *an, Node *bn, Type *rt) {
  char *a = complex_ex_as(e, an, &ty_doublecomplex), *b = complex_ex_as(e, bn, &ty_doublecomplex);
  switch (op) {
  case OP_ADD:
  case OP_SUB: /* componentwise, as CPython's _Py_c_sum and _Py_c_diff */
    return narrow(e, arena_printf(e->a, "(%s %s %s)", a, op_spelling[op], b), rt);
  case OP_MUL:
    return narrow(e, arena_printf(e->a, "pyc2c_cmul(%s, %s)", a, b), rt);
  case OP_DIV:
    if (!(n->flags & NF_CAN_RAISE))
      return narrow(e, arena_printf(e->a, "pyc2c_cquot(%s, %s)", a, b), rt);
    /* fall through */
  case OP_POW: {
    char *r = c_temp(e, &ty_doublecomplex);
    emitf(e, "if (%s(%s, %s, &%s) < 0) %s", op == OP_DIV ? "pyc2c_cdiv" : "pyc2c_cpow", a, b, r,
          err(e));
    return narrow(e, r, rt);
  }
  default:
    return "0 /* unreachable: rejected by typeinfer */";
  }
}

/* -z, +z */
char *complex_unary(E *e, Node *n) {
  if (n->op == OP_POS)
    return ex(e, n->a);
  return narrow(e, arena_printf(e->a, "pyc2c_cneg(%s)", complex_ex_as(e, n->a, &ty_doublecomplex)),
                n->ty);
}

/* a == b or a != b with a complex operand, as CPython's complex_richcompare: against an int
 * exactly (an int beyond 2**53 is not rounded to a float first). A C int expression. */
char *complex_compare(E *e, Op op, char *a, Type *at, char *b, Type *bt) {
  if (!type_is_complex(at)) { /* the complex operand first */
    char *tv = a;
    Type *tt = at;
    a = b, at = bt, b = tv, bt = tt;
  }
  const char *neg = op == OP_NE ? "!" : "";
  if (type_is_pyint(bt)) { /* through Python's objects, exact for any int */
    char *x = convert(e, a, at, &ty_object), *y = convert(e, b, bt, &ty_object);
    char *t = obj_temp(e), *r = c_temp(e, &ty_bint);
    emitf(e, "%s = PyObject_RichCompare(%s, %s, %s); if (!%s) %s", t, x, y,
          op == OP_NE ? "Py_NE" : "Py_EQ", t, err(e));
    emitf(e, "if ((%s = PyObject_IsTrue(%s)) < 0) %s", r, t, err(e));
    return r;
  }
  if (type_is_complex(bt))
    return arena_printf(e->a, "(%s %s %s)", a, op == OP_NE ? "!=" : "==", b);
  if (bt->kind == T_FLOAT)
    return arena_printf(e->a, "%s(pyc2c_creal(%s) == %s && pyc2c_cimag(%s) == 0.0)", neg, a, b, a);
  bool u = bt->kind == T_INT && !bt->is_signed;
  return arena_printf(e->a, "%spyc2c_ceq_%s(%s, (%s)%s)", neg, u ? "ull" : "ll", a,
                      u ? "unsigned long long" : "long long", b);
}

/* z.real, z.imag */
char *complex_attr(E *e, Node *n) {
  bool f = n->a->ty == &ty_floatcomplex;
  return arena_printf(e->a, "pyc2c_c%s%s(%s)", strcmp(n->str, "real") == 0 ? "real" : "imag",
                      f ? "f" : "", ex(e, n->a));
}

/* abs(z): a double, OverflowError where CPython raises it. */
char *complex_abs(E *e, Node *arg) {
  char *z = complex_ex_as(e, arg, &ty_doublecomplex), *r = c_temp(e, &ty_double);
  emitf(e, "if (pyc2c_cabs(%s, &%s) < 0) %s", z, r, err(e));
  return r;
}

/* complex(), complex(x), complex(re, im), cython.doublecomplex(x), z.conjugate(). */
char *complex_call(E *e, Node *n) {
  if (n->a->kind == N_ATTR && strcmp(n->a->str, "conjugate") == 0 && !n->list.len &&
      n->a->a->ty && type_is_complex(n->a->a->ty))
    return narrow(e, arena_printf(e->a, "pyc2c_cconj(%s)", complex_ex_as(e, n->a->a, &ty_doublecomplex)),
                  n->ty);
  if (n->b) /* cython.cast(cython.doublecomplex, x) */
    return complex_ex_as(e, n->b, n->ty);
  if (n->list.len == 0)
    return narrow(e, "pyc2c_complex(0.0, 0.0)", n->ty);
  Node *r = NODE_AT(n->list, 0);
  if (n->list.len == 1)
    return complex_ex_as(e, r, n->ty);
  /* complex(r, i) as CPython's complex_new: real parts, and for a complex argument the
   * correction r.real - i.imag, i.real + r.imag (only for the complex ones) */
  Node *i = NODE_AT(n->list, 1);
  bool rc = type_is_complex(r->ty), ic = type_is_complex(i->ty);
  char *rv = rc ? stash(e, &ty_doublecomplex, complex_ex_as(e, r, &ty_doublecomplex))
                : stash(e, &ty_double, ex_as(e, r, &ty_double));
  char *iv = ic ? stash(e, &ty_doublecomplex, complex_ex_as(e, i, &ty_doublecomplex))
                : stash(e, &ty_double, ex_as(e, i, &ty_double));
  char *re = rc ? arena_printf(e->a, "pyc2c_creal(%s)", rv) : rv;
  char *im = ic ? arena_printf(e->a, "pyc2c_creal(%s)", iv) : iv;
  if (ic)
    re = arena_printf(e->a, "%s - pyc2c_cimag(%s)", re, iv);
  if (rc)
    im = arena_printf(e->a, "%s + pyc2c_cimag(%s)", im, rv);
  return narrow(e, arena_printf(e->a, "pyc2c_complex(%s, %s)", re, im), n->ty);
}

/* cmath.sqrt(z), cmath.exp(z), cmath.phase(z), cmath.isfinite(z), ... compiled natively
 * (typeinfer/complex.c chose them; pyc2c/complex.h and runtime/complex.c compute them). */
char *emit_cmath_call(E *e, Node *n) {
  const char *name = n->a->kind == N_ATTR ? n->a->str : n->a->sym->cmath;
  char *z = complex_ex_as(e, NODE_AT(n->list, 0), &ty_doublecomplex);
  if (strcmp(name, "exp") == 0 || strcmp(name, "phase") == 0 || strcmp(name, "log") == 0 ||
      strcmp(name, "log10") == 0) {
    char *r = c_temp(e, name[0] == 'p' ? &ty_double : &ty_doublecomplex);
    emitf(e, "if (pyc2c_cmath_%s(%s, &%s) < 0) %s", name, z, r, err(e));
    return r;
  }
  static const char *const hyp[] = {"sinh", "cosh", "sin", "cos"};
  for (size_t i = 0; i < sizeof hyp / sizeof *hyp; i++)
    if (strcmp(name, hyp[i]) == 0) {
      char *r = c_temp(e, &ty_doublecomplex);
      emitf(e, "if (pyc2c_cmath_hyp(PYC2C_CMATH_%s%s, %s, &%s) < 0) %s",
            name[0] == 's' ? "SIN" : "COS", name[3] ? "H" : "", z, r, err(e));
      return r;
    }
  return arena_printf(e->a, "pyc2c_cmath_%s(%s)", name, z);
}

/* cmath.pi, e, tau, inf, nan (floats), infj, nanj (complex) */
char *emit_cmath_constant(E *e, Node *n) {
  const char *c = n->str;
  if (strcmp(c, "infj") == 0)
    return "pyc2c_complex(0.0, Py_HUGE_VAL)";
  if (strcmp(c, "nanj") == 0)
    return "pyc2c_complex(0.0, fabs(Py_NAN))";
  (void)e;
  return strcmp(c, "pi") == 0    ? "3.141592653589793"
         : strcmp(c, "e") == 0   ? "2.718281828459045"
         : strcmp(c, "tau") == 0 ? "6.283185307179586"
         : strcmp(c, "inf") == 0 ? "Py_HUGE_VAL"
                                 : "fabs(Py_NAN)";
}
