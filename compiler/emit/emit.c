/* emit.c: typed AST -> C.
 *
 * Shape of the output: one C implementation per function (f_NAME), taking and returning C values;
 * a METH_FASTCALL wrapper (w_NAME) for each function Python can call; module constants made once
 * at import. Each statement is preceded by `#line` and its source text, so compiler messages,
 * debuggers and profilers point at the .py.
 *
 * Expressions: C-typed expressions with no side effects and no possible error stay inline C
 * expressions; anything that can raise or has effects is evaluated into a temporary, in source
 * order, so hoisting never reorders observable behaviour. Every object-typed expression yields a
 * temporary holding a new reference; temporaries are released at the end of their statement and
 * on the error path, so reference counting is exact by construction. */
#include "emit/emit.h"
#include "emit/buf.h"
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "emit/internal.h"

/* ---- output helpers */

void emitf(E *e, const char *fmt, ...) {
  char *s;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  s = arena_alloc(e->a, (size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  va_end(ap);
  buf_printf(e->out, "%*s%s\n", e->indent * 2, "", s);
}

const char *err(E *e) {
  e->nerr++;
  if (e->par)
    return emit_par_err(e);
  e->used_err = true;
  if (e->exc_label)
    return arena_printf(e->a, "PYC2C_ERR_TO(%d, %s);", e->line, emit_exc_jump(e));
  return arena_printf(e->a, "PYC2C_ERR(%d);", e->line);
}

/* A C string literal for arbitrary bytes. */
static char *c_string(E *e, const char *s, size_t len) {
  Buf b = {0};
  buf_write(&b, "\"", 1);
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\')
      buf_printf(&b, "\\%c", c);
    else if (c == '?')
      buf_write(&b, "\\?", 2); /* no trigraphs */
    else if (c < 0x20 || c >= 0x7F)
      buf_printf(&b, "\\%03o", c);
    else
      buf_write(&b, (const char *)&c, 1);
  }
  buf_write(&b, "\"", 1);
  char *r = arena_strndup(e->a, b.p, b.len);
  buf_free(&b);
  return r;
}

char *obj_temp(E *e) {
  char *t = arena_printf(e->a, "t%d", ++e->ntemps);
  buf_printf(&e->decls, "  PyObject *%s = NULL;\n", t);
  vec_push(e->a, &e->stmt_temps, t);
  vec_push(e->a, &e->obj_temps, t);
  return t;
}

char *c_temp(E *e, Type *t) {
  char *s = arena_printf(e->a, "s%d", ++e->ntemps);
  buf_printf(&e->decls, "  %s %s = %s;\n", t->kind == T_BINT ? "int" : t->cname, s,
             t->kind == T_VIEW ? "{0}" : "0");
  return s;
}

char *label(E *e, const char *what) { return arena_printf(e->a, "L%d_%s", ++e->nlabels, what); }

/* Releases a temporary: an object ("tN") or a Python int ("iN"). */
static const char *release_fmt(const char *t, bool clear) {
  if (t[0] == 'i')
    return clear ? "PYC2C_INT_CLEAR(%s);" : "pyc2c_int_decref(%s);";
  return clear ? "Py_CLEAR(%s);" : "Py_XDECREF(%s);";
}

/* The release of a temporary on a function's return or error path. */
static void release_at_exit(Buf *out, const char *t) {
  buf_printf(out, "  ");
  buf_printf(out, release_fmt(t, false), t);
  buf_printf(out, "\n");
}

void release_temps(E *e) {
  for (int i = 0; i < e->stmt_temps.len; i++)
    emitf(e, release_fmt(e->stmt_temps.items[i], true), (char *)e->stmt_temps.items[i]);
  e->stmt_temps.len = 0;
}

bool is_simple(const char *c) {
  for (const char *p = c; *p; p++)
    if (!(*p == '_' || *p == '.' || (*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')))
      return false;
  return true;
}

/* Evaluates a pure C expression once into a temporary (unless it is a name or a number). */
char *stash(E *e, Type *t, char *c) {
  if (is_simple(c))
    return c;
  char *s = c_temp(e, t);
  emitf(e, "%s = %s;", s, c);
  return s;
}

/* ---- constants */

char *constant(E *e, const char *key, const char *init) {
  for (int i = 0; i < e->const_keys.len; i++)
    if (strcmp(e->const_keys.items[i], key) == 0)
      return e->const_names.items[i];
  char *name = arena_printf(e->a, "pyc2c_k%d", e->const_keys.len);
  vec_push(e->a, &e->const_keys, (void *)key);
  vec_push(e->a, &e->const_names, name);
  buf_printf(&e->consts_decl, "static PyObject *%s;\n", name);
  buf_printf(&e->consts_init, "  if (!(%s = %s)) return -1;\n", name, init);
  return name;
}

char *emit_int_constant(E *e, Node *n) {
  int64_t v;
  if (n->kind == N_INT && n->big)
    return constant(e, arena_printf(e->a, "int:%s", n->str),
                    arena_printf(e->a, "PyLong_FromString(%s, NULL, 0)", c_string(e, n->str, strlen(n->str))));
  if (!const_int_value(n, &v))
    return NULL;
  return constant(e, arena_printf(e->a, "int:%" PRId64, v),
                  arena_printf(e->a, "PyLong_FromLongLong(%" PRId64 "LL)", v));
}

char *str_const(E *e, const char *s, size_t len) {
  char *lit = c_string(e, s, len);
  return constant(e, arena_printf(e->a, "str:%s", lit),
                  arena_printf(e->a, "PyUnicode_DecodeUTF8(%s, %zu, \"strict\")", lit, len));
}

/* A new reference to a borrowed object, as a statement temporary. */
char *own(E *e, const char *borrowed) {
  char *t = obj_temp(e);
  emitf(e, "%s = %s; Py_INCREF(%s);", t, borrowed, t);
  return t;
}

/* A constant expression (typeinfer allows only those as defaults) as a borrowed reference. */
static char *borrowed_const(E *e, Node *d) {
  switch (d->kind) {
  case N_NONE: return "Py_None";
  case N_NAME: return "Py_Ellipsis"; /* `...`, the only name typeinfer allows */
  case N_BOOL: return d->ival ? "Py_True" : "Py_False";
  case N_STR: return str_const(e, d->str, d->slen);
  case N_FLOAT:
    return constant(e, arena_printf(e->a, "float:%a", d->fval),
                    arena_printf(e->a, "PyFloat_FromDouble(%s)", float_text(e, d->fval)));
  case N_IMAG:
    return constant(e, arena_printf(e->a, "imag:%a", d->fval),
                    arena_printf(e->a, "PyComplex_FromDoubles(0.0, %s)", float_text(e, d->fval)));
  default:
    if (d->kind == N_UNARY && d->a->kind == N_FLOAT)
      return constant(e, arena_printf(e->a, "float:%a", -d->a->fval),
                      arena_printf(e->a, "PyFloat_FromDouble(-%s)", float_text(e, d->a->fval)));
    return emit_int_constant(e, d);
  }
}

/* ---- literals */

static char *int_text(E *e, int64_t v, Type *to) {
  if (to->kind == T_FLOAT)
    return arena_printf(e->a, "%" PRId64 ".0", v);
  if (v == INT64_MIN)
    return "(-9223372036854775807LL - 1)";
  if (v >= INT32_MIN && v <= INT32_MAX)
    return arena_printf(e->a, v < 0 ? "(%" PRId64 ")" : "%" PRId64, v);
  return arena_printf(e->a, v < 0 ? "(%" PRId64 "LL)" : "%" PRId64 "LL", v);
}

char *float_text(E *e, double v) {
  if (isinf(v))
    return v > 0 ? "HUGE_VAL" : "(-HUGE_VAL)";
  char *s = arena_printf(e->a, "%.17g", v);
  if (!strpbrk(s, ".eEn"))
    s = arena_printf(e->a, "%s.0", s);
  return s;
}

/* ---- conversions */

static const char *ops_suffix(const Type *t) {
  if (t == &ty_Py_ssize_t || t == &ty_index)
    return "long";
  if (t == &ty_size_t)
    return "ulong";
  return t->conv;
}

/* `val` of type `from` as type `to`. Objects come and go as statement temporaries. */
char *convert(E *e, char *val, Type *from, Type *to) {
  if (from == to || to->kind == T_VOID || (type_is_view(from) && type_is_view(to)))
    return val; /* a contiguous view passes as a strided one: same struct */
  if ((type_is_complex(from) || type_is_complex(to)) && !type_is_object(from) && !type_is_object(to))
    return complex_convert(e, val, from, to); /* complex.c */
  if (type_is_pyint(from) || type_is_pyint(to))
    return pyint_convert(e, val, from, to);
  if (to->kind == T_OBJECT && type_is_view(from)) /* the viewed object (the array) itself */
    return own(e, arena_printf(e->a, "pyc2c_view_object(%s.obj)", val));
  if (type_is_view(to) && from->kind == T_OBJECT) /* view.c: needs a writable buffer unless const */
    return emit_view_from_object(e, val, to, !to->readonly);
  if (to->kind == T_OBJECT) {
    if (from->kind != T_OBJECT) {
      char *t = obj_temp(e);
      emitf(e, "%s = pyc2c_from_%s(%s); if (!%s) %s", t, from->kind == T_BINT ? "bint" : from->conv,
            val, t, err(e));
      return t;
    }
    if (to->obj == OBJ_INT && from->obj == OBJ_ANY)
      emitf(e, "if (!PyLong_Check(%s)) { PyErr_Format(PyExc_TypeError, \"expected int, got %%s\", "
               "Py_TYPE(%s)->tp_name); %s }",
            val, val, err(e));
    else if (to->obj == OBJ_STR && from->obj == OBJ_ANY)
      emitf(e, "if (!PyUnicode_Check(%s)) { PyErr_Format(PyExc_TypeError, \"expected str, got "
               "%%s\", Py_TYPE(%s)->tp_name); %s }",
            val, val, err(e));
    return val;
  }
  if (from->kind == T_OBJECT) {
    char *s = c_temp(e, to);
    emitf(e, "if (pyc2c_as_%s(%s, &%s) < 0) %s", to->kind == T_BINT ? "bint" : to->conv, val, s,
          err(e));
    return s;
  }
  if (to->kind == T_BINT)
    return arena_printf(e->a, "(%s != 0)", val);
  return arena_printf(e->a, "((%s)%s)", to->cname, val);
}

char *ex_as(E *e, Node *n, Type *to) {
  int64_t v;
  if (type_is_complex(to))
    return complex_ex_as(e, n, to); /* complex.c: literals written as complex constants */
  if (const_int_value(n, &v) && type_is_cnum(to))
    return to->kind == T_BINT ? (v ? "1" : "0") : int_text(e, v, to);
  if (const_int_value(n, &v) && type_is_pyint(to))
    return pyint_literal(e, n);
  if (const_int_value(n, &v) && to->kind == T_OBJECT)
    return own(e, emit_int_constant(e, n)); /* b + 1: the module's int object, not a new box */
  if (n->kind == N_FLOAT && to->kind == T_FLOAT)
    return float_text(e, n->fval);
  if ((n->flags & NF_BOX_SLICE) && to->kind == T_OBJECT)
    return emit_view_box(e, n); /* view.c */
  return convert(e, ex(e, n), n->ty, to);
}

/* The truth value of an expression, as a C int expression. */
char *truth(E *e, Node *n) {
  char *v = ex(e, n);
  if (n->ty->kind == T_BINT)
    return v;
  if (type_is_pyint(n->ty))
    return arena_printf(e->a, "pyc2c_int_truth(%s)", v);
  if (n->ty->kind != T_OBJECT)
    return arena_printf(e->a, "(%s != 0)", v);
  char *s = c_temp(e, &ty_bint);
  emitf(e, "if ((%s = PyObject_IsTrue(%s)) < 0) %s", s, v, err(e));
  return s;
}

/* ---- operators */

static const char *number_api(Op op, bool inplace) {
  switch (op) {
  case OP_ADD: return inplace ? "PyNumber_InPlaceAdd" : "PyNumber_Add";
  case OP_SUB: return inplace ? "PyNumber_InPlaceSubtract" : "PyNumber_Subtract";
  case OP_MUL: return inplace ? "PyNumber_InPlaceMultiply" : "PyNumber_Multiply";
  case OP_DIV: return inplace ? "PyNumber_InPlaceTrueDivide" : "PyNumber_TrueDivide";
  case OP_FLOORDIV: return inplace ? "PyNumber_InPlaceFloorDivide" : "PyNumber_FloorDivide";
  case OP_MOD: return inplace ? "PyNumber_InPlaceRemainder" : "PyNumber_Remainder";
  case OP_LSHIFT: return inplace ? "PyNumber_InPlaceLshift" : "PyNumber_Lshift";
  case OP_RSHIFT: return inplace ? "PyNumber_InPlaceRshift" : "PyNumber_Rshift";
  case OP_BITAND: return inplace ? "PyNumber_InPlaceAnd" : "PyNumber_And";
  case OP_BITOR: return inplace ? "PyNumber_InPlaceOr" : "PyNumber_Or";
  case OP_BITXOR: return inplace ? "PyNumber_InPlaceXor" : "PyNumber_Xor";
  default: return NULL;
  }
}

/* The C integer type of an operand of true division (an int literal counts as a C integer,
 * 64-bit when its magnitude needs more than 53 bits); NULL for anything else. */
static Type *int_operand(Node *n) {
  int64_t v;
  if (const_int_value(n, &v))
    return v > (INT64_C(1) << 53) || v < -(INT64_C(1) << 53) ? &ty_longlong : &ty_int;
  if (n->ty->kind == T_BINT)
    return &ty_int;
  return n->ty->kind == T_INT ? n->ty : NULL;
}

/* a OP b where the node (BINOP or AUGASSIGN) has result type rt. */
/* Does evaluating n read a view's element (inline in C, where the value is read when the
 * enclosing C expression runs)? */
static bool reads_view_element(const Node *n) {
  if (!n)
    return false;
  if (n->kind == N_SUBSCRIPT && n->a && n->a->ty && type_is_view(n->a->ty) && !(n->flags & NF_SLICE))
    return true;
  if (reads_view_element(n->a) || reads_view_element(n->b) || reads_view_element(n->c))
    return true;
  for (int i = 0; i < n->list.len; i++)
    if (reads_view_element(NODE_AT(n->list, i)))
      return true;
  return false;
}

static char *binop_operands(E *e, Node *n, Op op, Node *an, Node *bn, Type *rt, bool inplace);

/* Python evaluates the left operand first. A view element is read inline in C, after the
 * statements the right operand emits: when those may run code (`a[0] + poke(a)`, where poke
 * writes a[0]), the left value is read into a temporary first. */
char *binop(E *e, Node *n, Op op, Node *an, Node *bn, Type *rt, bool inplace) {
  if (!an || !bn || !an->ty || !(type_is_cnum(an->ty) || type_is_complex(an->ty)) ||
      !reads_view_element(an) || !may_call_out(bn))
    return binop_operands(e, n, op, an, bn, rt, inplace);
  Node *saved_node = e->preval_node;
  char *saved_expr = e->preval_expr;
  char *v = ex(e, an), *t = c_temp(e, an->ty);
  emitf(e, "%s = %s; /* read before the right operand runs */", t, v);
  e->preval_node = an;
  e->preval_expr = t;
  char *r = binop_operands(e, n, op, an, bn, rt, inplace);
  e->preval_node = saved_node;
  e->preval_expr = saved_expr;
  return r;
}

static char *binop_operands(E *e, Node *n, Op op, Node *an, Node *bn, Type *rt, bool inplace) {
  bool checked = n->flags & NF_CAN_RAISE;
  if (type_is_complex(rt))
    return complex_binop(e, n, op, an, bn, rt); /* complex.c */
  if (rt->kind == T_OBJECT) {
    char *a = ex_as(e, an, &ty_object), *b = ex_as(e, bn, &ty_object);
    char *t = obj_temp(e);
    if (op == OP_POW)
      emitf(e, "%s = %s(%s, %s, Py_None); if (!%s) %s", t,
            inplace ? "PyNumber_InPlacePower" : "PyNumber_Power", a, b, t, err(e));
    else
      emitf(e, "%s = %s(%s, %s); if (!%s) %s", t, number_api(op, inplace), a, b, t, err(e));
    return t;
  }
  if (rt->kind == T_PYINT && (type_is_object(an->ty) || type_is_object(bn->ty))) {
    /* an int-valued operation on objects: computed by CPython, then unboxed */
    char *a = ex_as(e, an, &ty_object), *b = ex_as(e, bn, &ty_object), *t = obj_temp(e);
    if (op == OP_POW)
      emitf(e, "%s = PyNumber_Power(%s, %s, Py_None); if (!%s) %s", t, a, b, t, err(e));
    else
      emitf(e, "%s = %s(%s, %s); if (!%s) %s", t, number_api(op, false), a, b, t, err(e));
    return convert(e, t, &ty_object, rt);
  }
  {
    char *r = pyint_binop(e, n, op, an, bn, rt);
    if (r)
      return r;
  }
  if (n->flags & NF_CDIVISION) { /* cython.cdivision(True): C's / // % */
    char *a = ex_as(e, an, rt), *b = ex_as(e, bn, rt);
    if (rt->kind == T_FLOAT) {
      if (op == OP_DIV)
        return arena_printf(e->a, "(%s / %s)", a, b);
      return arena_printf(e->a, op == OP_MOD ? "((%s)fmod(%s, %s))" : "((%s)floor((double)%s / %s))",
                          rt->cname, a, b);
    }
    a = stash(e, rt, a);
    b = stash(e, rt, b);
    if (checked) /* C would trap on a zero divisor: raise instead of crashing */
      emitf(e, "if (PYC2C_UNLIKELY(%s == 0)) { pyc2c_raise_zerodiv(\"integer division or modulo by "
               "zero\"); %s }",
            b, err(e));
    if (!rt->is_signed)
      return arena_printf(e->a, "(%s %s %s)", a, op == OP_MOD ? "%" : "/", b);
    /* MIN / -1 and MIN % -1 trap in C; -a wraps (-fwrapv) and x % -1 is 0 */
    if (op == OP_MOD)
      return arena_printf(e->a, "(%s == -1 ? 0 : %s %% %s)", b, a, b);
    return arena_printf(e->a, "((%s)(%s == -1 ? -%s : %s / %s))", rt->cname, b, a, a, b);
  }
  bool floats = an->ty->kind == T_FLOAT || bn->ty->kind == T_FLOAT;
  int64_t k;
  switch (op) {
  case OP_ADD:
  case OP_SUB:
  case OP_MUL:
  case OP_BITAND:
  case OP_BITOR:
  case OP_BITXOR: {
    char *a = ex_as(e, an, rt), *b = ex_as(e, bn, rt);
    return arena_printf(e->a, "(%s %s %s)", a, op_spelling[op], b);
  }
  case OP_DIV: {
    Type *ia = int_operand(an), *ib = int_operand(bn);
    if (rt->kind == T_FLOAT && ia && ib && (ia->size == 8 || ib->size == 8)) {
      /* 64-bit integers: converting each to double would round twice (Python rounds once) */
      Type *ta = ia->is_signed ? &ty_longlong : &ty_ulonglong;
      Type *tb = ib->is_signed ? &ty_longlong : &ty_ulonglong;
      char *a = ex_as(e, an, ta), *b = ex_as(e, bn, tb);
      if (checked) {
        a = stash(e, ta, a);
        b = stash(e, tb, b);
        emitf(e, "if (PYC2C_UNLIKELY(%s == 0)) { pyc2c_raise_zerodiv(\"division by zero\"); %s }", b,
              err(e));
      }
      return arena_printf(e->a, "((%s)pyc2c_truediv_%s%s(%s, %s))", rt->cname,
                          ia->is_signed ? "ll" : "ull",
                          ia->is_signed == ib->is_signed ? "" : ib->is_signed ? "_ll" : "_ull", a, b);
    }
    char *a = ex_as(e, an, rt), *b = ex_as(e, bn, rt);
    if (checked) {
      b = stash(e, rt, b);
      emitf(e, "if (PYC2C_UNLIKELY(%s == 0)) { pyc2c_raise_zerodiv(\"%s\"); %s }", b,
            floats ? "float division by zero" : "division by zero", err(e));
    }
    return arena_printf(e->a, "(%s / %s)", a, b);
  }
  case OP_FLOORDIV:
  case OP_MOD: {
    char *a = ex_as(e, an, rt), *b = ex_as(e, bn, rt);
    if (rt->kind == T_FLOAT) {
      if (checked) {
        b = stash(e, rt, b);
        emitf(e, "if (PYC2C_UNLIKELY(%s == 0)) { pyc2c_raise_zerodiv(\"%s\"); %s }", b,
              op == OP_MOD ? "float modulo" : "float floor division by zero", err(e));
      }
      return arena_printf(e->a, "((%s)pyc2c_%s_double(%s, %s))", rt->cname,
                          op == OP_MOD ? "mod" : "floordiv", a, b);
    }
    if (checked) {
      a = stash(e, rt, a);
      b = stash(e, rt, b);
      emitf(e, "if (PYC2C_UNLIKELY(%s == 0)) { pyc2c_raise_zerodiv(\"%s\"); %s }", b,
            op == OP_MOD ? "integer modulo by zero" : "integer division or modulo by zero", err(e));
      if (rt->is_signed) {
        if (op == OP_FLOORDIV)
          emitf(e, "if (PYC2C_UNLIKELY(%s == -1 && %s == %s)) { pyc2c_raise_overflow(\"value too "
                   "large to perform division\"); %s }",
                b, a, type_cmin(rt), err(e));
        else /* x % -1 == 0, and C's MIN % -1 traps */
          b = arena_printf(e->a, "(%s == -1 ? 1 : %s)", b, b);
      }
    } else if (op == OP_MOD && rt->is_signed && !const_int_value(bn, &k)) {
      /* a divisor a test showed non-zero (typeinfer/bounds.c) may still be -1 */
      a = stash(e, rt, a);
      b = stash(e, rt, b);
      b = arena_printf(e->a, "(%s == -1 ? 1 : %s)", b, b);
    }
    return arena_printf(e->a, "pyc2c_%s_%s(%s, %s)", op == OP_MOD ? "mod" : "floordiv",
                        ops_suffix(rt), a, b);
  }
  case OP_POW:
    if (rt->kind == T_FLOAT) {
      char *a = ex_as(e, an, rt);
      char *r = c_temp(e, rt);
      if (const_int_value(bn, &k) && k == 2) { /* x ** 2: a multiplication, same overflow rule */
        a = stash(e, rt, a);
        emitf(e, "%s = %s * %s;", r, a, a);
        emitf(e, "if (PYC2C_UNLIKELY(isinf(%s) && isfinite(%s))) { pyc2c_raise_pow_overflow(); %s }",
              r, a, err(e));
        return r;
      }
      char *b = ex_as(e, bn, &ty_double);
      char *d = c_temp(e, &ty_double);
      emitf(e, "if (pyc2c_pow_double(%s, %s, &%s) < 0) %s", a, b, d, err(e));
      emitf(e, "%s = (%s)%s;", r, rt->cname, d);
      return r;
    } else {
      const_int_value(bn, &k);
      char *a = ex_as(e, an, rt);
      return arena_printf(e->a, "((%s)pyc2c_ipow((unsigned long long)%s, %" PRId64 "ULL))",
                          rt->cname, a, k);
    }
  case OP_LSHIFT:
  case OP_RSHIFT: {
    char *a = ex_as(e, an, rt), *b;
    if (bn->ty->kind == T_INT && !bn->ty->is_signed && bn->ty->size == 8) {
      /* an unsigned 64-bit count: clamp it before it becomes a (negative) long long; the
       * operand is evaluated once */
      char *u = stash(e, bn->ty, ex(e, bn));
      b = arena_printf(e->a, "(%s > 1000 ? 1000LL : (long long)%s)", u, u);
    } else
      b = ex_as(e, bn, &ty_longlong);
    if (checked) {
      b = stash(e, &ty_longlong, b);
      emitf(e, "if (pyc2c_shift_check(%s) < 0) %s", b, err(e));
    }
    if (op == OP_LSHIFT)
      return arena_printf(e->a, "((%s)pyc2c_lshift_%c(%s, %s, 64))", rt->cname,
                          rt->is_signed ? 's' : 'u', a, b);
    return arena_printf(e->a, "((%s)pyc2c_rshift_%c(%s, %s))", rt->cname, rt->is_signed ? 's' : 'u',
                        a, b);
  }
  default:
    return "0 /* unreachable: rejected by typeinfer */";
  }
}

/* A comparison as C, from c: a C int holding a three-way result (-1, 0, 1). */
char *three_way(E *e, Op op, const char *c) {
  switch (op) {
  case OP_LT: return arena_printf(e->a, "(%s == -1)", c);
  case OP_LE: return arena_printf(e->a, "(%s == -1 || %s == 0)", c, c);
  case OP_GT: return arena_printf(e->a, "(%s == 1)", c);
  case OP_GE: return arena_printf(e->a, "(%s == 1 || %s == 0)", c, c);
  case OP_EQ: return arena_printf(e->a, "(%s == 0)", c);
  default: return arena_printf(e->a, "(%s != 0)", c);
  }
}

static const char *richcmp(Op op) {
  switch (op) {
  case OP_LT: return "Py_LT";
  case OP_LE: return "Py_LE";
  case OP_GT: return "Py_GT";
  case OP_GE: return "Py_GE";
  case OP_EQ: return "Py_EQ";
  default: return "Py_NE";
  }
}

/* A C comparison of two C numbers that is exact where C's conversions would not be. */
static char *compare_c(E *e, Op op, char *a, Type *at, char *b, Type *bt) {
  const char *helper = NULL;
  bool swap = false;
  if (at->kind == T_INT && at->size == 8 && bt->kind == T_FLOAT)
    helper = at->is_signed ? "pyc2c_cmp_ll_d" : "pyc2c_cmp_ull_d";
  else if (bt->kind == T_INT && bt->size == 8 && at->kind == T_FLOAT)
    helper = bt->is_signed ? "pyc2c_cmp_ll_d" : "pyc2c_cmp_ull_d", swap = true;
  else if (at->kind == T_INT && bt->kind == T_INT && at->is_signed != bt->is_signed &&
           !type_arith(at, bt)->is_signed)
    helper = "pyc2c_cmp_ll_ull", swap = !at->is_signed;
  if (!helper)
    return arena_printf(e->a, "(%s %s %s)", a, op_spelling[op], b);
  char *c = c_temp(e, &ty_int);
  emitf(e, "%s = %s(%s, %s);", c, helper, swap ? b : a, swap ? a : b);
  if (swap) /* a OP b == b (reversed OP) a */
    op = op == OP_LT ? OP_GT : op == OP_GT ? OP_LT : op == OP_LE ? OP_GE : op == OP_GE ? OP_LE : op;
  return three_way(e, op, c);
}

/* A comparison operand: its C value and the type that value has. An int literal next to an
 * object becomes an object; next to a C number it takes that number's type when it fits. */
typedef struct Operand {
  char *v;
  Type *ty;
} Operand;

static Operand cmp_operand(E *e, Node *n, Node *left, Node *right) {
  int64_t v;
  if (const_int_value(n, &v)) {
    Node *nb[2] = {left, right};
    Type *ct = NULL;
    for (int i = 0; i < 2; i++) {
      if (!nb[i] || const_int_value(nb[i], &(int64_t){0}))
        continue;
      if (type_is_object(nb[i]->ty))
        return (Operand){ex(e, n), &ty_pyint};
      if (!ct && type_is_cnum(nb[i]->ty) && nb[i]->ty->kind != T_BINT && type_holds(nb[i]->ty, v))
        ct = nb[i]->ty;
    }
    if (!ct)
      ct = &ty_longlong;
    return (Operand){int_text(e, v, ct), ct};
  }
  char *c = ex(e, n);
  if (!type_is_object(n->ty))
    c = stash(e, n->ty, c);
  return (Operand){c, n->ty};
}

/* One comparison `l OP r` into `res` (a C int for bint results, an object otherwise). */
static void compare_one(E *e, Node *n, Op op, Operand l, Operand r, char *res) {
  /* In a chain whose value is an object (some link compares objects richly), a link that
   * gives a C truth value gives Python's bool. */
  const char *box = n->ty->kind == T_OBJECT ? "Py_XSETREF(%s, pyc2c_from_bint(%s)); if (!%s) %s"
                                            : NULL;
  if (!type_is_object(l.ty) && !type_is_object(r.ty)) {
    char *c = type_is_complex(l.ty) || type_is_complex(r.ty)
                  ? complex_compare(e, op, l.v, l.ty, r.v, r.ty) /* complex.c */
              : type_is_pyint(l.ty) || type_is_pyint(r.ty) ? pyint_compare(e, op, l.v, l.ty, r.v, r.ty)
                                                           : compare_c(e, op, l.v, l.ty, r.v, r.ty);
    if (box)
      emitf(e, box, res, c, res, err(e));
    else
      emitf(e, "%s = %s;", res, c);
    return;
  }
  char *a = convert(e, l.v, l.ty, &ty_object), *b = convert(e, r.v, r.ty, &ty_object);
  if (op == OP_IS || op == OP_ISNOT || op == OP_IN || op == OP_NOTIN) {
    char *c = op == OP_IN || op == OP_NOTIN
                  ? emit_contains(e, a, b, op == OP_NOTIN)
                  : arena_printf(e->a, "(%s %s %s)", a, op == OP_IS ? "==" : "!=", b);
    if (box)
      emitf(e, box, res, c, res, err(e));
    else
      emitf(e, "%s = %s;", res, c);
    return;
  }
  if (n->ty->kind == T_OBJECT) {
    emitf(e, "Py_XSETREF(%s, PyObject_RichCompare(%s, %s, %s)); if (!%s) %s", res, a, b,
          richcmp(op), res, err(e));
    return;
  }
  /* Not PyObject_RichCompareBool: its identity shortcut would make nan == nan true. */
  char *t = obj_temp(e);
  emitf(e, "%s = PyObject_RichCompare(%s, %s, %s); if (!%s) %s", t, a, b, richcmp(op), t, err(e));
  emitf(e, "if ((%s = PyObject_IsTrue(%s)) < 0) %s", res, t, err(e));
}

/* a < b < c  ==  a < b and b < c, with b evaluated once; short-circuits. */
static char *compare(E *e, Node *n) {
  bool obj_result = n->ty->kind == T_OBJECT;
  char *res = obj_result ? obj_temp(e) : c_temp(e, &ty_bint);
  int count = n->list.len, open = 0;
  Operand l = cmp_operand(e, NODE_AT(n->list, 0), NULL, NODE_AT(n->list, 1));
  for (int i = 0; i + 1 < count; i++) {
    Node *rn = NODE_AT(n->list, i + 1);
    Operand r = cmp_operand(e, rn, NODE_AT(n->list, i), i + 2 < count ? NODE_AT(n->list, i + 2) : NULL);
    compare_one(e, n, n->ops[i], l, r, res);
    if (i + 2 < count) {
      if (obj_result) {
        char *c = c_temp(e, &ty_bint);
        emitf(e, "if ((%s = PyObject_IsTrue(%s)) < 0) %s", c, res, err(e));
        emitf(e, "if (%s) {", c);
      } else
        emitf(e, "if (%s) {", res);
      e->indent++;
      open++;
    }
    l = r;
  }
  while (open--) {
    e->indent--;
    emitf(e, "}");
  }
  return res;
}

/* `x and y`, `x or y`, `a if c else b`: the value of one side, converted to the node's type. */
static void store_result(E *e, char *res, Type *rt, char *v) {
  if (rt->kind == T_OBJECT)
    emitf(e, "%s = %s; Py_INCREF(%s);", res, v, res);
  else
    emitf(e, "%s = %s;", res, v);
}

static char *result_var(E *e, Type *rt) { return rt->kind == T_OBJECT ? obj_temp(e) : c_temp(e, rt); }

static char *boolop(E *e, Node *n) {
  char *res = result_var(e, n->ty);
  char *a = ex(e, n->a);
  if (!type_is_object(n->a->ty))
    a = stash(e, n->a->ty, a);
  char *c;
  if (n->a->ty->kind == T_BINT)
    c = a;
  else if (type_is_pyint(n->a->ty))
    c = arena_printf(e->a, "pyc2c_int_truth(%s)", a);
  else if (n->a->ty->kind != T_OBJECT)
    c = arena_printf(e->a, "(%s != 0)", a);
  else {
    c = c_temp(e, &ty_bint);
    emitf(e, "if ((%s = PyObject_IsTrue(%s)) < 0) %s", c, a, err(e));
  }
  emitf(e, "if (%s%s) {", n->op == OP_AND ? "" : "!", c);
  e->indent++;
  store_result(e, res, n->ty, ex_as(e, n->b, n->ty));
  e->indent--;
  emitf(e, "} else {");
  e->indent++;
  store_result(e, res, n->ty, convert(e, a, n->a->ty, n->ty));
  e->indent--;
  emitf(e, "}");
  return res;
}

static char *ifexp(E *e, Node *n) {
  char *res = result_var(e, n->ty);
  emitf(e, "if (%s) {", truth(e, n->a));
  e->indent++;
  store_result(e, res, n->ty, ex_as(e, n->b, n->ty));
  e->indent--;
  emitf(e, "} else {");
  e->indent++;
  store_result(e, res, n->ty, ex_as(e, n->c, n->ty));
  e->indent--;
  emitf(e, "}");
  return res;
}

/* ---- calls */

static Node *default_of(Function *fn, int i) { return NODE_AT(fn->def->params, i)->b; }

/* An argument for parameter p: an object given to a view parameter needs a writable buffer only
 * if the function writes through it. */
static char *arg_as(E *e, Node *a, Symbol *p) {
  if (type_is_view(p->ty) && a->ty && type_is_object(a->ty))
    return emit_view_from_object(e, ex(e, a), p->ty, p->written && !p->ty->readonly);
  return ex_as(e, a, p->ty);
}

static char *call_function(E *e, Node *n) {
  Function *fn = n->fn;
  char **args = arena_alloc(e->a, sizeof(char *) * (size_t)(fn->nparams + 1));
  /* Arguments are evaluated in the order written: positional, then keywords. A view element
   * read inline is read into a temporary when a later argument may run code that writes it. */
  int nargs = n->list.len + n->list2.len, last_code = -1;
  for (int j = 0; j < nargs; j++) {
    Node *a = j < n->list.len ? NODE_AT(n->list, j) : NODE_AT(n->list2, j - n->list.len)->a;
    if (may_call_out(a))
      last_code = j;
  }
  for (int i = 0; i < n->list.len; i++) {
    Node *a = NODE_AT(n->list, i);
    args[i] = arg_as(e, a, fn->params[i]);
    if (i < last_code && type_is_cnum(fn->params[i]->ty) && reads_view_element(a))
      args[i] = stash(e, fn->params[i]->ty, args[i]);
  }
  for (int k = 0; k < n->list2.len; k++) {
    Node *kw = NODE_AT(n->list2, k);
    for (int i = 0; i < fn->nparams; i++)
      if (strcmp(fn->params[i]->name, kw->str) == 0) {
        args[i] = arg_as(e, kw->a, fn->params[i]);
        if (n->list.len + k < last_code && type_is_cnum(fn->params[i]->ty) &&
            reads_view_element(kw->a))
          args[i] = stash(e, fn->params[i]->ty, args[i]);
      }
  }
  for (int i = 0; i < fn->nparams; i++)
    if (!args[i])
      args[i] = ex_as(e, default_of(fn, i), fn->params[i]->ty);
  Buf b = {0};
  for (int i = 0; i < fn->nparams; i++)
    buf_printf(&b, "%s%s", i ? ", " : "", args[i]);
  char *list = arena_strdup(e->a, b.p ? b.p : "");
  buf_free(&b);
  Type *rt = fn->ret;
  if (rt->kind == T_OBJECT) {
    char *t = obj_temp(e);
    emitf(e, "%s = %s(%s); if (!%s) %s", t, fn->cname, list, t, err(e));
    return t;
  }
  if (type_is_pyint(rt)) {
    char *t = pyint_temp(e);
    emitf(e, "if ((%s = %s(%s)) == PYC2C_INT_ERR) { %s = 0; %s }", t, fn->cname, list, t, err(e));
    return t;
  }
  if (!fn->can_raise) {
    if (rt->kind == T_VOID) {
      emitf(e, "%s(%s);", fn->cname, list);
      return "0";
    }
    if (type_is_view(rt)) /* view.c: a statement temporary takes over the object's reference */
      return emit_view_call_result(e, rt, arena_printf(e->a, "%s(%s)", fn->cname, list));
    return arena_printf(e->a, "%s(%s)", fn->cname, list);
  }
  if (rt->kind == T_VOID) {
    emitf(e, "if (%s(%s) < 0) %s", fn->cname, list, err(e));
    return "0";
  }
  char *s = c_temp(e, rt);
  emitf(e, "if (%s(%s%s&%s) < 0) %s", fn->cname, list, fn->nparams ? ", " : "", s, err(e));
  return type_is_view(rt) ? emit_view_call_result(e, rt, s) : s;
}

static char *call_builtin(E *e, Node *n, Builtin b) {
  Node *a0 = n->list.len ? NODE_AT(n->list, 0) : NULL;
  switch (b) {
  case B_BOOL:
    return truth(e, a0);
  case B_FLOAT:
    if (type_is_object(a0->ty) && a0->ty->obj != OBJ_INT && a0->ty->obj != OBJ_FLOAT &&
        a0->ty->obj != OBJ_BOOL) {
      /* float(x) of any object: float's constructor, which also parses strings */
      char *v = ex(e, a0), *t = obj_temp(e), *d = c_temp(e, &ty_double);
      emitf(e, "%s = PyNumber_Float(%s); if (!%s) %s", t, v, t, err(e));
      emitf(e, "%s = PyFloat_AsDouble(%s);", d, t);
      return convert(e, d, &ty_double, n->ty);
    }
    return ex_as(e, a0, n->ty);
  case B_INT:
    if (type_is_pyint(a0->ty) && !const_int_value(a0, &(int64_t){0}))
      return pyint_exact(e, ex(e, a0));
    if (n->ty->kind != T_OBJECT && !type_is_object(a0->ty))
      return ex_as(e, a0, n->ty);
    if (a0->ty->kind == T_FLOAT) {
      char *t = obj_temp(e);
      emitf(e, "%s = PyLong_FromDouble(%s); if (!%s) %s", t, ex(e, a0), t, err(e));
      return t;
    } else {
      char *v = ex_as(e, a0, &ty_object), *t = obj_temp(e);
      emitf(e, "%s = PyNumber_Long(%s); if (!%s) %s", t, v, t, err(e));
      return convert(e, t, &ty_object, n->ty);
    }
  case B_LEN:
    if (type_is_object(a0->ty)) {
      char *o = ex(e, a0), *r = c_temp(e, &ty_Py_ssize_t);
      emitf(e, "if ((%s = PyObject_Length(%s)) < 0) %s", r, o, err(e));
      return r;
    }
    return emit_view_len(e, a0);
  case B_ABS:
    if (type_is_complex(a0->ty))
      return complex_abs(e, a0); /* complex.c */
    if (type_is_pyint(n->ty))
      return pyint_builtin(e, n, true, false);
    if (n->ty->kind == T_OBJECT) {
      char *v = ex_as(e, a0, &ty_object), *t = obj_temp(e);
      emitf(e, "%s = PyNumber_Absolute(%s); if (!%s) %s", t, v, t, err(e));
      return t;
    }
    if (n->ty->kind == T_FLOAT)
      return arena_printf(e->a, "((%s)fabsl(%s))", n->ty->cname, ex_as(e, a0, n->ty));
    {
      char *v = stash(e, n->ty, ex_as(e, a0, n->ty));
      return n->ty->is_signed ? arena_printf(e->a, "(%s < 0 ? -%s : %s)", v, v, v) : v;
    }
  case B_POW:
  case B_DIVMOD: {
    if (b == B_POW && n->list.len == 2)
      return binop(e, n, OP_POW, a0, NODE_AT(n->list, 1), n->ty, false);
    char *x = ex_as(e, a0, &ty_object), *y = ex_as(e, NODE_AT(n->list, 1), &ty_object);
    char *z = n->list.len == 3 ? ex_as(e, NODE_AT(n->list, 2), &ty_object) : "Py_None";
    char *t = obj_temp(e);
    if (b == B_POW)
      emitf(e, "%s = PyNumber_Power(%s, %s, %s); if (!%s) %s", t, x, y, z, t, err(e));
    else
      emitf(e, "%s = PyNumber_Divmod(%s, %s); if (!%s) %s", t, x, y, t, err(e));
    return t;
  }
  case B_MIN:
  case B_MAX: {
    if (type_is_pyint(n->ty))
      return pyint_builtin(e, n, false, b == B_MIN);
    char *r = c_temp(e, n->ty);
    emitf(e, "%s = %s;", r, ex_as(e, a0, n->ty));
    for (int i = 1; i < n->list.len; i++) {
      char *v = stash(e, n->ty, ex_as(e, NODE_AT(n->list, i), n->ty));
      emitf(e, "if (%s %s %s) %s = %s;", v, b == B_MIN ? "<" : ">", r, r, v);
    }
    return r;
  }
  default:
    return "0 /* unreachable */";
  }
}

/* math.f(x) with Python's errors, or libc's f(x) as it is. */
static char *call_math(E *e, Node *n) {
  const Symbol *fs = n->a->sym;
  const MathFn *f = fs->math;
  char *x = stash(e, &ty_double, ex_as(e, NODE_AT(n->list, 0), &ty_double));
  char *y = f->nargs == 2 ? stash(e, &ty_double, ex_as(e, NODE_AT(n->list, 1), &ty_double)) : NULL;
  char *call = y ? arena_printf(e->a, "%s(%s, %s)", f->name, x, y) : arena_printf(e->a, "%s(%s)", f->name, x);
  if (f->result == 'b')
    return arena_printf(e->a, "(%s != 0)", call);
  if (!(n->flags & NF_CAN_RAISE))
    return call;
  char *r = c_temp(e, &ty_double);
  emitf(e, "%s = %s;", r, call);
  if (f->result == 'i')
    return convert(e, r, &ty_double, n->ty); /* OverflowError for inf, ValueError for nan */
  if (y)
    emitf(e, "if (PYC2C_UNLIKELY(pyc2c_math_check2(%s, %s, %s) < 0)) %s", x, y, r, err(e));
  else
    emitf(e, "if (PYC2C_UNLIKELY(pyc2c_math_check1(%s, %s, %d) < 0)) %s", x, r, f->overflow, err(e));
  return r;
}

static char *call(E *e, Node *n) {
  char *pc = emit_parallel_call(e, n);
  if (pc)
    return pc;
  if (n->flags & NF_CMATH)
    return emit_cmath_call(e, n); /* complex.c */
  if (n->flags & NF_OBJCALL)
    return emit_obj_call(e, n);
  if (n->fn)
    return call_function(e, n);
  if (n->flags & NF_COMPLEX_CALL)
    return complex_call(e, n); /* complex.c */
  if (n->a->sym && n->a->sym->kind == S_MATHFN)
    return call_math(e, n);
  if (n->a->sym && n->a->sym->kind == S_NPFN)
    return emit_numpy_call(e, n);
  if (n->a->kind == N_NAME && n->a->sym && n->a->sym->kind == S_BUILTIN)
    return call_builtin(e, n, n->a->sym->builtin);
  /* cython.cast / cython.<type>(x) / cython.sizeof: typeinfer left the operand in n->b */
  if (n->a->kind == N_ATTR && strcmp(n->a->str, "sizeof") == 0)
    return arena_printf(e->a, "sizeof(%s)", n->b->ty->kind == T_BINT ? "int" : n->b->ty->cname);
  return ex_as(e, n->b, n->ty);
}

/* ---- expressions */

static char *name(E *e, Node *n) {
  Symbol *s = n->sym;
  if (s->kind == S_PYOBJ)
    return emit_py_name(e, s);
  if (s->kind == S_GLOBAL || s->kind == S_FUNC)
    return emit_global_get(e, s);
  if (n->flags & NF_CHECK_BOUND) {
    if (type_is_object(s->ty))
      emitf(e, "if (PYC2C_UNLIKELY(!%s)) { pyc2c_raise_unbound(\"%s\"); %s }", s->cname, s->name,
            err(e));
    else
      emitf(e, "if (PYC2C_UNLIKELY(!b_%s)) { pyc2c_raise_unbound(\"%s\"); %s }", s->name, s->name,
            err(e));
  }
  return type_is_object(s->ty) ? own(e, s->cname) : (char *)s->cname;
}

static char *ex_node(E *e, Node *n) {
  switch (n->kind) {
  case N_INT:
    return pyint_literal(e, n);
  case N_FLOAT:
    return float_text(e, n->fval);
  case N_IMAG:
    return complex_ex_as(e, n, &ty_doublecomplex);
  case N_BOOL:
    return n->ival ? "1" : "0";
  case N_NONE:
    return own(e, "Py_None");
  case N_STR:
    return own(e, str_const(e, n->str, n->slen));
  case N_NAME:
    return name(e, n);
  case N_BINOP:
    return binop(e, n, n->op, n->a, n->b, n->ty, false);
  case N_UNARY: {
    if (n->op == OP_NOT) {
      if (type_is_pyint(n->a->ty))
        return arena_printf(e->a, "(!pyc2c_int_truth(%s))", ex(e, n->a));
      if (n->a->ty->kind != T_OBJECT)
        return arena_printf(e->a, "(!%s)", ex(e, n->a));
      char *v = ex(e, n->a), *s = c_temp(e, &ty_bint);
      emitf(e, "if ((%s = PyObject_Not(%s)) < 0) %s", s, v, err(e));
      return s;
    }
    if (type_is_pyint(n->ty))
      return pyint_unary(e, n);
    if (type_is_complex(n->ty))
      return complex_unary(e, n); /* complex.c */
    if (n->ty->kind == T_OBJECT) {
      char *v = ex_as(e, n->a, &ty_object), *t = obj_temp(e);
      emitf(e, "%s = %s(%s); if (!%s) %s", t,
            n->op == OP_NEG ? "PyNumber_Negative" : n->op == OP_POS ? "PyNumber_Positive" : "PyNumber_Invert",
            v, t, err(e));
      return t;
    }
    return arena_printf(e->a, "(%s%s)", op_spelling[n->op], ex_as(e, n->a, n->ty));
  }
  case N_BOOLOP:
    return boolop(e, n);
  case N_COMPARE:
    return compare(e, n);
  case N_CALL:
    return call(e, n);
  case N_IFEXP:
    return ifexp(e, n);
  case N_ATTR: /* cython.compiled, math.pi, or a view's ndim/size */
    if (n->flags & NF_CMATH)
      return emit_cmath_constant(e, n); /* complex.c: cmath.pi, cmath.infj */
    if (n->ty && type_is_object(n->ty) && n->a->ty && type_is_object(n->a->ty))
      return emit_obj_attr(e, n);
    if (n->a->ty && type_is_view(n->a->ty))
      return emit_view_attribute(e, n);
    if (n->a->ty && type_is_complex(n->a->ty))
      return complex_attr(e, n); /* complex.c: z.real, z.imag */
    if (n->a->kind == N_NAME && n->a->sym && n->a->sym->kind == S_MATH)
      return strcmp(n->str, "pi") == 0    ? "3.141592653589793"
             : strcmp(n->str, "e") == 0   ? "2.718281828459045"
             : strcmp(n->str, "tau") == 0 ? "6.283185307179586"
             : strcmp(n->str, "inf") == 0 ? "HUGE_VAL"
                                          : "NAN";
    return "1";
  case N_SUBSCRIPT:
    if (type_is_object(n->a->ty) && emit_obj_built_key(n))
      return emit_obj_subscript(e, n);
    if (n->a->kind == N_ATTR && !type_is_object(n->a->ty) && strcmp(n->a->str, "T") != 0)
      return emit_view_shape_item(e, n); /* a.shape[k], a.strides[k] */
    if (type_is_object(n->a->ty)) {
      char *o = ex(e, n->a), *k = ex_as(e, NODE_AT(n->list, 0), &ty_object), *t = obj_temp(e);
      emitf(e, "%s = PyObject_GetItem(%s, %s); if (!%s) %s", t, o, k, t, err(e));
      return t;
    }
    if (n->flags & NF_SLICE)
      return emit_view_slice(e, n);
    return emit_view_element(e, n);
  default:
    return emit_obj_expr(e, n);
  }
}

/* An expression's own errors carry its first line, as CPython's tracebacks do for an expression
 * that spans lines (a call or an operator on a continuation line of its statement). */
char *ex(E *e, Node *n) {
  if (n == e->preval_node)
    return e->preval_expr;
  int saved = e->line;
  e->line = n->line;
  char *r = ex_node(e, n);
  e->line = saved;
  return r;
}

/* ---- statements */

void line_marker(E *e, Node *s) {
  e->line = s->line;
  if (!e->opt->line_directives)
    return;
  /* The source line as a comment; comment delimiters in it are broken up. */
  const char *p = e->m->src, *end = e->m->src + e->m->len;
  for (int l = 1; l < s->line && p < end; l++) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    p = nl ? nl + 1 : end;
  }
  const char *eol = memchr(p, '\n', (size_t)(end - p));
  if (!eol)
    eol = end;
  while (p < eol && (*p == ' ' || *p == '\t'))
    p++;
  Buf b = {0};
  for (const char *q = p; q < eol; q++) {
    if ((*q == '*' || *q == '/') && q + 1 < eol && q[1] == (*q == '*' ? '/' : '*'))
      buf_write(&b, *q == '*' ? "* " : "/ ", 2); /* neither ends nor (for -Wcomment) opens one */
    else if (*q != '\r')
      buf_write(&b, q, 1);
  }
  buf_printf(e->out, "#line %d %s\n", s->line, c_string(e, e->m->filename, strlen(e->m->filename)));
  emitf(e, "/* %s */", b.p ? b.p : "");
  buf_free(&b);
}

/* Stores a value of type `vt` into a local. */
void store(E *e, Symbol *s, char *v, Type *vt) {
  if (s->kind == S_GLOBAL) {
    emit_global_set(e, s, convert(e, v, vt, &ty_object));
    return;
  }
  char *c = convert(e, v, vt, s->ty);
  if (type_is_view(s->ty)) {
    /* The local keeps the viewed object alive (a new array, say) for as long as it holds it. */
    c = stash(e, s->ty, c);
    /* no reference traffic when it already holds that object (rows of one array in a loop) */
    emitf(e, "if (o_%s != %s.obj) { Py_XINCREF(%s.obj); Py_XDECREF(o_%s); o_%s = %s.obj; } %s = %s;",
          s->name, c, c, s->name, s->name, c, s->cname, c);
    if (s->maybe_unbound)
      emitf(e, "b_%s = 1;", s->name);
  } else if (type_is_object(s->ty))
    emitf(e, "Py_INCREF(%s); Py_XSETREF(%s, %s);", c, s->cname, c);
  else if (type_is_pyint(s->ty)) {
    emitf(e, "PYC2C_INT_STORE(%s, %s);", s->cname, c);
    if (s->maybe_unbound)
      emitf(e, "b_%s = 1;", s->name);
  } else {
    emitf(e, "%s = %s;", s->cname, c);
    if (s->maybe_unbound)
      emitf(e, "b_%s = 1;", s->name);
  }
}

/* obj[k] = v (PyObject_SetItem) or view[i, j] = v, for an already evaluated value v of type vt. */
static void store_item(E *e, Node *t, char *v, Type *vt) {
  if (type_is_object(t->a->ty)) {
    char *ov = convert(e, v, vt, &ty_object), *o = ex(e, t->a);
    char *k = ex_as(e, NODE_AT(t->list, 0), &ty_object);
    emitf(e, "if (PyObject_SetItem(%s, %s, %s) < 0) %s", o, k, ov, err(e));
  } else
    emitf(e, "%s = %s;", emit_view_element(e, t), convert(e, v, vt, t->ty));
}

/* a, b = x, y of C values (NF_MULTI_ASSIGN): every value into a C temporary, left to right, then
 * the stores, left to right (a target's index is evaluated when it is stored), as Python does,
 * without the tuple. An int literal is converted to its target's type where it is stored. */
static void multi_assign(E *e, Node *s) {
  Node *t = NODE_AT(s->list, 0), *v = s->b;
  char **vals = arena_alloc(e->a, sizeof(char *) * (size_t)v->list.len);
  int64_t k;
  for (int i = 0; i < v->list.len; i++) {
    Node *x = NODE_AT(v->list, i);
    vals[i] = NULL;
    if (const_int_value(x, &k))
      continue;
    vals[i] = c_temp(e, x->ty);
    emitf(e, "%s = %s;", vals[i], ex(e, x));
  }
  for (int i = 0; i < t->list.len; i++) {
    Node *tgt = NODE_AT(t->list, i), *x = NODE_AT(v->list, i);
    Type *tt = tgt->kind != N_SUBSCRIPT ? tgt->sym->ty
               : type_is_object(tgt->a->ty) ? &ty_object : tgt->ty;
    char *val = vals[i] ? vals[i] : ex_as(e, x, tt);
    if (tgt->kind == N_SUBSCRIPT)
      store_item(e, tgt, val, vals[i] ? x->ty : tt);
    else
      store(e, tgt->sym, val, vals[i] ? x->ty : tt);
  }
  release_temps(e);
}

/* A range() bound, copied into a fresh C variable (Python evaluates range() once; the body may
 * reassign the variables it was computed from). */
static char *range_bound(E *e, Node *n, Type *lt) {
  char *v = ex_as(e, n, lt);
  int64_t k;
  if (const_int_value(n, &k))
    return v;
  char *t = c_temp(e, lt);
  emitf(e, "%s = %s;", t, v);
  return t;
}

/* The rest of a `for` loop once its target is stored: the body (inside the C loop the caller
 * opened), the closing brace, the else clause, and the label a break jumps to past it. */
void loop_rest(E *e, Node *s) {
  Loop loop = {.outer = e->loop, .brk = s->orelse.len ? label(e, "break") : NULL, .unwind = e->unwind};
  e->loop = &loop;
  stmts(e, &s->body);
  e->loop = loop.outer;
  e->indent--;
  emitf(e, "}");
  stmts(e, &s->orelse);
  if (loop.brk)
    buf_printf(e->out, "%s:;\n", loop.brk);
}

/* for x in a (1-D view): the view is evaluated once and its object held for the loop, as
 * Python's iterator would hold it; each element is read when its iteration starts. */
static void for_view(E *e, Node *s) {
  Type *vt = s->b->ty;
  char *v = c_temp(e, vt), *hold = NULL;
  emitf(e, "%s = %s;", v, ex(e, s->b));
  if (emit_view_loop_needs_hold(s)) { /* view.c */
    hold = arena_printf(e->a, "t%d", ++e->ntemps);
    buf_printf(&e->decls, "  PyObject *%s = NULL;\n", hold);
    vec_push(e->a, &e->obj_temps, hold); /* released on the error and return paths too */
    emitf(e, "%s = %s.obj; Py_XINCREF(%s);", hold, v, hold);
  }
  release_temps(e);
  char *k = arena_printf(e->a, "k%d", ++e->ntemps);
  emitf(e, "for (Py_ssize_t %s = 0; %s < %s.shape[0]; %s++) {", k, k, v, k);
  e->indent++;
  if (vt->ndim > 1) /* a row: a sub-view of one dimension fewer (view.c) */
    store(e, s->a->sym, emit_view_row(e, vt, v, k), s->ty);
  else
    store(e, s->a->sym, arena_printf(e->a, "(*(%s *)(%s.data + %s * %s.strides[0]))", vt->elem->cname, v, k, v),
          vt->elem);
  release_temps(e);
  loop_rest(e, s);
  if (hold)
    emitf(e, "Py_CLEAR(%s);", hold);
}

static void for_range(E *e, Node *s) {
  Node *call = s->b;
  Type *lt = s->ty; /* the loop's counting type */
  int argc = call->list.len;
  char *start = "0", *stop, *step = "1";
  int64_t stepv = 1;
  bool step_const = true;
  if (argc == 1)
    stop = range_bound(e, NODE_AT(call->list, 0), lt);
  else {
    start = range_bound(e, NODE_AT(call->list, 0), lt);
    stop = range_bound(e, NODE_AT(call->list, 1), lt);
    if (argc == 3) {
      step_const = const_int_value(NODE_AT(call->list, 2), &stepv);
      step = range_bound(e, NODE_AT(call->list, 2), lt);
    }
  }
  release_temps(e);
  if (step_const && stepv == 1 && emit_interleaved_range(e, s, lt, start, stop))
    return;
  if (!step_const)
    emitf(e, "if (PYC2C_UNLIKELY(%s == 0)) { pyc2c_raise_value(\"range() arg 3 must not be zero\"); %s }",
          step, err(e));
  char *k = arena_printf(e->a, "k%d", ++e->ntemps);
  if (step_const && (stepv == 1 || stepv == -1))
    emitf(e, "for (%s %s = %s; %s %s %s; %s%s) {", lt->cname, k, start, k, stepv == 1 ? "<" : ">",
          stop, k, stepv == 1 ? "++" : "--");
  else {
    /* A trip count computed in unsigned arithmetic cannot overflow, whatever the bounds. */
    char *n = c_temp(e, &ty_ulonglong);
    emitf(e, "%s = %s > 0 ? (%s < %s ? ((unsigned long long)%s - (unsigned long long)%s - 1) / "
             "(unsigned long long)%s + 1 : 0) : (%s > %s ? ((unsigned long long)%s - (unsigned long "
             "long)%s - 1) / (0ULL - (unsigned long long)%s) + 1 : 0);",
          n, step, start, stop, stop, start, step, start, stop, start, stop, step);
    char *j = arena_printf(e->a, "j%d", e->ntemps);
    emitf(e, "for (unsigned long long %s = 0; %s < %s; %s++) {", j, j, n, j);
    e->indent++;
    emitf(e, "%s %s = (%s)((unsigned long long)%s + %s * (unsigned long long)%s);", lt->cname, k,
          lt->cname, start, j, step);
    e->indent--;
  }
  e->indent++;
  store(e, s->a->sym, k, lt);
  release_temps(e);
  loop_rest(e, s);
}

/* A for loop: prange (parallel.c), over a view, or over range(). */
static void for_loop(E *e, Node *s) {
  if (emit_parallel(e, s))
    return;
  if (type_is_view(s->b->ty))
    for_view(e, s);
  else
    for_range(e, s);
}

static void while_loop(E *e, Node *s) {
  Loop loop = {.outer = e->loop, .brk = s->orelse.len ? label(e, "break") : NULL, .unwind = e->unwind};
  char *orelse = s->orelse.len ? label(e, "else") : NULL;
  emitf(e, "for (;;) {");
  e->indent++;
  char *c = truth(e, s->a);
  if (e->stmt_temps.len) {
    c = stash(e, &ty_bint, c);
    release_temps(e);
  }
  if (orelse)
    emitf(e, "if (!%s) goto %s;", c, orelse);
  else
    emitf(e, "if (!%s) break;", c);
  e->loop = &loop;
  stmts(e, &s->body);
  e->loop = loop.outer;
  e->indent--;
  emitf(e, "}");
  if (orelse) {
    buf_printf(e->out, "%s:;\n", orelse);
    stmts(e, &s->orelse);
    buf_printf(e->out, "%s:;\n", loop.brk);
  }
}

static void stmt(E *e, Node *s) {
  if (s->kind == N_EXPRSTMT && s->a->kind == N_STR)
    return; /* a bare string: a comment */
  line_marker(e, s);
  switch (s->kind) {
  case N_ASSIGN: {
    if (s->flags & NF_MULTI_ASSIGN) {
      multi_assign(e, s);
      break;
    }
    if (emit_obj_assign(e, s))
      break;
    if (s->list.len == 1 && (is_whole_view(NODE_AT(s->list, 0)) ||
                             (NODE_AT(s->list, 0)->flags & NF_SLICE))) {
      /* a[:] = b, a[1:-1, j] = b: copy into the (sub-)view; = x: fill it */
      Node *t = NODE_AT(s->list, 0);
      Type *vt = t->ty;
      if (type_is_view(s->b->ty)) {
        char *src = stash(e, s->b->ty, ex(e, s->b));
        char *dst = is_whole_view(t) ? ex(e, t->a) : stash(e, vt, ex(e, t));
        emitf(e, "if (pyc2c_view_copy(&%s, &%s, %d, sizeof(%s)) < 0) %s", dst, src, vt->ndim,
              vt->elem->cname, err(e));
      } else {
        char *x = c_temp(e, vt->elem);
        char *dst = is_whole_view(t) ? ex(e, t->a) : stash(e, vt, ex(e, t));
        emitf(e, "%s = %s;", x, ex_as(e, s->b, vt->elem));
        emitf(e, "pyc2c_view_fill(&%s, %d, &%s, sizeof(%s));", dst, vt->ndim, x, vt->elem->cname);
      }
      release_temps(e);
      break;
    }
    if (s->list.len == 1 && NODE_AT(s->list, 0)->kind == N_SUBSCRIPT) {
      /* Python evaluates the value first, then the target's object and index. */
      Node *t = NODE_AT(s->list, 0);
      Type *vt = type_is_object(t->a->ty) ? &ty_object : t->ty;
      char *v = ex_as(e, s->b, vt);
      if (!type_is_object(vt) && !is_simple(v))
        v = stash(e, vt, v);
      store_item(e, t, v, vt);
    } else if (s->list.len == 1) { /* converting directly lets literals take the target's C type */
      Symbol *sym = NODE_AT(s->list, 0)->sym;
      store(e, sym, ex_as(e, s->b, sym->ty), sym->ty);
    } else {
      char *v = ex(e, s->b);
      if (!type_is_object(s->b->ty))
        v = stash(e, s->b->ty, v);
      for (int i = 0; i < s->list.len; i++) {
        Node *t = NODE_AT(s->list, i);
        if (t->kind == N_SUBSCRIPT)
          store_item(e, t, v, s->b->ty);
        else
          store(e, t->sym, v, s->b->ty);
      }
    }
    release_temps(e);
    break;
  }
  case N_ANNASSIGN:
    if (s->b) {
      Symbol *sym = s->a->sym;
      store(e, sym, ex_as(e, s->b, sym->ty), sym->ty);
      release_temps(e);
    }
    break;
  case N_AUGASSIGN: {
    if (s->a->kind != N_NAME && s->ty && type_is_object(s->ty) && emit_obj_stmt(e, s))
      break; /* o.x += v, d[k] += v */
    if (s->a->kind == N_SUBSCRIPT) {
      /* a[i] += x: the element's address once (indices evaluated and checked once). */
      char *p = arena_printf(e->a, "p%d", ++e->ntemps);
      buf_printf(&e->decls, "  %s *%s = NULL;\n", s->a->ty->cname, p);
      emitf(e, "%s = &%s;", p, emit_view_element(e, s->a));
      e->preval_node = s->a;
      e->preval_expr = arena_printf(e->a, "(*%s)", p);
      char *v = binop(e, s, s->op, s->a, s->b, s->ty, true);
      e->preval_node = NULL;
      emitf(e, "*%s = %s;", p, convert(e, v, s->ty, s->a->ty));
      release_temps(e);
      break;
    }
    Symbol *sym = s->a->sym;
    store(e, sym, binop(e, s, s->op, s->a, s->b, s->ty, true), s->ty);
    release_temps(e);
    break;
  }
  case N_EXPRSTMT: {
    char *v = ex(e, s->a);
    if (!type_is_object(s->a->ty) && strcmp(v, "0") != 0 && !is_simple(v))
      emitf(e, "(void)%s;", v);
    release_temps(e);
    break;
  }
  case N_RETURN: {
    Type *rt = e->fn->ret;
    if (rt->kind == T_OBJECT) {
      char *v = s->a ? ex_as(e, s->a, rt) : own(e, "Py_None");
      emitf(e, "Py_INCREF(%s); Py_XSETREF(pyc2c_r, %s);", v, v); /* a finally may return again */
    } else if (type_is_pyint(rt))
      emitf(e, "pyc2c_r = %s; pyc2c_int_incref(pyc2c_r);", ex_as(e, s->a, rt));
    else if (type_is_view(rt))
      emit_view_return(e, s->a, rt); /* view.c */
    else if (rt->kind != T_VOID)
      emitf(e, "pyc2c_r = %s;", ex_as(e, s->a, rt));
    else if (s->a)
      (void)ex(e, s->a); /* return None: evaluate for effects */
    release_temps(e);
    emit_par_return(e); /* the GIL back first: finally blocks and exits need it */
    emit_unwind(e, NULL);
    emitf(e, "goto pyc2c_return;");
    break;
  }
  case N_IF: {
    char *c = truth(e, s->a);
    if (e->stmt_temps.len) {
      c = stash(e, &ty_bint, c);
      release_temps(e);
    }
    emitf(e, "if (%s) {", c);
    e->indent++;
    stmts(e, &s->body);
    e->indent--;
    if (s->orelse.len) {
      emitf(e, "} else {");
      e->indent++;
      stmts(e, &s->orelse);
      e->indent--;
    }
    emitf(e, "}");
    break;
  }
  case N_WHILE:
    while_loop(e, s);
    break;
  case N_FOR:
    if (s->ty && type_is_object(s->ty))
      emit_obj_stmt(e, s);
    else if (type_is_view(s->b->ty) || !emit_versioned_loop(e, s, for_loop)) /* version.c */
      for_loop(e, s);
    break;
  case N_WITH: /* directive blocks: their effect is already on the nodes inside */
    if (emit_parallel(e, s))
      break;
    if (s->ty && type_is_object(s->ty))
      emit_obj_stmt(e, s); /* a context manager */
    else
      stmts(e, &s->body);
    break;
  case N_BREAK:
    emit_unwind(e, e->loop ? e->loop->unwind : NULL);
    if (e->loop && e->loop->brk)
      emitf(e, "goto %s;", e->loop->brk);
    else
      emitf(e, "break;");
    break;
  case N_CONTINUE:
    emit_unwind(e, e->loop ? e->loop->unwind : NULL);
    if (e->loop && e->loop->cont)
      emitf(e, "goto %s;", e->loop->cont);
    else
      emitf(e, "continue;");
    break;
  case N_PASS:
    emitf(e, ";");
    break;
  case N_ASSERT: {
    char *c = truth(e, s->a);
    emitf(e, "if (PYC2C_UNLIKELY(!%s)) {", c);
    e->indent++;
    if (s->b) {
      char *m = ex_as(e, s->b, &ty_object);
      emitf(e, "PyErr_SetObject(PyExc_AssertionError, %s);", m);
    } else
      emitf(e, "pyc2c_raise_none(PyExc_AssertionError);");
    emitf(e, "%s", err(e));
    e->indent--;
    emitf(e, "}");
    release_temps(e);
    break;
  }
  case N_RAISE: {
    if (!(s->flags & NF_SIMPLE_RAISE)) { /* any exception object: objects.c */
      emit_obj_stmt(e, s);
      break;
    }
    /* raise E / raise E("literal") of a builtin: no object needed until it is raised, so this
     * also works without the GIL */
    Node *x = s->a;
    const char *cls = x->kind == N_CALL ? x->a->str : x->str;
    if (x->kind == N_CALL && x->list.len) {
      Node *msg = NODE_AT(x->list, 0);
      emitf(e, "pyc2c_raise_str(PyExc_%s, %s);", cls, c_string(e, msg->str, msg->slen));
    } else
      emitf(e, "pyc2c_raise_none(PyExc_%s);", cls);
    emitf(e, "%s", err(e));
    break;
  }
  default:
    if (!emit_obj_stmt(e, s)) /* raise, try, del, ... */
      emitf(e, "/* unreachable: rejected by typeinfer */");
  }
}

void stmts(E *e, NodeList *l) {
  for (int i = 0; i < l->len; i++)
    stmt(e, NODE_AT(*l, i));
}

void emit_stmt(E *e, Node *s) { stmt(e, s); }
void emit_release_temps(E *e) { release_temps(e); }
void emit_line_marker(E *e, Node *s) { line_marker(e, s); }

/* ---- functions */

static const char *ctype(const Type *t) { return t->kind == T_BINT ? "int" : t->cname; }

/* static int f_NAME(params, T *pyc2c_out) / static T f_NAME(params) / static PyObject *... */
static char *prototype(E *e, Function *fn) {
  Buf b = {0};
  const char *ret;
  bool out_param = false;
  if (fn->ret->kind == T_OBJECT)
    ret = "PyObject *";
  else if (type_is_pyint(fn->ret))
    ret = "pyc2c_int "; /* PYC2C_INT_ERR on error */
  else if (fn->can_raise) {
    ret = "int ";
    out_param = fn->ret->kind != T_VOID;
  } else
    ret = fn->ret->kind == T_VOID ? "void " : arena_printf(e->a, "%s ", ctype(fn->ret));
  buf_printf(&b, "static %s%s%s(", fn->is_inline ? "inline " : "", ret, fn->cname);
  for (int i = 0; i < fn->nparams; i++)
    buf_printf(&b, "%s%s %s%s", i ? ", " : "", ctype(fn->params[i]->ty),
               type_is_view(fn->params[i]->ty) ? "arg_" : "", fn->params[i]->cname);
  if (out_param)
    buf_printf(&b, "%s%s *pyc2c_out", fn->nparams ? ", " : "", ctype(fn->ret));
  if (!fn->nparams && !out_param)
    buf_printf(&b, "void");
  buf_printf(&b, ")");
  char *r = arena_strdup(e->a, b.p);
  buf_free(&b);
  return r;
}

/* The references a function's locals hold: objects, and the objects views keep alive. */
static void release_locals(Buf *out, Function *fn) {
  for (int i = 0; i < fn->locals.len; i++) {
    Symbol *s = fn->locals.items[i];
    if (type_is_object(s->ty))
      buf_printf(out, "  Py_XDECREF(%s);\n", s->cname);
    else if (type_is_pyint(s->ty))
      buf_printf(out, "  pyc2c_int_decref(%s);\n", s->cname);
    else if (type_is_view(s->ty))
      buf_printf(out, "  Py_XDECREF(o_%s);\n", s->name);
  }
}

static void function(E *e, Function *fn, Buf *out) {
  Buf body = {0};
  e->fn = fn;
  e->out = &body;
  e->decls.len = 0;
  e->obj_temps.len = e->stmt_temps.len = 0;
  e->indent = 1;
  e->line = fn->def->line;
  bool raises = fn->can_raise || fn->body_raises || fn->ret->kind == T_OBJECT || type_is_pyint(fn->ret);
  for (int i = 0; i < fn->locals.len; i++) {
    Symbol *s = fn->locals.items[i];
    if (type_is_view(s->ty))
      buf_printf(&e->decls, "  PyObject *o_%s = NULL; /* owns what %s views, once assigned */\n",
                 s->name, s->name);
    if (s->is_param && type_is_view(s->ty))
      /* A view parameter arrives in memory (a large struct); a local copy whose address is never
       * taken lives in registers, so stores through element pointers cannot alias its fields. */
      buf_printf(&e->decls, "  pyc2c_View %s = arg_%s;\n", s->cname, s->cname);
    if (s->is_param) {
      if (type_is_object(s->ty))
        emitf(e, "Py_INCREF(%s);", s->cname); /* the body owns its parameters */
      else if (type_is_pyint(s->ty))
        emitf(e, "pyc2c_int_incref(%s);", s->cname);
      continue;
    }
    if (type_is_object(s->ty))
      buf_printf(&e->decls, "  PyObject *%s = NULL;\n", s->cname);
    else if (type_is_view(s->ty)) {
      buf_printf(&e->decls, "  pyc2c_View %s = {0};\n", s->cname);
      if (s->maybe_unbound)
        buf_printf(&e->decls, "  int b_%s = 0;\n", s->name);
    } else {
      buf_printf(&e->decls, "  %s %s = 0;\n", ctype(s->ty), s->cname);
      if (s->maybe_unbound)
        buf_printf(&e->decls, "  int b_%s = 0;\n", s->name);
    }
  }
  if (fn->recursive)
    emitf(e, "if (Py_EnterRecursiveCall(\" in %s\")) { pyc2c_lineno = %d; goto pyc2c_error_norec; }",
          fn->name, fn->def->line);
  e->used_err = false;
  stmts(e, &fn->def->body);
  if (fn->ret->kind == T_OBJECT)
    emitf(e, "Py_INCREF(Py_None); Py_XSETREF(pyc2c_r, Py_None);"); /* falling off the end returns None */
  if (e->used_err && !raises) {
    /* typeinfer and emit disagree on whether this function can raise: never emit such code. */
    fprintf(stderr, "pyc2c: internal error: %s() raises but was inferred not to\n", fn->name);
    abort();
  }
  /* Assemble: prototype, declarations, body, the return and error paths. */
  if (fn->fastmath) /* @pyc2c.fastmath: float sums may reassociate (and so vectorise) */
    buf_printf(out, "\n#pragma GCC push_options\n#pragma GCC optimize (\"associative-math\", "
                    "\"no-signed-zeros\", \"no-trapping-math\", \"fp-contract=fast\")");
  buf_write(out, e->nests.p ? e->nests.p : "", e->nests.len); /* version.c's helpers */
  e->nests.len = 0;
  buf_printf(out, "\n/* %s() from %s:%d */\n%s {\n", fn->name, e->m->name, fn->def->line,
             prototype(e, fn));
  if (fn->ret->kind != T_VOID)
    buf_printf(out, "  %s pyc2c_r = %s;\n", fn->ret->kind == T_OBJECT ? "PyObject *" : ctype(fn->ret),
               fn->ret->kind == T_OBJECT ? "NULL" : type_is_view(fn->ret) ? "{0}" : "0");
  /* The error path, when something can jump to it: a function typed as able to raise may have
   * had every check removed (indices its loops keep in bounds, divisors shown non-zero). */
  bool error_path = raises && (e->used_err || fn->recursive);
  if (error_path)
    buf_printf(out, "  int pyc2c_lineno = %d;\n", fn->def->line);
  buf_write(out, e->decls.p ? e->decls.p : "", e->decls.len);
  buf_write(out, body.p ? body.p : "", body.len);
  buf_printf(out, "  goto pyc2c_return;\npyc2c_return:\n");
  /* Statement temporaries are NULL here, but a loop's hold on what it iterates may not be. */
  for (int i = 0; i < e->obj_temps.len; i++)
    release_at_exit(out, e->obj_temps.items[i]);
  if (fn->recursive)
    buf_printf(out, "  Py_LeaveRecursiveCall();\n");
  release_locals(out, fn);
  if (fn->ret->kind == T_OBJECT || type_is_pyint(fn->ret))
    buf_printf(out, "  return pyc2c_r;\n");
  else if (fn->can_raise)
    buf_printf(out, "%s  return 0;\n", fn->ret->kind != T_VOID ? "  *pyc2c_out = pyc2c_r;\n" : "");
  else if (fn->ret->kind != T_VOID)
    buf_printf(out, "  return pyc2c_r;\n");
  else
    buf_printf(out, "  return;\n");
  if (error_path) {
    buf_printf(out, "pyc2c_error:\n");
    for (int i = 0; i < e->obj_temps.len; i++)
      release_at_exit(out, e->obj_temps.items[i]);
    if (fn->ret->kind == T_OBJECT)
      buf_printf(out, "  Py_XDECREF(pyc2c_r);\n");
    else if (type_is_pyint(fn->ret))
      buf_printf(out, "  pyc2c_int_decref(pyc2c_r);\n");
    else if (type_is_view(fn->ret))
      buf_printf(out, "  Py_XDECREF(pyc2c_r.obj);\n"); /* a return then an error (in a finally) */
    if (fn->recursive)
      buf_printf(out, "  Py_LeaveRecursiveCall();\n");
    if (fn->recursive)
      buf_printf(out, "pyc2c_error_norec:\n");
    release_locals(out, fn);
    buf_printf(out, "  pyc2c_add_traceback(\"%s\", pyc2c_filename, pyc2c_lineno);\n", fn->name);
    if (fn->body_raises) /* @cython.exceptval(check=False): the exception stops here */
      buf_printf(out, "  { PyObject *where = PyUnicode_FromString(\"%s.%s\"); PyErr_WriteUnraisable(where); "
                      "Py_XDECREF(where); }\n  return%s%s;\n", e->m->name, fn->name, fn->ret->kind == T_VOID ? "" : " ",
                 fn->ret->kind == T_VOID ? "" : fn->exceptval ? ex_as(e, fn->exceptval, fn->ret) : "0");
    else
      buf_printf(out, "  return %s;\n", fn->ret->kind == T_OBJECT ? "NULL" : type_is_pyint(fn->ret) ? "PYC2C_INT_ERR" : "-1");
  }
  buf_printf(out, "}\n");
  if (fn->fastmath)
    buf_printf(out, "#pragma GCC pop_options\n");
  buf_free(&body);
}

/* The Python-callable wrapper: parse arguments, convert, call, box the result. */
static void wrapper(E *e, Function *fn, Buf *out) {
  buf_printf(out, "\nstatic PyObject *w_%s(PyObject *self, PyObject *const *args, Py_ssize_t nargs, "
                  "PyObject *kwnames) {\n  (void)self;\n",
             fn->name);
  buf_printf(out, "  static const char *const names[] = {");
  for (int i = 0; i < fn->nparams; i++)
    buf_printf(out, "\"%s\", ", fn->params[i]->name);
  buf_printf(out, "NULL};\n  static const pyc2c_FuncInfo info = {\"%s\", names, %d, %d};\n", fn->name,
             fn->nparams, fn->nrequired);
  buf_printf(out, "  PyObject *argv[%d];\n  int pyc2c_lineno = %d;\n", fn->nparams + 1, fn->def->line);
  Buf body = {0};
  e->out = &body;
  e->decls.len = 0;
  e->obj_temps.len = e->stmt_temps.len = 0;
  e->indent = 1;
  e->line = fn->def->line;
  e->fn = fn;
  emitf(e, "if (pyc2c_parse_args(&info, args, nargs, kwnames, argv) < 0) goto pyc2c_error;");
  char **vals = arena_alloc(e->a, sizeof(char *) * (size_t)(fn->nparams + 1));
  PtrVec views = {0}; /* view parameters: their buffers are released before returning */
  for (int i = 0; i < fn->nparams; i++) {
    Symbol *p = fn->params[i];
    Type *t = p->ty;
    char *v = arena_printf(e->a, "a_%s", p->name);
    vals[i] = v;
    if (type_is_view(t)) {
      /* The buffer is held for the call and released on every way out of the wrapper. */
      buf_printf(&e->decls, "  pyc2c_View %s;\n  pyc2c_Buffer buf_%s = {0};\n", v, p->name);
      vec_push(e->a, &views, p);
    } else
      buf_printf(&e->decls, "  %s %s = %s;\n", type_is_object(t) ? "PyObject *" : ctype(t), v,
                 type_is_object(t) ? "NULL" : "0");
    emitf(e, "if (argv[%d]) {", i);
    e->indent++;
    if (type_is_view(t)) {
      char *spec = emit_view_spec(e, p);
      emitf(e, "if (pyc2c_view_acquire(argv[%d], &%s, \"%s\", &buf_%s, &%s) < 0) goto pyc2c_error;",
            i, spec, p->name, p->name, v);
    } else if (type_is_object(t)) {
      if (t->obj == OBJ_INT)
        emitf(e, "if (!PyLong_Check(argv[%d])) { pyc2c_arg_type_error(\"%s\", \"int\", argv[%d]); "
                 "goto pyc2c_error; }",
              i, p->name, i);
      else if (t->obj == OBJ_STR)
        emitf(e, "if (!PyUnicode_Check(argv[%d])) { pyc2c_arg_type_error(\"%s\", \"str\", "
                 "argv[%d]); goto pyc2c_error; }",
              i, p->name, i);
      emitf(e, "%s = argv[%d];", v, i);
    } else if (type_is_pyint(t)) {
      emitf(e, "if (!PyLong_Check(argv[%d])) { pyc2c_arg_type_error(\"%s\", \"int\", argv[%d]); "
               "goto pyc2c_error; }",
            i, p->name, i);
      emitf(e, "if ((%s = pyc2c_int_from_object(argv[%d])) == PYC2C_INT_ERR) { %s = 0; goto "
               "pyc2c_error; }",
            v, i, v);
    } else
      emitf(e, "if (pyc2c_as_%s(argv[%d], &%s) < 0) goto pyc2c_error;",
            t->kind == T_BINT ? "bint" : t->conv, i, v);
    e->indent--;
    if (i >= fn->nrequired) {
      emitf(e, "} else {");
      e->indent++;
      Node *d = default_of(fn, i);
      emitf(e, "%s = %s;", v, type_is_object(t) ? borrowed_const(e, d) : ex_as(e, d, t));
      if (type_is_pyint(t))
        emitf(e, "pyc2c_int_incref(%s);", v); /* owned, like a converted argument */
      release_temps(e); /* converting a default (None to a bint, say) may have made objects */
      e->indent--;
    }
    emitf(e, "}");
  }
  Buf call = {0};
  for (int i = 0; i < fn->nparams; i++)
    buf_printf(&call, "%s%s", i ? ", " : "", vals[i]);
  const char *args = call.p ? call.p : "";
  Type *rt = fn->ret;
  emitf(e, "PyObject *r = NULL;");
  if (rt->kind == T_OBJECT)
    emitf(e, "r = %s(%s);", fn->cname, args);
  else if (type_is_pyint(rt)) {
    emitf(e, "pyc2c_int v = %s(%s);", fn->cname, args);
    emitf(e, "if (v != PYC2C_INT_ERR) { r = pyc2c_int_box(v); pyc2c_int_decref(v); }");
  }
  else if (type_is_view(rt))
    emit_view_wrapper_return(e, fn, args); /* view.c: the array, or a memoryview of a slice */
  else if (rt->kind == T_VOID) {
    if (fn->can_raise)
      emitf(e, "if (%s(%s) == 0) r = Py_NewRef(Py_None);", fn->cname, args);
    else
      emitf(e, "%s(%s); r = Py_NewRef(Py_None);", fn->cname, args);
  } else {
    emitf(e, "%s v;", ctype(rt));
    if (fn->can_raise)
      emitf(e, "if (%s(%s%s&v) == 0) r = pyc2c_from_%s(v);", fn->cname, args, fn->nparams ? ", " : "",
            rt->kind == T_BINT ? "bint" : rt->conv);
    else
      emitf(e, "v = %s(%s); r = pyc2c_from_%s(v);", fn->cname, args,
            rt->kind == T_BINT ? "bint" : rt->conv);
  }
  for (int i = 0; i < views.len; i++)
    emitf(e, "pyc2c_view_release(&buf_%s);", ((Symbol *)views.items[i])->name);
  for (int i = 0; i < fn->nparams; i++)
    if (type_is_pyint(fn->params[i]->ty))
      emitf(e, "pyc2c_int_decref(a_%s);", fn->params[i]->name);
  emitf(e, "return r;");
  buf_free(&call);
  buf_write(out, e->decls.p ? e->decls.p : "", e->decls.len);
  buf_write(out, body.p, body.len);
  buf_printf(out, "pyc2c_error:\n");
  for (int i = 0; i < e->obj_temps.len; i++)
    release_at_exit(out, e->obj_temps.items[i]);
  for (int i = 0; i < views.len; i++)
    buf_printf(out, "  pyc2c_view_release(&buf_%s);\n", ((Symbol *)views.items[i])->name);
  for (int i = 0; i < fn->nparams; i++)
    if (type_is_pyint(fn->params[i]->ty))
      buf_printf(out, "  pyc2c_int_decref(a_%s);\n", fn->params[i]->name);
  buf_printf(out, "  pyc2c_add_traceback(\"%s\", pyc2c_filename, pyc2c_lineno);\n  return NULL;\n}\n",
             fn->name);
  buf_free(&body);
}

/* "f(a, b=2)\n--\n\n" + docstring: CPython derives __text_signature__ from it. */
static char *method_doc(E *e, Function *fn) {
  Buf b = {0};
  bool has_sig = true;
  buf_printf(&b, "%s(", fn->name);
  for (int i = 0; i < fn->nparams; i++) {
    buf_printf(&b, "%s%s", i ? ", " : "", fn->params[i]->name);
    Node *d = default_of(fn, i);
    if (d) {
      int64_t v;
      if (const_int_value(d, &v))
        buf_printf(&b, "=%" PRId64, v);
      else if (d->kind == N_FLOAT)
        buf_printf(&b, "=%s", float_text(e, d->fval));
      else if (d->kind == N_UNARY && d->a->kind == N_FLOAT)
        buf_printf(&b, "=-%s", float_text(e, d->a->fval));
      else if (d->kind == N_BOOL)
        buf_printf(&b, "=%s", d->ival ? "True" : "False");
      else if (d->kind == N_NONE)
        buf_printf(&b, "=None");
      else if (d->kind == N_NAME)
        buf_printf(&b, "=...");
      else if (d->kind == N_INT)
        buf_printf(&b, "=%s", d->str);
      else
        has_sig = false; /* e.g. a string default: leave __text_signature__ out */
      if ((d->kind == N_FLOAT && !isfinite(d->fval)) ||
          (d->kind == N_UNARY && d->a->kind == N_FLOAT && !isfinite(d->a->fval)))
        has_sig = false;
    }
  }
  buf_printf(&b, ")\n--\n\n");
  if (!has_sig)
    b.len = 0;
  buf_printf(&b, "%s", fn->doc ? fn->doc : "");
  if (!b.len) {
    buf_free(&b);
    return "NULL";
  }
  char *r = c_string(e, b.p, b.len);
  buf_free(&b);
  return r;
}

void emit_module(FILE *out, const Module *m, const ModuleInfo *mi, Arena *a, const EmitOptions *opt) {
  E e_ = {.a = a, .m = m, .mi = mi, .opt = opt}, *e = &e_;
  Buf funcs = {0};
  for (int i = 0; i < mi->funcs.len; i++)
    function(e, mi->funcs.items[i], &funcs);
  for (int i = 0; i < mi->funcs.len; i++) {
    Function *fn = mi->funcs.items[i];
    if (fn->exported)
      wrapper(e, fn, &funcs);
  }
  fprintf(out, "/* Generated by pyc2c from %s. Edit the .py, not this file. */\n", m->filename);
  fprintf(out, "#include <pyc2c/%s.h>\n#include <pyc2c/parallel.h>\n\nstatic const char pyc2c_filename[] = %s;\n"
               "static PyObject *pyc2c_globals; /* the module's dict */\n",
          mi->uses_numpy ? "numpy" : "view", c_string(e, m->filename, strlen(m->filename)));
  buf_flush(&e->consts_decl, out);
  fprintf(out, "\n/* Prototypes: calls between functions are direct C calls. */\n");
  for (int i = 0; i < mi->funcs.len; i++)
    fprintf(out, "%s;\n", prototype(e, mi->funcs.items[i]));
  buf_flush(&funcs, out);
  fprintf(out, "\nstatic int pyc2c_init_constants(void) {\n");
  buf_flush(&e->consts_init, out);
  fprintf(out, "  return 0;\n}\n\nstatic PyMethodDef pyc2c_methods[] = {\n");
  for (int i = 0; i < mi->funcs.len; i++) {
    Function *fn = mi->funcs.items[i];
    if (fn->exported)
      fprintf(out, "  {\"%s\", (PyCFunction)(void (*)(void))w_%s, METH_FASTCALL | METH_KEYWORDS, %s},\n",
              fn->name, fn->name, method_doc(e, fn));
  }
  fprintf(out, "  {NULL, NULL, 0, NULL}\n};\n\n");
  fprintf(out, "static struct PyModuleDef pyc2c_module = {\n  PyModuleDef_HEAD_INIT, \"%s\", %s, -1, "
               "pyc2c_methods, NULL, NULL, NULL, NULL\n};\n\n",
          m->name, mi->doc ? c_string(e, mi->doc, strlen(mi->doc)) : "NULL");
  fprintf(out, "PyMODINIT_FUNC PyInit_%s(void) {\n%s  if (pyc2c_init_constants() < 0) return NULL;\n"
               "  PyObject *m = PyModule_Create(&pyc2c_module);\n"
               "  if (m && pyc2c_add_build_info(m) < 0) Py_CLEAR(m); /* __pyc2c__ */\n"
               "  if (!m) return NULL;\n"
               "  pyc2c_globals = PyModule_GetDict(m);\n",
          m->name, mi->uses_numpy ? "  if (_import_array() < 0) return NULL;\n" : "");
  if (mi->body) /* the module's statements, in order, as CPython runs them at import */
    fprintf(out, "  if (%s() < 0) { Py_DECREF(m); return NULL; }\n", mi->body->cname);
  fprintf(out, "  return m;\n}\n");
  buf_free(&funcs);
  buf_free(&e->consts_decl);
  buf_free(&e->consts_init);
  buf_free(&e->decls);
  buf_free(&e->nests);
}
