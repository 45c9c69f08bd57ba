/* frontend.h: the passes in order, source text -> C text. Shared by the CLI, the fuzz target and
 * (later) the library mode used by the build hooks and the IPython magic. */
#ifndef PYC2C_FRONTEND_H
#define PYC2C_FRONTEND_H
#include "arena.h"
#include "diag.h"
#include <stdbool.h>
#include <stdio.h>

typedef enum Stage { STAGE_CHECK, STAGE_EMIT } Stage;

typedef struct FrontendOptions {
  Stage stop_after;
  bool line_directives;
  const char *dump; /* NULL, "ast" or "types": print that stage's result to dump_out */
  FILE *dump_out;
  bool *uses_numpy; /* out (may be NULL): the module needs NumPy's headers to build */
  bool *uses_openmp; /* out (may be NULL): the module has prange/parallel(): build with OpenMP */
  FILE *stub_out;   /* NULL, or where to write the module's .pyi stub (with STAGE_EMIT) */
  signed char boundscheck, wraparound, cdivision, fastmath; /* -X defaults: 0 unset, 1 False, 2 True */
  bool strict_native; /* errors for Python-object operations in native/nogil functions */
  FILE *annotate_out; /* non-NULL: write the annotate report there (annotate/annotate.h) */
  bool annotate_json; /* the report as JSON rather than HTML */
} FrontendOptions;

/* Runs parse -> typeinfer -> emit over one module, writing C to `c_out` (when stop_after is
 * STAGE_EMIT). Returns the number of errors reported through `d` (0 on success). */
int frontend_compile(Arena *a, Diag *d, const char *src, size_t len, const char *modname,
                     const char *filename, const FrontendOptions *opt, FILE *c_out);

/* Is `name` usable as a module name (an ASCII identifier, not a keyword)? */
bool frontend_valid_module_name(const char *name);

#endif
