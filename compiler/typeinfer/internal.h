/* internal.h: what the files of typeinfer/ share among themselves (not for other stages). */
#ifndef PYC2C_TYPEINFER_INTERNAL_H
#define PYC2C_TYPEINFER_INTERNAL_H
#include "typeinfer/typeinfer.h"

/* Errors are collected and reported in source order at the end: the passes visit signatures
 * before bodies and callees before callers, which is not the order a reader expects. */
typedef struct Pending {
  int line, col, seq;
  const char *msg;
} Pending;

typedef struct TI {
  Arena *a;
  Diag *d;
  Module *m;
  ModuleInfo *mi;
  PtrVec globals; /* Symbol*: module functions, cython aliases */
  Function *cur;
  bool report; /* final pass: report errors, mark raising operations */
  bool changed;
  int loop_depth;
  PtrVec errors; /* Pending* */
  PtrVec reported_names; /* const char*: module names whose definition was reported unsupported */
  PtrVec view_flows;     /* Symbol* pairs (from, to): views passed or assigned */
  PtrVec loop_facts;     /* bounds.c: what enclosing range() loops say about their variables */
  PtrVec view_boxings;   /* views converted to Python objects: checked once slices are known */
} TI;

void ti_error(TI *ti, const Node *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Reported only in the final pass (the fixpoint passes before it see incomplete types). */
#define ERR(n, ...)                                                                                \
  do {                                                                                             \
    if (ti->report)                                                                                \
      ti_error(ti, (n), __VA_ARGS__);                                                              \
  } while (0)

/* typeinfer.c */
Type *tx(TI *ti, Node *n);
Symbol *lookup(TI *ti, const char *name);
const char *cython_attr(TI *ti, const Node *n); /* "x" for cython.x, else NULL */
bool is_intlike(const Type *t);
Type *resolve_type(TI *ti, Node *n, bool allow_void);

/* views.c: typed memoryviews */
Type *view_annotation(TI *ti, Node *n);           /* cython.double[:, ::1] */
Type *view_subscript(TI *ti, Node *n);            /* a[i, j], a.shape[k] */
Type *view_attribute(TI *ti, Node *n);            /* a.ndim, a.size */
void view_store(TI *ti, Node *target);            /* a[i] = ... : checks and marks the write */
void view_flow(TI *ti, Symbol *from, Symbol *to); /* `to` aliases `from` (assignment, argument) */
void view_propagate_writes(TI *ti);               /* writes through an alias write the source */
bool view_is_derived(const Node *value);          /* a slice, or a local that may hold one */
void view_boxed(TI *ti, Node *value);             /* value (a view) becomes its Python object */
void module_directives(TI *ti);

/* mathfns.c: math and libc.math */
bool math_import(TI *ti, Node *s);                   /* import math / from math|libc.math import */
Symbol *math_callee(TI *ti, Node *callee);           /* math.sqrt or an imported sqrt, else NULL */
Type *math_call(TI *ti, Node *n, Symbol *fn);
Type *math_constant(TI *ti, Node *attr);             /* math.pi, math.e, math.inf, math.nan, math.tau */
Symbol *new_sym(TI *ti, SymKind k, const char *name);

/* bounds.c: indices enclosing loops keep inside a view need no checks */
bool bounds_enter_loop(TI *ti, Node *loop); /* true if it pushed a fact (then leave after) */
void bounds_leave_loop(TI *ti);
void bounds_mark_indices(TI *ti, Node *n);

/* numpy.c: import numpy, and allocation (np.empty, zeros, ones, full, empty_like, ...) */
bool numpy_import(TI *ti, Node *alias);           /* import numpy [as np] */
bool numpy_is_module(TI *ti, const Node *n);
Type *numpy_call(TI *ti, Node *n);                /* n->a is np.<name> */                   /* "# cython: boundscheck=False" header lines */

/* pyint.c: Python int (tagged) and index typing rules */
/* a OP b with an int operand: true with *result set when Python int rules decide it; may
 * rewrite *a / *b (an int next to a float becomes a double) and return false to go on. */
bool pyint_binop_type(TI *ti, Node *n, Op op, Node *ln, Node *rn, Type **a, Type **b,
                      Type **result);
Type *pyint_local_type(Type *t); /* an unannotated local's type from an assigned C integer */

/* functions.c: function decorators beyond the signature ones */
bool function_decorator(TI *ti, Function *fn, Node *d); /* @pyc2c.fastmath; false if not ours */
void exceptval_decorator(TI *ti, Function *fn, Node *d); /* @cython.exceptval(value, check=) */
void exceptval_check(TI *ti, Function *fn);              /* after inference: types, noexcept */

/* defassign.c: marks reads of locals that may be unbound (NF_CHECK_BOUND, maybe_unbound). */
void check_definite_assignment(Function *fn);

/* Is `name` a built-in exception class that `raise` supports? */
bool raise_exception_known(const char *name);

#endif
