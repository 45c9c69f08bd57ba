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
  PtrVec nonzero;        /* bounds.c: Symbol* of C numbers a test has shown non-zero here */
  PtrVec view_boxings;   /* views converted to Python objects: checked once slices are known */
  PtrVec view_calls;     /* views.c: ViewCall*, calls of functions declared to return a view */
  PtrVec comp_scope;     /* objects.c: Symbol* of the comprehensions being typed, innermost last */
  int handler_depth;     /* objects.c: inside an 'except' clause (a bare raise re-raises) */
  NodeList module_body;  /* objects.c: the module-level statements, in order */
  bool nogil;            /* parallel.c: the statements being typed run without the GIL */
  struct ParCtx *par;    /* parallel.c: the enclosing prange / parallel / nogil / gil blocks */
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
bool is_view_annotation(TI *ti, Node *n);         /* ... or cython.const[cython.double][:] */
bool view_check_writable(TI *ti, Node *target, const Type *vt); /* error if vt is const */
Type *view_subscript(TI *ti, Node *n);            /* a[i, j], a.shape[k] */
void view_ellipsis_reset(Node *n);                /* a[i, ...]: back to the indices as written */
Type *view_attribute(TI *ti, Node *n);            /* a.ndim, a.size */
void view_store(TI *ti, Node *target);            /* a[i] = ... : checks and marks the write */
void view_flow(TI *ti, Symbol *from, Symbol *to); /* `to` aliases `from` (assignment, argument) */
void view_propagate_writes(TI *ti);               /* writes through an alias write the source */
bool view_is_derived(TI *ti, const Node *value);         /* a slice, or a local that may hold one */
void view_boxed(TI *ti, Node *value);             /* value (a view) becomes its Python object */
void view_flow_value(TI *ti, Node *value, Symbol *to); /* a view value (name, slice, call) reaches `to` */
void view_mark_written(TI *ti, Node *base);       /* a write through `base` (name, slice, call) */
void view_returned(TI *ti, Function *fn, Node *value); /* return value, fn declared to return a view */
Type *view_iteration(Type *vt);                   /* for x in view: the element or row type */
bool numpy_view_shape(TI *ti, Node *shape);      /* np.zeros(a.shape) of a view a (numpy.c) */
bool view_call_returns_view(TI *ti, Node *call);  /* a call of a function declared to return one */
void view_call_site(TI *ti, Node *call, Function *fn, Node **args); /* its arguments, by parameter */
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
/* ... and divisors a `while`/`if` test shows non-zero (`while y != 0: r = x % y`) cannot raise */
void nonzero_forget(TI *ti, Node *stmt);        /* the names stmt assigns (anywhere in it) */
PtrVec nonzero_enter(TI *ti, Node *test);       /* the facts before, then adds test's */
void nonzero_leave(TI *ti, PtrVec before);
bool nonzero_known(TI *ti, Node *divisor);

/* numpy.c: import numpy, and allocation (np.empty, zeros, ones, full, empty_like, ...) */
bool numpy_import(TI *ti, Node *alias);           /* import numpy [as np] */
bool numpy_is_module(TI *ti, const Node *n);
Type *numpy_call(TI *ti, Node *n);                /* n->a is np.<name> */                   /* "# cython: boundscheck=False" header lines */

/* objects.c: the Python-object fallback */
Symbol *obj_unknown_name(TI *ti, Node *n);    /* a builtin of Python (print, ValueError), or NULL */
Symbol *obj_builtin_value(TI *ti, Node *n);   /* len, abs, ... used as values */
bool obj_is_object_expr(TI *ti, Node *n);     /* an object-typed name, attribute, call, ... */
bool obj_callable(TI *ti, Node *callee);      /* a callee the typed paths do not claim */
Type *obj_call(TI *ti, Node *n);
bool obj_has_star_args(const Node *call);     /* f(*a) or f(**k) */
bool obj_raise_is_simple(TI *ti, Node *s);    /* raise E("literal") of a builtin: no GIL needed */
Type *obj_star_call(TI *ti, Node *n);
Type *obj_attribute(TI *ti, Node *n);
Type *obj_subscript(TI *ti, Node *n);
Type *obj_expr(TI *ti, Node *n);              /* displays, comprehensions, f-strings */
Type *obj_iterable(TI *ti, Node *it);
void obj_collect_target(TI *ti, Function *fn, Node *t);
void obj_assign_target(TI *ti, Node *t, Node *value);
bool obj_stmt(TI *ti, Node *s, void (*body)(TI *, NodeList *)); /* false: not an object statement */
Symbol *obj_global(TI *ti, const char *name);      /* the module variable `name` (made if new) */
void obj_module_stmt(TI *ti, Node *s, NodeList *body); /* a statement run at import */
Function *obj_module_function(TI *ti, NodeList *body);
void obj_declare_global(TI *ti, Function *fn, Node *s); /* global x, y */
void obj_collect_import(TI *ti, Function *fn, Node *s);  /* import inside a function */
/* typeinfer.c, for objects.c */
Symbol *add_local(TI *ti, Function *fn, const char *name, Node *decl);
void assign_value(TI *ti, Node *target, Node *value, Type *vt); /* assignment to a name or item */

/* pyint.c: Python int (tagged) and index typing rules */
/* a OP b with an int operand: true with *result set when Python int rules decide it; may
 * rewrite *a / *b (an int next to a float becomes a double) and return false to go on. */
bool pyint_binop_type(TI *ti, Node *n, Op op, Node *ln, Node *rn, Type **a, Type **b,
                      Type **result);
Type *pyint_local_type(TI *ti, Type *t); /* an unannotated local's type from an assigned C integer */

/* complex.c: complex numbers (typing rules; the values are C99 _Complex, pyc2c/complex.h) */
Type *complex_binop_type(TI *ti, Node *n, Op op, Node *ln, Node *rn, Type *a, Type *b);
Type *complex_unary_type(TI *ti, Node *n, Type *a);      /* -z, +z; ~z is an error */
bool complex_compare_check(TI *ti, Node *n, Op op, Node *l, Node *r); /* only == and != */
bool complex_attribute(TI *ti, Node *n, Type **result);  /* z.real, z.imag; false: not ours */
bool complex_call_type(TI *ti, Node *n, Type **result);       /* complex(a, b), z.conjugate(), ... */
/* cmath: marks the names `import cmath` / `from cmath import ...` (stmt) bind, when nothing else
 * in the module rebinds them; then types the calls and constants compiled natively (false: not
 * ours, the call or attribute goes through Python objects). */
void complex_cmath_import(TI *ti, Node *root, Node *stmt);
bool complex_cmath_call(TI *ti, Node *n, Type **result);
bool complex_cmath_constant(TI *ti, Node *n, Type **result);
Type *complex_abs_type(TI *ti, Node *n);                 /* abs(z) */
int complex_check_assign(TI *ti, Node *at, Type *from, Type *to, const char *verb,
                         const char *prep, const char *what); /* -1: neither side complex */
bool complex_unsupported_name(TI *ti, Node *n, const char *attr); /* cython.longdoublecomplex */

/* functions.c: function decorators beyond the signature ones */
bool function_decorator(TI *ti, Function *fn, Node *d); /* @pyc2c.fastmath; false if not ours */
void exceptval_decorator(TI *ti, Function *fn, Node *d); /* @cython.exceptval(value, check=) */
void exceptval_check(TI *ti, Function *fn);              /* after inference: types, noexcept */

/* defassign.c: marks reads of locals that may be unbound (NF_CHECK_BOUND, maybe_unbound). */
void check_definite_assignment(Function *fn);

/* parallel.c: prange, parallel(), threadid(), nogil and gil (hooks called from typeinfer.c) */
void ti_stmts(TI *ti, NodeList *l);
bool parallel_import(TI *ti, Node *s);             /* from cython.parallel import ... */
Builtin parallel_builtin(TI *ti, const Node *callee); /* B_PRANGE, B_PARALLEL, B_THREADID or B_NONE */
Type *parallel_call(TI *ti, Node *n, Builtin b);     /* threadid(); prange/parallel misplaced */
void *parallel_enter_for(TI *ti, Node *s);           /* NULL unless s loops over prange() */
void parallel_leave_for(TI *ti, Node *s, void *ctx);
bool parallel_with(TI *ti, Node *s);                 /* with cython.nogil / gil / parallel() */
void parallel_check_jump(TI *ti, Node *s);           /* break, continue, return */
void parallel_check_function(TI *ti, Function *fn);  /* after definite assignment */
void parallel_finish(TI *ti);                        /* after can_raise and recursion are known */

/* Is `name` a built-in exception class that `raise` supports? */
bool raise_exception_known(const char *name);

#endif
