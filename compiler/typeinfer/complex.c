/* complex.c: typing rules for complex numbers (cython.doublecomplex, cython.floatcomplex, the
 * `complex` annotation, imaginary literals). Python's rules, checked at compile time where
 * CPython would raise a TypeError: complex values mix with ints and floats in + - * / **, compare
 * with == and != only, and have .real, .imag and .conjugate(). */
#include "typeinfer/internal.h"
#include <string.h>

/* The Python type name of a value of type t, as CPython's TypeError messages spell it. */
static const char *py_name(const Type *t) {
  switch (t->kind) {
  case T_COMPLEX: return "complex";
  case T_FLOAT: return "float";
  case T_BINT: return "bool";
  case T_INT:
  case T_PYINT: return "int";
  default: return t->obj == OBJ_STR ? "str" : t->obj == OBJ_NONE ? "NoneType" : t->name;
  }
}

/* A real number that can take part in complex arithmetic. */
static bool is_real(const Type *t) { return type_is_cnum(t) || type_is_pyint(t); }

/* The complex type of an operation: float complex when no operand needs more (float complex,
 * C float or integer operands), double complex otherwise. */
static Type *result_type(const Type *a, const Type *b) {
  const Type *ts[2] = {a, b};
  for (int i = 0; i < 2; i++)
    if (ts[i] == &ty_doublecomplex || (ts[i]->kind == T_FLOAT && ts[i] != &ty_float))
      return &ty_doublecomplex;
  return &ty_floatcomplex;
}

/* A literal that is certainly not zero (a divisor that cannot raise). */
static bool nonzero_literal(const Node *n) {
  int64_t v;
  if (const_int_value(n, &v))
    return v != 0;
  if (n->kind == N_FLOAT || n->kind == N_IMAG)
    return n->fval != 0;
  return false;
}

Type *complex_binop_type(TI *ti, Node *n, Op op, Node *ln, Node *rn, Type *a, Type *b) {
  if (a->kind == T_VOID || b->kind == T_VOID) {
    ERR(n, "a call that returns no value used as an operand");
    return NULL;
  }
  if (!(type_is_complex(a) || is_real(a)) || !(type_is_complex(b) || is_real(b))) {
    ERR(n, "unsupported operand type(s) for %s: '%s' and '%s'", op_spelling[op], py_name(a),
        py_name(b));
    return NULL;
  }
  switch (op) {
  case OP_ADD:
  case OP_SUB:
  case OP_MUL:
    break;
  case OP_DIV:
    if (!nonzero_literal(rn) && ti->report)
      n->flags |= NF_CAN_RAISE; /* ZeroDivisionError "complex division by zero" */
    break;
  case OP_POW:
    if (ti->report) /* ZeroDivisionError for 0 ** -1, OverflowError */
      n->flags |= NF_CAN_RAISE;
    break;
  default:
    ERR(n, "unsupported operand type(s) for %s: '%s' and '%s'", op_spelling[op], py_name(a),
        py_name(b));
    return NULL;
  }
  /* a Python int operand becomes a float first, which can overflow */
  if (ti->report && ((type_is_pyint(a) && ln->kind != N_INT) || (type_is_pyint(b) && rn->kind != N_INT)))
    n->flags |= NF_CAN_RAISE;
  if (ti->report && ((ln->kind == N_INT && ln->big) || (rn->kind == N_INT && rn->big)))
    n->flags |= NF_CAN_RAISE;
  return result_type(a, b);
}

Type *complex_unary_type(TI *ti, Node *n, Type *a) {
  if (n->op == OP_INVERT) {
    ERR(n, "bad operand type for unary ~: 'complex'");
    return NULL;
  }
  return a; /* -z, +z */
}

bool complex_compare_check(TI *ti, Node *n, Op op, Node *l, Node *r) {
  if (!type_is_complex(l->ty) && !type_is_complex(r->ty))
    return true;
  switch (op) {
  case OP_EQ:
  case OP_NE:
    if (type_is_object(l->ty) || type_is_object(r->ty))
      return true; /* rich comparison of the boxed value */
    if (!(type_is_complex(l->ty) || is_real(l->ty)) || !(type_is_complex(r->ty) || is_real(r->ty))) {
      ERR(n, "comparing a %s with a %s is not supported by pyc2c yet", py_name(l->ty), py_name(r->ty));
      return false;
    }
    if (ti->report && (type_is_pyint(l->ty) || type_is_pyint(r->ty)))
      n->flags |= NF_CAN_RAISE; /* compared through Python's objects */
    return true;
  case OP_IS:
  case OP_ISNOT:
    ERR(n, "'%s' compares object identity; use '==' or '!=' for numbers", op_spelling[op]);
    return false;
  case OP_IN:
  case OP_NOTIN:
    return true;
  default:
    /* Python raises TypeError at run time: complex numbers have no order */
    ERR(n, "'%s' not supported between instances of '%s' and '%s'", op_spelling[op],
        py_name(l->ty), py_name(r->ty));
    return false;
  }
}

/* The complex type of `base` when it is an expression these rules may claim (a local, a view
 * element, an operation, a call, a literal) and is complex; NULL otherwise. Names of modules and
 * attributes (np.x, math.pi) are left to their own rules. */
static Type *complex_base(TI *ti, Node *base) {
  Symbol *s = base->kind == N_NAME ? lookup(ti, base->str)
              : base->kind == N_SUBSCRIPT && base->a->kind == N_NAME ? lookup(ti, base->a->str)
                                                                      : NULL;
  bool candidate = base->kind == N_IMAG || base->kind == N_BINOP || base->kind == N_UNARY ||
                   base->kind == N_CALL || base->kind == N_IFEXP || base->kind == N_BOOLOP ||
                   (base->kind == N_NAME && s && s->kind == S_LOCAL) ||
                   (base->kind == N_SUBSCRIPT && s && s->kind == S_LOCAL && s->ty && type_is_view(s->ty));
  if (!candidate)
    return NULL;
  Type *bt = tx(ti, base);
  return bt && type_is_complex(bt) ? bt : NULL;
}

/* z.real, z.imag of a complex expression: the part's type. False: not ours. */
bool complex_attribute(TI *ti, Node *n, Type **result) {
  Type *bt = complex_base(ti, n->a);
  if (!bt)
    return false;
  if (strcmp(n->str, "real") == 0 || strcmp(n->str, "imag") == 0) {
    *result = bt->elem;
    return true;
  }
  if (strcmp(n->str, "conjugate") == 0)
    ERR(n, "'conjugate' is a method: call it, z.conjugate()");
  else
    ERR(n, "attribute '%s' of a complex value is not supported by pyc2c; use .real, .imag, "
           ".conjugate() or abs()", n->str);
  *result = NULL;
  return true;
}

/* A complex(...) argument: a C number, a Python int or a complex value. */
static bool complex_arg_ok(Type *t) { return t && (is_real(t) || type_is_complex(t)); }

/* complex(), complex(x), complex(re, im); z.conjugate(); cython.doublecomplex(x),
 * cython.floatcomplex(x), cython.cast(cython.doublecomplex, x). The typed forms set
 * NF_COMPLEX_CALL and keep their operands in the call's list (a cast's value in b); anything else (a string, an
 * object argument, keywords) is left to Python's complex(). False: not ours. */
bool complex_call_type(TI *ti, Node *n, Type **result) {
  Node *callee = n->a;
  if (callee->kind == N_ATTR && strcmp(callee->str, "conjugate") == 0 &&
      !cython_attr(ti, callee)) {
    Type *bt = complex_base(ti, callee->a);
    if (!bt)
      return false;
    if (n->list.len || n->list2.len) {
      ERR(n, "complex.conjugate() takes no arguments (%d given)", n->list.len + n->list2.len);
      *result = NULL;
      return true;
    }
    callee->ty = NULL;
    n->flags |= NF_COMPLEX_CALL;
    *result = bt;
    return true;
  }
  Type *target = NULL;
  int first = 0;
  const char *attr = cython_attr(ti, callee);
  if (attr && strcmp(attr, "cast") == 0 && n->list.len == 2 && !n->list2.len) {
    Node *tn = NODE_AT(n->list, 0);
    const char *ta = cython_attr(ti, tn);
    target = ta ? type_from_cython_name(ta) : (tn->kind == N_NAME && strcmp(tn->str, "complex") == 0 &&
                                               !lookup(ti, "complex"))
                                                  ? &ty_doublecomplex
                                                  : NULL;
    if (!target || !type_is_complex(target))
      return false;
    first = 1;
  } else if (attr) {
    target = type_from_cython_name(attr);
    if (!target || !type_is_complex(target))
      return false;
  } else if (callee->kind == N_NAME && strcmp(callee->str, "complex") == 0 &&
             !lookup(ti, "complex")) {
    target = &ty_doublecomplex;
  } else
    return false;
  int argc = n->list.len - first;
  bool builtin = !attr;
  if (n->list2.len || argc > (builtin ? 2 : 1) || (!builtin && argc < 1)) {
    if (builtin)
      return false; /* complex(real=1.0): Python's complex() */
    ERR(n, "cython.%s() takes one value", attr);
    *result = NULL;
    return true;
  }
  for (int i = first; i < n->list.len; i++) {
    Type *t = tx(ti, NODE_AT(n->list, i));
    if (!t) {
      *result = NULL;
      return true;
    }
    if (!complex_arg_ok(t)) {
      if (builtin)
        return false; /* complex("1+2j"), complex(obj): Python's complex() */
      if (type_is_object(t)) {
        if (ti->report)
          n->flags |= NF_CAN_RAISE; /* converted as an argument would be */
        continue;
      }
      ERR(NODE_AT(n->list, i), "cannot cast a value of type %s to %s", t->name, target->name);
      *result = NULL;
      return true;
    }
    if (ti->report && type_is_pyint(t) && !(NODE_AT(n->list, i)->kind == N_INT && !NODE_AT(n->list, i)->big))
      n->flags |= NF_CAN_RAISE; /* an int too large for a float */
  }
  n->b = first ? NODE_AT(n->list, 1) : NULL; /* cast(T, x): the value */
  n->flags |= NF_COMPLEX_CALL;
  *result = target;
  return true;
}

/* abs(z): a float (CPython's hypot-based abs, OverflowError when it overflows). */
Type *complex_abs_type(TI *ti, Node *n) {
  if (ti->report)
    n->flags |= NF_CAN_RAISE;
  return &ty_double;
}

/* Assignments to or from a complex type: -1 when neither side is complex (not ours), else
 * whether the value can be stored. */
int complex_check_assign(TI *ti, Node *at, Type *from, Type *to, const char *verb,
                         const char *prep, const char *what) {
  if (!type_is_complex(from) && !type_is_complex(to))
    return -1;
  if (type_is_complex(to)) {
    if (type_is_complex(from) || type_is_cnum(from))
      return 1;
    if (type_is_pyint(from) || (type_is_object(from) && from->obj != OBJ_STR && from->obj != OBJ_NONE)) {
      if (ti->report && !(at->kind == N_INT && !at->big))
        ti->cur->can_raise = true; /* an int too large for a float, an object's conversion */
      return 1;
    }
    ERR(at, "cannot %s a value of type %s %s %s", verb, from->name, prep, what);
    return 0;
  }
  /* from a complex value: only an untyped object can hold it (Python would store the complex) */
  if (to->kind == T_OBJECT && to->obj == OBJ_ANY)
    return 1;
  ERR(at, "cannot %s a value of type %s %s %s%s", verb, from->name, prep, what,
      type_is_cnum(to) ? ": take its .real, .imag or abs()" : "");
  return 0;
}

/* cython.longdoublecomplex: named, but not provided (CPython has no long double complex to
 * match its arithmetic against). True if reported. */
bool complex_unsupported_name(TI *ti, Node *n, const char *attr) {
  if (strcmp(attr, "longdoublecomplex") != 0)
    return false;
  ERR(n, "cython.longdoublecomplex is not supported by pyc2c yet; use cython.doublecomplex");
  return true;
}

/* ---- cmath
 *
 * `import cmath` and `from cmath import f` bind module variables as any import does; when the
 * module binds such a name nowhere else (and no function declares it `global`), calls of the
 * functions below on complex or real C values are compiled natively (runtime/complex.c computes
 * what CPython's cmath computes, bit for bit), and cmath's constants are C constants. Other
 * functions, and arguments of other types (Python ints, objects), go through Python's cmath. */

static const struct {
  const char *name;
  char result; /* 'c' complex, 'd' float, 'b' bool */
  bool raises;
} cmath_fns[] = {
    {"sqrt", 'c', false}, {"exp", 'c', true},      {"phase", 'd', true},
    {"log", 'c', true},   {"log10", 'c', true}, {"sin", 'c', true},  {"cos", 'c', true},
    {"sinh", 'c', true},  {"cosh", 'c', true},
    /* not tan and tanh: CPython's special value for tanh(+-0 + NaN*i) changed between versions
     * (NaN + NaN*i in 3.11, +-0 + NaN*i later), so they stay Python's own */
    {"isfinite", 'b', false}, {"isinf", 'b', false}, {"isnan", 'b', false},
};

/* How many times the module binds `name` (module-level statements, not function bodies); a
 * `global name` in a function counts as a binding too. */
static int bindings_in_target(const Node *t, const char *name) {
  if (!t)
    return 0;
  if (t->kind == N_NAME)
    return strcmp(t->str, name) == 0;
  int c = bindings_in_target(t->a, name);
  for (int i = 0; i < t->list.len; i++)
    c += bindings_in_target(NODE_AT(t->list, i), name);
  return c;
}

static int global_decls(const Node *n, const char *name) {
  if (!n)
    return 0;
  int c = 0;
  if (n->kind == N_GLOBAL)
    for (int i = 0; i < n->list.len; i++)
      c += bindings_in_target(NODE_AT(n->list, i), name);
  const NodeList *ls[] = {&n->body, &n->orelse, &n->list, &n->list2};
  for (size_t k = 0; k < sizeof ls / sizeof *ls; k++)
    for (int i = 0; i < ls[k]->len; i++)
      c += global_decls(NODE_AT(*ls[k], i), name);
  return c;
}

typedef struct {
  const char *name;
  int count;
} Bindings;

/* (any name in a target counts, o.x and a[x] too: cmath.sqrt = f rebinds what cmath.sqrt is) */
static void count_target(void *ctx, const Node *t) {
  Bindings *b = ctx;
  b->count += bindings_in_target(t, b->name);
}

static void count_name(void *ctx, const Node *binder, const char *name, size_t len) {
  Bindings *b = ctx;
  b->count += (strlen(b->name) == len && strncmp(name, b->name, len) == 0) ||
              (binder->kind == N_IMPORTFROM && strcmp(name, "*") == 0);
}

static int bindings(const NodeList *l, const char *name) {
  Bindings b = {name, 0};
  module_bindings(l, &(BindingVisitor){count_target, count_name, &b});
  return b.count;
}

void complex_cmath_import(TI *ti, Node *root, Node *stmt) {
  bool from = stmt->kind == N_IMPORTFROM;
  if (from && strcmp(stmt->str, "cmath") != 0)
    return;
  for (int k = 0; k < stmt->list.len; k++) {
    Node *al = NODE_AT(stmt->list, k);
    if (!from && strcmp(al->str, "cmath") != 0)
      continue;
    const char *name = al->str2 ? al->str2 : al->str;
    if (strcmp(name, "*") == 0)
      continue;
    Symbol *s = obj_global(ti, name);
    if (bindings(&root->body, name) + global_decls(root, name) == 1)
      s->cmath = from ? al->str : "";
  }
}

/* The cmath function a callee names (cmath.f, or f from `from cmath import f`); NULL if none. */
static const char *cmath_callee(TI *ti, Node *callee, Symbol **sym) {
  Node *m = callee->kind == N_ATTR ? callee->a : callee;
  if (m->kind != N_NAME)
    return NULL;
  Symbol *s = lookup(ti, m->str);
  if (!s || s->kind != S_GLOBAL || !s->cmath || (callee->kind == N_ATTR) != (s->cmath[0] == 0))
    return NULL;
  *sym = s;
  return callee->kind == N_ATTR ? callee->str : s->cmath;
}

bool complex_cmath_call(TI *ti, Node *n, Type **result) {
  Symbol *ms = NULL;
  const char *name = cmath_callee(ti, n->a, &ms);
  n->flags &= ~NF_CMATH;
  if (!name)
    return false;
  size_t f = 0;
  while (f < sizeof cmath_fns / sizeof *cmath_fns && strcmp(cmath_fns[f].name, name) != 0)
    f++;
  if (f == sizeof cmath_fns / sizeof *cmath_fns || n->list.len != 1 || n->list2.len)
    return false; /* Python's cmath: other functions, and its own TypeErrors */
  Node *arg = NODE_AT(n->list, 0);
  Type *t = tx(ti, arg);
  if (!t) {
    *result = NULL;
    return true;
  }
  if (!type_is_complex(t) && !type_is_cnum(t))
    return false; /* a Python int or an object: converted by Python's cmath */
  n->flags |= NF_CMATH;
  n->flags &= ~NF_OBJCALL;
  if (n->a->kind == N_ATTR)
    n->a->a->sym = ms;
  else
    n->a->sym = ms;
  if (cmath_fns[f].raises && ti->report)
    n->flags |= NF_CAN_RAISE;
  *result = cmath_fns[f].result == 'c' ? &ty_doublecomplex
            : cmath_fns[f].result == 'd' ? &ty_double
                                         : &ty_bint;
  return true;
}

bool complex_cmath_constant(TI *ti, Node *n, Type **result) {
  static const char *const reals[] = {"pi", "e", "tau", "inf", "nan"};
  Symbol *ms = NULL;
  n->flags &= ~NF_CMATH;
  if (n->a->kind != N_NAME || !cmath_callee(ti, n, &ms))
    return false;
  for (size_t i = 0; i < sizeof reals / sizeof *reals; i++)
    if (strcmp(n->str, reals[i]) == 0) {
      n->flags |= NF_CMATH;
      *result = &ty_double;
      return true;
    }
  if (strcmp(n->str, "infj") == 0 || strcmp(n->str, "nanj") == 0) {
    n->flags |= NF_CMATH;
    *result = &ty_doublecomplex;
    return true;
  }
  return false;
}
