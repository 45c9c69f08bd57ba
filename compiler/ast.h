/* ast.h: pyc2c's own syntax tree, plain data. Built by parse/, typed by typeinfer/, read by emit/.
 * Every node carries the 1-based line and byte column of its first character. */
#ifndef PYC2C_AST_H
#define PYC2C_AST_H
#include "arena.h"
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Node kinds. Children layout per kind (unused fields are NULL/empty):
 *   expressions                                   statements
 *   NAME     str                                  MODULE    body, str=docstring
 *   INT      ival, or big=1 and str=literal text  FUNCDEF   str=name, params, list=decorators,
 *   FLOAT    fval                                           a=return annotation, body, str2=doc
 *   IMAG     fval (the imaginary literal fval*1j: 2j, 1.5e3j)
 *   STR      str (UTF-8, may contain NUL: slen)   PARAM     str=name, a=annotation, b=default
 *   BOOL     ival                                 RETURN    a?
 *   NONE                                          ASSIGN    list=targets (a = b = v), b=value
 *   BINOP    op, a, b                             ANNASSIGN a=target, c=annotation, b=value?
 *   UNARY    op, a                                AUGASSIGN op, a=target, b=value
 *   BOOLOP   op (OP_AND/OP_OR), a, b              IF        a=cond, body, orelse
 *   COMPARE  list=operands, ops[list.len-1]       WHILE     a=cond, body, orelse
 *   CALL     a=callee, list=args, list2=keywords  FOR       a=target, b=iterable, body, orelse
 *   KEYWORD  str=name, a=value                    BREAK CONTINUE PASS
 *   ATTR     a=object, str=attribute              EXPRSTMT  a
 *   IFEXP    a=cond, b=then, c=else               IMPORT    list=ALIAS
 *   SUBSCRIPT a=object, list=indices, big=1 when IMPORTFROM str=module, list=ALIAS
 *            a trailing comma makes one index a tuple (x[i,])
 *   SLICE    a=start?, b=stop?, c=step?           ALIAS     str=dotted name, str2=as-name?
 *   TUPLE    list                                 ASSERT    a=test, b=message?
 *                                                 RAISE     a=exception?
 *                                                 WITH      list=context expressions, body,
 *                                                           list2=their `as` targets (NULL: none)
 *   LIST SET list                                 TRY       body, list=EXCEPT handlers, orelse,
 *   DICT     list=keys (NULL: **value), list2=values                       list2=finally body
 *   STARRED  a (`*a` in a call or display)        EXCEPT    a=class expression?, str=as-name?, body
 *   LISTCOMP SETCOMP a=element  DICTCOMP a=key, b=value;    DEL list=targets   GLOBAL list=NAMEs
 *            list=clauses: FOR (a=target, b=iterable) and IF (a=condition), in source order
 *   FSTRING  list=parts: STR, or FORMATTED (a=value, str=conversion "r"/"s"/"a"?, b=spec FSTRING?)
 *   CALL's list2 may hold KEYWORD with str=NULL: `**a`; RAISE b=cause (raise X from Y)
 */
#define NODE_KINDS(X)                                                                              \
  X(NAME, "name") X(INT, "integer literal") X(FLOAT, "float literal") X(STR, "string literal")     \
  X(BOOL, "boolean literal") X(NONE, "None") X(BINOP, "binary operation")                          \
  X(UNARY, "unary operation") X(BOOLOP, "boolean operation") X(COMPARE, "comparison")              \
  X(CALL, "call") X(KEYWORD, "keyword argument") X(ATTR, "attribute") X(IFEXP, "conditional expression") \
  X(SUBSCRIPT, "subscript") X(SLICE, "slice") X(TUPLE, "tuple")                                    \
  X(MODULE, "module") X(FUNCDEF, "function definition") X(PARAM, "parameter")                      \
  X(RETURN, "return statement") X(ASSIGN, "assignment") X(ANNASSIGN, "annotated assignment")        \
  X(AUGASSIGN, "augmented assignment") X(IF, "if statement") X(WHILE, "while loop")                \
  X(FOR, "for loop") X(BREAK, "break") X(CONTINUE, "continue") X(PASS, "pass")                     \
  X(EXPRSTMT, "expression statement") X(IMPORT, "import") X(IMPORTFROM, "from-import")             \
  X(ALIAS, "import name") X(ASSERT, "assert statement") X(RAISE, "raise statement")      \
  X(WITH, "with statement")                                                                        \
  X(LIST, "list display") X(SET, "set display") X(DICT, "dict display") X(STARRED, "starred expression") \
  X(LISTCOMP, "list comprehension") X(SETCOMP, "set comprehension")                               \
  X(DICTCOMP, "dict comprehension") X(FSTRING, "f-string") X(FORMATTED, "f-string field")          \
  X(TRY, "try statement") X(EXCEPT, "except clause") X(DEL, "del statement") X(GLOBAL, "global statement") \
  X(IMAG, "imaginary literal")

typedef enum NodeKind {
#define X(k, desc) N_##k,
  NODE_KINDS(X)
#undef X
  N__COUNT
} NodeKind;

/* Operators, with their Python spelling. */
#define OPERATORS(X)                                                                               \
  X(ADD, "+") X(SUB, "-") X(MUL, "*") X(DIV, "/") X(FLOORDIV, "//") X(MOD, "%") X(POW, "**")      \
  X(LSHIFT, "<<") X(RSHIFT, ">>") X(BITAND, "&") X(BITOR, "|") X(BITXOR, "^") X(MATMUL, "@")      \
  X(NEG, "-") X(POS, "+") X(INVERT, "~") X(NOT, "not") X(AND, "and") X(OR, "or")                 \
  X(LT, "<") X(LE, "<=") X(GT, ">") X(GE, ">=") X(EQ, "==") X(NE, "!=") X(IS, "is")             \
  X(ISNOT, "is not") X(IN, "in") X(NOTIN, "not in")

typedef enum Op {
  OP_NONE,
#define X(o, s) OP_##o,
  OPERATORS(X)
#undef X
  OP__COUNT
} Op;

struct Type;
struct Symbol;
struct Function;

typedef struct Node Node;
typedef PtrVec NodeList; /* of Node* */
#define NODE_AT(lst, i) ((Node *)(lst).items[i])

struct Node {
  NodeKind kind;
  int line, col;
  Op op;
  Node *a, *b, *c;
  NodeList list, list2, body, orelse, params;
  Op *ops; /* COMPARE */
  const char *str, *str2;
  size_t slen;
  int64_t ival;
  double fval;
  bool big;
  /* Filled in by typeinfer: */
  struct Type *ty;         /* expressions: the value's type; FUNCDEF: unused */
  struct Symbol *sym;      /* NAME, and targets: the variable or function named */
  struct Function *fn;     /* FUNCDEF: the function; CALL: the module function called */
  int flags;               /* pass-specific bits, see typeinfer.h */
};

typedef struct Module {
  Node *root; /* N_MODULE */
  const char *name;     /* module name: the file's base name */
  const char *filename; /* absolute path, for tracebacks and #line */
  const char *src;
  size_t len;
  /* Directive defaults from the command line (-X boundscheck=False): -1 unset, 0 False, 1 True.
   * A "# cython:" header in the file overrides them. Set by the caller after parsing. */
  signed char cli_boundscheck, cli_wraparound, cli_cdivision, cli_fastmath;
} Module;

extern const char *const node_kind_desc[N__COUNT];
extern const char *const op_spelling[OP__COUNT];

Node *node_new(Arena *a, NodeKind kind, int line, int col);
/* `...`: the parser gives it as the NAME "..." (the builtin Ellipsis, which no code can rebind). */
bool node_is_ellipsis(const Node *n);
/* --dump=ast: an indented tree, one node a line. */
void ast_dump(FILE *out, const Node *n, int indent);

#endif
