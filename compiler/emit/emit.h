/* emit.h: typed AST -> C source of a CPython extension module (uses include/pyc2c/runtime.h). */
#ifndef PYC2C_EMIT_H
#define PYC2C_EMIT_H
#include "ast.h"
#include "typeinfer/typeinfer.h"
#include <stdio.h>

typedef struct EmitOptions {
  bool line_directives; /* #line N "file.py" before each statement (on by default) */
} EmitOptions;

/* Writes the whole module. Requires a module that typeinfer_module accepted. */
void emit_module(FILE *out, const Module *m, const ModuleInfo *mi, Arena *a,
                 const EmitOptions *opt);

/* stub.c: the module's .pyi (each exported function's signature with Python type hints). */
void emit_stub(FILE *out, const Module *m, const ModuleInfo *mi);

#endif
