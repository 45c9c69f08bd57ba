/* ast.c: node construction, names, and the --dump=ast printer. */
#include "ast.h"
#include <inttypes.h>
#include <string.h>

const char *const node_kind_desc[N__COUNT] = {
#define X(k, desc) [N_##k] = desc,
    NODE_KINDS(X)
#undef X
};

const char *const op_spelling[OP__COUNT] = {
    [OP_NONE] = "?",
#define X(o, s) [OP_##o] = s,
    OPERATORS(X)
#undef X
};

static const char *const node_kind_name[N__COUNT] = {
#define X(k, desc) [N_##k] = #k,
    NODE_KINDS(X)
#undef X
};

Node *node_new(Arena *a, NodeKind kind, int line, int col) {
  Node *n = arena_alloc(a, sizeof *n);
  n->kind = kind;
  n->line = line;
  n->col = col;
  return n;
}

static void dump_list(FILE *out, const char *label, const NodeList *l, int indent) {
  if (!l->len)
    return;
  fprintf(out, "%*s%s:\n", indent, "", label);
  for (int i = 0; i < l->len; i++)
    ast_dump(out, NODE_AT(*l, i), indent + 2);
}

void ast_dump(FILE *out, const Node *n, int indent) {
  if (!n)
    return;
  fprintf(out, "%*s%s %d:%d", indent, "", node_kind_name[n->kind], n->line, n->col);
  if (n->op)
    fprintf(out, " op=%s", op_spelling[n->op]);
  if (n->str)
    fprintf(out, " '%s'", n->str);
  if (n->str2)
    fprintf(out, " as '%s'", n->str2);
  if (n->kind == N_INT && !n->big)
    fprintf(out, " %" PRId64, n->ival);
  if (n->kind == N_FLOAT || n->kind == N_IMAG)
    fprintf(out, " %.17g%s", n->fval, n->kind == N_IMAG ? "j" : "");
  if (n->kind == N_BOOL)
    fprintf(out, " %s", n->ival ? "True" : "False");
  if (n->kind == N_COMPARE)
    for (int i = 0; i + 1 < n->list.len; i++)
      fprintf(out, " %s", op_spelling[n->ops[i]]);
  fputc('\n', out);
  ast_dump(out, n->a, indent + 2);
  ast_dump(out, n->b, indent + 2);
  ast_dump(out, n->c, indent + 2);
  dump_list(out, "params", &n->params, indent + 2);
  dump_list(out, n->kind == N_FUNCDEF ? "decorators" : "items", &n->list, indent + 2);
  dump_list(out, "keywords", &n->list2, indent + 2);
  dump_list(out, "body", &n->body, indent + 2);
  dump_list(out, "else", &n->orelse, indent + 2);
}

bool node_is_ellipsis(const Node *n) {
  return n && n->kind == N_NAME && n->str && strcmp(n->str, "...") == 0;
}
