/* fuzz_frontend.c: libFuzzer target over the whole front end (check text, parse, typeinfer, emit).
 *
 * Each input is a module's source text. It runs through frontend_compile with a fresh Arena and
 * Diag, both stages (STAGE_EMIT), diagnostics and generated C thrown away in /dev/null. The
 * target must never crash, leak (the arena is freed every run), hang or trip UBSan, whatever the
 * bytes: malformed input is answered by diagnostics.
 *
 *   make fuzz FUZZ_SECONDS=120      (corpus in build/fuzz/corpus, seeds in tests/fuzz/seeds)
 *   build/fuzz/fuzz_frontend CRASH  (replays one input)
 */
#include "arena.h"
#include "diag.h"
#include "frontend.h"
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull(void) {
  static FILE *f;
  if (!f) {
    f = fopen("/dev/null", "w");
    if (!f) {
      perror("fuzz_frontend: /dev/null");
      abort();
    }
  }
  return f;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FILE *null_out = devnull();
  /* libFuzzer hands over exactly `size` heap bytes with no terminator, so ASan catches any read
   * past the end of the text: the front end takes (src, len) and must not rely on a NUL. */
  const char *src = (const char *)data;
  Arena arena;
  arena_init(&arena);
  Diag d;
  diag_init(&d, "fuzz.py", src, size);
  d.out = null_out;
  /* The dumps (--dump=ast|types) and #line directives are front-end code too: the input's length
   * picks them, so that one input always replays the same way and the text itself is untouched. */
  static const char *const dumps[] = {NULL, "ast", "types"};
  FrontendOptions opt = {.stop_after = STAGE_EMIT, .line_directives = size % 2 == 0,
                         .dump = dumps[size % 3], .dump_out = null_out, .stub_out = null_out};
  int errors = frontend_compile(&arena, &d, src, size, "fuzz", "/fuzz/fuzz.py", &opt, null_out);
  if (errors != d.errors) /* the return value is the error count reported through d */
    abort();
  arena_free(&arena);
  return 0;
}
