/* typeinfer.h: names, types and checks. After typeinfer_module succeeds, every expression node
 * has `ty`, every name has `sym`, every call of a module function has `fn`, and every function
 * knows its signature, locals and whether it can raise. emit/ relies on exactly that. */
#ifndef PYC2C_TYPEINFER_H
#define PYC2C_TYPEINFER_H
#include "ast.h"
#include "diag.h"
#include "typeinfer/types.h"

/* Builtins and cython.* functions that have meaning at compile time. */
#define BUILTINS(X)                                                                                \
  X(RANGE, "range") X(ABS, "abs") X(MIN, "min") X(MAX, "max") X(INT, "int") X(FLOAT, "float")      \
  X(BOOL, "bool") X(LEN, "len") X(DIVMOD, "divmod") X(POW, "pow") X(CAST, "cython.cast") X(SIZEOF, "cython.sizeof") X(DECLARE, "cython.declare")                                 \
  X(PRANGE, "cython.parallel.prange") X(PARALLEL, "cython.parallel.parallel")                      \
  X(THREADID, "cython.parallel.threadid")

typedef enum Builtin {
  B_NONE,
#define X(b, s) B_##b,
  BUILTINS(X)
#undef X
} Builtin;

typedef enum SymKind {
  S_LOCAL,  /* a parameter or local variable */
  S_FUNC,   /* a function of this module */
  S_CYTHON, /* the `cython` module (or an alias of it) */
  S_BUILTIN,
  S_TYPE, /* a type name: int, float, bool */
  S_MATH,   /* the `math` module (or an alias) */
  S_MATHFN, /* a function of math (Python's errors) or of libc.math (C semantics) */
  S_NUMPY,  /* the `numpy` module (import numpy as np) */
  S_NPFN,   /* np.empty, np.zeros, ...: allocation through the NumPy C API */
  S_PYC2C,  /* the `pyc2c` package: its decorators (@pyc2c.native, @pyc2c.fastmath) */
  S_PYOBJ,  /* a Python object bound at import: a name of the builtins module (objects.c) */
  S_GLOBAL, /* a module variable: an object in the module's dict (objects.c) */
} SymKind;

/* Functions of Python's math module that pyc2c maps to libm. X(name, args, result, overflow):
 * result 'd' double, 'i' Python int (floor, ceil, trunc), 'b' bool; overflow: an infinite result
 * from finite arguments is OverflowError ("math range error") rather than ValueError. */
#define MATH_FUNCS(X)                                                                              \
  X(sqrt, 1, 'd', 0) X(exp, 1, 'd', 1) X(expm1, 1, 'd', 1) X(log, 1, 'd', 0) X(log2, 1, 'd', 0)   \
  X(log10, 1, 'd', 0) X(log1p, 1, 'd', 0) X(sin, 1, 'd', 0) X(cos, 1, 'd', 0) X(tan, 1, 'd', 0)   \
  X(asin, 1, 'd', 0) X(acos, 1, 'd', 0) X(atan, 1, 'd', 0) X(sinh, 1, 'd', 1) X(cosh, 1, 'd', 1)  \
  X(tanh, 1, 'd', 0) X(asinh, 1, 'd', 0) X(acosh, 1, 'd', 0) X(atanh, 1, 'd', 0)                  \
  X(fabs, 1, 'd', 0) X(erf, 1, 'd', 0) X(erfc, 1, 'd', 0) X(atan2, 2, 'd', 0)                     \
  X(hypot, 2, 'd', 1) X(copysign, 2, 'd', 0) X(fmod, 2, 'd', 0) X(floor, 1, 'i', 0)               \
  X(ceil, 1, 'i', 0) X(trunc, 1, 'i', 0) X(isnan, 1, 'b', 0) X(isinf, 1, 'b', 0)                  \
  X(isfinite, 1, 'b', 0)

typedef struct MathFn {
  const char *name;
  int nargs;
  char result;
  bool overflow;
} MathFn;

typedef struct Function Function;

typedef struct Symbol {
  SymKind kind;
  const char *name;
  Type *ty;        /* S_LOCAL: the variable's type; S_TYPE: the type */
  bool declared;   /* S_LOCAL: the type came from an annotation or cython.locals */
  bool is_param;
  bool maybe_unbound; /* S_LOCAL: some read is not preceded by an assignment on every path */
  bool written;       /* S_LOCAL view: the code writes through it (needs a writable buffer) */
  bool nonliteral;    /* S_LOCAL: some assignment is not an int literal (inference) */
  bool derived;       /* S_LOCAL view: may hold a slice (not its whole object): never boxed */
  int index;       /* S_LOCAL: position among the function's locals */
  Node *decl;      /* where it was declared or first assigned */
  Function *fn;    /* S_FUNC */
  Builtin builtin; /* S_BUILTIN */
  const MathFn *math; /* S_MATHFN */
  bool c_math;        /* S_MATHFN from cython.cimports.libc.math: C semantics, no checks */
  int np_fill;        /* S_NPFN: 0 empty, 1 zeros, 2 ones, 3 full (value in the call's node c) */
  bool np_like;       /* S_NPFN: *_like(a): shape from a view */
  const char *cname; /* S_LOCAL: the C variable */
  const char *comp_name; /* S_LOCAL: a comprehension's variable: its Python name (objects.c) */
  const char *cmath; /* S_GLOBAL bound only by `import cmath` (""), or `from cmath import f` ("f"):
                        calls of the functions typeinfer/complex.c knows are compiled natively */
} Symbol;

struct Function {
  Node *def;
  const char *name;
  const char *cname; /* the C implementation */
  Symbol **params;
  int nparams, nrequired; /* parameters with no default come first */
  Type *ret;              /* &ty_void when nothing is returned */
  bool ret_declared;
  PtrVec locals;          /* Symbol*, parameters first */
  bool is_cfunc;          /* @cython.cfunc: C only */
  bool is_ccall;          /* @cython.ccall: C, and exported */
  bool is_inline;
  bool is_module;         /* the module's own statements, run at import (objects.c) */
  PtrVec declared_globals; /* Symbol* (S_GLOBAL) named by `global` in the body */
  bool boundscheck, wraparound; /* directives in force in the body (module default, decorator) */
  bool cdivision;               /* C division semantics (cython.cdivision(True)) */
  bool exported;          /* callable from Python */
  bool can_raise;         /* its C implementation may return with an exception set */
  bool recursive;         /* on a call-graph cycle: guarded by Py_EnterRecursiveCall */
  signed char runs_python; /* emit/effects.c's answer, once asked: 0 not yet, 1 no, 2 yes */
  bool is_nogil;          /* @cython.nogil: callable without the GIL (typeinfer/parallel.c) */
  bool native;            /* @pyc2c.native: `build --strict-native` rejects its object operations */
  int state;              /* typeinfer's progress (0 not started, 1 in progress, 2 done) */
  PtrVec calls;           /* Function* called directly */
  const char *doc;
  bool fastmath;          /* @pyc2c.fastmath: float arithmetic may reassociate */
  bool noexcept;          /* @cython.exceptval(check=False): exceptions do not propagate */
  bool body_raises;       /* noexcept, and its body can raise: written as unraisable */
  Node *exceptval;        /* @cython.exceptval(value): returned when an exception is swallowed */
  Symbol *ret_view;       /* declared to return a view: stands for the returned views, so that
                             writes and slices flow through calls (typeinfer/views.c) */
};

typedef struct ModuleInfo {
  PtrVec funcs; /* Function*, in source order */
  const char *doc;
  bool uses_math;
  bool uses_numpy; /* the module imports numpy: build with NumPy's headers, import_array at init */
  bool boundscheck, wraparound; /* module defaults: True unless a "# cython:" header says not */
  bool cdivision;               /* module default: False unless the header says cdivision=True */
  bool fastmath;                /* -X fastmath=True: every function as if @pyc2c.fastmath */
  Function *body;               /* the module-level statements, run at import; NULL if none */
  bool uses_openmp;  /* has prange or parallel(): built with -fopenmp (typeinfer/parallel.c) */
  PtrVec par_regions; /* ParRegion* (typeinfer/parallel.h) */
} ModuleInfo;

/* Node.flags bits set by typeinfer, read by emit. */
enum {
  NF_CHECK_BOUND = 1 << 0, /* NAME read that may see an unbound local */
  NF_CAN_RAISE = 1 << 1,   /* this operation itself may raise */
  NF_BOUNDSCHECK = 1 << 2, /* SUBSCRIPT of a view: check the index against the extent */
  NF_WRAPAROUND = 1 << 3,  /* SUBSCRIPT of a view: a negative index counts from the end */
  NF_IN_BOUNDS = 1 << 4,   /* an index of a view subscript proven in bounds: no wrap, no check */
  NF_SLICE = 1 << 5,       /* SUBSCRIPT of a view giving a sub-view (slices, or fewer indices) */
  NF_CDIVISION = 1 << 6,   /* / // % with C semantics (cython.cdivision(True)) */
  NF_BOX_SLICE = 1 << 11,  /* a view value that may be a slice, given to Python: a memoryview */
  NF_OBJCALL = 1 << 16,    /* CALL of a Python object (objects.c): through the C API */
  NF_COMPLEX_CALL = 1 << 24, /* CALL of complex(), z.conjugate(), cython.doublecomplex(x): the
                                operands are in list, a cast's value in b (typeinfer/complex.c) */
  NF_CMATH = 1 << 27, /* CALL of a cmath function, or ATTR of a cmath constant, compiled natively
                         (typeinfer/complex.c) */
  NF_SIMPLE_RAISE = 1 << 17, /* RAISE of a builtin exception class, with at most a string literal:
                                no object until raised (works without the GIL) */
  NF_MULTI_ASSIGN = 1 << 20, /* ASSIGN `a, b = x, y` of C values to names and view elements: the
                                values into C temporaries, then stored in order (no tuple) */
};

/* Resolves names, checks and infers types. Returns NULL after reporting errors. */
ModuleInfo *typeinfer_module(Module *m, Arena *a, Diag *d);

/* --dump=types: the module as Python with every local's inferred type as an annotation. */
void typeinfer_dump(FILE *out, ModuleInfo *mi);

/* Is `t` a whole-view target a[:] / a[:, :] (a copy or a fill)? */
bool is_whole_view(const Node *t);

/* The literal value of an int literal, possibly negated; false if `n` is not one. */
bool const_int_value(const Node *n, int64_t *v);

#endif
