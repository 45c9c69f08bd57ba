/* main.c: the pyc2c command line. Exit status: 0 success, 1 diagnostics in the source,
 * 2 usage or I/O errors, 3 internal errors (the C compiler rejected generated code). */
#include "cache.h"
#include "config.h"
#include "frontend.h"
#include "toolchain.h"
#include "version.h"
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef PYC2C_DEFAULT_HOME
#define PYC2C_DEFAULT_HOME "."
#endif

static const char usage_text[] =
    "usage: pyc2c build FILE.py [-o DIR] [--python PY] [-X DIRECTIVE=VALUE] [--portable]\n"
    "                   [--no-openmp] [--keep-c] [--no-cache | -f] [--strict-native] [-v]\n"
    "       pyc2c emit FILE.py [-o FILE.c] [--stub FILE.pyi] [--dump=ast|types] [--no-line-directives]\n"
    "       pyc2c check FILE.py [--types | --dump=ast|types] [--strict-native]\n"
    "       pyc2c annotate FILE.py [-o FILE.html] [--json]\n"
    "       pyc2c cache dir|info|clear\n"
    "       pyc2c config [--home] [--includedir] [--runtime-sources] [--cflags] [--pkgconfigdir]\n"
    "       pyc2c --help | --version\n";

static const char help_text[] =
    "pyc2c compiles Python annotated in Cython's pure-Python mode into a CPython extension.\n\n"
    "commands:\n"
    "  build FILE.py   compile FILE.py into DIR/NAME<EXT_SUFFIX>, importable as NAME\n"
    "  emit FILE.py    write the generated C (to stdout, or -o FILE.c)\n"
    "  check FILE.py   report errors only\n"
    "  annotate FILE.py  an HTML page (or --json) showing the Python-object work left on each line\n"
    "  cache dir|info|clear  where the build cache is, what it holds, empty it\n"
    "  config ...      where the runtime headers and sources are, and the C flags (for meson)\n\n"
    "options:\n"
    "  -o PATH              output directory (build; default: beside FILE.py), C file (emit)\n"
    "                       or report (annotate)\n"
    "  --python PY          build for this interpreter (default: $PYC2C_PYTHON or python3);\n"
    "                       its sysconfig gives EXT_SUFFIX, include dirs and CC ($CC overrides)\n"
    "  -X NAME=VALUE        a directive's default for the module (boundscheck, wraparound,\n"
    "                       cdivision: True or False); a '# cython:' header in the file wins;\n"
    "                       -X fastmath=True compiles every function as @pyc2c.fastmath\n"
    "  --no-cache, -f       build even if the cache ($PYC2C_CACHE_DIR) holds the module\n"
    "  --portable           do not tune for this machine's CPU (no -march=native)\n"
    "  --no-openmp          build prange loops and parallel() blocks serially, without OpenMP\n"
    "  --keep-c             keep the generated C as DIR/NAME.c\n"
    "  --stub FILE.pyi      emit: also write the module's .pyi stub (build writes DIR/NAME.pyi)\n"
    "  --no-line-directives no #line directives back to the .py in the C\n"
    "  --dump=ast|types     print the syntax tree, or the inferred types, to stdout\n"
    "  --types              the same as --dump=types: each function's locals and return type\n"
    "  --strict-native      error on any Python-object operation in a @pyc2c.native or\n"
    "                       @cython.nogil function (build, check)\n"
    "  --json               annotate: the report as JSON (for CI) instead of HTML\n"
    "  -v, --verbose        print the C compiler commands and cache hits\n\n"
    "exit status: 0 ok, 1 errors in the source, 2 usage or I/O error, 3 internal error\n";

static int usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, "pyc2c: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n%s", usage_text);
  return 2;
}

typedef struct Cli {
  const char *cmd, *file, *out, *python, *dump, *stub;
  bool portable, keep_c, verbose, no_lines, no_cache, no_openmp, strict_native, json;
  signed char directives[4]; /* -X boundscheck, wraparound, cdivision, fastmath: 0 unset, 1 False, 2 True */
  char key_opts[1024];       /* the options that shape the built module (part of the cache key) */
} Cli;

/* -X NAME=VALUE: a directive's default for the whole module. */
static int directive_option(Cli *c, const char *s) {
  static const char *const names[] = {"boundscheck", "wraparound", "cdivision", "fastmath"};
  const char *eq = strchr(s, '=');
  for (int i = 0; eq && i < 4; i++)
    if (strlen(names[i]) == (size_t)(eq - s) && strncmp(s, names[i], (size_t)(eq - s)) == 0) {
      if (strcmp(eq + 1, "True") != 0 && strcmp(eq + 1, "False") != 0)
        return usage_error("-X %s takes True or False", s);
      c->directives[i] = strcmp(eq + 1, "True") == 0 ? 2 : 1;
      return 0;
    }
  return usage_error("-X takes boundscheck=, wraparound=, cdivision= or fastmath= True or False, "
                     "not '%s'", s);
}

/* Notes an option in the cache key ("-X boundscheck=False --portable ..."). */
static void key_opt(Cli *c, const char *a) {
  size_t n = strlen(c->key_opts);
  snprintf(c->key_opts + n, sizeof c->key_opts - n, "%s\x1f", a);
}

static int parse_cli(int argc, char **argv, Cli *c) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "-o") == 0 || strcmp(a, "--python") == 0 || strcmp(a, "--stub") == 0) {
      if (i + 1 >= argc)
        return usage_error("option %s needs a value", a);
      *(a[1] == 'o' ? &c->out : a[2] == 'p' ? &c->python : &c->stub) = argv[++i];
    } else if (strncmp(a, "--python=", 9) == 0)
      c->python = a + 9;
    else if (strcmp(a, "--types") == 0) /* check --types: the inferred types, as annotated Python */
      c->dump = "types";
    else if (strncmp(a, "--dump=", 7) == 0) {
      c->dump = a + 7;
      if (strcmp(c->dump, "ast") != 0 && strcmp(c->dump, "types") != 0)
        return usage_error("--dump takes 'ast' or 'types', not '%s'", c->dump);
    } else if (strcmp(a, "-X") == 0 || (strncmp(a, "-X", 2) == 0 && a[2])) {
      if (!a[2] && i + 1 >= argc)
        return usage_error("option %s needs a value", a);
      const char *v = a[2] ? a + 2 : argv[++i];
      if (directive_option(c, v))
        return 2;
      key_opt(c, "-X");
      key_opt(c, v);
    } else if (strcmp(a, "--no-cache") == 0 || strcmp(a, "-f") == 0 || strcmp(a, "--force") == 0)
      c->no_cache = true;
    else if (strcmp(a, "--portable") == 0) {
      c->portable = true;
      key_opt(c, a);
    } else if (strcmp(a, "--no-openmp") == 0) {
      c->no_openmp = true;
      key_opt(c, a);
    }    else if (strcmp(a, "--keep-c") == 0)
      c->keep_c = true;
    else if (strcmp(a, "--no-line-directives") == 0) {
      c->no_lines = true;
      key_opt(c, a);
    }
    else if (strcmp(a, "--strict-native") == 0)
      c->strict_native = true;
    else if (strcmp(a, "--json") == 0)
      c->json = true;
    else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0)
      c->verbose = true;
    else if (a[0] == '-' && a[1])
      return usage_error("unknown option '%s'", a);
    else if (!c->cmd)
      c->cmd = a;
    else if (!c->file)
      c->file = a;
    else
      return usage_error("unexpected argument '%s'", a);
  }
  if (!c->cmd)
    return usage_error("%s", "no command given");
  if (strcmp(c->cmd, "build") && strcmp(c->cmd, "emit") && strcmp(c->cmd, "check") &&
      strcmp(c->cmd, "annotate"))
    return usage_error("unknown command '%s'", c->cmd);
  if (c->json && strcmp(c->cmd, "annotate") != 0)
    return usage_error("%s", "--json is an option of 'annotate'");
  if (!c->file)
    return usage_error("'%s' needs a FILE.py", c->cmd);
  return 0;
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  size_t r;
  while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
    n += r;
    if (n == cap) {
      char *nb = realloc(buf, cap *= 2);
      if (!nb) {
        free(buf);
        buf = NULL;
      } else
        buf = nb;
    }
  }
  bool failed = ferror(f);
  fclose(f);
  if (failed) {
    free(buf);
    return NULL;
  }
  *len = n;
  return buf;
}

/* "dir/name.py" -> "name" */
static char *module_name(const char *path) {
  char *copy = strdup(path);
  char *base = strdup(basename(copy));
  free(copy);
  char *dot = strrchr(base, '.');
  if (dot && (strcmp(dot, ".py") == 0 || strcmp(dot, ".pyx") == 0))
    *dot = '\0';
  return base;
}

static char *dir_of(const char *path) {
  char *copy = strdup(path);
  char *d = strdup(dirname(copy));
  free(copy);
  return d;
}

/* pyc2c's own tree (include/pyc2c, runtime/): $PYC2C_HOME; else, from the executable's
 * directory, ".." (build/pyc2c in a checkout) or "../share/pyc2c" (bin/pyc2c installed by
 * `pip install .`) when it holds them; else the checkout this binary was built in. */
static const char *pyc2c_home(void) {
  const char *env = getenv("PYC2C_HOME");
  if (env && *env)
    return env;
  static char home[PATH_MAX];
  char self[PATH_MAX];
  if (realpath("/proc/self/exe", self)) {
    char *slash = strrchr(self, '/');
    if (slash) {
      *slash = '\0';
      static const char *const rel[] = {"..", "../share/pyc2c"};
      for (int i = 0; i < 2; i++) {
        char probe[PATH_MAX + 64];
        snprintf(probe, sizeof probe, "%s/%s/include/pyc2c/runtime.h", self, rel[i]);
        if (access(probe, R_OK) == 0) {
          snprintf(probe, sizeof probe, "%s/%s", self, rel[i]);
          if (realpath(probe, home))
            return home;
        }
      }
    }
  }
  return PYC2C_DEFAULT_HOME;
}

static int run(Cli *c) {
  size_t len = 0;
  char *src = read_file(c->file, &len);
  if (!src) {
    fprintf(stderr, "pyc2c: cannot read '%s': %s\n", c->file, strerror(errno));
    return 2;
  }
  char *modname = module_name(c->file);
  char abspath[PATH_MAX];
  const char *filename = realpath(c->file, abspath) ? abspath : c->file;
  Arena arena;
  arena_init(&arena);
  Diag d;
  diag_init(&d, c->file, src, len);
  int rc = 0;
  if (!frontend_valid_module_name(modname)) {
    /* suggest a name that would do: invalid characters become '_' */
    char *fix = malloc(strlen(modname) + 3);
    char *w = fix;
    if (*modname >= '0' && *modname <= '9')
      *w++ = '_';
    for (const char *q = modname; *q; q++)
      *w++ = (*q == '_' || (*q >= '0' && *q <= '9') || ((*q | 0x20) >= 'a' && (*q | 0x20) <= 'z'))
                 ? *q
                 : '_';
    *w = '\0';
    if (!frontend_valid_module_name(fix)) /* a keyword, or empty */
      strcat(fix, "_");
    diag_error(&d, 1, 1,
               "the module name '%s' (from the file name) is not a Python identifier; rename the "
               "file, for example to '%s.py'",
               modname, fix);
    free(fix);
    rc = 1;
    goto done;
  }
  bool uses_numpy = false, uses_openmp = false;
  FrontendOptions fo = {.stop_after = strcmp(c->cmd, "check") == 0 ? STAGE_CHECK : STAGE_EMIT,
                        .line_directives = !c->no_lines,
                        .dump = c->dump,
                        .dump_out = stdout,
                        .uses_numpy = &uses_numpy,
                        .uses_openmp = &uses_openmp,
                        .boundscheck = c->directives[0],
                        .wraparound = c->directives[1],
                        .cdivision = c->directives[2],
                        .fastmath = c->directives[3],
                        .strict_native = c->strict_native};
  bool annotating = strcmp(c->cmd, "annotate") == 0;
  if (strcmp(c->cmd, "build") != 0) {
    FILE *out = stdout;
    if (annotating) { /* the report replaces the C */
      fo.stop_after = STAGE_CHECK;
      fo.annotate_json = c->json;
    }
    if (c->out && strcmp(c->out, "-") == 0) /* -o -: stdout, as most tools read it */
      c->out = NULL;
    if ((fo.stop_after == STAGE_EMIT || annotating) && c->out && !(out = fopen(c->out, "w"))) {
      fprintf(stderr, "pyc2c: cannot write '%s': %s\n", c->out, strerror(errno));
      rc = 2;
      goto done;
    }
    if (c->dump && fo.stop_after == STAGE_EMIT && out == stdout)
      fo.stop_after = STAGE_CHECK; /* a dump replaces the C on stdout */
    FILE *stub = NULL;
    if (c->stub && fo.stop_after == STAGE_EMIT && !(stub = fo.stub_out = fopen(c->stub, "w"))) {
      fprintf(stderr, "pyc2c: cannot write '%s': %s\n", c->stub, strerror(errno));
      if (out != stdout) {
        fclose(out);
        unlink(c->out);
      }
      rc = 2;
      goto done;
    }
    if (annotating)
      fo.annotate_out = out;
    rc = frontend_compile(&arena, &d, src, len, modname, filename, &fo, out) ? 1 : 0;
    if (stub && fclose(stub) != 0) {
      fprintf(stderr, "pyc2c: cannot write '%s': %s\n", c->stub, strerror(errno));
      rc = rc ? rc : 2;
    }
    if (stub && rc != 0)
      unlink(c->stub);
    if (out != stdout && fclose(out) != 0) {
      fprintf(stderr, "pyc2c: cannot write '%s': %s\n", c->out, strerror(errno));
      rc = 2;
    }
    if (out != stdout && rc != 0)
      unlink(c->out); /* no half-written C file left behind */
    goto done;
  }
  /* build: the C and the .pyi in memory first; the cache may already hold the module. */
  Target t;
  const char *python = c->python ? c->python : getenv("PYC2C_PYTHON");
  if (!python || !*python)
    python = "python3";
  char *outdir = c->out ? strdup(c->out) : dir_of(c->file);
  struct stat st;
  if (stat(outdir, &st) != 0 || !S_ISDIR(st.st_mode)) {
    fprintf(stderr, "pyc2c: output directory '%s' does not exist\n", outdir);
    free(outdir);
    rc = 2;
    goto done;
  }
  char *c_text = NULL, *stub = NULL;
  size_t c_len = 0, stub_len = 0;
  FILE *cf = open_memstream(&c_text, &c_len), *sf = open_memstream(&stub, &stub_len);
  if (!cf || !sf) {
    fprintf(stderr, "pyc2c: out of memory\n");
    exit(3);
  }
  fo.stub_out = sf;
  int errors = frontend_compile(&arena, &d, src, len, modname, filename, &fo, cf);
  fclose(cf);
  fclose(sf);
  if (errors)
    rc = 1;
  else if (!target_lookup(python, &t))
    rc = 2;
  else {
    bool openmp = uses_openmp && !c->no_openmp;
    BuildOptions bo = {.python = python,
                       .home = pyc2c_home(),
                       .native_arch = !c->portable,
                       .keep_c = c->keep_c,
                       .verbose = c->verbose,
                       .numpy = uses_numpy,
                       .openmp = openmp};
    CacheBuild cb = {.modname = modname, .outdir = outdir, .c_text = c_text, .c_len = c_len,
                     .stub = stub, .stub_len = stub_len, .options = c->key_opts,
                     .use_cache = !c->no_cache};
    if (openmp && !openmp_available(&t, &bo)) {
      fprintf(stderr,
              "pyc2c: %s uses prange or parallel(), but the C compiler '%s' cannot build OpenMP "
              "programs (-fopenmp failed). Install OpenMP support (for gcc: libgomp; for clang: "
              "libomp), or build with --no-openmp to run the loops serially.\n",
              c->file, t.cc);
      rc = 2;
    } else
      rc = cache_build(&t, &bo, &cb);
    if (rc == 0 && c->verbose)
      fprintf(stderr, "pyc2c: wrote %s/%s%s\n", outdir, modname, t.ext_suffix);
    free(t.ext_suffix);
    free(t.include_dir);
    free(t.cc);
    free(t.cache_tag);
  }
  free(c_text);
  free(stub);
  free(outdir);
done:
  arena_free(&arena);
  free(modname);
  free(src);
  return rc;
}

int main(int argc, char **argv) {
  /* --help and --version win wherever they appear (`pyc2c build --help`) */
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      fputs(usage_text, stdout);
      fputs("\n", stdout);
      fputs(help_text, stdout);
      return 0;
    }
    if (strcmp(argv[i], "--version") == 0) {
      printf("pyc2c %s\n", PYC2C_VERSION);
      return 0;
    }
    if (strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--python") == 0 || strcmp(argv[i], "-X") == 0 ||
        strcmp(argv[i], "--stub") == 0)
      i++; /* a value, even one spelled like an option */
  }
  if (argc >= 2 && strcmp(argv[1], "cache") == 0)
    return cache_command(argc - 2, argv + 2);
  if (argc >= 2 && strcmp(argv[1], "config") == 0)
    return config_command(argc - 2, argv + 2, pyc2c_home());
  Cli c = {0};
  int rc = parse_cli(argc, argv, &c);
  return rc ? rc : run(&c);
}
