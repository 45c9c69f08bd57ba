/* annotate.h: where the generated C still does Python-object work, line by line.
 *
 * Reads the typed AST (after typeinfer): node types (T_OBJECT), the conversions between C values
 * and objects that each context implies, calls through the C API, the NF_* flags typeinfer left
 * on (bounds checks, wraparound, error checks) and `with cython.gil` blocks. Nothing is guessed
 * from the source text. Used by `pyc2c annotate` (HTML or JSON report) and by
 * `pyc2c build --strict-native`. */
#ifndef PYC2C_ANNOTATE_H
#define PYC2C_ANNOTATE_H
#include "ast.h"
#include "diag.h"
#include "typeinfer/typeinfer.h"
#include <stdio.h>

typedef enum AnnotateFormat { ANNOTATE_HTML, ANNOTATE_JSON } AnnotateFormat;

/* Writes the report for module `m` (accepted by typeinfer_module) to `out`. `c` is the module's
 * generated C with #line directives (emit_module with line_directives on): each source line is
 * shown with the C between its #line directive and the next one. */
void annotate_write(FILE *out, AnnotateFormat fmt, const Module *m, const ModuleInfo *mi,
                    const char *c, size_t clen, Arena *a);

/* --strict-native: a positioned error for each Python-object operation inside a function
 * decorated @pyc2c.native or @cython.nogil, or inside a `with cython.nogil:` block (except in a
 * nested `with cython.gil:` block). Returns the number of errors reported. */
int annotate_strict_native(const Module *m, const ModuleInfo *mi, Diag *d, Arena *a);

#endif
