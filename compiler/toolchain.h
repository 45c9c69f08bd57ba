/* toolchain.h: the target Python (sysconfig), the C compiler, and the runtime object cache.
 * Processes are started with posix_spawnp and argument vectors: no shell ever sees a path. */
#ifndef PYC2C_TOOLCHAIN_H
#define PYC2C_TOOLCHAIN_H
#include <stdbool.h>

typedef struct Target {
  char *ext_suffix;  /* ".cpython-311-x86_64-linux-gnu.so" */
  char *include_dir; /* Python.h lives here */
  char *cc;          /* CC from sysconfig (or $CC), may hold words: "gcc -pthread" */
  char *cache_tag;   /* "cpython-311" */
} Target;

typedef struct BuildOptions {
  const char *python;    /* interpreter to build for */
  const char *home;      /* pyc2c's own tree: include/ and runtime/ */
  bool native_arch;      /* -march=native */
  bool keep_c;           /* keep the generated C beside the module */
  bool verbose;          /* print the commands */
  bool numpy;            /* the module includes NumPy's headers */
  bool openmp;           /* compile and link the module with -fopenmp */
} BuildOptions;

/* Asks `python` for its sysconfig. Returns false after printing why. */
bool target_query(const char *python, Target *t);

/* Can the C compiler build and link an OpenMP program (-fopenmp)? Asked once per compiler; the
 * answer is cached beside the runtime objects. */
bool openmp_available(const Target *t, const BuildOptions *o);

/* Compiles `c_path` into `out_path` (written atomically), linking the cached runtime.
 * Returns 0, or 3 after printing the C compiler's output when it rejected the code. */
int build_module(const Target *t, const BuildOptions *o, const char *c_path, const char *out_path);

/* Runs argv; captures stdout+stderr into *output (malloc'd, may be NULL); returns exit status,
 * or -1 if it could not start. */
int run_capture(char *const argv[], char **output);

/* $PYC2C_CACHE_DIR, else $XDG_CACHE_HOME/pyc2c, else ~/.cache/pyc2c (malloc'd). */
char *cache_dir(void);
/* mkdir -p; 0 on success (or when it exists). */
int mkdirs(const char *path);

/* A malloc'd printf result; exits with status 3 when out of memory. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
