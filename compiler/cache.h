/* cache.h: the content-addressed build cache shared by every caller of `pyc2c build` (the CLI,
 * the setuptools and meson hooks, the IPython magic). A module's key hashes everything that
 * shapes the built file: the generated C (which carries the source, its directives and the path
 * named in tracebacks), the pyc2c version and executable, the command-line options, the target
 * Python (EXT_SUFFIX, include directory, cache tag), the C compiler and flags, the runtime's
 * sources and headers, and NumPy's ABI headers when the module uses NumPy. */
#ifndef PYC2C_CACHE_H
#define PYC2C_CACHE_H
#include "toolchain.h"
#include <stddef.h>

/* target_query, remembered in the cache per interpreter (its path, inode, size and mtime, and
 * $CC), so that a cache hit does not start Python. Returns false after printing why. */
bool target_lookup(const char *python, Target *t);

typedef struct CacheBuild {
  const char *modname, *outdir;
  const char *c_text, *stub; /* the generated C and .pyi text */
  size_t c_len, stub_len;
  const char *options; /* the command-line options that shape the module, in order */
  bool use_cache;      /* false with --no-cache / -f: build, then refresh the cache entry */
} CacheBuild;

/* Writes outdir/modname<EXT_SUFFIX> (from the cache, or built and then stored) and
 * outdir/modname.pyi, each atomically (temporary file + rename). Returns build_module's codes. */
int cache_build(const Target *t, const BuildOptions *o, const CacheBuild *cb);

/* `pyc2c cache dir|clear|info`: argv[0] is the subcommand. Returns the exit status. */
int cache_command(int argc, char **argv);

#endif
