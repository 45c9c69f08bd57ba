/* stub.c: the .pyi stub written beside a built module, so that editors and mypy see the compiled
 * functions' signatures: C integers as int, C floats as float, bint as bool, C complex types as
 * complex, typed memoryviews as
 * numpy.typing.NDArray[numpy.<dtype>], untyped objects as Any; defaults are shown as `...`. */
#include "emit/emit.h"
#include <string.h>

/* Python can call it by this name (not a C-only function, not an internal one like <module>). */
static bool listed(const Function *fn) {
  char c = fn->name[0];
  return fn->exported && (c == '_' || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'));
}

static bool is_any(const Type *t) { return !t || (t->kind == T_OBJECT && t->obj == OBJ_ANY); }
static bool is_view(const Type *t) { return t && type_is_view(t); }

/* Does some exported signature use a type for which `pred` holds? */
static bool uses(const ModuleInfo *mi, bool (*pred)(const Type *)) {
  for (int i = 0; i < mi->funcs.len; i++) {
    Function *fn = mi->funcs.items[i];
    if (!listed(fn))
      continue;
    for (int k = 0; k < fn->nparams; k++)
      if (pred(fn->params[k]->ty))
        return true;
    if (pred(fn->ret))
      return true;
  }
  return false;
}

static void hint(FILE *out, const Type *t) {
  if (!t) {
    fputs("Any", out);
    return;
  }
  switch (t->kind) {
  case T_VOID:
    fputs("None", out);
    return;
  case T_BINT:
    fputs("bool", out);
    return;
  case T_INT:
  case T_PYINT:
    fputs("int", out);
    return;
  case T_FLOAT:
    fputs("float", out);
    return;
  case T_COMPLEX:
    fputs("complex", out);
    return;
  case T_VIEW:
    fprintf(out, "numpy.typing.NDArray[numpy.%s]", type_numpy_name(t->elem));
    return;
  case T_OBJECT:
    break;
  }
  switch (t->obj) {
  case OBJ_INT:
    fputs("int", out);
    return;
  case OBJ_FLOAT:
    fputs("float", out);
    return;
  case OBJ_BOOL:
    fputs("bool", out);
    return;
  case OBJ_STR:
    fputs("str", out);
    return;
  case OBJ_NONE:
    fputs("None", out);
    return;
  case OBJ_ANY:
    break;
  }
  fputs("Any", out);
}

void emit_stub(FILE *out, const Module *m, const ModuleInfo *mi) {
  fprintf(out, "# %s.pyi: written by pyc2c from %s; the compiled functions' signatures.\n", m->name,
          m->filename);
  if (uses(mi, is_any))
    fputs("from typing import Any\n", out);
  if (uses(mi, is_view))
    fputs("import numpy\nimport numpy.typing\n", out);
  for (int i = 0; i < mi->funcs.len; i++) {
    Function *fn = mi->funcs.items[i];
    if (!listed(fn))
      continue;
    fprintf(out, "\ndef %s(", fn->name);
    for (int k = 0; k < fn->nparams; k++) {
      fprintf(out, "%s%s: ", k ? ", " : "", fn->params[k]->name);
      hint(out, fn->params[k]->ty);
      if (k >= fn->nrequired)
        fputs(" = ...", out);
    }
    fputs(") -> ", out);
    if (type_is_view(fn->ret) && fn->ret_view && fn->ret_view->derived)
      fputs("memoryview", out); /* it may return a slice: a memoryview over it */
    else
      hint(out, fn->ret);
    fputs(": ...\n", out);
  }
}
