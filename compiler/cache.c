/* cache.c: the content-addressed build cache (see cache.h). Layout under cache_dir():
 *   modules/KK/KEY-NAME<EXT_SUFFIX>   built modules (KK: the key's first two hex digits)
 *   targets/SHA                       an interpreter's sysconfig answers (target_lookup)
 *   targets/SHA.numpy                 its numpy.get_include()
 *   runtime-TAG-HASH/                 the compiled runtime (toolchain.c)
 *   openmp-HASH                       whether a C compiler builds OpenMP programs (toolchain.c)
 * Every file is written under a unique temporary name and renamed into place, so concurrent
 * builds of one module never see (or leave) a partial file: the last rename wins, and every
 * writer writes the same bytes. */
#include "cache.h"
#include "toolchain.h"
#include "sha256.h"
#include "version.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  char *buf = NULL;
  size_t n = 0;
  FILE *m = open_memstream(&buf, &n);
  char chunk[8192];
  size_t r;
  while (m && (r = fread(chunk, 1, sizeof chunk, f)) > 0)
    fwrite(chunk, 1, r, m);
  bool bad = ferror(f) || !m;
  fclose(f);
  if (m)
    fclose(m);
  if (bad) {
    free(buf);
    return NULL;
  }
  if (len)
    *len = n;
  return buf;
}

/* Writes `len` bytes to `path` atomically: a unique temporary name, then rename. */
static bool write_atomic(const char *path, const void *data, size_t len) {
  char *tmp = xasprintf("%s.%d.tmp", path, (int)getpid());
  FILE *f = fopen(tmp, "wb");
  bool ok = f && fwrite(data, 1, len, f) == len;
  if (f && fclose(f) != 0)
    ok = false;
  if (ok && rename(tmp, path) != 0)
    ok = false;
  if (!ok)
    unlink(tmp);
  free(tmp);
  return ok;
}

/* Copies a file atomically, keeping the source's permission bits. */
static bool copy_atomic(const char *from, const char *to) {
  size_t len = 0;
  char *data = slurp(from, &len);
  if (!data)
    return false;
  struct stat st;
  bool ok = stat(from, &st) == 0;
  char *tmp = xasprintf("%s.%d.tmp", to, (int)getpid());
  int fd = ok ? open(tmp, O_WRONLY | O_CREAT | O_TRUNC, st.st_mode & 0777) : -1;
  size_t done = 0;
  while (fd >= 0 && done < len) {
    ssize_t w = write(fd, data + done, len - done);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      break;
    done += (size_t)w;
  }
  ok = fd >= 0 && done == len;
  if (fd >= 0 && close(fd) != 0)
    ok = false;
  if (ok && rename(tmp, to) != 0)
    ok = false;
  if (!ok)
    unlink(tmp);
  free(tmp);
  free(data);
  return ok;
}

/* ---- the target interpreter, remembered */

/* An interpreter's identity: its absolute path (as found on PATH), the file it resolves to and
 * that file's inode, size and mtime, and $CC (which overrides sysconfig's compiler). */
static char *python_identity(const char *python) {
  char *abs = NULL;
  if (strchr(python, '/')) {
    char cwd[PATH_MAX];
    abs = python[0] == '/' || !getcwd(cwd, sizeof cwd) ? xasprintf("%s", python)
                                                        : xasprintf("%s/%s", cwd, python);
  } else {
    const char *path = getenv("PATH");
    char *copy = xasprintf("%s", path ? path : "/usr/bin:/bin"), *save = NULL;
    for (char *d = strtok_r(copy, ":", &save); d && !abs; d = strtok_r(NULL, ":", &save)) {
      char *cand = xasprintf("%s/%s", *d ? d : ".", python);
      if (access(cand, X_OK) == 0)
        abs = cand;
      else
        free(cand);
    }
    free(copy);
  }
  if (!abs)
    return NULL;
  char real[PATH_MAX];
  struct stat st;
  if (!realpath(abs, real) || stat(real, &st) != 0) {
    free(abs);
    return NULL;
  }
  const char *cc = getenv("CC");
  char *id = xasprintf("%s|%s|%llu|%lld|%lld.%09ld|%s", abs, real, (unsigned long long)st.st_ino,
                     (long long)st.st_size, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
                     cc ? cc : "");
  free(abs);
  return id;
}

static char *memo_path(const char *id, const char *suffix) {
  Sha256 s;
  sha256_init(&s);
  sha256_str(&s, id);
  char hex[65];
  sha256_hex(&s, hex);
  char *base = cache_dir();
  char *p = xasprintf("%s/targets/%s%s", base, hex, suffix);
  free(base);
  return p;
}

bool target_lookup(const char *python, Target *t) {
  char *id = python_identity(python);
  char *memo = id ? memo_path(id, "") : NULL;
  char *text = memo ? slurp(memo, NULL) : NULL;
  if (text) { /* id \n ext \n include \n cc \n tag \n */
    char *lines[5] = {0}, *save = NULL, *p = text;
    for (int i = 0; i < 5; i++, p = NULL)
      lines[i] = strtok_r(p, "\n", &save);
    if (lines[4] && strcmp(lines[0], id) == 0) {
      t->ext_suffix = xasprintf("%s", lines[1]);
      t->include_dir = xasprintf("%s", lines[2]);
      t->cc = xasprintf("%s", lines[3]);
      t->cache_tag = xasprintf("%s", lines[4]);
      free(text);
      free(memo);
      free(id);
      return true;
    }
    free(text);
  }
  bool ok = target_query(python, t);
  if (ok && memo && !strchr(t->ext_suffix, '\n') && !strchr(t->include_dir, '\n') &&
      !strchr(t->cc, '\n')) {
    char *dir = xasprintf("%s", memo);
    *strrchr(dir, '/') = '\0';
    char *rec = xasprintf("%s\n%s\n%s\n%s\n%s\n", id, t->ext_suffix, t->include_dir, t->cc,
                        t->cache_tag);
    if (mkdirs(dir) == 0)
      write_atomic(memo, rec, strlen(rec)); /* a memo that cannot be written is only slower */
    free(rec);
    free(dir);
  }
  free(memo);
  free(id);
  return ok;
}

/* NumPy's ABI for the key: the content of numpy/_numpyconfig.h (NPY_ABI_VERSION,
 * NPY_API_VERSION, ...) in the include directory the interpreter reports. The directory is
 * remembered; the header is read each time, so an upgraded NumPy changes the key. */
static bool numpy_abi(const char *python, Sha256 *s) {
  char *id = python_identity(python);
  char *memo = id ? memo_path(id, ".numpy") : NULL;
  char *inc = memo ? slurp(memo, NULL) : NULL;
  for (int attempt = 0; attempt < 2; attempt++) {
    if (inc) {
      inc[strcspn(inc, "\n")] = '\0';
      char *hdr = xasprintf("%s/numpy/_numpyconfig.h", inc);
      size_t len = 0;
      char *text = slurp(hdr, &len);
      free(hdr);
      if (text) {
        sha256_str(s, inc);
        sha256_update(s, text, len);
        free(text);
        if (attempt == 1 && memo) {
          char *dir = xasprintf("%s", memo);
          *strrchr(dir, '/') = '\0';
          if (mkdirs(dir) == 0)
            write_atomic(memo, inc, strlen(inc));
          free(dir);
        }
        free(inc);
        free(memo);
        free(id);
        return true;
      }
      free(inc);
      inc = NULL;
    }
    if (attempt == 0) {
      char *argv[] = {(char *)python, "-c", "import numpy; print(numpy.get_include())", NULL};
      if (run_capture(argv, &inc) != 0) {
        free(inc);
        inc = NULL;
        break;
      }
    }
  }
  free(inc);
  free(memo);
  free(id);
  return false;
}

/* ---- the key */

/* Every regular file of `dir`, in name order: the runtime's sources or headers. */
static void hash_dir(Sha256 *s, const char *dir) {
  struct dirent **names = NULL;
  int n = scandir(dir, &names, NULL, alphasort);
  sha256_str(s, dir);
  for (int i = 0; i < n; i++) {
    if (names[i]->d_name[0] != '.') {
      char *p = xasprintf("%s/%s", dir, names[i]->d_name);
      size_t len = 0;
      char *text = slurp(p, &len);
      sha256_str(s, names[i]->d_name);
      if (text)
        sha256_update(s, text, len);
      free(text);
      free(p);
    }
    free(names[i]);
  }
  free(names);
}

static void module_key(const Target *t, const BuildOptions *o, const CacheBuild *cb, char hex[65]) {
  Sha256 s;
  sha256_init(&s);
  sha256_str(&s, "pyc2c module " PYC2C_VERSION);
  /* The compiler executable itself: a rebuilt pyc2c may pass other flags to the C compiler. */
  char self[PATH_MAX];
  struct stat st;
  if (realpath("/proc/self/exe", self) && stat(self, &st) == 0) {
    char *id = xasprintf("%s|%lld|%lld.%09ld", self, (long long)st.st_size,
                       (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    sha256_str(&s, id);
    free(id);
  }
  sha256_str(&s, cb->modname);
  sha256_str(&s, cb->options);
  sha256_str(&s, t->ext_suffix);
  sha256_str(&s, t->include_dir);
  sha256_str(&s, t->cc);
  sha256_str(&s, t->cache_tag);
  sha256_str(&s, o->native_arch ? "native" : "portable");
  sha256_str(&s, o->home);
  char *d = xasprintf("%s/include/pyc2c", o->home);
  hash_dir(&s, d);
  free(d);
  d = xasprintf("%s/runtime", o->home);
  hash_dir(&s, d);
  free(d);
  sha256_str(&s, o->numpy ? "numpy" : "no numpy");
  sha256_str(&s, o->openmp ? "openmp" : "no openmp");
  sha256_update(&s, cb->c_text, cb->c_len);
  sha256_hex(&s, hex);
}

/* ---- building through the cache */

static bool write_stub(const CacheBuild *cb) {
  char *path = xasprintf("%s/%s.pyi", cb->outdir, cb->modname);
  bool ok = write_atomic(path, cb->stub, cb->stub_len);
  if (!ok)
    fprintf(stderr, "pyc2c: cannot write '%s': %s\n", path, strerror(errno));
  free(path);
  return ok;
}

int cache_build(const Target *t, const BuildOptions *o, const CacheBuild *cb) {
  char *out_path = xasprintf("%s/%s%s", cb->outdir, cb->modname, t->ext_suffix);
  char *entry = NULL;
  Sha256 np;
  sha256_init(&np);
  /* A module that uses NumPy without a readable NumPy is not cached: build_module says why. */
  bool cacheable = !o->numpy || numpy_abi(o->python, &np);
  if (cacheable) {
    char key[65], npkey[65];
    module_key(t, o, cb, key);
    if (o->numpy) {
      sha256_hex(&np, npkey);
      Sha256 s;
      sha256_init(&s);
      sha256_str(&s, key);
      sha256_str(&s, npkey);
      sha256_hex(&s, key);
    }
    char *base = cache_dir();
    entry = xasprintf("%s/modules/%.2s/%s-%s%s", base, key, key, cb->modname, t->ext_suffix);
    free(base);
  }
  int rc = 0;
  char *c_path = NULL, tmpdir[PATH_MAX] = "";
  if (o->keep_c) { /* --keep-c: the C beside the module, hit or miss */
    c_path = xasprintf("%s/%s.c", cb->outdir, cb->modname);
    if (!write_atomic(c_path, cb->c_text, cb->c_len)) {
      fprintf(stderr, "pyc2c: cannot write '%s': %s\n", c_path, strerror(errno));
      rc = 2;
      goto done;
    }
  }
  if (entry && cb->use_cache && access(entry, R_OK) == 0) {
    if (copy_atomic(entry, out_path)) {
      if (o->verbose)
        fprintf(stderr, "pyc2c: cache hit: %s\n", entry);
      goto stub;
    }
    /* an unreadable entry: build as if it were not there */
  }
  if (!c_path) {
    const char *tmp = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/pyc2c-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(tmpdir)) {
      fprintf(stderr, "pyc2c: cannot create a temporary directory: %s\n", strerror(errno));
      rc = 2;
      goto done;
    }
    c_path = xasprintf("%s/%s.c", tmpdir, cb->modname);
    if (!write_atomic(c_path, cb->c_text, cb->c_len)) {
      fprintf(stderr, "pyc2c: cannot write '%s': %s\n", c_path, strerror(errno));
      rc = 2;
      goto done;
    }
  }
  rc = build_module(t, o, c_path, out_path);
  if (rc != 0)
    goto done;
  if (entry) {
    char *dir = xasprintf("%s", entry);
    *strrchr(dir, '/') = '\0';
    /* A cache that cannot be written leaves the build as it is, only uncached. */
    if (mkdirs(dir) == 0 && copy_atomic(out_path, entry) && o->verbose)
      fprintf(stderr, "pyc2c: cached as %s\n", entry);
    free(dir);
  }
stub:
  if (!write_stub(cb))
    rc = 2;
done:
  if (tmpdir[0]) {
    if (c_path)
      unlink(c_path);
    rmdir(tmpdir);
  }
  free(c_path);
  free(entry);
  free(out_path);
  return rc;
}

/* ---- pyc2c cache dir|clear|info */

static void remove_tree(const char *path, long *files, long long *bytes) {
  struct stat st;
  if (lstat(path, &st) != 0)
    return;
  if (S_ISDIR(st.st_mode)) {
    DIR *d = opendir(path);
    struct dirent *e;
    while (d && (e = readdir(d))) {
      if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
        continue;
      char *p = xasprintf("%s/%s", path, e->d_name);
      remove_tree(p, files, bytes);
      free(p);
    }
    if (d)
      closedir(d);
    if (files) /* counting only (info) */
      return;
    rmdir(path);
  } else if (files) {
    (*files)++;
    *bytes += st.st_size;
  } else
    unlink(path);
}

/* Only what pyc2c itself puts there: a cache directory set to a shared place loses nothing else. */
static bool ours(const char *name) {
  return strcmp(name, "modules") == 0 || strcmp(name, "targets") == 0 ||
         strncmp(name, "runtime-", 8) == 0 || strncmp(name, "openmp-", 7) == 0;
}

int cache_command(int argc, char **argv) {
  const char *sub = argc > 0 ? argv[0] : NULL;
  if (!sub || argc > 1 || (strcmp(sub, "dir") && strcmp(sub, "clear") && strcmp(sub, "info"))) {
    fprintf(stderr, "usage: pyc2c cache dir|info|clear\n");
    return 2;
  }
  char *base = cache_dir();
  if (strcmp(sub, "dir") == 0) {
    printf("%s\n", base);
    free(base);
    return 0;
  }
  long files = 0, modules = 0;
  long long bytes = 0;
  DIR *d = opendir(base);
  struct dirent *e;
  while (d && (e = readdir(d))) {
    if (!ours(e->d_name))
      continue;
    char *p = xasprintf("%s/%s", base, e->d_name);
    if (strcmp(sub, "info") == 0) {
      long before = files;
      remove_tree(p, &files, &bytes);
      if (strcmp(e->d_name, "modules") == 0)
        modules += files - before;
    } else
      remove_tree(p, NULL, NULL);
    free(p);
  }
  if (d)
    closedir(d);
  if (strcmp(sub, "info") == 0)
    printf("%s: %ld cached modules, %ld files, %.1f MB\n", base, modules, files,
           (double)bytes / 1e6);
  else
    printf("pyc2c: cleared %s\n", base);
  free(base);
  return 0;
}
