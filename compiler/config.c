/* config.c: `pyc2c config`, what a build system needs to compile pyc2c's C itself (meson,
 * see docs/meson.md): where the runtime headers and sources are, and the C flags that give
 * generated code its semantics. */
#include "config.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* -fwrapv: C integer types wrap (as Cython documents); -ffp-contract=off: no fused
 * multiply-add (Python rounds every operation); -fno-strict-aliasing: buffers seen as views. */
const char *const config_semantic_cflags[] = {"-fwrapv", "-ffp-contract=off",
                                              "-fno-strict-aliasing", NULL};

static int is_c_file(const struct dirent *e) {
  size_t n = strlen(e->d_name);
  return n > 2 && e->d_name[0] != '.' && strcmp(e->d_name + n - 2, ".c") == 0;
}

int config_command(int argc, char **argv, const char *home) {
  static const char usage[] =
      "usage: pyc2c config [--home] [--includedir] [--runtime-sources] [--cflags] [--pkgconfigdir]\n";
  if (argc == 0) {
    fputs(usage, stderr);
    return 2;
  }
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--home") == 0)
      printf("%s\n", home);
    else if (strcmp(a, "--includedir") == 0)
      printf("%s/include\n", home);
    else if (strcmp(a, "--pkgconfigdir") == 0)
      printf("%s/lib/pkgconfig\n", home);
    else if (strcmp(a, "--cflags") == 0) {
      printf("-I%s/include", home);
      for (int k = 0; config_semantic_cflags[k]; k++)
        printf(" %s", config_semantic_cflags[k]);
      printf("\n");
    } else if (strcmp(a, "--runtime-sources") == 0) {
      char *dir = malloc(strlen(home) + 16);
      if (!dir)
        return 3;
      sprintf(dir, "%s/runtime", home);
      struct dirent **names = NULL;
      int n = scandir(dir, &names, is_c_file, alphasort);
      if (n <= 0) {
        fprintf(stderr, "pyc2c: no runtime sources in %s\n", dir);
        free(dir);
        free(names);
        return 2;
      }
      for (int k = 0; k < n; k++) {
        printf("%s/%s\n", dir, names[k]->d_name);
        free(names[k]);
      }
      free(names);
      free(dir);
    } else {
      fprintf(stderr, "pyc2c: config: unknown option '%s'\n%s", a, usage);
      return 2;
    }
  }
  return 0;
}
