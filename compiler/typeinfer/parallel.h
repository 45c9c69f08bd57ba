/* parallel.h: what typeinfer/parallel.c tells emit about prange loops, parallel() blocks and
 * nogil/gil blocks. Each such statement has a ParRegion, found with parallel_region(). */
#ifndef PYC2C_TYPEINFER_PARALLEL_H
#define PYC2C_TYPEINFER_PARALLEL_H
#include "typeinfer/typeinfer.h"

typedef enum ParKind {
  PR_PRANGE,   /* for i in prange(...): an OpenMP worksharing loop */
  PR_PARALLEL, /* with parallel(...): an OpenMP parallel region */
  PR_NOGIL,    /* with cython.nogil: (not parallel) */
  PR_GIL,      /* with cython.gil: inside a region without the GIL */
} ParKind;

typedef enum ParVarKind { PV_PRIVATE, PV_LASTPRIVATE, PV_REDUCTION } ParVarKind;

typedef struct ParVar {
  Symbol *sym;
  ParVarKind kind;
  Op op; /* PV_REDUCTION: OP_ADD (also for -=), OP_MUL, OP_BITAND, OP_BITOR, OP_BITXOR; OP_LT min, OP_GT max */
} ParVar;

typedef struct ParRegion {
  ParKind kind;
  Node *node;          /* the FOR (prange) or WITH statement */
  Function *fn;
  PtrVec vars;         /* ParVar*: the clauses */
  Symbol *index;       /* PR_PRANGE: the loop variable (lastprivate) */
  const char *schedule; /* "static", "dynamic", "guided", "runtime" or NULL */
  Node *chunksize, *num_threads; /* typed expressions or NULL */
  bool release_gil;    /* the region itself releases the GIL (nogil=True, with cython.nogil) */
  bool dynamic_release; /* inside a @cython.nogil function: release only if the caller held it */
  bool in_block;       /* PR_PRANGE directly inside a parallel() block: `omp for` */
} ParRegion;

ParRegion *parallel_region(const ModuleInfo *mi, const Node *n);

#endif
