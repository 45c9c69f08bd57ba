/* parse.h: Python source -> pyc2c AST (tree-sitter's Python grammar underneath).
 * The only stage that sees tree-sitter; the tree is converted at once and freed. */
#ifndef PYC2C_PARSE_H
#define PYC2C_PARSE_H
#include "ast.h"
#include "diag.h"

/* Parses `src` (need not be NUL-terminated). Reports syntax errors and constructs outside the
 * supported subset through `d`; returns NULL when any error was reported. */
Module *parse_module(Arena *a, Diag *d, const char *src, size_t len, const char *modname,
                     const char *filename);

#endif
