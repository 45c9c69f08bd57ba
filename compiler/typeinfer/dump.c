/* dump.c: --dump=types prints each function's signature and locals with their inferred types,
 * as annotated Python, the golden format for inference tests. */
#include "typeinfer/typeinfer.h"

static const char *tname(const Type *t) { return t ? t->name : "?"; }

void typeinfer_dump(FILE *out, ModuleInfo *mi) {
  for (int i = 0; i < mi->funcs.len; i++) {
    Function *fn = mi->funcs.items[i];
    if (fn->is_cfunc)
      fprintf(out, "@cython.cfunc\n");
    else if (fn->is_ccall)
      fprintf(out, "@cython.ccall\n");
    fprintf(out, "def %s(", fn->name);
    for (int k = 0; k < fn->nparams; k++)
      fprintf(out, "%s%s: %s", k ? ", " : "", fn->params[k]->name, tname(fn->params[k]->ty));
    fprintf(out, ") -> %s:", tname(fn->ret));
    fprintf(out, "  # %s%s\n", fn->can_raise ? "can raise" : "cannot raise",
            fn->recursive ? ", recursive" : "");
    bool any = false;
    for (int k = fn->nparams; k < fn->locals.len; k++) {
      Symbol *s = fn->locals.items[k];
      fprintf(out, "    %s: %s%s%s\n", s->name, tname(s->ty), s->declared ? "" : "  # inferred",
              s->maybe_unbound ? " (checked for unbound reads)" : "");
      any = true;
    }
    if (!any)
      fprintf(out, "    pass\n");
  }
}
