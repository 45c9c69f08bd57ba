/* toolchain.c: asking the target Python for its build settings, running the C compiler, and
 * keeping compiled runtime objects in a cache so a module build compiles only its own C. */
#include "toolchain.h"
#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static const char *const runtime_sources[] = {"args.c",  "buffer.c",   "convert.c", "copy.c",
                                                     "errors.c", "parallel.c", "object.c",  "pyint.c",
                                                     "complex.c"};
enum { NRUNTIME = sizeof runtime_sources / sizeof *runtime_sources };

static char *xstrdup(const char *s) {
  char *p = strdup(s);
  if (!p) {
    fprintf(stderr, "pyc2c: out of memory\n");
    exit(3);
  }
  return p;
}

char *xasprintf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *p = malloc((size_t)n + 1);
  if (!p) {
    fprintf(stderr, "pyc2c: out of memory\n");
    exit(3);
  }
  va_start(ap, fmt);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return p;
}

int run_capture(char *const argv[], char **output) {
  int fds[2];
  if (output)
    *output = NULL;
  if (pipe(fds) < 0)
    return -1;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
  posix_spawn_file_actions_addclose(&fa, fds[0]);
  posix_spawn_file_actions_addclose(&fa, fds[1]);
  pid_t pid;
  int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    errno = rc;
    return -1;
  }
  size_t len = 0, cap = 4096;
  char *buf = malloc(cap);
  ssize_t n;
  while (buf && (n = read(fds[0], buf + len, cap - len - 1)) != 0) {
    if (n < 0) {
      if (errno == EINTR)
        continue;
      break;
    }
    len += (size_t)n;
    if (cap - len < 2) {
      char *nb = realloc(buf, cap *= 2);
      if (!nb)
        break;
      buf = nb;
    }
  }
  close(fds[0]);
  if (buf)
    buf[len] = '\0';
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) {
      free(buf);
      return -1;
    }
  if (output)
    *output = buf;
  else
    free(buf);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

static const char query_script[] =
    "import sys, sysconfig\n"
    "v = sysconfig.get_config_var\n"
    "print(v('EXT_SUFFIX') or '.so')\n"
    "print(sysconfig.get_paths()['include'])\n"
    "print(v('CC') or 'cc')\n"
    "print(sys.implementation.cache_tag)\n";

bool target_query(const char *python, Target *t) {
  char *argv[] = {(char *)python, "-c", (char *)query_script, NULL};
  char *out = NULL;
  int rc = run_capture(argv, &out);
  if (rc != 0) {
    fprintf(stderr, "pyc2c: cannot ask '%s' for its build settings%s%s\n", python,
            rc < 0 ? ": " : "", rc < 0 ? strerror(errno) : "");
    if (out && *out)
      fprintf(stderr, "%s", out);
    free(out);
    return false;
  }
  char *lines[4] = {0}, *save = NULL, *p = out;
  for (int i = 0; i < 4; i++, p = NULL)
    lines[i] = strtok_r(p, "\n", &save);
  if (!lines[3]) {
    fprintf(stderr, "pyc2c: unexpected answer from '%s' about its build settings\n", python);
    free(out);
    return false;
  }
  t->ext_suffix = xstrdup(lines[0]);
  t->include_dir = xstrdup(lines[1]);
  const char *cc = getenv("CC");
  t->cc = xstrdup(cc && *cc ? cc : lines[2]);
  t->cache_tag = xstrdup(lines[3]);
  free(out);
  return true;
}

/* ---- argument vectors */

typedef struct Argv {
  char **v;
  int n, cap;
} Argv;

static void arg(Argv *a, const char *s) {
  if (a->n + 2 > a->cap) {
    a->cap = a->cap ? a->cap * 2 : 32;
    a->v = realloc(a->v, sizeof(char *) * (size_t)a->cap);
    if (!a->v)
      exit(3);
  }
  a->v[a->n++] = xstrdup(s);
  a->v[a->n] = NULL;
}

static void args_free(Argv *a) {
  for (int i = 0; i < a->n; i++)
    free(a->v[i]);
  free(a->v);
  a->v = NULL;
  a->n = a->cap = 0;
}

/* CC may be several words ("gcc -pthread"); split on blanks, as setuptools does. */
static void cc_words(Argv *a, const char *cc) {
  char *copy = xstrdup(cc), *save = NULL;
  for (char *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save))
    arg(a, w);
  free(copy);
}

static void common_flags(Argv *a, const Target *t, const BuildOptions *o) {
  cc_words(a, t->cc);
  arg(a, "-O3");
  if (o->native_arch)
    arg(a, "-march=native");
  /* C semantics for C integer types, as Cython documents: wrap on overflow, no UB. */
  arg(a, "-fwrapv");
  /* Python rounds every operation: no fused multiply-add unless a function opts into fastmath. */
  arg(a, "-ffp-contract=off");
  arg(a, "-fno-strict-aliasing");
  arg(a, "-fPIC");
  char *inc = xasprintf("-I%s/include", o->home);
  arg(a, inc);
  free(inc);
  inc = xasprintf("-I%s", t->include_dir);
  arg(a, inc);
  free(inc);
}

/* ---- the runtime cache */

static uint64_t fnv(uint64_t h, const void *p, size_t n) {
  const unsigned char *s = p;
  for (size_t i = 0; i < n; i++)
    h = (h ^ s[i]) * 0x100000001b3ULL;
  return h;
}

static uint64_t hash_file(uint64_t h, const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return fnv(h, path, strlen(path));
  char buf[8192];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0)
    h = fnv(h, buf, n);
  fclose(f);
  return h;
}

int mkdirs(const char *path) {
  char *p = xstrdup(path);
  for (char *s = p + 1; *s; s++)
    if (*s == '/') {
      *s = '\0';
      mkdir(p, 0755);
      *s = '/';
    }
  int rc = mkdir(p, 0755);
  free(p);
  return rc == 0 || errno == EEXIST ? 0 : -1;
}

char *cache_dir(void) {
  const char *d = getenv("PYC2C_CACHE_DIR");
  if (d && *d)
    return xstrdup(d);
  const char *x = getenv("XDG_CACHE_HOME");
  if (x && *x)
    return xasprintf("%s/pyc2c", x);
  const char *home = getenv("HOME");
  if (home && *home)
    return xasprintf("%s/.cache/pyc2c", home);
  return xasprintf("/tmp/pyc2c-cache-%d", (int)getuid());
}

/* Makes sure the runtime objects for this target exist; fills objs[]. */
static int runtime_objects(const Target *t, const BuildOptions *o, char *objs[NRUNTIME]) {
  Argv flags = {0};
  common_flags(&flags, t, o);
  uint64_t h = 0xcbf29ce484222325ULL;
  for (int i = 0; i < flags.n; i++)
    h = fnv(h, flags.v[i], strlen(flags.v[i]) + 1);
  /* Every runtime header: a change to a struct layout must not reuse stale objects. */
  static const char *const headers[] = {"runtime.h", "view.h",   "numpy.h",
                                        "parallel.h", "object.h", "pyint.h"};
  for (size_t i = 0; i < sizeof headers / sizeof *headers; i++) {
    char *hdr = xasprintf("%s/include/pyc2c/%s", o->home, headers[i]);
    h = hash_file(h, hdr);
    free(hdr);
  }
  for (int i = 0; i < NRUNTIME; i++) {
    char *src = xasprintf("%s/runtime/%s", o->home, runtime_sources[i]);
    h = hash_file(h, src);
    free(src);
  }
  char *base = cache_dir();
  char *dir = xasprintf("%s/runtime-%s-%016llx", base, t->cache_tag, (unsigned long long)h);
  free(base);
  int rc = 0;
  pid_t pids[NRUNTIME];
  char *tmps[NRUNTIME] = {0};
  int started = 0;
  for (int i = 0; i < NRUNTIME; i++) {
    objs[i] = xasprintf("%s/%.*s.o", dir, (int)(strlen(runtime_sources[i]) - 2), runtime_sources[i]);
    if (access(objs[i], R_OK) == 0)
      continue;
    if (mkdirs(dir) < 0) {
      fprintf(stderr, "pyc2c: cannot create the cache directory %s: %s\n", dir, strerror(errno));
      rc = 2;
      break;
    }
    /* Compile to a unique temporary name, then rename: concurrent builds never see half a file. */
    tmps[i] = xasprintf("%s.%d.tmp", objs[i], (int)getpid());
    Argv a = {0};
    for (int k = 0; k < flags.n; k++)
      arg(&a, flags.v[k]);
    char *src = xasprintf("%s/runtime/%s", o->home, runtime_sources[i]);
    arg(&a, "-c");
    arg(&a, src);
    arg(&a, "-o");
    arg(&a, tmps[i]);
    free(src);
    if (o->verbose) {
      for (int k = 0; k < a.n; k++)
        fprintf(stderr, "%s%s", k ? " " : "", a.v[k]);
      fputc('\n', stderr);
    }
    if (posix_spawnp(&pids[i], a.v[0], NULL, NULL, a.v, environ) != 0) {
      fprintf(stderr, "pyc2c: cannot run the C compiler '%s'\n", a.v[0]);
      pids[i] = -1;
      rc = 2;
    }
    started++;
    args_free(&a);
  }
  for (int i = 0; i < NRUNTIME; i++) {
    if (!tmps[i])
      continue;
    int status = 0;
    if (pids[i] > 0) {
      while (waitpid(pids[i], &status, 0) < 0 && errno == EINTR)
        ;
      if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && rename(tmps[i], objs[i]) == 0) {
        free(tmps[i]);
        continue;
      }
    }
    fprintf(stderr, "pyc2c: compiling the runtime (%s) failed\n", runtime_sources[i]);
    unlink(tmps[i]);
    free(tmps[i]);
    rc = rc ? rc : 3;
  }
  (void)started;
  free(dir);
  args_free(&flags);
  return rc;
}

/* ---- OpenMP */

bool openmp_available(const Target *t, const BuildOptions *o) {
  char *base = cache_dir();
  uint64_t h = fnv(0xcbf29ce484222325ULL, t->cc, strlen(t->cc));
  char *answer = xasprintf("%s/openmp-%016llx", base, (unsigned long long)h);
  FILE *f = fopen(answer, "r");
  if (f) {
    int c = fgetc(f);
    fclose(f);
    if (c == '0' || c == '1') {
      free(answer);
      free(base);
      return c == '1';
    }
  }
  /* A tiny program that needs the OpenMP runtime to link. */
  char dir[] = "/tmp/pyc2c-omp-XXXXXX";
  bool ok = false;
  if (mkdtemp(dir)) {
    char *src = xasprintf("%s/omp.c", dir), *exe = xasprintf("%s/omp", dir);
    FILE *s = fopen(src, "w");
    if (s) {
      fputs("#include <omp.h>\nint main(void) {\n  int n = 0;\n#pragma omp parallel reduction(+:n)\n"
            "  n += omp_get_num_threads() > 0;\n  return n > 0 ? 0 : 1;\n}\n",
            s);
      fclose(s);
      Argv a = {0};
      cc_words(&a, t->cc);
      arg(&a, "-fopenmp");
      arg(&a, src);
      arg(&a, "-o");
      arg(&a, exe);
      if (o->verbose) {
        for (int k = 0; k < a.n; k++)
          fprintf(stderr, "%s%s", k ? " " : "", a.v[k]);
        fputc('\n', stderr);
      }
      char *out = NULL;
      ok = run_capture(a.v, &out) == 0;
      free(out);
      args_free(&a);
    }
    unlink(src);
    unlink(exe);
    rmdir(dir);
    free(src);
    free(exe);
  }
  if (mkdirs(base) == 0) {
    char *tmp = xasprintf("%s.%d.tmp", answer, (int)getpid());
    FILE *w = fopen(tmp, "w");
    if (w) {
      fputc(ok ? '1' : '0', w);
      if (fclose(w) == 0)
        rename(tmp, answer);
      else
        unlink(tmp);
    }
    free(tmp);
  }
  free(answer);
  free(base);
  return ok;
}

int build_module(const Target *t, const BuildOptions *o, const char *c_path, const char *out_path) {
  char *objs[NRUNTIME] = {0};
  int rc = runtime_objects(t, o, objs);
  if (rc) {
    for (int i = 0; i < NRUNTIME; i++)
      free(objs[i]);
    return rc;
  }
  char *tmp_out = xasprintf("%s.%d.tmp", out_path, (int)getpid());
  Argv a = {0};
  common_flags(&a, t, o);
  if (o->numpy) {
    /* Only modules that use NumPy ask for its headers (and pay for importing it here). */
    char *argv[] = {(char *)o->python, "-c", "import numpy; print(numpy.get_include())", NULL};
    char *inc = NULL;
    int qrc = run_capture(argv, &inc);
    if (qrc != 0 || !inc || !*inc) {
      fprintf(stderr, "pyc2c: this module uses NumPy, but '%s' cannot import numpy%s%s\n", o->python,
              inc && *inc ? ":\n" : "", inc ? inc : "");
      free(inc);
      args_free(&a);
      for (int i = 0; i < NRUNTIME; i++)
        free(objs[i]);
      free(tmp_out);
      return 2;
    }
    inc[strcspn(inc, "\n")] = '\0';
    char *flag = xasprintf("-I%s", inc);
    arg(&a, flag);
    free(flag);
    free(inc);
  }
  if (o->openmp)
    arg(&a, "-fopenmp"); /* only modules with prange or parallel() link the OpenMP runtime */
  arg(&a, "-shared");
  arg(&a, c_path);
  for (int i = 0; i < NRUNTIME; i++)
    arg(&a, objs[i]);
  arg(&a, "-lm");
  arg(&a, "-o");
  arg(&a, tmp_out);
  if (o->verbose) {
    for (int k = 0; k < a.n; k++)
      fprintf(stderr, "%s%s", k ? " " : "", a.v[k]);
    fputc('\n', stderr);
  }
  char *output = NULL;
  int status = run_capture(a.v, &output);
  if (status == 0 && rename(tmp_out, out_path) == 0)
    rc = 0;
  else {
    if (status < 0)
      fprintf(stderr, "pyc2c: cannot run the C compiler '%s': %s\n", a.v[0], strerror(errno));
    else {
      fprintf(stderr, "%s", output ? output : "");
      fprintf(stderr, "pyc2c: internal error: the C compiler rejected the code pyc2c generated.\n"
                      "This is a bug in pyc2c, not in your program; please report it with the .py "
                      "file (rerun with --keep-c to keep the generated C).\n");
    }
    unlink(tmp_out);
    rc = status < 0 ? 2 : 3;
  }
  if (output && o->verbose && rc == 0)
    fprintf(stderr, "%s", output);
  free(output);
  free(tmp_out);
  args_free(&a);
  for (int i = 0; i < NRUNTIME; i++)
    free(objs[i]);
  return rc;
}
