/* pyc2c/parallel.h: what generated code needs for nogil regions and OpenMP loops.
 *
 * Errors without the GIL: an exception raised where the GIL is not held (a nogil function, a
 * prange body on any thread) is set under a briefly taken GIL and moved at once into a per-module
 * slot (runtime/parallel.c), so a worker thread's exception outlives its temporary thread state.
 * The first error wins; a prange loop also sets a shared stop flag that every iteration tests, so
 * the loop ends early. Once the GIL is back, pyc2c_nogil_reraise() moves the slot's exception into
 * the thread state and the usual error path adds the traceback entry with the recorded .py line.
 * A call of a nogil function that may raise costs its caller a status check, never a GIL trip. */
#ifndef PYC2C_PARALLEL_H
#define PYC2C_PARALLEL_H
#include "pyc2c/runtime.h"
#ifdef _OPENMP
#include <omp.h>
#endif

/* Moves the current thread's pending exception (the GIL is held) into the module's slot, unless
 * the slot already holds one (then it is dropped: the first error wins). */
void pyc2c_nogil_capture(void);
/* A failing iteration of a parallel loop records its .py line (with the slot's exception). */
void pyc2c_par_fail(int line);
/* With the GIL back: the slot's exception becomes the thread's; returns the recorded line, or
 * `line` when none was recorded. Without the GIL (inside a nogil function) it leaves the exception
 * in the slot for the caller, now owned by this thread. */
int pyc2c_nogil_reraise(int line);
/* Saves the thread state if this thread holds the GIL (a nogil function may be called with or
 * without it); NULL if it did not. */
PyThreadState *pyc2c_release_if_held(void);

/* For the runtime's raising helpers (errors.c, buffer.c): take the GIL if this thread lacks it
 * (returns 1 then); leave moves the exception set meanwhile into the slot and drops the GIL. */
int pyc2c_nogil_enter(PyGILState_STATE *g);
void pyc2c_nogil_leave(int entered, PyGILState_STATE g);
/* Around adding a traceback entry: 0 the GIL was held; 1 taken, the slot's exception (this
 * thread's) restored; 2 taken, but the slot holds another thread's error (add nothing). */
int pyc2c_nogil_traceback_enter(PyGILState_STATE *g);
void pyc2c_nogil_traceback_leave(int entered, PyGILState_STATE g);

/* mod.__pyc2c__: how the module was built. */
int pyc2c_set_build_info(PyObject *module, int openmp, int num_threads);

static inline int pyc2c_threadid(void) {
#ifdef _OPENMP
  return omp_get_thread_num();
#else
  return 0;
#endif
}

static inline int pyc2c_add_build_info(PyObject *module) {
#ifdef _OPENMP
  return pyc2c_set_build_info(module, 1, omp_get_max_threads());
#else
  return pyc2c_set_build_info(module, 0, 1);
#endif
}

#define PYC2C_STOPPED(flag) __atomic_load_n(&(flag), __ATOMIC_RELAXED)
#define PYC2C_STOP(flag) __atomic_store_n(&(flag), 1, __ATOMIC_RELAXED)

#endif
