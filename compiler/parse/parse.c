/* parse.c: tree-sitter concrete syntax tree -> pyc2c AST.
 * Parsing never fails in tree-sitter: syntax errors are ERROR/MISSING nodes, which we report and
 * stop on. Everything outside the supported subset is reported here or in typeinfer, by position;
 * nothing is silently dropped. Recursion is bounded by MAX_DEPTH so no input can exhaust the stack. */
#include "parse/parse.h"
#include <stdarg.h>
#include <stdio.h>
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
  const uint32_t *line_starts; /* byte offset of each line of the original text */
  int nlines;
  bool future_ok; /* still at the top of the module, where `from __future__` may appear */
} P;

/* ---- small tree-sitter helpers */

/* Positions come from byte offsets and the original text's lines: the text tree-sitter parses
 * has the line breaks inside brackets blanked out (see precheck). */
static int line_at(const P *p, uint32_t byte) {
  int lo = 0, hi = p->nlines - 1; /* the last line starting at or before byte */
  while (lo < hi) {
    int mid = (lo + hi + 1) / 2;
    if (p->line_starts[mid] <= byte)
      lo = mid;
    else
      hi = mid - 1;
  }
  return lo + 1;
}
static int col_at(const P *p, uint32_t byte) {
  return (int)(byte - p->line_starts[line_at(p, byte) - 1]) + 1;
}
static int line_of(const P *p, TSNode n) { return line_at(p, ts_node_start_byte(n)); }
static int col_of(const P *p, TSNode n) { return col_at(p, ts_node_start_byte(n)); }
static bool is(TSNode n, const char *t) {
  return !ts_node_is_null(n) && strcmp(ts_node_type(n), t) == 0;
}
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
static Node *mk(P *p, NodeKind k, TSNode n) {
  return node_new(p->a, k, line_of(p, n), col_of(p, n));
}

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
  const char *ts, *desc; /* desc: the subject of "... not supported by pyc2c yet" */
} unsupported_desc[] = {
    {"class_definition", "class definitions are"},
    {"with_statement", "'with' statements are"},
    {"lambda", "lambda expressions are"},
    {"generator_expression", "generator expressions (use a list comprehension [...]) are"},
    {"nonlocal_statement", "'nonlocal' statements are"},
    {"yield", "'yield' (generators) is"},
    {"await", "'await' is"},
    {"except_group_clause", "'except*' clauses are"},
    {"named_expression", "assignment expressions (:=) are"},
    {"match_statement", "'match' statements are"},
    {"print_statement", "Python 2 print statements are"},
    {"exec_statement", "Python 2 exec statements are"},
    {"type_alias_statement", "'type' alias statements are"},
    {"pattern_list", "tuple unpacking is"},
    {"tuple_pattern", "tuple unpacking is"},
    {"list_pattern", "list unpacking is"},
    {"list_splat", "'*' unpacking is"},
    {"dictionary_splat", "'**' unpacking is"},
    {"expression_list", "tuples without parentheses are"},
    {"keyword_separator", "keyword-only parameters (after '*') are"},
    {"positional_separator", "positional-only parameters (before '/') are"},
    {"list_splat_pattern", "'*args' parameters are"},
    {"dictionary_splat_pattern", "'**kwargs' parameters are"},
    {"wildcard_import", "'import *' is"},
    {"relative_import", "relative imports are"},
    {"string", "string literals here are"},
    {"decorated_definition", "decorated classes are"},
    {"subscript", "subscripts here are"},
    {"attribute", "attributes here are"},
};

/* Reports node n as outside the supported subset; the caret goes on its first token, or for a
 * statement on its keyword. */
static void unsupported(P *p, TSNode n) {
  const char *t = ts_node_type(n);
  if (strcmp(t, "assignment") == 0 || strcmp(t, "augmented_assignment") == 0) {
    diag_error(p->d, line_of(p, n), col_of(p, n),
               "invalid syntax: an assignment is not an expression "
               "(use '==' to compare)");
    return;
  }
  for (size_t i = 0; i < sizeof unsupported_desc / sizeof *unsupported_desc; i++)
    if (strcmp(unsupported_desc[i].ts, t) == 0) {
      diag_error(p->d, line_of(p, n), col_of(p, n), "%s not supported by pyc2c yet",
                 unsupported_desc[i].desc);
      return;
    }
  char *desc = arena_strdup(p->a, t);
  for (char *c = desc; *c; c++)
    if (*c == '_')
      *c = ' ';
  diag_error(p->d, line_of(p, n), col_of(p, n), "%s is not supported by pyc2c yet", desc);
}

static bool enter(P *p, TSNode n) {
  if (p->depth >= MAX_DEPTH) {
    if (!p->too_deep)
      diag_error(p->d, line_of(p, n), col_of(p, n),
                 "code nested more than %d levels deep (pyc2c's limit): split it up, for example "
                 "with intermediate variables",
                 MAX_DEPTH);
    p->too_deep = true;
    return false;
  }
  p->depth++;
  return true;
}

static int hexval(char c);

/* ---- token-level checks, before tree-sitter
 * tree-sitter recovers from some errors without a trace (an unexpected indent, a block with no
 * body, a stray 'else') and its ERROR nodes rarely sit on the token at fault. CPython finds these
 * in its tokenizer; so do we, in one linear pass, with CPython's wording where it is clear. The
 * pass stops at the first error: after one, the rest of the token stream means little. It also
 * bounds bracket nesting, so no later stage sees more than MAX_PARENS levels of parentheses. */

enum { MAX_PARENS = 200, MAX_INDENT = 100 };

typedef struct Pre {
  Diag *d;
  const char *s;
  size_t len, i, line_start;
  int line;
  /* open brackets */
  char br[MAX_PARENS];
  int br_line[MAX_PARENS], br_col[MAX_PARENS], depth;
  /* indentation levels, in columns with tabs to multiples of 8 and with tabs as 1 (a level is
   * only consistent if both agree, as CPython checks); and the block keyword of the last
   * statement at each level (for else/elif/except/finally) */
  int ind[MAX_INDENT + 1], alt[MAX_INDENT + 1], nind;
  const char *last_kw[MAX_INDENT + 1];
  /* the logical line being read */
  int ntok;
  const char *kw; /* block keyword it starts with ("if", "def", ...), or NULL */
  bool async_first, colon0, ends_colon, decorator, from_import;
  const char *last_tok; /* the last token: its text and length */
  size_t last_len;
  bool last_is_name;
  int first_line, first_col, end_line, end_col; /* first token; just after the last token */
  /* what the previous logical line asks of this one */
  bool opener, after_decorator;
  const char *opener_kw;
  int opener_line, opener_end_line, opener_end_col;
} Pre;

static int pre_col(const Pre *q, size_t i) { return (int)(i - q->line_start) + 1; }

static bool pre_error(Pre *q, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static bool pre_error(Pre *q, int line, int col, const char *fmt, ...) {
  char msg[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  diag_error(q->d, line, col, "%s", msg);
  return false;
}

static const struct {
  const char *kw, *desc;
} block_kws[] = {
    {"if", "'if' statement"},       {"elif", "'elif' statement"},   {"else", "'else' statement"},
    {"while", "'while' statement"}, {"for", "'for' statement"},     {"def", "function definition"},
    {"class", "class definition"},  {"with", "'with' statement"},   {"try", "'try' statement"},
    {"except", "'except' statement"}, {"finally", "'finally' statement"},
    /* soft keywords: block openers only when the line ends with ':' */
    {"match", "'match' statement"}, {"case", "'case' block"},
};
enum { N_HARD_BLOCK_KWS = 11 };

static const char *block_kw(const char *t, size_t n) {
  for (size_t k = 0; k < sizeof block_kws / sizeof *block_kws; k++)
    if (strlen(block_kws[k].kw) == n && memcmp(block_kws[k].kw, t, n) == 0)
      return block_kws[k].kw;
  return NULL;
}

static const char *block_desc(const char *kw) {
  for (size_t k = 0; k < sizeof block_kws / sizeof *block_kws; k++)
    if (strcmp(block_kws[k].kw, kw) == 0)
      return block_kws[k].desc;
  return "line";
}

static bool is_hard_block_kw(const char *kw) {
  for (size_t k = 0; kw && k < N_HARD_BLOCK_KWS; k++)
    if (strcmp(block_kws[k].kw, kw) == 0)
      return true;
  return false;
}

static bool kw_in(const char *kw, const char *const *set) {
  for (; kw && *set; set++)
    if (strcmp(kw, *set) == 0)
      return true;
  return false;
}

/* The indentation of a logical line's first token, against the levels open so far. */
static bool pre_indent(Pre *q, int col, int alt, int line, int tcol) {
  static const char tab_msg[] = "inconsistent use of tabs and spaces in indentation";
  int top = q->ind[q->nind], atop = q->alt[q->nind];
  if (col > top) {
    if (alt <= atop)
      return pre_error(q, line, tcol, tab_msg);
    if (!q->opener)
      return pre_error(q, line, tcol, "unexpected indent");
    if (q->nind == MAX_INDENT)
      return pre_error(q, line, tcol, "too many levels of indentation");
    q->nind++;
    q->ind[q->nind] = col;
    q->alt[q->nind] = alt;
    q->last_kw[q->nind] = NULL;
  } else {
    if (q->opener)
      return pre_error(q, line, tcol, "expected an indented block after %s on line %d",
                       block_desc(q->opener_kw), q->opener_line);
    while (q->nind > 0 && col < q->ind[q->nind])
      q->nind--;
    if (col != q->ind[q->nind])
      return pre_error(q, line, tcol, "unindent does not match any outer indentation level");
    if (alt != q->alt[q->nind])
      return pre_error(q, line, tcol, tab_msg);
  }
  q->opener = false;
  return true;
}

/* The first token of a logical line tells what the statement is. */
static bool pre_first(Pre *q) {
  static const char *const after_else[] = {"if", "elif", "for", "while", "try", "except", NULL};
  static const char *const after_elif[] = {"if", "elif", NULL};
  static const char *const after_except[] = {"try", "except", NULL};
  static const char *const after_finally[] = {"try", "except", "else", NULL};
  const char *kw = q->kw, *prev = q->last_kw[q->nind];
  int l = q->first_line, c = q->first_col;
  static const char *const defs[] = {"def", "class", NULL};
  if (q->after_decorator && !q->decorator && !kw_in(kw, defs))
    return pre_error(q, l, c,
                     "invalid syntax: a decorator must be followed by a function definition");
  if (kw && strcmp(kw, "else") == 0 && !kw_in(prev, after_else))
    return pre_error(q, l, c, "invalid syntax: 'else' must follow an 'if', 'for', 'while' or "
                              "'try' block at the same indentation");
  if (kw && strcmp(kw, "elif") == 0 && !kw_in(prev, after_elif))
    return pre_error(q, l, c, "invalid syntax: 'elif' must follow an 'if' block at the same "
                              "indentation");
  if (kw && strcmp(kw, "except") == 0 && !kw_in(prev, after_except))
    return pre_error(q, l, c, "invalid syntax: 'except' must follow a 'try' block at the same "
                              "indentation");
  if (kw && strcmp(kw, "finally") == 0 && !kw_in(prev, after_finally))
    return pre_error(q, l, c, "invalid syntax: 'finally' must follow a 'try' block at the same "
                              "indentation");
  return true;
}

/* Does a logical line that ends with this token miss an operand? */
static const char *dangling(const Pre *q) {
  static const char *const ops[] = {
      "+",  "-",  "*",  "/",  "//", "%",  "**", "@",   "<<",  ">>",  "&",  "|",   "^",
      "<",  ">",  "<=", ">=", "==", "!=", "=",  "+=",  "-=",  "*=",  "/=", "//=", "%=",
      "**=", "@=", "&=", "|=", "^=", "<<=", ">>=", "->", ":=", ".", "~"};
  static const char *const kws[] = {"and", "or", "not", "in", "is"};
  const char *const *set = q->last_is_name ? kws : ops;
  size_t n = q->last_is_name ? sizeof kws / sizeof *kws : sizeof ops / sizeof *ops;
  if (!q->last_is_name && q->from_import && q->last_len == 1 && *q->last_tok == '*')
    return NULL; /* from m import * */
  for (size_t k = 0; k < n; k++)
    if (strlen(set[k]) == q->last_len && memcmp(set[k], q->last_tok, q->last_len) == 0)
      return set[k];
  return NULL;
}

static bool pre_end_line(Pre *q) {
  if (q->ntok == 0)
    return true;
  const char *op = dangling(q);
  if (op)
    return pre_error(q, q->end_line, q->end_col, "invalid syntax: expected %s after '%s'",
                     strcmp(op, ".") == 0 ? "a name" : "an expression", op);
  if (is_hard_block_kw(q->kw) && !q->colon0)
    return pre_error(q, q->end_line, q->end_col, "expected ':'");
  q->last_kw[q->nind] = is_hard_block_kw(q->kw) ? q->kw : NULL;
  q->opener = q->kw && q->ends_colon;
  q->opener_kw = q->kw;
  q->opener_line = q->first_line;
  q->opener_end_line = q->end_line;
  q->opener_end_col = q->end_col;
  q->after_decorator = q->decorator;
  q->ntok = 0;
  q->kw = NULL;
  q->async_first = q->colon0 = q->ends_colon = q->decorator = q->from_import = false;
  return true;
}

/* One token [start, q->i) that began at (line, col); `name` for identifiers. */
static bool pre_token(Pre *q, size_t start, int line, int col, bool name) {
  const char *t = q->s + start;
  size_t n = q->i - start;
  if (q->ntok == 0) {
    q->first_line = line;
    q->first_col = col;
    q->decorator = n == 1 && *t == '@';
    q->async_first = name && n == 5 && memcmp(t, "async", 5) == 0;
    q->kw = name ? block_kw(t, n) : NULL;
    q->from_import = name && n == 4 && memcmp(t, "from", 4) == 0;
  } else if (q->ntok == 1 && q->async_first)
    q->kw = name ? block_kw(t, n) : NULL;
  /* `async def` is a def: check the line once its keyword is known */
  if ((q->ntok == 0 && !q->async_first) || (q->ntok == 1 && q->async_first))
    if (!pre_first(q))
      return false;
  q->ntok++;
  q->last_tok = t;
  q->last_len = n;
  q->last_is_name = name;
  bool colon = n == 1 && *t == ':' && q->depth == 0;
  q->colon0 = q->colon0 || colon;
  q->ends_colon = colon;
  q->end_line = q->line;
  q->end_col = pre_col(q, q->i);
  return true;
}

static bool pre_bracket(Pre *q, char c, int line, int col) {
  if (strchr("([{", c)) {
    if (q->depth == MAX_PARENS)
      return pre_error(q, line, col, "too many nested parentheses (pyc2c, like CPython, allows %d)",
                       MAX_PARENS);
    q->br[q->depth] = c;
    q->br_line[q->depth] = line;
    q->br_col[q->depth] = col;
    q->depth++;
    return true;
  }
  if (!q->depth)
    return pre_error(q, line, col, "unmatched '%c'", c);
  char open = q->br[q->depth - 1];
  if ((open == '(' && c != ')') || (open == '[' && c != ']') || (open == '{' && c != '}')) {
    if (q->br_line[q->depth - 1] != line)
      return pre_error(
          q, line, col,
          "closing parenthesis '%c' does not match opening parenthesis '%c' on line %d", c, open,
          q->br_line[q->depth - 1]);
    return pre_error(q, line, col,
                     "closing parenthesis '%c' does not match opening parenthesis '%c'", c, open);
  }
  q->depth--;
  return true;
}

/* A string literal from its opening quote at q->i (the prefix, if any, already read). */
static bool pre_string(Pre *q, int line, int col) {
  char quote = q->s[q->i];
  bool triple = q->i + 2 < q->len && q->s[q->i + 1] == quote && q->s[q->i + 2] == quote;
  q->i += triple ? 3 : 1;
  while (q->i < q->len) {
    char c = q->s[q->i];
    if (c == '\\') {
      q->i++;
      if (q->i < q->len && q->s[q->i] == '\r' && q->i + 1 < q->len && q->s[q->i + 1] == '\n')
        q->i++;
      if (q->i < q->len && q->s[q->i] == '\n') {
        q->line++;
        q->line_start = q->i + 1;
      }
      q->i++;
      continue;
    }
    if (c == '\n') {
      if (!triple)
        return pre_error(q, line, col, "unterminated string literal (detected at line %d)",
                         q->line);
      q->line++;
      q->line_start = q->i + 1;
    } else if (c == quote && (!triple || (q->i + 2 < q->len && q->s[q->i + 1] == quote &&
                                          q->s[q->i + 2] == quote))) {
      q->i += triple ? 3 : 1;
      return true;
    }
    q->i++;
  }
  if (triple)
    return pre_error(q, line, col,
                     "unterminated triple-quoted string literal (detected at line %d)", q->line);
  return pre_error(q, line, col, "unterminated string literal (detected at line %d)", q->line);
}

static bool is_string_prefix(const char *t, size_t n) {
  static const char *const prefixes[] = {"r", "u", "b", "f", "br", "rb", "fr", "rf"};
  if (n > 2)
    return false;
  char low[3] = {0};
  for (size_t k = 0; k < n; k++)
    low[k] = (char)(t[k] | 0x20);
  for (size_t k = 0; k < sizeof prefixes / sizeof *prefixes; k++)
    if (strcmp(low, prefixes[k]) == 0)
      return true;
  return false;
}

/* Is code point cp a letter of a common script (so most likely meant as part of a name)? */
static bool looks_like_letter(uint32_t cp) {
  return (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || (cp >= 0x370 && cp <= 0x52F) ||
         (cp >= 0x5D0 && cp <= 0x6FF) || (cp >= 0x900 && cp <= 0xDFF) ||
         (cp >= 0x1E00 && cp <= 0x1FFF) || (cp >= 0x3040 && cp <= 0x30FF) ||
         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7A3);
}

static bool pre_non_ascii(Pre *q, int line, int col) {
  const unsigned char *u = (const unsigned char *)q->s + q->i;
  size_t avail = q->len - q->i;
  uint32_t cp = u[0];
  int n = 1;
  if (u[0] >= 0xF0 && avail >= 4) {
    cp = ((uint32_t)(u[0] & 7) << 18) | ((uint32_t)(u[1] & 63) << 12) |
         ((uint32_t)(u[2] & 63) << 6) | (u[3] & 63);
    n = 4;
  } else if (u[0] >= 0xE0 && avail >= 3) {
    cp = ((uint32_t)(u[0] & 15) << 12) | ((uint32_t)(u[1] & 63) << 6) | (u[2] & 63);
    n = 3;
  } else if (u[0] >= 0xC0 && avail >= 2) {
    cp = ((uint32_t)(u[0] & 31) << 6) | (u[1] & 63);
    n = 2;
  }
  if (looks_like_letter(cp))
    return pre_error(q, line, col,
                     "non-ASCII identifiers are not supported by pyc2c yet ('%.*s' is U+%04X)", n,
                     q->s + q->i, (unsigned)cp);
  return pre_error(q, line, col, "invalid character '%.*s' (U+%04X)", n, q->s + q->i, (unsigned)cp);
}

/* Length of the operator or delimiter token at s (longest match), at least 1. */
static size_t op_length(const char *s, size_t avail) {
  static const char *const ops[] = {"**=", "//=", ">>=", "<<=", "...", "**", "//", "<<",
                                    ">>",  "<=",  ">=",  "==",  "!=",  "->", "+=", "-=",
                                    "*=",  "/=",  "%=",  "&=",  "|=",  "^=", "@=", ":="};
  for (size_t k = 0; k < sizeof ops / sizeof *ops; k++) {
    size_t l = strlen(ops[k]);
    if (l <= avail && memcmp(s, ops[k], l) == 0)
      return l;
  }
  return 1;
}

static bool is_digit_of(char c, int base) {
  int v = hexval(c);
  return v >= 0 && v < base && (base == 16 || (c >= '0' && c <= '9'));
}

static bool is_ident_char(char c) {
  return c == '_' || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
         (unsigned char)c >= 0x80;
}

/* A numeric literal at q->i, checked as CPython's tokenizer does (the value is read later). */
static bool pre_number(Pre *q, int line, int col) {
  const char *s = q->s;
  size_t len = q->len, i = q->i;
  int base = 10;
  const char *kind = "decimal";
  if (s[i] == '0' && i + 1 < len && strchr("xXoObB", s[i + 1]) && s[i + 1]) {
    char b = (char)(s[i + 1] | 0x20);
    base = b == 'x' ? 16 : b == 'o' ? 8 : 2;
    kind = b == 'x' ? "hexadecimal" : b == 'o' ? "octal" : "binary";
    i += 2;
  }
  /* digits ('_' only between digits) */
  bool any = false, frac = false;
  for (;;) {
    if (i < len && s[i] == '_' && i + 1 < len && is_digit_of(s[i + 1], base) && (any || base != 10))
      i++;
    if (i < len && is_digit_of(s[i], base)) {
      i++;
      any = true;
    } else if (base == 10 && !frac && i < len && s[i] == '.') {
      frac = true;
      i++;
      if (i < len && s[i] == '_')
        break;
    } else
      break;
  }
  if (base == 10 && any && i < len && (s[i] | 0x20) == 'e') {
    size_t j = i + 1;
    if (j < len && (s[j] == '+' || s[j] == '-'))
      j++;
    if (j < len && s[j] >= '0' && s[j] <= '9') {
      i = j;
      while (i < len && ((s[i] >= '0' && s[i] <= '9') ||
                         (s[i] == '_' && i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '9')))
        i++;
    } else
      return pre_error(q, line, col, "invalid decimal literal");
  }
  if (base == 10 && any && i < len && (s[i] | 0x20) == 'j')
    i++;
  if (!any && i < len && s[i] >= '0' && s[i] <= '9')
    return pre_error(q, line, col, "invalid digit '%c' in %s literal", s[i], kind);
  if (!any)
    return pre_error(q, line, col, "invalid %s literal", kind);
  if (i < len && is_ident_char(s[i])) {
    /* `1if x else 2` is valid (deprecated) Python: a keyword may follow a number directly */
    static const char *const kws[] = {"and", "else", "for", "if", "in", "is", "not", "or"};
    for (size_t k = 0; k < sizeof kws / sizeof *kws; k++) {
      size_t l = strlen(kws[k]);
      if (len - i >= l && memcmp(s + i, kws[k], l) == 0) {
        q->i = i;
        return true;
      }
    }
    if (base != 10 && s[i] >= '0' && s[i] <= '9')
      return pre_error(q, line, col, "invalid digit '%c' in %s literal", s[i], kind);
    return pre_error(q, line, col, "invalid %s literal", kind);
  }
  q->i = i;
  return true;
}

/* Checks the tokens of s; fills `clean` (len bytes) with s with every comment blanked out, which
 * is what tree-sitter parses: its scanner mistakes a comment at a smaller indentation inside
 * brackets for a dedent, and comments mean nothing to the compiler. */
static bool precheck(Diag *d, const char *s, size_t len, char *clean) {
  Pre q_ = {.d = d, .s = s, .len = len, .line = 1}, *q = &q_;
  memcpy(clean, s, len);
  if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
    q->i = 3; /* a UTF-8 byte order mark, which Python skips */
  bool bol = true;
  for (;;) {
    if (bol) { /* measure the indentation of a new physical line */
      bol = false;
      int col = 0, alt = 0;
      for (; q->i < len; q->i++) {
        char c = s[q->i];
        if (c == ' ')
          col++, alt++;
        else if (c == '\t')
          col = (col / 8 + 1) * 8, alt++;
        else if (c == '\f')
          col = alt = 0;
        else
          break;
      }
      size_t j = q->i;
      while (j < len && s[j] == '\r')
        j++;
      bool blank = j >= len || s[j] == '#' || s[j] == '\n';
      if (!blank && q->depth == 0 && q->ntok == 0 &&
          !pre_indent(q, col, alt, q->line, pre_col(q, q->i)))
        return false;
    }
    if (q->i >= len)
      break;
    char c = s[q->i];
    int line = q->line, col = pre_col(q, q->i);
    size_t start = q->i;
    if (c == ' ' || c == '\t' || c == '\f' || c == '\r') {
      if (q->depth > 0)
        clean[q->i] = ' ';
      q->i++;
    } else if (c == '#') {
      while (q->i < len && s[q->i] != '\n' && s[q->i] != '\r')
        clean[q->i++] = ' ';
    } else if (c == '\n') {
      if (q->depth == 0 && !pre_end_line(q))
        return false;
      if (q->depth > 0) /* one line for tree-sitter, whatever the next line's indentation */
        clean[q->i] = ' ';
      q->i++;
      q->line++;
      q->line_start = q->i;
      bol = true;
    } else if (c == '\\') {
      size_t j = q->i + 1;
      while (j < len && s[j] == '\r')
        j++;
      if (j >= len)
        return pre_error(q, line, col, "unexpected end of file after line continuation character");
      if (s[j] != '\n')
        return pre_error(q, line, col, "unexpected character after line continuation character");
      memset(clean + q->i, ' ', j + 1 - q->i); /* the same for a backslash continuation */
      q->i = j + 1;
      q->line++;
      q->line_start = q->i;
    } else if (c == '_' || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) {
      while (q->i < len && (s[q->i] == '_' || (s[q->i] >= '0' && s[q->i] <= '9') ||
                            ((s[q->i] | 0x20) >= 'a' && (s[q->i] | 0x20) <= 'z')))
        q->i++;
      if (q->i < len && (unsigned char)s[q->i] >= 0x80)
        return pre_non_ascii(q, q->line, pre_col(q, q->i));
      if (q->i < len && (s[q->i] == '\'' || s[q->i] == '"') &&
          is_string_prefix(s + start, q->i - start)) {
        if (!pre_string(q, line, col) || !pre_token(q, start, line, col, false))
          return false;
      } else if (!pre_token(q, start, line, col, true))
        return false;
    } else if ((c >= '0' && c <= '9') ||
               (c == '.' && q->i + 1 < len && s[q->i + 1] >= '0' && s[q->i + 1] <= '9')) {
      if (!pre_number(q, line, col) || !pre_token(q, start, line, col, false))
        return false;
    } else if (c == '\'' || c == '"') {
      if (!pre_string(q, line, col) || !pre_token(q, start, line, col, false))
        return false;
    } else if ((unsigned char)c >= 0x80) {
      return pre_non_ascii(q, line, col);
    } else if (strchr("()[]{}", c)) {
      q->i++;
      if (!pre_bracket(q, c, line, col) || !pre_token(q, start, line, col, false))
        return false;
    } else if (c == '!' && !(q->i + 1 < len && s[q->i + 1] == '=')) {
      return pre_error(q, line, col,
                       "invalid syntax: '!' is not an operator (use 'not', or '!=' to compare)");
    } else if (c && strchr("+-*/%@&|^~<>=.,:;!", c)) {
      size_t n = op_length(s + q->i, len - q->i);
      q->i += n;
      if (!pre_token(q, start, line, col, false))
        return false;
    } else if ((unsigned char)c < 0x20 || c == 0x7F) {
      return pre_error(q, line, col, "invalid non-printable character U+%04X", (unsigned char)c);
    } else {
      return pre_error(q, line, col, "invalid character '%c' (U+%04X)", c, (unsigned char)c);
    }
  }
  if (q->depth)
    return pre_error(q, q->br_line[q->depth - 1], q->br_col[q->depth - 1], "'%c' was never closed",
                     q->br[q->depth - 1]);
  if (!pre_end_line(q))
    return false;
  if (q->opener)
    return pre_error(q, q->opener_end_line, q->opener_end_col,
                     "expected an indented block after %s on line %d", block_desc(q->opener_kw),
                     q->opener_line);
  if (q->after_decorator)
    return pre_error(q, q->opener_end_line, q->opener_end_col,
                     "invalid syntax: a decorator must be followed by a function definition");
  return true;
}

/* ---- syntax errors tree-sitter found (after precheck, mostly misplaced or missing tokens)
 * An ERROR node holds what tree-sitter skipped to recover; which token is at fault is a guess
 * from its shape, made to point where CPython would. */

static TSNode first_leaf(TSNode n) {
  while (ts_node_child_count(n))
    n = ts_node_child(n, 0);
  return n;
}

static TSNode last_leaf(TSNode n) {
  uint32_t c;
  while ((c = ts_node_child_count(n)))
    n = ts_node_child(n, c - 1);
  return n;
}

static bool zero_width(TSNode n) { return ts_node_start_byte(n) == ts_node_end_byte(n); }

/* The token before n in the tree (comments and zero-width nodes skipped), or a null node. */
static TSNode prev_leaf(TSNode n) {
  for (;;) {
    TSNode cur = n, sib = ts_node_prev_sibling(cur);
    while (ts_node_is_null(sib)) {
      cur = ts_node_parent(cur);
      if (ts_node_is_null(cur))
        return cur;
      sib = ts_node_prev_sibling(cur);
    }
    n = last_leaf(sib);
    if (!is(n, "comment") && !zero_width(n))
      return n;
  }
}

/* The source token that starts after byte `from` on the same line: sets *start and returns its
 * length, or 0 when the line (or the file) ends first. */
static size_t next_token(P *p, uint32_t from, uint32_t *start) {
  size_t i = from, len = p->len;
  const char *s = p->src;
  while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\f' || s[i] == '\r'))
    i++;
  if (i >= len || s[i] == '\n' || s[i] == '#' || s[i] == '\\')
    return 0;
  *start = (uint32_t)i;
  size_t j = i;
  if (s[i] == '"' || s[i] == '\'') {
    for (j = i + 1; j < len && s[j] != s[i] && s[j] != '\n'; j++)
      if (s[j] == '\\')
        j++;
    j = j < len ? j + 1 : len;
  } else if (is_ident_char(s[i])) {
    bool number = s[i] >= '0' && s[i] <= '9';
    while (j < len && (is_ident_char(s[j]) || (number && s[j] == '.')))
      j++;
  } else
    j = i + op_length(s + i, len - i);
  return j > len ? len - i : j - i;
}

static bool is_keyword_text(const char *t) {
  static const char *const kws[] = {
      "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
      "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
      "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
      "try", "while", "with", "yield"};
  for (size_t k = 0; k < sizeof kws / sizeof *kws; k++)
    if (strcmp(kws[k], t) == 0)
      return true;
  return false;
}

/* Does token n end an operand (so that another operand cannot follow it directly)? */
static bool ends_operand(P *p, TSNode n) {
  if (ts_node_is_null(n))
    return false;
  const char *t = ts_node_type(n);
  if (strcmp(t, "identifier") == 0)
    return !is_keyword_text(text(p, n));
  return strcmp(t, "integer") == 0 || strcmp(t, "float") == 0 || strcmp(t, "true") == 0 ||
         strcmp(t, "false") == 0 || strcmp(t, "none") == 0 || strcmp(t, "string_end") == 0 ||
         strcmp(t, "string") == 0 || strcmp(t, ")") == 0 || strcmp(t, "]") == 0 ||
         strcmp(t, "}") == 0;
}

/* "cannot assign to X": what X is, for a node left of '='. NULL when it can be assigned to. */
static const char *bad_target(TSNode n) {
  static const struct {
    const char *ts, *desc;
  } kinds[] = {
      {"integer", "a literal"},
      {"float", "a literal"},
      {"string", "a literal"},
      {"concatenated_string", "a literal"},
      {"true", "True"},
      {"false", "False"},
      {"none", "None"},
      {"call", "a function call"},
      {"binary_operator", "an expression"},
      {"unary_operator", "an expression"},
      {"boolean_operator", "an expression"},
      {"not_operator", "an expression"},
      {"comparison_operator", "a comparison"},
      {"conditional_expression", "a conditional expression"},
      {"lambda", "a lambda"},
  };
  for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
    if (is(n, kinds[k].ts))
      return kinds[k].desc;
  return NULL;
}

/* Reads the direct children of a flat ERROR node as a token sequence and reports the first token
 * that cannot follow the one before it: an operand right after an operand, or a binary operator
 * right after an operator. Returns false when nothing stands out. */
/* Is there a line break (a statement boundary: those inside brackets are blanked) between two
 * byte offsets? */
static bool line_break_between(P *p, uint32_t from, uint32_t to) {
  return to > from && to <= p->len && memchr(p->src + from, '\n', to - from) != NULL;
}

/* `x = y *` then a new line: the operator at the end of a line is what is wrong. */
static bool dangling_operator(P *p, TSNode op, uint32_t next_start) {
  if (ts_node_is_null(op))
    return false;
  const char *t = ts_node_type(op);
  if (ts_node_is_named(op) || strchr(")]}:,;", t[0]) ||
      !line_break_between(p, ts_node_end_byte(op), next_start))
    return false;
  diag_error(p->d, line_at(p, ts_node_end_byte(op)), col_at(p, ts_node_end_byte(op)),
             "invalid syntax: expected %s after '%s'",
             strcmp(t, ".") == 0 || strcmp(t, "import") == 0 ? "a name" : "an expression", t);
  return true;
}

static bool flat_scan(P *p, TSNode e) {
  static const char *const binary_only[] = {
      "=",  "+=", "-=", "*=", "/=", "//=", "%=", "**=", "@=", "&=", "|=", "^=", ">>=", "<<=",
      "*",  "/",  "//", "%",  "**", "@",   "<<", ">>",  "&",  "|",  "^",  "<",   ">",   "==",
      "!=", "<=", ">=", ",",  ":",  ".",   "->", ")",   "]",  "}",  ";"};
  enum { START, OPERAND, OPERATOR } prev = START;
  bool prev_open = false;
  TSNode prev_tok = {0};
  uint32_t count = ts_node_child_count(e);
  for (uint32_t i = 0; i < count; i++) {
    TSNode c = ts_node_child(e, i);
    if (is(c, "comment") || zero_width(c))
      continue;
    if (prev == OPERATOR && dangling_operator(p, prev_tok, ts_node_start_byte(c)))
      return true;
    prev_tok = c;
    const char *t = ts_node_type(c);
    if (ts_node_is_named(c)) {
      if (prev == OPERAND) {
        char *tok = text(p, first_leaf(c));
        if (strlen(tok) > 40)
          tok[40] = '\0';
        diag_error(p->d, line_of(p, c), col_of(p, c),
                   "invalid syntax: unexpected '%s' (missing operator or comma before it?)", tok);
        return true;
      }
      prev = strcmp(t, "expression_statement") == 0 ? START : OPERAND;
      prev_open = false;
      continue;
    }
    bool binary = false;
    for (size_t k = 0; k < sizeof binary_only / sizeof *binary_only; k++)
      binary = binary || strcmp(binary_only[k], t) == 0;
    bool closing = strchr(")]}", t[0]) != NULL;
    if (binary && prev != OPERAND && !(closing && prev_open) &&
        !(strcmp(t, ";") == 0 && prev == START && i > 0)) {
      diag_error(p->d, line_of(p, c), col_of(p, c), "invalid syntax: unexpected '%s'", t);
      return true;
    }
    prev_open = strchr("([{", t[0]) != NULL;
    prev = closing ? OPERAND : strcmp(t, ";") == 0 ? START : OPERATOR;
  }
  return false;
}

static void report_error_node(P *p, TSNode e) {
  /* a nested ERROR is the more precise one */
  uint32_t count = ts_node_child_count(e);
  for (uint32_t i = 0; i < count; i++)
    if (is(ts_node_child(e, i), "ERROR")) {
      report_error_node(p, ts_node_child(e, i));
      return;
    }
  if (dangling_operator(p, prev_leaf(e), ts_node_start_byte(e)))
    return;
  TSNode last = {0}, first_anon = {0};
  bool has_last = false, has_anon = false, has_if = false, has_else = false;
  for (uint32_t i = 0; i < count; i++) {
    TSNode c = ts_node_child(e, i);
    if (is(c, "comment") || zero_width(c))
      continue;
    last = c;
    has_last = true;
    if (!ts_node_is_named(c)) {
      const char *t = ts_node_type(c);
      has_if = has_if || strcmp(t, "if") == 0;
      has_else = has_else || strcmp(t, "else") == 0;
      /* `1 = x`, `f() = x`: ERROR(target, '=') */
      if (strcmp(t, "=") == 0 && i > 0 && ts_node_is_named(ts_node_child(e, i - 1)) &&
          bad_target(ts_node_child(e, i - 1)) &&
          (i == 1 || strcmp(ts_node_type(ts_node_child(e, i - 2)), "=") == 0)) {
        TSNode target = ts_node_child(e, i - 1);
        diag_error(p->d, line_of(p, target), col_of(p, target), "cannot assign to %s",
                   bad_target(target));
        return;
      }
      if (!has_anon && !strchr("([{", t[0])) {
        first_anon = c;
        has_anon = true;
      }
    }
  }
  if (!has_last) {
    diag_error(p->d, line_of(p, e), col_of(p, e), "invalid syntax");
    return;
  }
  uint32_t nstart = 0;
  size_t nlen = next_token(p, ts_node_end_byte(e), &nstart);
  char *next = nlen ? arena_strndup(p->a, p->src + nstart, nlen) : NULL;
  int nline = line_of(p, e), ncol = 0;
  if (next) { /* the next token is on the line where e ends */
    nline = line_at(p, nstart);
    ncol = col_at(p, nstart);
  }
  if (has_if && !has_else) {
    diag_error(p->d, next ? nline : line_at(p, ts_node_end_byte(e)),
               next ? ncol : col_at(p, ts_node_end_byte(e)),
               "expected 'else' after 'if' expression");
    return;
  }
  /* an operator or keyword with nothing usable after it */
  if (!ts_node_is_named(last) && !strchr(")]}", ts_node_type(last)[0])) {
    const char *op = ts_node_type(last);
    bool name_next = next && (is_ident_char(next[0]) && !(next[0] >= '0' && next[0] <= '9'));
    bool wants_name = strcmp(op, ".") == 0 || strcmp(op, "def") == 0 || strcmp(op, "class") == 0 ||
                      strcmp(op, "import") == 0 || strcmp(op, "from") == 0 ||
                      strcmp(op, "as") == 0 || strcmp(op, "global") == 0 ||
                      strcmp(op, "nonlocal") == 0;
    bool terminator = !next || strchr(")]}:,=;", next[0]) || strcmp(next, "->") == 0;
    if (strcmp(op, ",") == 0 && next && strcmp(next, ",") == 0) {
      diag_error(p->d, nline, ncol, "invalid syntax: unexpected ','");
      return;
    }
    if (strcmp(op, ";") == 0) {
      diag_error(p->d, line_of(p, last), col_of(p, last), "invalid syntax: unexpected ';'");
      return;
    }
    if (wants_name ? !name_next : terminator) {
      int l = next ? nline : line_at(p, ts_node_end_byte(last));
      int c = next ? ncol : col_at(p, ts_node_end_byte(last));
      diag_error(p->d, l, c, "invalid syntax: expected %s after '%s'",
                 wants_name ? "a name" : "an expression", op);
      return;
    }
  }
  if (flat_scan(p, e))
    return;
  if (has_anon) {
    diag_error(p->d, line_of(p, first_anon), col_of(p, first_anon),
               "invalid syntax: unexpected '%s'", text(p, first_anon));
    return;
  }
  /* only complete operands: two of them with no operator between */
  TSNode f = first_leaf(e);
  char *ft = text(p, f);
  if (is_keyword_text(ft) || ends_operand(p, prev_leaf(e))) {
    if (strlen(ft) > 40)
      ft[40] = '\0';
    diag_error(p->d, line_of(p, f), col_of(p, f),
               is_keyword_text(ft) ? "invalid syntax: unexpected '%s'"
                                   : "invalid syntax: unexpected '%s' (missing operator or comma "
                                     "before it?)",
               ft);
  } else if (next && nlen <= 40)
    diag_error(p->d, nline, ncol,
               strchr(")]}", next[0])
                   ? "invalid syntax: unexpected '%s'"
                   : "invalid syntax: unexpected '%s' (missing operator or comma "
                     "before it?)",
               next);
  else
    diag_error(p->d, line_of(p, e), col_of(p, e), "invalid syntax");
}

/* Reports every ERROR and MISSING node, walking iteratively (the CST may be deep). */
static void report_syntax_errors(P *p, TSNode root) {
  TSTreeCursor c = ts_tree_cursor_new(root);
  for (;;) {
    TSNode n = ts_tree_cursor_current_node(&c);
    bool err = false;
    if (ts_node_is_missing(n)) {
      const char *t = ts_node_type(n);
      if (strcmp(t, "_newline") == 0 || strcmp(t, "_indent") == 0 || strcmp(t, "_dedent") == 0)
        diag_error(p->d, line_of(p, n), col_of(p, n),
                   "invalid syntax: unexpected end of statement");
      else if (ts_node_is_named(n))
        diag_error(p->d, line_of(p, n), col_of(p, n), "invalid syntax: expected an expression");
      else
        diag_error(p->d, line_of(p, n), col_of(p, n), "invalid syntax: expected '%s'", t);
      err = true;
    } else if (is(n, "ERROR")) {
      report_error_node(p, n);
      err = true;
    }
    if (!err && ts_node_has_error(n) && ts_tree_cursor_goto_first_child(&c))
      continue;
    while (!ts_tree_cursor_goto_next_sibling(&c)) {
      if (!ts_tree_cursor_goto_parent(&c)) {
        ts_tree_cursor_delete(&c);
        return;
      }
    }
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
static bool decode_span(P *p, TSNode n, const char *s, const char *e, bool raw, char **out,
                        size_t *outlen);

static bool decode_string(P *p, TSNode n, char **out, size_t *outlen) {
  const char *s = p->src + ts_node_start_byte(n), *e = p->src + ts_node_end_byte(n);
  bool raw = false;
  while (s < e && *s != '\'' && *s != '"') {
    char c = (char)(*s | 0x20);
    if (c == 'b') {
      diag_error(p->d, line_of(p, n), col_of(p, n),
                 "bytes literals are not supported by pyc2c yet");
      return false;
    }
    if (c == 'r')
      raw = true;
    s++;
  }
  size_t q = (e - s >= 6 && s[0] == s[1] && s[1] == s[2]) ? 3 : 1;
  if ((size_t)(e - s) < 2 * q) {
    diag_error(p->d, line_of(p, n), col_of(p, n), "invalid syntax: unterminated string");
    return false;
  }
  s += q;
  e -= q;
  return decode_span(p, n, s, e, raw, out, outlen);
}

/* Decodes the escapes of the text [s, e) of string token n. */
static bool decode_span(P *p, TSNode n, const char *s, const char *e, bool raw, char **out,
                        size_t *outlen) {
  char *buf = arena_alloc(p->a, (size_t)(e - s) + 1);
  size_t o = 0;
  while (s < e) {
    if (*s == '\r') { /* Python reads CRLF (and a lone CR) in a literal as one newline */
      buf[o++] = '\n';
      s += s + 1 < e && s[1] == '\n' ? 2 : 1;
      continue;
    }
    if (*s != '\\' || raw) {
      if (raw && *s == '\\' && s + 1 < e && s[1] != '\r') /* raw: keep the backslash and next char */
        buf[o++] = *s++;
      else if (raw && *s == '\\') { /* raw backslash before a CR(LF): keep it, normalise the line end */
        buf[o++] = *s++;
        continue;
      }
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
    case '\r': /* line continuation with CRLF or CR */
      if (s < e && *s == '\n')
        s++;
      continue;
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
      diag_error(p->d, line_of(p, n), col_of(p, n),
                 "'\\N{...}' escapes are not supported by pyc2c yet");
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
        diag_error(p->d, line_of(p, n), col_of(p, n), "invalid \\%c escape in string", c);
        return false;
      }
      cp = cp * 16 + (uint32_t)h;
      s++;
    }
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      diag_error(p->d, line_of(p, n), col_of(p, n),
                 "invalid or surrogate code point in string escape");
      return false;
    }
    put_utf8(buf, &o, cp);
  }
  buf[o] = '\0';
  *out = buf;
  *outlen = o;
  return true;
}

static Node *fstring(P *p, TSNode n);

static bool is_fstring(P *p, TSNode n) {
  const char *s = p->src + ts_node_start_byte(n), *e = p->src + ts_node_end_byte(n);
  for (; s < e && *s != '\'' && *s != '"'; s++)
    if ((*s | 0x20) == 'f')
      return true;
  return false;
}

/* The pieces of a string literal: those of "a" "b" (concatenated), else *n itself. */
static Kids string_parts(P *p, TSNode *n) {
  if (is(*n, "concatenated_string"))
    return named_kids(p, *n);
  return (Kids){.v = n, .n = 1};
}

static Node *string_literal(P *p, TSNode n) {
  Kids parts = string_parts(p, &n);
  for (int i = 0; i < parts.n; i++)
    if (is_fstring(p, parts.v[i]))
      return fstring(p, n);
  Node *r = mk(p, N_STR, n);
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

/* 2j, 1.5e3J: the digits before the j (underscores already removed) read as a float, as
 * Python reads them (an integer part with leading zeros, 00j, is valid here). */
static Node *imag_literal(P *p, TSNode n, char *t) {
  Node *r = mk(p, N_IMAG, n);
  t[strlen(t) - 1] = '\0';
  r->fval = strtod(t, NULL);
  return r;
}

static Node *int_literal(P *p, TSNode n) {
  char *t = text(p, n), *w = t;
  for (char *r = t; *r; r++)
    if (*r != '_')
      *w++ = *r;
  *w = '\0';
  size_t len = strlen(t);
  if (len && (t[len - 1] == 'j' || t[len - 1] == 'J'))
    return imag_literal(p, n, t);
  Node *r = mk(p, N_INT, n);
  int base = 10;
  const char *digits = t;
  if (len > 1 && t[0] == '0' && strchr("xXoObB", t[1])) {
    base = (t[1] | 0x20) == 'x' ? 16 : (t[1] | 0x20) == 'o' ? 8 : 2;
    digits = t + 2;
  } else if (len > 1 && t[0] == '0') { /* "00" is valid Python; "01" is a syntax error */
    for (const char *c = t; *c; c++)
      if (*c != '0') {
        diag_error(p->d, line_of(p, n), col_of(p, n),
                   "leading zeros in decimal integer literals are not permitted; use an 0o prefix "
                   "for octal integers");
        return NULL;
      }
  }
  uint64_t v = 0;
  bool big = !*digits;
  for (const char *c = digits; *c && !big; c++) {
    int h = hexval(*c);
    if (h < 0 || h >= base) {
      diag_error(p->d, line_of(p, n), col_of(p, n), "invalid integer literal '%s'", t);
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
  if (len && (t[len - 1] == 'j' || t[len - 1] == 'J'))
    return imag_literal(p, n, t);
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
               {">=", OP_GE},     {"==", OP_EQ},    {"!=", OP_NE},
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

/* Each of k's nodes as an expression, appended to l; false if any failed (errors reported). */
static bool push_exprs(P *p, Kids k, NodeList *l) {
  bool ok = true;
  for (int i = 0; i < k.n; i++) {
    Node *e = expr(p, k.v[i]);
    ok = ok && e;
    vec_push(p->a, l, e);
  }
  return ok;
}

/* ---- f-strings */

static Node *str_part(P *p, TSNode at, char *txt, size_t len) {
  Node *r = mk(p, N_STR, at);
  r->str = txt;
  r->slen = len;
  return r;
}

/* Literal text of an f-string: escapes decoded, then `{{` and `}}` are single braces. */
static Node *fstring_text(P *p, TSNode at, const char *s, const char *e, bool raw) {
  char *t;
  size_t len;
  if (!decode_span(p, at, s, e, raw, &t, &len))
    return NULL;
  size_t o = 0;
  for (size_t i = 0; i < len; i++) {
    t[o++] = t[i];
    if ((t[i] == '{' || t[i] == '}') && i + 1 < len && t[i + 1] == t[i])
      i++;
  }
  t[o] = '\0';
  return str_part(p, at, t, o);
}

static Node *fstring_spec(P *p, TSNode spec, bool raw);

/* interpolation = '{' expression '='? ('!' conversion)? (':' format_specifier)? '}' */
static bool interpolation(P *p, TSNode n, bool raw, NodeList *out) {
  Node *f = mk(p, N_FORMATTED, n);
  TSNode x = field(n, "expression");
  f->a = expr(p, x);
  if (!f->a)
    return false;
  bool self_doc = false;
  for (uint32_t i = 0; i < ts_node_child_count(n); i++)
    self_doc = self_doc || (is(ts_node_child(n, i), "=") && !ts_node_is_named(ts_node_child(n, i)));
  TSNode conv = field(n, "type_conversion"), spec = field(n, "format_specifier");
  if (self_doc) { /* f"{x=}": the source text, '=', then repr unless a conversion or spec says */
    uint32_t from = ts_node_start_byte(n) + 1, to = ts_node_end_byte(x);
    for (uint32_t i = 0; i < ts_node_child_count(n); i++)
      if (is(ts_node_child(n, i), "="))
        to = ts_node_end_byte(ts_node_child(n, i));
    while (to < ts_node_end_byte(n) && (p->src[to] == ' ' || p->src[to] == '\t'))
      to++; /* f"{x = }" keeps the spaces around '=' */
    vec_push(p->a, out, str_part(p, n, arena_strndup(p->a, p->src + from, to - from), to - from));
    if (ts_node_is_null(conv) && ts_node_is_null(spec))
      f->str = "r";
  }
  if (!ts_node_is_null(conv)) {
    char *c = text(p, conv);
    f->str = c[0] == '!' ? c + 1 : c;
    if (strcmp(f->str, "r") != 0 && strcmp(f->str, "s") != 0 && strcmp(f->str, "a") != 0) {
      diag_error(p->d, line_of(p, conv), col_of(p, conv), "f-string: invalid conversion character");
      return false;
    }
  }
  if (!ts_node_is_null(spec) && !(f->b = fstring_spec(p, spec, raw)))
    return false;
  vec_push(p->a, out, f);
  return true;
}

/* The parts of [s, e) of an f-string: text around the interpolation children of n. */
static bool fstring_parts(P *p, TSNode n, uint32_t s, uint32_t e, bool raw, NodeList *out) {
  uint32_t at = s;
  for (uint32_t i = 0; i < ts_node_named_child_count(n); i++) {
    TSNode c = ts_node_named_child(n, i);
    bool field_node = is(c, "interpolation") || is(c, "format_expression");
    if (!field_node)
      continue;
    if (ts_node_start_byte(c) > at) {
      Node *t = fstring_text(p, n, p->src + at, p->src + ts_node_start_byte(c), raw);
      if (!t)
        return false;
      vec_push(p->a, out, t);
    }
    if (is(c, "format_expression")) {
      Node *f = mk(p, N_FORMATTED, c);
      if (!(f->a = expr(p, field(c, "expression"))))
        return false;
      vec_push(p->a, out, f);
    } else if (!interpolation(p, c, raw, out))
      return false;
    at = ts_node_end_byte(c);
  }
  if (e > at) {
    Node *t = fstring_text(p, n, p->src + at, p->src + e, raw);
    if (!t)
      return false;
    vec_push(p->a, out, t);
  }
  return true;
}

static Node *fstring_spec(P *p, TSNode spec, bool raw) {
  Node *r = mk(p, N_FSTRING, spec);
  uint32_t s = ts_node_start_byte(spec), e = ts_node_end_byte(spec);
  if (s < e && p->src[s] == ':')
    s++;
  return fstring_parts(p, spec, s, e, raw, &r->list) ? r : NULL;
}

/* f"..." (possibly concatenated with plain strings): N_FSTRING of text and fields. */
static Node *fstring(P *p, TSNode n) {
  Node *r = mk(p, N_FSTRING, n);
  Kids ks = string_parts(p, &n);
  for (int i = 0; i < ks.n; i++) {
    TSNode k = ks.v[i];
    if (!is_fstring(p, k)) {
      Node *t = mk(p, N_STR, k);
      if (!decode_string(p, k, (char **)&t->str, &t->slen))
        return NULL;
      vec_push(p->a, &r->list, t);
      continue;
    }
    const char *s = p->src + ts_node_start_byte(k), *e = p->src + ts_node_end_byte(k);
    bool raw = false;
    for (; s < e && *s != '\'' && *s != '"'; s++) {
      if ((*s | 0x20) == 'b') {
        diag_error(p->d, line_of(p, k), col_of(p, k), "bytes literals are not supported by pyc2c yet");
        return NULL;
      }
      raw = raw || (*s | 0x20) == 'r';
    }
    size_t q = (e - s >= 6 && s[0] == s[1] && s[1] == s[2]) ? 3 : 1;
    uint32_t from = (uint32_t)(s - p->src) + (uint32_t)q, to = ts_node_end_byte(k) - (uint32_t)q;
    if (!fstring_parts(p, k, from, to, raw, &r->list))
      return NULL;
  }
  return r;
}

/* tree-sitter accepts `f(,)` and `f(a,,b)`; Python does not. */
static bool check_commas(P *p, TSNode list) {
  bool after_sep = true; /* just after '(' or ',' */
  for (uint32_t i = 0; i < ts_node_child_count(list); i++) {
    TSNode c = ts_node_child(list, i);
    if (is(c, "comment"))
      continue;
    if (is(c, ",")) {
      if (after_sep) {
        diag_error(p->d, line_of(p, c), col_of(p, c), "invalid syntax: unexpected ','");
        return false;
      }
      after_sep = true;
    } else
      after_sep = is(c, "(");
  }
  return true;
}

/* async and await are keywords, which tree-sitter lets through as names. */
static bool check_name(P *p, TSNode n) {
  char *t = text(p, n);
  if (is_keyword_text(t)) {
    diag_error(p->d, line_of(p, n), col_of(p, n),
               "invalid syntax: '%s' is a keyword and cannot be used as a name", t);
    return false;
  }
  return true;
}

static Node *call_expr(P *p, TSNode n) {
  Node *r = mk(p, N_CALL, n);
  r->a = expr(p, field(n, "function"));
  TSNode args = field(n, "arguments");
  if (ts_node_is_null(args) || !is(args, "argument_list")) {
    unsupported(p, ts_node_is_null(args) ? n : args);
    return NULL;
  }
  if (!check_commas(p, args))
    return NULL;
  bool ok = r->a != NULL;
  Kids k = named_kids(p, args);
  for (int i = 0; i < k.n; i++) {
    TSNode c = k.v[i];
    if (is(c, "keyword_argument") || is(c, "dictionary_splat")) {
      Node *kw = mk(p, N_KEYWORD, c);
      bool splat = is(c, "dictionary_splat");
      kw->str = splat ? NULL : text(p, field(c, "name"));
      kw->a = expr(p, splat ? named_kids(p, c).v[0] : field(c, "value"));
      ok = ok && kw->a;
      vec_push(p->a, &r->list2, kw);
    } else if (r->list2.len) {
      diag_error(p->d, line_of(p, c), col_of(p, c),
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
        r->ops[nops] = op_from(t, false);
        if (r->ops[nops++] == OP_NONE) {
          diag_error(p->d, line_of(p, k), col_of(p, k), "invalid syntax: '%s' is not an operator%s",
                     t, strcmp(t, "<>") == 0 ? " in Python 3 (use '!=')" : "");
          ok = false;
        }
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

/* [elt for x in it if c ...], {k: v for ...}, {elt for ...}: clauses in source order. */
static Node *comprehension(P *p, TSNode n) {
  const char *t = ts_node_type(n);
  Node *r = mk(p, t[0] == 'l' ? N_LISTCOMP : t[0] == 's' ? N_SETCOMP : N_DICTCOMP, n);
  TSNode body = field(n, "body");
  bool ok = true;
  if (r->kind == N_DICTCOMP) {
    if (!is(body, "pair")) {
      unsupported(p, body);
      return NULL;
    }
    r->a = expr(p, field(body, "key"));
    r->b = expr(p, field(body, "value"));
    ok = r->a && r->b;
  } else
    ok = (r->a = expr(p, body)) != NULL;
  Kids k = named_kids(p, n);
  for (int i = 0; i < k.n; i++) {
    TSNode c = k.v[i];
    if (is(c, "for_in_clause")) {
      if (ts_node_child_count(c) && is(ts_node_child(c, 0), "async")) {
        diag_error(p->d, line_of(p, c), col_of(p, c), "'async for' is not supported by pyc2c yet");
        return NULL;
      }
      Node *f = mk(p, N_FOR, c);
      f->a = expr(p, field(c, "left"));
      f->b = expr(p, field(c, "right"));
      if (field_kids(p, c, "right").n != 1) {
        unsupported(p, c);
        return NULL;
      }
      ok = ok && f->a && f->b;
      vec_push(p->a, &r->list, f);
    } else if (is(c, "if_clause")) {
      Node *f = mk(p, N_IF, c);
      Kids ck = named_kids(p, c);
      f->a = ck.n == 1 ? expr(p, ck.v[0]) : NULL;
      ok = ok && f->a;
      vec_push(p->a, &r->list, f);
    }
  }
  return ok ? r : NULL;
}

static Node *expr_inner(P *p, TSNode n) {
  const char *t = ts_node_type(n);
  Node *r;
  if (strcmp(t, "identifier") == 0) {
    if (!check_name(p, n))
      return NULL;
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
  if (strcmp(t, "ellipsis") == 0) { /* `...`: the builtin Ellipsis, a name no assignment can rebind */
    r = mk(p, N_NAME, n);
    r->str = "...";
    return r;
  }
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
    bool ok = push_exprs(p, field_kids(p, n, "subscript"), &r->list);
    uint32_t count = ts_node_child_count(n); /* value [ subscript , ... ] */
    for (uint32_t i = count - 1; i > 0 && !r->big; i--) {
      TSNode c = ts_node_child(n, i);
      if (ts_node_is_named(c) && strcmp(ts_node_type(c), "comment") != 0)
        break;
      r->big = strcmp(ts_node_type(c), ",") == 0; /* x[i,]: the key is the tuple (i,) */
    }
    return ok && r->a ? r : NULL;
  }
  if (strcmp(t, "slice") == 0)
    return slice_expr(p, n);
  if (strcmp(t, "conditional_expression") == 0) {
    Kids k = named_kids(p, n);
    if (k.n != 3) {
      diag_error(p->d, line_of(p, n), col_of(p, n), "invalid syntax in conditional expression");
      return NULL;
    }
    r = mk(p, N_IFEXP, n);
    r->b = expr(p, k.v[0]);
    r->a = expr(p, k.v[1]);
    r->c = expr(p, k.v[2]);
    return r->a && r->b && r->c ? r : NULL;
  }
  if (strcmp(t, "tuple_pattern") == 0 && ts_node_child_count(n) == 3) /* `(x) = 1`: just x */
    t = "parenthesized_expression";
  if (strcmp(t, "parenthesized_expression") == 0 || strcmp(t, "type") == 0) {
    Kids k = named_kids(p, n);
    if (k.n != 1) {
      unsupported(p, n);
      return NULL;
    }
    /* no AST level, and no depth: precheck allows at most MAX_PARENS nested brackets */
    return ts_node_is_null(k.v[0]) ? NULL : expr_inner(p, k.v[0]);
  }
  if (strcmp(t, "list") == 0 || strcmp(t, "set") == 0 || strcmp(t, "list_pattern") == 0) {
    r = mk(p, t[0] == 's' ? N_SET : N_LIST, n);
    return push_exprs(p, named_kids(p, n), &r->list) ? r : NULL;
  }
  if (strcmp(t, "list_splat") == 0 || strcmp(t, "list_splat_pattern") == 0) {
    r = mk(p, N_STARRED, n);
    Kids k = named_kids(p, n);
    r->a = k.n == 1 ? expr(p, k.v[0]) : NULL;
    return r->a ? r : NULL;
  }
  if (strcmp(t, "dictionary") == 0) {
    r = mk(p, N_DICT, n);
    Kids k = named_kids(p, n);
    bool ok = true;
    for (int i = 0; i < k.n; i++) {
      if (is(k.v[i], "dictionary_splat")) { /* {**m}: key NULL, value m */
        Kids sk = named_kids(p, k.v[i]);
        Node *m = sk.n == 1 ? expr(p, sk.v[0]) : NULL;
        ok = ok && m;
        vec_push(p->a, &r->list, NULL);
        vec_push(p->a, &r->list2, m);
        continue;
      }
      if (!is(k.v[i], "pair")) {
        unsupported(p, k.v[i]);
        return NULL;
      }
      Node *key = expr(p, field(k.v[i], "key")), *val = expr(p, field(k.v[i], "value"));
      ok = ok && key && val;
      vec_push(p->a, &r->list, key);
      vec_push(p->a, &r->list2, val);
    }
    return ok ? r : NULL;
  }
  if (strcmp(t, "list_comprehension") == 0 || strcmp(t, "set_comprehension") == 0 ||
      strcmp(t, "dictionary_comprehension") == 0)
    return comprehension(p, n);
  if (strcmp(t, "expression_list") == 0 || strcmp(t, "pattern_list") == 0)
    t = "tuple";
  if (strcmp(t, "tuple") == 0 || strcmp(t, "tuple_pattern") == 0) {
    r = mk(p, N_TUPLE, n);
    return push_exprs(p, named_kids(p, n), &r->list) ? r : NULL;
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
    return check_name(p, n) ? r : NULL;
  }
  if (is(n, "typed_parameter")) {
    Kids k = named_kids(p, n);
    if (!k.n || !is(k.v[0], "identifier")) {
      unsupported(p, k.n ? k.v[0] : n);
      return NULL;
    }
    r->str = text(p, k.v[0]);
    if (!check_name(p, k.v[0]))
      return NULL;
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
    if (!check_name(p, name))
      return NULL;
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
    diag_error(p->d, line_of(p, n), col_of(p, n), "async functions are not supported by pyc2c yet");
    return NULL;
  }
  if (!ts_node_is_null(field(n, "type_parameters"))) {
    unsupported(p, field(n, "type_parameters"));
    return NULL;
  }
  Node *r = mk(p, N_FUNCDEF, n);
  TSNode name = field(n, "name");
  r->line = line_of(p, name); /* point at the name, as Python's tracebacks do for "def" */
  r->col = col_of(p, name);
  r->str = text(p, name);
  if (!check_name(p, name))
    return NULL;
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

static bool check_target(P *p, TSNode t) {
  if (is(t, "identifier") && strcmp(text(p, t), "__debug__") == 0) {
    diag_error(p->d, line_of(p, t), col_of(p, t), "cannot assign to __debug__");
    return false;
  }
  return true;
}

/* assignment = target ('=' assignment | ':' type ('=' value)?) */
static Node *assignment(P *p, TSNode n) {
  if (!check_target(p, field(n, "left")))
    return NULL;
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
    if (!check_target(p, field(cur, "left")))
      return NULL;
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
  if (is(c, "ellipsis")) /* a bare `...` (a stub's body): a constant CPython never evaluates */
    return mk(p, N_PASS, n);
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

/* from __future__ import x: only at the top of the module, only features Python knows. None
 * changes what compiled code does (annotations are never evaluated at run time by it). */
static Node *future_import(P *p, TSNode n) {
  static const char *const features[] = {
      "nested_scopes",  "generators",       "division",       "absolute_import", "with_statement",
      "print_function", "unicode_literals", "generator_stop", "annotations"};
  if (!p->future_ok) {
    diag_error(p->d, line_of(p, n), col_of(p, n),
               "from __future__ imports must occur at the beginning of the file");
    return NULL;
  }
  Kids names = field_kids(p, n, "name");
  for (int i = 0; i < names.n; i++) {
    TSNode nm = is(names.v[i], "aliased_import") ? field(names.v[i], "name") : names.v[i];
    char *f = text(p, nm);
    bool known = false;
    for (size_t k = 0; k < sizeof features / sizeof *features; k++)
      known = known || strcmp(features[k], f) == 0;
    if (strcmp(f, "braces") == 0) {
      diag_error(p->d, line_of(p, nm), col_of(p, nm), "not a chance");
      return NULL;
    }
    if (strcmp(f, "barry_as_FLUFL") == 0) {
      diag_error(p->d, line_of(p, nm), col_of(p, nm),
                 "'from __future__ import barry_as_FLUFL' is not supported by pyc2c");
      return NULL;
    }
    if (!known) {
      diag_error(p->d, line_of(p, nm), col_of(p, nm), "future feature %s is not defined", f);
      return NULL;
    }
  }
  return mk(p, N_PASS, n);
}

/* try_statement = 'try' block (except_clause+ else_clause? finally_clause? | finally_clause) */
static Node *try_stmt(P *p, TSNode n) {
  Node *r = mk(p, N_TRY, n);
  body_of(p, field(n, "body"), &r->body, NULL);
  Kids k = named_kids(p, n);
  bool ok = true;
  for (int i = 0; i < k.n; i++) {
    TSNode c = k.v[i];
    if (is(c, "except_clause")) {
      Node *h = mk(p, N_EXCEPT, c);
      Kids ck = named_kids(p, c);
      for (int j = 0; j < ck.n; j++) {
        TSNode x = ck.v[j];
        if (is(x, "block")) {
          body_of(p, x, &h->body, NULL);
        } else if (is(x, "as_pattern")) {
          Kids ak = named_kids(p, x);
          Kids tk = named_kids(p, field(x, "alias"));
          if (ak.n < 1 || tk.n != 1 || !is(tk.v[0], "identifier")) {
            unsupported(p, x);
            return NULL;
          }
          h->a = expr(p, ak.v[0]);
          h->str = text(p, tk.v[0]);
          ok = ok && h->a;
        } else if (!is(x, "comment")) {
          h->a = expr(p, x);
          ok = ok && h->a;
        }
      }
      vec_push(p->a, &r->list, h);
    } else if (is(c, "except_group_clause")) {
      unsupported(p, c);
      return NULL;
    } else if (is(c, "else_clause"))
      body_of(p, field(c, "body"), &r->orelse, NULL);
    else if (is(c, "finally_clause")) {
      Kids fk = named_kids(p, c);
      for (int j = 0; j < fk.n; j++)
        if (is(fk.v[j], "block"))
          body_of(p, fk.v[j], &r->list2, NULL);
    }
  }
  return ok ? r : NULL;
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
  if (strcmp(t, "with_statement") == 0) {
    if (ts_node_child_count(n) && is(ts_node_child(n, 0), "async")) {
      diag_error(p->d, line_of(p, n), col_of(p, n), "'async with' is not supported by pyc2c yet");
      return NULL;
    }
    r = mk(p, N_WITH, n);
    Kids k = named_kids(p, n);
    bool ok = true;
    for (int i = 0; i < k.n; i++) {
      if (!is(k.v[i], "with_clause"))
        continue;
      Kids items = named_kids(p, k.v[i]);
      for (int j = 0; j < items.n; j++) {
        TSNode v = is(items.v[j], "with_item") ? field(items.v[j], "value") : items.v[j];
        Node *target = NULL;
        if (!ts_node_is_null(v) && is(v, "as_pattern")) {
          Kids ak = named_kids(p, v);
          TSNode alias = field(v, "alias");
          Kids tk = named_kids(p, alias);
          if (ak.n < 1 || tk.n != 1) {
            unsupported(p, v);
            ok = false;
            continue;
          }
          target = expr(p, tk.v[0]);
          ok = ok && target;
          v = ak.v[0];
        }
        if (ts_node_is_null(v)) {
          unsupported(p, items.v[j]);
          ok = false;
          continue;
        }
        Node *e = expr(p, v);
        ok = ok && e;
        vec_push(p->a, &r->list, e);
        vec_push(p->a, &r->list2, target);
      }
    }
    body_of(p, field(n, "body"), &r->body, NULL);
    return ok ? r : NULL;
  }
  if (strcmp(t, "for_statement") == 0) {
    if (ts_node_child_count(n) && is(ts_node_child(n, 0), "async")) {
      diag_error(p->d, line_of(p, n), col_of(p, n), "'async for' is not supported by pyc2c yet");
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
    bool from = t[7] == 'f'; /* import_from_statement */
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
    return future_import(p, n);
  if (strcmp(t, "assert_statement") == 0) {
    r = mk(p, N_ASSERT, n);
    Kids k = named_kids(p, n);
    r->a = k.n > 0 ? expr(p, k.v[0]) : NULL;
    if (k.n > 1 && !(r->b = expr(p, k.v[1])))
      return NULL;
    return r->a ? r : NULL;
  }
  if (strcmp(t, "raise_statement") == 0) {
    r = mk(p, N_RAISE, n);
    TSNode cause = field(n, "cause");
    Kids k = named_kids(p, n);
    if (k.n && !ts_node_eq(k.v[0], cause) && !(r->a = expr(p, k.v[0])))
      return NULL;
    if (!ts_node_is_null(cause) && !(r->b = expr(p, cause)))
      return NULL;
    return r;
  }
  if (strcmp(t, "try_statement") == 0)
    return try_stmt(p, n);
  if (strcmp(t, "delete_statement") == 0 || strcmp(t, "global_statement") == 0) {
    r = mk(p, t[0] == 'd' ? N_DEL : N_GLOBAL, n);
    Kids k = named_kids(p, n);
    if (k.n == 1 && is(k.v[0], "expression_list"))
      k = named_kids(p, k.v[0]);
    for (int i = 0; i < k.n; i++) {
      Node *e = expr(p, k.v[i]);
      if (!e)
        return NULL;
      vec_push(p->a, &r->list, e);
    }
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
  if (!is(n, "future_import_statement"))
    p->future_ok = false;
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
  char *clean = arena_alloc(a, len + 1);
  if (!precheck(d, src, len, clean))
    return NULL;
  const char *original = src;
  src = clean;
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
  P p = {.a = a, .d = d, .src = src, .len = len, .future_ok = true};
  /* line starts of the original text */
  int nlines = 1;
  for (size_t i = 0; i < len; i++)
    nlines += original[i] == '\n';
  uint32_t *starts = arena_alloc(a, sizeof(uint32_t) * (size_t)nlines);
  nlines = 1;
  for (size_t i = 0; i < len; i++)
    if (original[i] == '\n')
      starts[nlines++] = (uint32_t)(i + 1);
  p.line_starts = starts;
  p.nlines = nlines;
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
    m->src = original;
    m->len = len;
    m->cli_boundscheck = m->cli_wraparound = m->cli_cdivision = -1;
    body_of(&p, root, &m->root->body, &m->root->str);
  }
  ts_tree_delete(tree);
  ts_parser_delete(parser);
  return d->errors == before ? m : NULL;
}
