/* config.h: `pyc2c config --home|--includedir|--runtime-sources|--cflags|--pkgconfigdir`. */
#ifndef PYC2C_CONFIG_H
#define PYC2C_CONFIG_H

/* The flags generated C must be compiled with (NULL-terminated). */
extern const char *const config_semantic_cflags[];

/* argv: the options after `config`. Returns the exit status. */
int config_command(int argc, char **argv, const char *home);

#endif
