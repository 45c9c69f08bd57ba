/* functions.c: decorators that change how a function is compiled rather than its signature:
 * @pyc2c.fastmath and @cython.exceptval.
 *
 *   @cython.exceptval(-1)               except -1      exceptions propagate
 *   @cython.exceptval(-1, check=True)   except? -1     exceptions propagate
 *   @cython.exceptval(check=True)       except *       exceptions propagate
 *   @cython.exceptval(check=False)      noexcept       an exception is written as unraisable
 *                                                      and the function returns 0 to its caller
 * Exceptions propagate by default (Cython 3). pyc2c signals errors beside the value, so the
 * value itself never needs an extra PyErr_Occurred() check; it is type-checked and is what a
 * noexcept function with a value returns when it swallows an exception. */
#include "typeinfer/internal.h"
#include <string.h>

static bool is_pyc2c_module(TI *ti, const Node *n) {
  if (n->kind != N_NAME)
    return false;
  Symbol *s = lookup(ti, n->str);
  return s && s->kind == S_PYC2C;
}

/* @pyc2c.fastmath or @pyc2c.fastmath(): reassociation of float arithmetic in the function. */
bool function_decorator(TI *ti, Function *fn, Node *d) {
  Node *head = d->kind == N_CALL ? d->a : d;
  if (head->kind != N_ATTR || !is_pyc2c_module(ti, head->a))
    return false;
  if (strcmp(head->str, "fastmath") == 0) {
    if (d->kind == N_CALL && (d->list.len || d->list2.len))
      ERR(d, "@pyc2c.fastmath takes no arguments");
    fn->fastmath = true;
  } else
    ERR(d, "decorator 'pyc2c.%s' is not supported by pyc2c yet", head->str);
  return true;
}

static bool is_number_constant(const Node *v) {
  int64_t k;
  return const_int_value(v, &k) || v->kind == N_FLOAT ||
         (v->kind == N_UNARY && v->op == OP_NEG && v->a->kind == N_FLOAT);
}

void exceptval_decorator(TI *ti, Function *fn, Node *d) {
  bool check = false, has_check = false;
  if (d->list.len > 1) {
    ERR(d, "cython.exceptval() takes one value and check=True or check=False");
    return;
  }
  for (int k = 0; k < d->list2.len; k++) {
    Node *kw = NODE_AT(d->list2, k);
    if (strcmp(kw->str, "check") != 0 || kw->a->kind != N_BOOL) {
      ERR(kw, "cython.exceptval() takes check=True or check=False");
      return;
    }
    check = kw->a->ival;
    has_check = true;
  }
  Node *v = d->list.len ? NODE_AT(d->list, 0) : NULL;
  if (v && !is_number_constant(v)) {
    ERR(v, "the exception value of cython.exceptval() must be a number constant");
    return;
  }
  if (!v && !has_check) {
    ERR(d, "cython.exceptval() needs a value or check=True/False");
    return;
  }
  fn->exceptval = v;
  fn->noexcept = !v && !check;
}

/* Once the signature is known: exceptval is for C functions returning a C value, and a
 * noexcept function swallows what its body raises (its callers need no check). */
void exceptval_check(TI *ti, Function *fn) {
  if (!fn->exceptval && !fn->noexcept)
    return;
  Node *at = fn->def;
  if (!fn->is_cfunc && !fn->is_ccall) {
    ERR(at, "@cython.exceptval is for @cython.cfunc and @cython.ccall functions");
    return;
  }
  if (type_is_object(fn->ret) || type_is_pyint(fn->ret) || type_is_view(fn->ret)) {
    ERR(at, "@cython.exceptval is not allowed for %s(), which returns a Python object (%s)",
        fn->name, fn->ret->name);
    return;
  }
  Node *v = fn->exceptval;
  if (v) {
    int64_t k;
    bool is_int = const_int_value(v, &k);
    if (fn->ret->kind == T_VOID)
      ERR(v, "an exception value needs a return type: %s() returns None", fn->name);
    else if (fn->ret->kind == T_INT && (!is_int || !type_holds(fn->ret, k)))
      ERR(v, "the exception value does not fit the return type %s", fn->ret->name);
    else if (fn->ret->kind == T_BINT && (!is_int || (k != 0 && k != 1)))
      ERR(v, "the exception value of a bint function must be 0 or 1");
  }
  if (fn->noexcept && fn->can_raise) {
    fn->body_raises = true;
    fn->can_raise = false;
  }
}
