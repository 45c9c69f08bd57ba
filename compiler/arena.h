/* arena.h: one arena per compilation; everything the passes allocate lives until arena_free. */
#ifndef PYC2C_ARENA_H
#define PYC2C_ARENA_H
#include <stdbool.h>
#include <stddef.h>

typedef struct ArenaBlock ArenaBlock;
typedef struct Arena {
  ArenaBlock *head;
} Arena;

void arena_init(Arena *a);
void arena_free(Arena *a);
/* Zero-filled, aligned for any object; aborts on out-of-memory. */
void *arena_alloc(Arena *a, size_t size);
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_strdup(Arena *a, const char *s);
char *arena_printf(Arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A growable array of pointers whose storage lives in the arena. */
typedef struct PtrVec {
  void **items;
  int len, cap;
} PtrVec;
void vec_push(Arena *a, PtrVec *v, void *item);
bool vec_has(const PtrVec *v, const void *item); /* is item (the pointer) in v? */
PtrVec vec_copy(Arena *a, const PtrVec *v);      /* a new vector with v's items */

#endif
