/* internal.h: what the files of emit/ share (not for other stages). */
#ifndef PYC2C_EMIT_INTERNAL_H
#define PYC2C_EMIT_INTERNAL_H
#include "emit/buf.h"
#include "emit/emit.h"

struct Unwind;

typedef struct Loop {
  const char *brk; /* label to jump to on break, or NULL for C's break */
  const char *cont; /* label to jump to on continue, or NULL for C's continue */
  struct Loop *outer;
  struct Unwind *unwind; /* object.c: the cleanups in force where the loop starts */
} Loop;

/* object.c: what leaving a try/except/finally/with early (return, break, continue) must do. */
typedef struct Unwind {
  enum { U_HANDLER, U_FINALLY, U_WITH } kind;
  const char *exc, *prev, *name; /* U_HANDLER: the caught exception, the one handled before, `as` */
  Node *try_stmt;                /* U_FINALLY: its finally block runs */
  const char *exit;              /* U_WITH: the bound __exit__ */
  const char *outer_label;       /* where errors went outside the construct (NULL: pyc2c_error) */
  struct Unwind *outer;
} Unwind;

typedef struct E {
  Arena *a;
  const Module *m;
  const ModuleInfo *mi;
  const EmitOptions *opt;
  Buf consts_decl, consts_init;
  PtrVec const_keys, const_names;
  Buf *out;   /* the current function's statements */
  Buf decls;  /* the current function's declarations */
  Function *fn;
  int ntemps, nlabels, indent;
  PtrVec stmt_temps; /* object temporaries of the current statement */
  PtrVec obj_temps;  /* all object temporaries of the function */
  Loop *loop;
  int line;
  bool used_err; /* the current function has an error path */
  int nerr;      /* error exits emitted so far (interleave.c: did a body emit any?) */
  Node *preval_node;  /* an operand already evaluated (the target of a[i] += x) ... */
  char *preval_expr;  /* ... and its C expression */
  const char *exc_label; /* object.c: where errors go inside a try/with body (NULL: pyc2c_error) */
  Unwind *unwind;        /* object.c: cleanups of the enclosing try/except/finally/with */
  PtrVec exc_jumps;      /* object.c: the landing labels some error path jumps to */
  bool versioning;    /* inside a loop nest emitted twice (version.c) */
  PtrVec fast_ix;     /* ... its fast copy: view indices the test proved in bounds */
  PtrVec fast_views;  /* ... and generic views (Symbol*) known to have a unit last stride */
  Buf nests;          /* version.c: helpers the current function calls, written before it */
  struct ParEmit *par; /* parallel.c: the innermost prange / parallel / nogil / gil block */
} E;

/* emit.c */
void emitf(E *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *err(E *e);                 /* "PYC2C_ERR(line);" and notes the error path */
char *c_temp(E *e, Type *t);           /* a fresh C variable of the function */
bool is_simple(const char *c);         /* a name or a number */
char *stash(E *e, Type *t, char *c);   /* evaluates a pure C expression once */
char *ex(E *e, Node *n);               /* an expression's value in its own type */
char *ex_as(E *e, Node *n, Type *to);  /* ... converted to `to` */

/* view.c: typed memoryviews */
char *emit_view_element(E *e, Node *n);     /* a[i, j] as a C lvalue, indices checked as directed */
char *emit_view_shape_item(E *e, Node *n);  /* a.shape[k], a.strides[k] */
char *emit_view_attribute(E *e, Node *n);   /* a.ndim, a.size */
char *emit_view_len(E *e, Node *arg);       /* len(a) */
char *emit_view_spec(E *e, Symbol *p);      /* a static pyc2c_ViewSpec for a parameter, by name */
char *emit_view_slice(E *e, Node *n);       /* a[i, lo:hi] as a new view value */
char *emit_view_box(E *e, Node *n);         /* a (sub-)view given to Python: a memoryview */
char *emit_view_call_result(E *e, Type *vt, char *call); /* a call's returned view, its reference held */
void emit_view_return(E *e, Node *value, Type *rt);      /* return v from a view-returning function */
char *emit_view_row(E *e, Type *vt, const char *v, const char *k); /* row k of v: a sub-view */
char *emit_view_disjoint(E *e, Symbol *a, Symbol *b); /* C test: no element of a is one of b */
bool emit_view_loop_needs_hold(Node *loop);
char *emit_view_from_object(E *e, const char *obj, Type *vt, bool writable); /* obj as a view */ /* for x in v: must the loop hold v's object? */
void emit_view_wrapper_return(E *e, Function *fn, const char *args); /* r = its Python object */

/* version.c: loop nests over views emitted twice, behind a test of their indices and strides */
bool emit_versioned_loop(E *e, Node *s, void (*emit_loop)(E *, Node *));
bool emit_fast_index(E *e, Node *ix);      /* in bounds in the fast copy */
bool emit_fast_contiguous(E *e, Node *view); /* unit last stride in the fast copy */

/* emit.c */
char *obj_temp(E *e);                  /* a fresh object temporary of the statement */

/* emit.c, for object.c */
char *constant(E *e, const char *key, const char *init);
char *str_const(E *e, const char *s, size_t len);
char *own(E *e, const char *borrowed);
void release_temps(E *e);
char *label(E *e, const char *what);
void store(E *e, Symbol *s, char *v, Type *vt);
char *truth(E *e, Node *n);
char *binop(E *e, Node *n, Op op, Node *an, Node *bn, Type *rt, bool inplace);
void stmts(E *e, NodeList *l);
void line_marker(E *e, Node *s);
char *three_way(E *e, Op op, const char *c); /* c (-1, 0, 1) compared as op, as C */
void loop_rest(E *e, Node *s); /* a for loop's body, closing brace, else and break label */

/* object.c: the Python-object fallback */
char *emit_py_name(E *e, Symbol *s);             /* print, ValueError: bound at import */
char *emit_obj_call(E *e, Node *n);              /* f(a, *b, k=c, **d) of any callable */
char *emit_obj_attr(E *e, Node *n);              /* obj.name */
char *emit_obj_subscript(E *e, Node *n);         /* obj[a:b], obj[i, j] */
bool emit_obj_built_key(const Node *n);           /* obj[a:b], obj[i, j], obj[i,]: not one plain key */
char *emit_obj_expr(E *e, Node *n);              /* displays, comprehensions, f-strings */
char *emit_contains(E *e, char *item, char *container, bool negate); /* a C int */
bool emit_obj_assign(E *e, Node *s);             /* targets with tuples or attributes */
bool emit_obj_stmt(E *e, Node *s);               /* for over objects, raise, try, with, del */
void emit_unwind(E *e, Unwind *stop);            /* cleanups before return/break/continue */
const char *emit_exc_jump(E *e);                 /* e->exc_label, noted as jumped to (or NULL) */
char *emit_global_get(E *e, Symbol *s);          /* a module variable, from the module's dict */
void emit_global_set(E *e, Symbol *s, char *v);

/* emit.c */
char *emit_int_constant(E *e, Node *n); /* a module constant for an int literal, or NULL */

/* pyint.c: Python ints as tagged words (pyc2c/pyint.h) */
char *pyint_temp(E *e);                 /* a fresh int temporary of the statement ("iN") */
char *pyint_literal(E *e, Node *n);
char *pyint_convert(E *e, char *val, Type *from, Type *to); /* NULL unless an int is involved */
char *pyint_binop(E *e, Node *n, Op op, Node *an, Node *bn, Type *rt); /* NULL if not int rules */
char *pyint_unary(E *e, Node *n);
char *pyint_exact(E *e, char *v);       /* int(x) */
char *pyint_view_index(E *e, Node *ix, int axis, bool proven, bool check); /* a[i + 1] in C */
char *pyint_compare(E *e, Op op, char *a, Type *at, char *b, Type *bt);
char *pyint_builtin(E *e, Node *n, bool is_abs, bool is_min);
/* emit.c, for parallel.c */
void emit_stmt(E *e, Node *s);
void emit_line_marker(E *e, Node *s);
void emit_release_temps(E *e); /* the current statement's object temporaries */

/* effects.c: what running part of the tree may do */
bool may_call_out(const Node *n);  /* call a module function or run Python code: either may write
                                    * memory, such as a view's element read inline */
bool function_runs_python(Function *f); /* can calling f run Python code (object operations,
                                    * module variables, a callee that can)? */
void assigned_symbols(Arena *a, const NodeList *body, PtrVec *out); /* adds each symbol bound under
                                    * body (any statement, target form or depth), once */
void target_symbols(Arena *a, const Node *target, PtrVec *out); /* ... bound by one target */
bool body_assigns(const NodeList *body, const Symbol *sym); /* is sym among them? */

/* parallel.c: prange, parallel(), with cython.nogil / cython.gil */
bool emit_parallel(E *e, Node *s);      /* false unless s is one of those (then nothing emitted) */
const char *emit_par_err(E *e);         /* the error path inside such a block */
char *emit_parallel_call(E *e, Node *n); /* threadid(), else NULL */
void emit_par_return(E *e);             /* before `return` leaves nogil blocks: retake the GIL */

/* emit.c, for complex.c */
char *convert(E *e, char *val, Type *from, Type *to); /* a value of type from as type to */
char *float_text(E *e, double v);                    /* a double as a C literal */

/* complex.c: complex numbers (C99 _Complex with CPython's arithmetic, pyc2c/complex.h) */
char *complex_convert(E *e, char *val, Type *from, Type *to); /* C values to or from complex */
char *complex_ex_as(E *e, Node *n, Type *to);                 /* n as a complex type */
char *complex_binop(E *e, Node *n, Op op, Node *an, Node *bn, Type *rt);
char *complex_unary(E *e, Node *n);                           /* -z, +z */
char *complex_compare(E *e, Op op, char *a, Type *at, char *b, Type *bt); /* == and != */
char *complex_attr(E *e, Node *n);                            /* z.real, z.imag */
char *complex_abs(E *e, Node *arg);
char *complex_call(E *e, Node *n);                            /* NF_COMPLEX_CALL */
char *emit_cmath_call(E *e, Node *n);                      /* NF_CMATH: cmath.sqrt(z), ... */
char *emit_cmath_constant(E *e, Node *n);                  /* NF_CMATH: cmath.pi, ... */

/* interleave.c: a range loop whose iterations each run a scalar while loop, 4 side by side */
bool emit_interleaved_range(E *e, Node *s, Type *lt, const char *start, const char *stop);
/* ... its parts, for prange (parallel.c), whose worksharing loop then runs over groups */
#define INTERLEAVE_LANES 4
typedef struct Interleave Interleave;
Interleave *interleave_plan(E *e, Node *loop);  /* NULL unless the loop qualifies (step 1) */
const char *interleave_apart(const Interleave *il); /* a C int: may the groups run? (NULL: yes) */
void interleave_declare_apart(E *e, const Interleave *il); /* before the loop */
void interleave_group(E *e, Interleave *il, const char *k, Type *lt); /* iterations k .. k+3 */

/* numpy.c */
char *emit_numpy_call(E *e, Node *n);  /* np.empty(...) etc: a view of a new array */

#endif
