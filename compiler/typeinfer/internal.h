/* internal.h: what the files of typeinfer/ share among themselves (not for other stages). */
#ifndef PYC2C_TYPEINFER_INTERNAL_H
#define PYC2C_TYPEINFER_INTERNAL_H
#include "typeinfer/typeinfer.h"

/* defassign.c: marks reads of locals that may be unbound (NF_CHECK_BOUND, maybe_unbound). */
void check_definite_assignment(Function *fn);

/* Is `name` a built-in exception class that `raise` supports? */
bool raise_exception_known(const char *name);

#endif
