/* frontend.c: runs the passes in order: check the text, parse, infer types, emit C. */
#include "frontend.h"
#include "annotate/annotate.h"
#include "emit/emit.h"
#include "parse/parse.h"
#include "typeinfer/typeinfer.h"
#include <stdlib.h>
#include <string.h>

/* Python rejects NUL bytes and invalid UTF-8 before parsing; so do we, with a position. */
static bool check_text(Diag *d, const char *src, size_t len) {
  int line = 1, col = 1;
  for (size_t i = 0; i < len;) {
    unsigned char c = (unsigned char)src[i];
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = n > 0 && i + n <= len;
    for (size_t k = 1; ok && k < n; k++)
      ok = ((unsigned char)src[i + k] >> 6) == 2;
    if (ok && n == 2 && c < 0xC2)
      ok = false; /* overlong */
    if (!ok) {
      diag_error(d, line, col, "source is not valid UTF-8 (byte 0x%02x): save the file as UTF-8",
                 c);
      return false;
    }
    if (c == 0) {
      diag_error(d, line, col, "source code cannot contain null bytes");
      return false;
    }
    if (c == '\n') {
      line++;
      col = 1;
    } else
      col += (int)n;
    i += n;
  }
  return true;
}

bool frontend_valid_module_name(const char *name) {
  static const char *const keywords[] = {
      "False", "None",   "True",    "and",      "as",       "assert", "async",  "await",
      "break", "class",  "continue", "def",     "del",      "elif",   "else",   "except",
      "finally", "for",  "from",    "global",   "if",       "import", "in",     "is",
      "lambda", "nonlocal", "not",  "or",       "pass",     "raise",  "return", "try",
      "while", "with",   "yield"};
  if (!*name || (*name >= '0' && *name <= '9'))
    return false;
  for (const char *p = name; *p; p++)
    if (!(*p == '_' || (*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')))
      return false;
  for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++)
    if (strcmp(keywords[i], name) == 0)
      return false;
  return true;
}

/* The report needs the C (with #line directives) to show each line's code. */
static int annotate(Arena *a, Diag *d, Module *m, ModuleInfo *mi, const FrontendOptions *opt) {
  char *c = NULL;
  size_t clen = 0;
  FILE *mem = open_memstream(&c, &clen);
  if (!mem)
    return ++d->errors;
  EmitOptions eo = {.line_directives = true};
  emit_module(mem, m, mi, a, &eo);
  fclose(mem);
  annotate_write(opt->annotate_out, opt->annotate_json ? ANNOTATE_JSON : ANNOTATE_HTML, m, mi, c,
                 clen, a);
  free(c);
  return d->errors;
}

int frontend_compile(Arena *a, Diag *d, const char *src, size_t len, const char *modname,
                     const char *filename, const FrontendOptions *opt, FILE *c_out) {
  /* Python reads a lone '\r' (old Mac line ends) as a line break; every stage here counts
   * '\n', so they see a copy with those turned into '\n' (same length, same offsets). */
  for (size_t i = 0; i < len; i++)
    if (src[i] == '\r' && (i + 1 == len || src[i + 1] != '\n')) {
      char *copy = arena_alloc(a, len + 1);
      memcpy(copy, src, len);
      for (size_t k = i; k < len; k++)
        if (copy[k] == '\r' && (k + 1 == len || copy[k + 1] != '\n'))
          copy[k] = '\n';
      src = copy;
      d->src = copy;
      break;
    }
  if (!check_text(d, src, len))
    return d->errors;
  Module *m = parse_module(a, d, src, len, modname, filename);
  if (!m)
    return d->errors;
  m->cli_boundscheck = (signed char)(opt->boundscheck - 1);
  m->cli_wraparound = (signed char)(opt->wraparound - 1);
  m->cli_cdivision = (signed char)(opt->cdivision - 1);
  m->cli_fastmath = (signed char)(opt->fastmath - 1);
  if (opt->dump && strcmp(opt->dump, "ast") == 0)
    ast_dump(opt->dump_out, m->root, 0);
  ModuleInfo *mi = typeinfer_module(m, a, d);
  if (!mi)
    return d->errors;
  if (opt->uses_numpy)
    *opt->uses_numpy = mi->uses_numpy;
  if (opt->uses_openmp)
    *opt->uses_openmp = mi->uses_openmp;
  if (opt->dump && strcmp(opt->dump, "types") == 0)
    typeinfer_dump(opt->dump_out, mi);
  if (opt->strict_native && annotate_strict_native(m, mi, d, a))
    return d->errors;
  if (opt->annotate_out)
    return annotate(a, d, m, mi, opt);
  if (opt->stop_after == STAGE_EMIT) {
    EmitOptions eo = {.line_directives = opt->line_directives};
    emit_module(c_out, m, mi, a, &eo);
    if (opt->stub_out)
      emit_stub(opt->stub_out, m, mi);
  }
  return d->errors;
}
