/* parse.c: tree-sitter concrete syntax tree -> pyc2c AST.
 * Parsing never fails in tree-sitter: syntax errors are ERROR/MISSING nodes, which we report and
 * stop on. Everything outside the supported subset is reported here or in typeinfer, by position;
 * nothing is silently dropped. Recursion is bounded by MAX_DEPTH so no input can exhaust the stack. */
#include "parse/parse.h"
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_python(void);

enum { MAX_DEPTH = 200, PARSE_TIMEOUT_US = 10 * 1000 * 1000 };

typedef struct P {
  Arena *a;
  Diag *d;
  const char *src;
  size_t len;
  int depth;
  bool too_deep; /* reported once */
} P;

/* ---- small tree-sitter helpers */

static int line_of(TSNode n) { return (int)ts_node_start_point(n).row + 1; }
static int col_of(TSNode n) { return (int)ts_node_start_point(n).column + 1; }
static bool is(TSNode n, const char *t) { return strcmp(ts_node_type(n), t) == 0; }
static TSNode field(TSNode n, const char *f) {
  return ts_node_child_by_field_name(n, f, (uint32_t)strlen(f));
}
static char *text(P *p, TSNode n) {
  uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
  if (e > p->len)
    e = (uint32_t)p->len;
  if (s > e)
    s = e;
  return arena_strndup(p->a, p->src + s, e - s);
}
static Node *mk(P *p, NodeKind k, TSNode n) { return node_new(p->a, k, line_of(n), col_of(n)); }

/* Children of `n` that belong to field `f` (some fields repeat: comparison operators, elif). */
typedef struct Kids {
  TSNode *v;
  int n;
} Kids;

static Kids field_kids(P *p, TSNode n, const char *f) {
  Kids k = {0};
  uint32_t count = ts_node_child_count(n);
  if (!count)
    return k;
  k.v = arena_alloc(p->a, sizeof(TSNode) * count);
  TSTreeCursor c = ts_tree_cursor_new(n);
  if (ts_tree_cursor_goto_first_child(&c)) {
    do {
      const char *name = ts_tree_cursor_current_field_name(&c);
      if (name && strcmp(name, f) == 0)
        k.v[k.n++] = ts_tree_cursor_current_node(&c);
    } while (ts_tree_cursor_goto_next_sibling(&c));
  }
  ts_tree_cursor_delete(&c);
  return k;
}

/* Named children, comments skipped (comments may appear anywhere between tokens). */
static Kids named_kids(P *p, TSNode n) {
  Kids k = {0};
  uint32_t count = ts_node_named_child_count(n);
  if (!count)
    return k;
  k.v = arena_alloc(p->a, sizeof(TSNode) * count);
  for (uint32_t i = 0; i < count; i++) {
    TSNode c = ts_node_named_child(n, i);
    if (!is(c, "comment"))
      k.v[k.n++] = c;
  }
  return k;
}

/* ---- diagnostics */

static const struct {
  const char *ts, *desc;
} unsupported_desc[] = {
    {"class_definition", "class definitions"},
    {"with_statement", "'with' statements"},
    {"try_statement", "'try' statements"},
    {"lambda", "lambda expressions"},
    {"list", "list displays"},
    {"dictionary", "dict displays"},
    {"set", "set displays"},
    {"list_comprehension", "list comprehensions"},
    {"dictionary_comprehension", "dict comprehensions"},
    {"set_comprehension", "set comprehensions"},
    {"generator_expression", "generator expressions"},
    {"global_statement", "'global' statements"},
    {"nonlocal_statement", "'nonlocal' statements"},
    {"delete_statement", "'del' statements"},
    {"yield", "'yield' (generators)"},
    {"await", "'await'"},
    {"named_expression", "assignment expressions (:=)"},
    {"match_statement", "'match' statements"},
    {"print_statement", "Python 2 print statements"},
    {"exec_statement", "Python 2 exec statements"},
    {"type_alias_statement", "'type' alias statements"},
    {"pattern_list", "tuple unpacking"},
    {"tuple_pattern", "tuple unpacking"},
    {"list_pattern", "list unpacking"},
    {"list_splat", "'*' unpacking"},
    {"dictionary_splat", "'**' unpacking"},
    {"ellipsis", "'...' (Ellipsis)"},
    {"expression_list", "tuples without parentheses here"},
    {"keyword_separator", "keyword-only parameters (after '*')"},
    {"positional_separator", "positional-only parameters (before '/')"},
    {"list_splat_pattern", "'*args' parameters"},
    {"dictionary_splat_pattern", "'**kwargs' parameters"},
    {"wildcard_import", "'import *'"},
    {"relative_import", "relative imports"},
    {"string", "string literals here"},
    {"decorated_definition", "decorated classes"},
};

static void unsupported(P *p, TSNode n) {
  const char *t = ts_node_type(n);
  for (size_t i = 0; i < sizeof unsupported_desc / sizeof *unsupported_desc; i++)
    if (strcmp(unsupported_desc[i].ts, t) == 0) {
      diag_error(p->d, line_of(n), col_of(n), "%s are not supported by pyc2c yet",
                 unsupported_desc[i].desc);
      return;
    }
  char *desc = arena_strdup(p->a, t);
  for (char *c = desc; *c; c++)
    if (*c == '_')
      *c = ' ';
  diag_error(p->d, line_of(n), col_of(n), "%s is not supported by pyc2c yet", desc);
}

static bool enter(P *p, TSNode n) {
  if (p->depth >= MAX_DEPTH) {
    if (!p->too_deep)
      diag_error(p->d, line_of(n), col_of(n), "code nested more than %d levels deep", MAX_DEPTH);
    p->too_deep = true;
    return false;
  }
  p->depth++;
  return true;
}

/* Reports every ERROR and MISSING node, walking iteratively (the CST may be deep). */
static void report_syntax_errors(P *p, TSNode root) {
  TSTreeCursor c = ts_tree_cursor_new(root);
  bool descend = true;
  for (;;) {
    TSNode n = ts_tree_cursor_current_node(&c);
    bool err = false;
    if (ts_node_is_missing(n)) {
      const char *t = ts_node_type(n);
      if (strcmp(t, "_newline") == 0 || strcmp(t, "_indent") == 0 || strcmp(t, "_dedent") == 0)
        diag_error(p->d, line_of(n), col_of(n), "invalid syntax: unexpected end of statement");
      else
        diag_error(p->d, line_of(n), col_of(n), "invalid syntax: expected '%s'", t);
      err = true;
    } else if (is(n, "ERROR")) {
      /* Show the first token tree-sitter could not place. */
      TSNode first = n;
      while (ts_node_child_count(first))
        first = ts_node_child(first, 0);
      char *tok = text(p, first);
      if (strlen(tok) > 40)
        tok[40] = '\0';
      if (*tok && !strchr(tok, '\n'))
        diag_error(p->d, line_of(first), col_of(first), "invalid syntax near '%s'", tok);
      else
        diag_error(p->d, line_of(n), col_of(n), "invalid syntax");
      err = true;
    }
    if (descend && !err && ts_node_has_error(n) && ts_tree_cursor_goto_first_child(&c))
      continue;
    while (!ts_tree_cursor_goto_next_sibling(&c)) {
      if (!ts_tree_cursor_goto_parent(&c)) {
        ts_tree_cursor_delete(&c);
        return;
      }
    }
    descend = true;
  }
}

/* ---- literals */

static void put_utf8(char *out, size_t *o, uint32_t cp) {
  if (cp < 0x80)
    out[(*o)++] = (char)cp;
  else if (cp < 0x800) {
    out[(*o)++] = (char)(0xC0 | (cp >> 6));
    out[(*o)++] = (char)(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out[(*o)++] = (char)(0xE0 | (cp >> 12));
    out[(*o)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[(*o)++] = (char)(0x80 | (cp & 0x3F));
  } else {
    out[(*o)++] = (char)(0xF0 | (cp >> 18));
    out[(*o)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[(*o)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[(*o)++] = (char)(0x80 | (cp & 0x3F));
  }
}

static int hexval(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Decodes one string token (prefix, quotes, escapes) into UTF-8. False after a diagnostic. */
static bool decode_string(P *p, TSNode n, char **out, size_t *outlen) {
  const char *s = p->src + ts_node_start_byte(n), *e = p->src + ts_node_end_byte(n);
  bool raw = false;
  while (s < e && *s != '\'' && *s != '"') {
    char c = (char)(*s | 0x20);
    if (c == 'f') {
      diag_error(p->d, line_of(n), col_of(n), "f-strings are not supported by pyc2c yet");
      return false;
    }
    if (c == 'b') {
      diag_error(p->d, line_of(n), col_of(n), "bytes literals are not supported by pyc2c yet");
      return false;
    }
    if (c == 'r')
      raw = true;
    s++;
  }
  size_t q = (e - s >= 6 && s[0] == s[1] && s[1] == s[2]) ? 3 : 1;
  if ((size_t)(e - s) < 2 * q) {
    diag_error(p->d, line_of(n), col_of(n), "invalid syntax: unterminated string");
    return false;
  }
  s += q;
  e -= q;
  char *buf = arena_alloc(p->a, (size_t)(e - s) + 1);
  size_t o = 0;
  while (s < e) {
    if (*s != '\\' || raw) {
      if (raw && *s == '\\' && s + 1 < e) /* a raw string keeps the backslash and next char */
        buf[o++] = *s++;
      buf[o++] = *s++;
      continue;
    }
    s++;
    if (s >= e)
      break;
    char c = *s++;
    uint32_t cp;
    int digits = 0;
    switch (c) {
    case '\n': continue; /* line continuation */
    case 'n': buf[o++] = '\n'; continue;
    case 't': buf[o++] = '\t'; continue;
    case 'r': buf[o++] = '\r'; continue;
    case '\\': buf[o++] = '\\'; continue;
    case '\'': buf[o++] = '\''; continue;
    case '"': buf[o++] = '"'; continue;
    case 'a': buf[o++] = '\a'; continue;
    case 'b': buf[o++] = '\b'; continue;
    case 'f': buf[o++] = '\f'; continue;
    case 'v': buf[o++] = '\v'; continue;
    case 'x': digits = 2; break;
    case 'u': digits = 4; break;
    case 'U': digits = 8; break;
    case 'N':
      diag_error(p->d, line_of(n), col_of(n), "'\\N{...}' escapes are not supported by pyc2c yet");
      return false;
    default:
      if (c >= '0' && c <= '7') {
        cp = (uint32_t)(c - '0');
        for (int i = 0; i < 2 && s < e && *s >= '0' && *s <= '7'; i++)
          cp = cp * 8 + (uint32_t)(*s++ - '0');
        put_utf8(buf, &o, cp);
      } else { /* unknown escapes keep their backslash, as in Python */
        buf[o++] = '\\';
        buf[o++] = c;
      }
      continue;
    }
    cp = 0;
    for (int i = 0; i < digits; i++) {
      int h = s < e ? hexval(*s) : -1;
      if (h < 0) {
        diag_error(p->d, line_of(n), col_of(n), "invalid \\%c escape in string", c);
        return false;
      }
      cp = cp * 16 + (uint32_t)h;
      s++;
    }
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      diag_error(p->d, line_of(n), col_of(n), "invalid or surrogate code point in string escape");
      return false;
    }
    put_utf8(buf, &o, cp);
  }
  buf[o] = '\0';
  *out = buf;
  *outlen = o;
  return true;
}

static Node *string_literal(P *p, TSNode n) {
  Node *r = mk(p, N_STR, n);
  Kids parts = {0};
  if (is(n, "concatenated_string"))
    parts = named_kids(p, n);
  else {
    parts.v = &n;
    parts.n = 1;
  }
  size_t total = 0;
  char **texts = arena_alloc(p->a, sizeof(char *) * (size_t)(parts.n + 1));
  size_t *lens = arena_alloc(p->a, sizeof(size_t) * (size_t)(parts.n + 1));
  for (int i = 0; i < parts.n; i++) {
    if (!decode_string(p, parts.v[i], &texts[i], &lens[i]))
      return NULL;
    total += lens[i];
  }
  char *buf = arena_alloc(p->a, total + 1);
  size_t o = 0;
  for (int i = 0; i < parts.n; i++) {
    memcpy(buf + o, texts[i], lens[i]);
    o += lens[i];
  }
  r->str = buf;
  r->slen = total;
  return r;
}

static Node *int_literal(P *p, TSNode n) {
  char *t = text(p, n), *w = t;
  for (char *r = t; *r; r++)
    if (*r != '_')
      *w++ = *r;
  *w = '\0';
  size_t len = strlen(t);
  if (len && (t[len - 1] == 'j' || t[len - 1] == 'J')) {
    diag_error(p->d, line_of(n), col_of(n), "complex literals are not supported by pyc2c yet");
    return NULL;
  }
  Node *r = mk(p, N_INT, n);
  int base = 10;
  const char *digits = t;
  if (len > 1 && t[0] == '0' && strchr("xXoObB", t[1])) {
    base = (t[1] | 0x20) == 'x' ? 16 : (t[1] | 0x20) == 'o' ? 8 : 2;
    digits = t + 2;
  } else if (len > 1 && t[0] == '0') { /* "00" is valid Python; "01" is a syntax error */
    for (const char *c = t; *c; c++)
      if (*c != '0') {
        diag_error(p->d, line_of(n), col_of(n),
                   "invalid syntax: leading zeros in decimal integer literals are not permitted");
        return NULL;
      }
  }
  uint64_t v = 0;
  bool big = !*digits;
  for (const char *c = digits; *c && !big; c++) {
    int h = hexval(*c);
    if (h < 0 || h >= base) {
      diag_error(p->d, line_of(n), col_of(n), "invalid integer literal '%s'", t);
      return NULL;
    }
    if (v > (UINT64_MAX - (uint64_t)h) / (uint64_t)base)
      big = true;
    else
      v = v * (uint64_t)base + (uint64_t)h;
  }
  if (big || v > (uint64_t)INT64_MAX) {
    r->big = true;
    r->str = t;
  } else
    r->ival = (int64_t)v;
  return r;
}

static Node *float_literal(P *p, TSNode n) {
  char *t = text(p, n), *w = t;
  for (char *r = t; *r; r++)
    if (*r != '_')
      *w++ = *r;
  *w = '\0';
  size_t len = strlen(t);
  if (len && (t[len - 1] == 'j' || t[len - 1] == 'J')) {
    diag_error(p->d, line_of(n), col_of(n), "complex literals are not supported by pyc2c yet");
    return NULL;
  }
  Node *r = mk(p, N_FLOAT, n);
  r->fval = strtod(t, NULL);
  return r;
}

/* ---- expressions */

static Op op_from(const char *s, bool augmented) {
  static const struct {
    const char *s;
    Op op;
  } table[] = {{"+", OP_ADD},     {"-", OP_SUB},    {"*", OP_MUL},      {"/", OP_DIV},
               {"//", OP_FLOORDIV}, {"%", OP_MOD},  {"**", OP_POW},     {"<<", OP_LSHIFT},
               {">>", OP_RSHIFT}, {"&", OP_BITAND}, {"|", OP_BITOR},    {"^", OP_BITXOR},
               {"@", OP_MATMUL},  {"<", OP_LT},     {"<=", OP_LE},      {">", OP_GT},
               {">=", OP_GE},     {"==", OP_EQ},    {"!=", OP_NE},      {"<>", OP_NE},
               {"is", OP_IS},     {"is not", OP_ISNOT}, {"in", OP_IN},  {"not in", OP_NOTIN},
               {"and", OP_AND},   {"or", OP_OR}};
  char buf[8];
  if (augmented) { /* "+=" -> "+" */
    size_t l = strlen(s);
    if (l < 2 || l > 4 || s[l - 1] != '=')
      return OP_NONE;
    memcpy(buf, s, l - 1);
    buf[l - 1] = '\0';
    s = buf;
  }
  for (size_t i = 0; i < sizeof table / sizeof *table; i++)
    if (strcmp(table[i].s, s) == 0)
      return table[i].op;
  return OP_NONE;
}

static Node *expr(P *p, TSNode n);

static Node *call_expr(P *p, TSNode n) {
  Node *r = mk(p, N_CALL, n);
  r->a = expr(p, field(n, "function"));
  TSNode args = field(n, "arguments");
  if (ts_node_is_null(args) || !is(args, "argument_list")) {
    unsupported(p, ts_node_is_null(args) ? n : args);
    return NULL;
  }
  bool ok = r->a != NULL;
  Kids k = named_kids(p, args);
  for (int i = 0; i < k.n; i++) {
    TSNode c = k.v[i];
    if (is(c, "keyword_argument")) {
      Node *kw = mk(p, N_KEYWORD, c);
      kw->str = text(p, field(c, "name"));
      kw->a = expr(p, field(c, "value"));
      ok = ok && kw->a;
      vec_push(p->a, &r->list2, kw);
    } else if (r->list2.len) {
      diag_error(p->d, line_of(c), col_of(c),
                 "invalid syntax: positional argument follows keyword argument");
      ok = false;
    } else {
      Node *e = expr(p, c);
      ok = ok && e;
      vec_push(p->a, &r->list, e);
    }
  }
  return ok ? r : NULL;
}

static Node *compare_expr(P *p, TSNode n) {
  Node *r = mk(p, N_COMPARE, n);
  int nops = 0;
  r->ops = arena_alloc(p->a, sizeof(Op) * (ts_node_child_count(n) + 1));
  bool ok = true;
  TSTreeCursor c = ts_tree_cursor_new(n);
  if (ts_tree_cursor_goto_first_child(&c)) {
    do {
      TSNode k = ts_tree_cursor_current_node(&c);
      const char *f = ts_tree_cursor_current_field_name(&c);
      if (f && strcmp(f, "operators") == 0) {
        /* "not in" / "is not" are two tokens; normalise their spacing. */
        char *t = text(p, k), *w = t;
        bool space = false;
        for (char *q = t; *q; q++) {
          if (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\\' || *q == '\r')
            space = true;
          else {
            if (space && w != t)
              *w++ = ' ';
            space = false;
            *w++ = *q;
          }
        }
        *w = '\0';
        r->ops[nops++] = op_from(t, false);
      } else if (ts_node_is_named(k) && !is(k, "comment")) {
        Node *e = expr(p, k);
        ok = ok && e;
        vec_push(p->a, &r->list, e);
      }
    } while (ts_tree_cursor_goto_next_sibling(&c));
  }
  ts_tree_cursor_delete(&c);
  if (ok && (nops != r->list.len - 1 || nops < 1)) {
    diag_error(p->d, r->line, r->col, "invalid syntax in comparison");
    return NULL;
  }
  return ok ? r : NULL;
}

/* slice = expr? ':' expr? (':' expr?)?  -- tree-sitter gives no fields, so count the colons. */
static Node *slice_expr(P *p, TSNode n) {
  Node *r = mk(p, N_SLICE, n);
  Node **parts[3] = {&r->a, &r->b, &r->c};
  int part = 0;
  bool ok = true;
  for (uint32_t i = 0; i < ts_node_child_count(n); i++) {
    TSNode c = ts_node_child(n, i);
    if (!ts_node_is_named(c)) {
      if (is(c, ":") && part < 2)
        part++;
    } else if (!is(c, "comment")) {
      *parts[part] = expr(p, c);
      ok = ok && *parts[part];
    }
  }
  return ok ? r : NULL;
}

static Node *expr_inner(P *p, TSNode n) {
  const char *t = ts_node_type(n);
  Node *r;
  if (strcmp(t, "identifier") == 0) {
    r = mk(p, N_NAME, n);
    r->str = text(p, n);
    return r;
  }
  if (strcmp(t, "integer") == 0)
    return int_literal(p, n);
  if (strcmp(t, "float") == 0)
    return float_literal(p, n);
  if (strcmp(t, "string") == 0 || strcmp(t, "concatenated_string") == 0)
    return string_literal(p, n);
  if (strcmp(t, "true") == 0 || strcmp(t, "false") == 0) {
    r = mk(p, N_BOOL, n);
    r->ival = t[0] == 't';
    return r;
  }
  if (strcmp(t, "none") == 0)
    return mk(p, N_NONE, n);
  if (strcmp(t, "binary_operator") == 0 || strcmp(t, "boolean_operator") == 0) {
    r = mk(p, t[1] == 'i' ? N_BINOP : N_BOOLOP, n);
    r->op = op_from(text(p, field(n, "operator")), false);
    r->a = expr(p, field(n, "left"));
    r->b = expr(p, field(n, "right"));
    if (r->op == OP_NONE) {
      unsupported(p, field(n, "operator"));
      return NULL;
    }
    return r->a && r->b ? r : NULL;
  }
  if (strcmp(t, "unary_operator") == 0 || strcmp(t, "not_operator") == 0) {
    r = mk(p, N_UNARY, n);
    if (t[0] == 'n')
      r->op = OP_NOT;
    else {
      const char *o = text(p, field(n, "operator"));
      r->op = o[0] == '-' ? OP_NEG : o[0] == '+' ? OP_POS : OP_INVERT;
    }
    r->a = expr(p, field(n, "argument"));
    return r->a ? r : NULL;
  }
  if (strcmp(t, "comparison_operator") == 0)
    return compare_expr(p, n);
  if (strcmp(t, "call") == 0)
    return call_expr(p, n);
  if (strcmp(t, "attribute") == 0) {
    r = mk(p, N_ATTR, n);
    r->a = expr(p, field(n, "object"));
    r->str = text(p, field(n, "attribute"));
    return r->a ? r : NULL;
  }
  if (strcmp(t, "subscript") == 0) {
    r = mk(p, N_SUBSCRIPT, n);
    r->a = expr(p, field(n, "value"));
    bool ok = r->a != NULL;
    Kids k = field_kids(p, n, "subscript");
    for (int i = 0; i < k.n; i++) {
      Node *e = expr(p, k.v[i]);
      ok = ok && e;
      vec_push(p->a, &r->list, e);
    }
    return ok ? r : NULL;
  }
  if (strcmp(t, "slice") == 0)
    return slice_expr(p, n);
  if (strcmp(t, "conditional_expression") == 0) {
    Kids k = named_kids(p, n);
    if (k.n != 3) {
      diag_error(p->d, line_of(n), col_of(n), "invalid syntax in conditional expression");
      return NULL;
    }
    r = mk(p, N_IFEXP, n);
    r->b = expr(p, k.v[0]);
    r->a = expr(p, k.v[1]);
    r->c = expr(p, k.v[2]);
    return r->a && r->b && r->c ? r : NULL;
  }
  if (strcmp(t, "parenthesized_expression") == 0 || strcmp(t, "type") == 0) {
    Kids k = named_kids(p, n);
    if (k.n != 1) {
      unsupported(p, n);
      return NULL;
    }
    return expr(p, k.v[0]);
  }
  if (strcmp(t, "tuple") == 0) {
    r = mk(p, N_TUPLE, n);
    Kids k = named_kids(p, n);
    bool ok = true;
    for (int i = 0; i < k.n; i++) {
      Node *e = expr(p, k.v[i]);
      ok = ok && e;
      vec_push(p->a, &r->list, e);
    }
    return ok ? r : NULL;
  }
  unsupported(p, n);
  return NULL;
}

static Node *expr(P *p, TSNode n) {
  if (ts_node_is_null(n)) /* only on inputs tree-sitter flagged, which we reject before */
    return NULL;
  if (!enter(p, n))
    return NULL;
  Node *r = expr_inner(p, n);
  p->depth--;
  return r;
}

/* ---- statements */

static void block(P *p, TSNode n, NodeList *out);

static bool is_docstring(P *p, TSNode n) {
  if (!is(n, "expression_statement"))
    return false;
  Kids k = named_kids(p, n);
  return k.n == 1 && (is(k.v[0], "string") || is(k.v[0], "concatenated_string"));
}

/* A block's statements; a leading string literal becomes `*doc` when doc is non-NULL. */
static void body_of(P *p, TSNode n, NodeList *out, const char **doc) {
  Kids k = named_kids(p, n);
  int start = 0;
  if (doc && k.n && is_docstring(p, k.v[0])) {
    Node *s = string_literal(p, named_kids(p, k.v[0]).v[0]);
    if (s)
      *doc = s->str;
    start = 1;
  }
  for (int i = start; i < k.n; i++)
    block(p, k.v[i], out);
}

static Node *param(P *p, TSNode n) {
  Node *r = mk(p, N_PARAM, n);
  if (is(n, "identifier")) {
    r->str = text(p, n);
    return r;
  }
  if (is(n, "typed_parameter")) {
    Kids k = named_kids(p, n);
    if (!k.n || !is(k.v[0], "identifier")) {
      unsupported(p, k.n ? k.v[0] : n);
      return NULL;
    }
    r->str = text(p, k.v[0]);
    r->a = expr(p, field(n, "type"));
    return r->a ? r : NULL;
  }
  if (is(n, "default_parameter") || is(n, "typed_default_parameter")) {
    TSNode name = field(n, "name");
    if (!is(name, "identifier")) {
      unsupported(p, name);
      return NULL;
    }
    r->str = text(p, name);
    TSNode ty = field(n, "type");
    if (!ts_node_is_null(ty) && !(r->a = expr(p, ty)))
      return NULL;
    r->b = expr(p, field(n, "value"));
    return r->b ? r : NULL;
  }
  unsupported(p, n);
  return NULL;
}

static Node *funcdef(P *p, TSNode n, NodeList *decorators) {
  if (ts_node_child_count(n) && is(ts_node_child(n, 0), "async")) {
    diag_error(p->d, line_of(n), col_of(n), "async functions are not supported by pyc2c yet");
    return NULL;
  }
  if (!ts_node_is_null(field(n, "type_parameters"))) {
    unsupported(p, field(n, "type_parameters"));
    return NULL;
  }
  Node *r = mk(p, N_FUNCDEF, n);
  TSNode name = field(n, "name");
  r->line = line_of(name); /* point at the name, as Python's tracebacks do for "def" */
  r->col = col_of(name);
  r->str = text(p, name);
  if (decorators)
    r->list = *decorators;
  bool ok = true;
  Kids ps = named_kids(p, field(n, "parameters"));
  for (int i = 0; i < ps.n; i++) {
    Node *prm = param(p, ps.v[i]);
    ok = ok && prm;
    vec_push(p->a, &r->params, prm);
  }
  TSNode rt = field(n, "return_type");
  if (!ts_node_is_null(rt) && !(r->a = expr(p, rt)))
    ok = false;
  int before = p->d->errors;
  body_of(p, field(n, "body"), &r->body, &r->str2);
  return ok && p->d->errors == before ? r : NULL;
}

/* assignment = target ('=' assignment | ':' type ('=' value)?) */
static Node *assignment(P *p, TSNode n) {
  TSNode ty = field(n, "type");
  if (!ts_node_is_null(ty)) {
    Node *r = mk(p, N_ANNASSIGN, n);
    r->a = expr(p, field(n, "left"));
    r->c = expr(p, ty);
    TSNode v = field(n, "right");
    if (!ts_node_is_null(v) && !(r->b = expr(p, v)))
      return NULL;
    return r->a && r->c ? r : NULL;
  }
  Node *r = mk(p, N_ASSIGN, n);
  bool ok = true;
  TSNode cur = n;
  for (;;) {
    Node *t = expr(p, field(cur, "left"));
    ok = ok && t;
    vec_push(p->a, &r->list, t);
    TSNode right = field(cur, "right");
    if (ts_node_is_null(right)) {
      unsupported(p, cur);
      return NULL;
    }
    if (is(right, "assignment") && ts_node_is_null(field(right, "type"))) {
      cur = right;
      continue;
    }
    r->b = expr(p, right);
    return ok && r->b ? r : NULL;
  }
}

static Node *exprstmt(P *p, TSNode n) {
  Kids k = named_kids(p, n);
  if (k.n != 1) {
    unsupported(p, n);
    return NULL;
  }
  TSNode c = k.v[0];
  if (is(c, "assignment"))
    return assignment(p, c);
  if (is(c, "augmented_assignment")) {
    Node *r = mk(p, N_AUGASSIGN, c);
    r->op = op_from(text(p, field(c, "operator")), true);
    r->a = expr(p, field(c, "left"));
    r->b = expr(p, field(c, "right"));
    if (r->op == OP_NONE) {
      unsupported(p, field(c, "operator"));
      return NULL;
    }
    return r->a && r->b ? r : NULL;
  }
  Node *r = mk(p, N_EXPRSTMT, n);
  r->a = expr(p, c);
  return r->a ? r : NULL;
}

static Node *if_stmt(P *p, TSNode n) {
  Node *r = mk(p, N_IF, n);
  r->a = expr(p, field(n, "condition"));
  body_of(p, field(n, "consequence"), &r->body, NULL);
  Node *tail = r;
  Kids alts = field_kids(p, n, "alternative");
  for (int i = 0; i < alts.n; i++) {
    TSNode alt = alts.v[i];
    if (is(alt, "elif_clause")) {
      Node *e = mk(p, N_IF, alt);
      e->a = expr(p, field(alt, "condition"));
      body_of(p, field(alt, "consequence"), &e->body, NULL);
      vec_push(p->a, &tail->orelse, e);
      tail = e;
    } else
      body_of(p, field(alt, "body"), &tail->orelse, NULL);
  }
  return r;
}

static void loop_else(P *p, TSNode n, Node *r) {
  TSNode alt = field(n, "alternative");
  if (!ts_node_is_null(alt))
    body_of(p, field(alt, "body"), &r->orelse, NULL);
}

static Node *alias(P *p, TSNode n) {
  Node *r = mk(p, N_ALIAS, n);
  if (is(n, "aliased_import")) {
    r->str = text(p, field(n, "name"));
    r->str2 = text(p, field(n, "alias"));
  } else
    r->str = text(p, n);
  /* dotted names may contain spaces or comments between parts; keep identifiers and dots only */
  char *w = (char *)r->str;
  for (const char *q = r->str; *q; q++)
    if (*q == '.' || *q == '_' || (unsigned char)*q >= 0x80 || (*q >= '0' && *q <= '9') ||
        ((*q | 0x20) >= 'a' && (*q | 0x20) <= 'z'))
      *w++ = *q;
  *w = '\0';
  return r;
}

static Node *stmt(P *p, TSNode n) {
  const char *t = ts_node_type(n);
  Node *r;
  if (strcmp(t, "expression_statement") == 0)
    return exprstmt(p, n);
  if (strcmp(t, "function_definition") == 0)
    return funcdef(p, n, NULL);
  if (strcmp(t, "decorated_definition") == 0) {
    TSNode def = field(n, "definition");
    if (!is(def, "function_definition")) {
      unsupported(p, def);
      return NULL;
    }
    NodeList decos = {0};
    Kids k = named_kids(p, n);
    bool ok = true;
    for (int i = 0; i < k.n; i++)
      if (is(k.v[i], "decorator")) {
        Kids e = named_kids(p, k.v[i]);
        Node *d = e.n == 1 ? expr(p, e.v[0]) : NULL;
        if (e.n != 1)
          unsupported(p, k.v[i]);
        ok = ok && d;
        vec_push(p->a, &decos, d);
      }
    r = funcdef(p, def, &decos);
    return ok ? r : NULL;
  }
  if (strcmp(t, "return_statement") == 0) {
    r = mk(p, N_RETURN, n);
    Kids k = named_kids(p, n);
    if (k.n && !(r->a = expr(p, k.v[0])))
      return NULL;
    return r;
  }
  if (strcmp(t, "if_statement") == 0)
    return if_stmt(p, n);
  if (strcmp(t, "while_statement") == 0) {
    r = mk(p, N_WHILE, n);
    r->a = expr(p, field(n, "condition"));
    body_of(p, field(n, "body"), &r->body, NULL);
    loop_else(p, n, r);
    return r;
  }
  if (strcmp(t, "for_statement") == 0) {
    if (ts_node_child_count(n) && is(ts_node_child(n, 0), "async")) {
      diag_error(p->d, line_of(n), col_of(n), "'async for' is not supported by pyc2c yet");
      return NULL;
    }
    r = mk(p, N_FOR, n);
    r->a = expr(p, field(n, "left"));
    r->b = expr(p, field(n, "right"));
    body_of(p, field(n, "body"), &r->body, NULL);
    loop_else(p, n, r);
    return r;
  }
  if (strcmp(t, "pass_statement") == 0)
    return mk(p, N_PASS, n);
  if (strcmp(t, "break_statement") == 0)
    return mk(p, N_BREAK, n);
  if (strcmp(t, "continue_statement") == 0)
    return mk(p, N_CONTINUE, n);
  if (strcmp(t, "import_statement") == 0 || strcmp(t, "import_from_statement") == 0) {
    bool from = t[6] == 'f';
    r = mk(p, from ? N_IMPORTFROM : N_IMPORT, n);
    if (from) {
      TSNode m = field(n, "module_name");
      if (!is(m, "dotted_name")) {
        unsupported(p, m);
        return NULL;
      }
      r->str = alias(p, m)->str;
      Kids k = named_kids(p, n);
      for (int i = 0; i < k.n; i++)
        if (is(k.v[i], "wildcard_import")) {
          unsupported(p, k.v[i]);
          return NULL;
        }
    }
    Kids names = field_kids(p, n, "name");
    for (int i = 0; i < names.n; i++)
      vec_push(p->a, &r->list, alias(p, names.v[i]));
    return r;
  }
  if (strcmp(t, "future_import_statement") == 0)
    return mk(p, N_PASS, n); /* annotations are never evaluated at run time by compiled code */
  if (strcmp(t, "assert_statement") == 0) {
    r = mk(p, N_ASSERT, n);
    Kids k = named_kids(p, n);
    r->a = k.n > 0 ? expr(p, k.v[0]) : NULL;
    if (k.n > 1 && !(r->b = expr(p, k.v[1])))
      return NULL;
    return r->a ? r : NULL;
  }
  if (strcmp(t, "raise_statement") == 0) {
    if (!ts_node_is_null(field(n, "cause"))) {
      diag_error(p->d, line_of(n), col_of(n), "'raise ... from ...' is not supported by pyc2c yet");
      return NULL;
    }
    r = mk(p, N_RAISE, n);
    Kids k = named_kids(p, n);
    if (k.n && !(r->a = expr(p, k.v[0])))
      return NULL;
    return r;
  }
  unsupported(p, n);
  return NULL;
}

static void block(P *p, TSNode n, NodeList *out) {
  if (is(n, "comment"))
    return;
  if (!enter(p, n))
    return;
  Node *s = stmt(p, n);
  p->depth--;
  if (s)
    vec_push(p->a, out, s);
}

Module *parse_module(Arena *a, Diag *d, const char *src, size_t len, const char *modname,
                     const char *filename) {
  if (len > UINT32_MAX / 2) {
    diag_error(d, 1, 1, "source file too large");
    return NULL;
  }
  TSParser *parser = ts_parser_new();
  if (!ts_parser_set_language(parser, tree_sitter_python())) {
    ts_parser_delete(parser);
    diag_error(d, 1, 1, "internal error: the tree-sitter Python grammar has an incompatible ABI");
    return NULL;
  }
  ts_parser_set_timeout_micros(parser, PARSE_TIMEOUT_US);
  TSTree *tree = ts_parser_parse_string(parser, NULL, src, (uint32_t)len);
  if (!tree) {
    ts_parser_delete(parser);
    diag_error(d, 1, 1, "parsing took too long; giving up");
    return NULL;
  }
  P p = {.a = a, .d = d, .src = src, .len = len};
  TSNode root = ts_tree_root_node(tree);
  int before = d->errors;
  if (ts_node_has_error(root))
    report_syntax_errors(&p, root);
  Module *m = NULL;
  if (d->errors == before) {
    m = arena_alloc(a, sizeof *m);
    m->root = node_new(a, N_MODULE, 1, 1);
    m->name = modname;
    m->filename = filename;
    m->src = src;
    m->len = len;
    body_of(&p, root, &m->root->body, &m->root->str);
  }
  ts_tree_delete(tree);
  ts_parser_delete(parser);
  return d->errors == before ? m : NULL;
}
