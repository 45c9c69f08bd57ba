/* view.c: typed memoryviews in C. A view is a pyc2c_View (base pointer, shape, strides in bytes)
 * held in a C variable whose address is never taken, so the C compiler keeps its fields in
 * registers and hoists them out of loops; an element is one address computation, with the
 * contiguous dimension indexed as a plain array so inner loops vectorise. */
#include "emit/internal.h"
#include <string.h>

static const char *elem_ctype(const Type *t) { return t->elem->cname; }

/* An index typeinfer proved in bounds (`i` or `i +/- k` for the variable of an enclosing range()
 * over the extent) holds only if the variable takes every value its loop counts through: a
 * narrower or unsigned C type wraps (an schar counting to 200 goes negative), and its index then
 * needs the wraparound and the check like any other. */
static bool proof_holds(Node *ix) {
  if (!(ix->flags & NF_IN_BOUNDS))
    return false;
  Node *var = ix->kind == N_BINOP ? ix->a : ix;
  const Type *t = var->ty;
  return var->kind == N_NAME && t && t->kind == T_INT && t->is_signed &&
         t->size >= ty_Py_ssize_t.size;
}

/* One index, ready to use: wrapped if negative and checked against the extent, as directed. */
static char *index_value(E *e, Node *ix, const char *base, int d, int flags) {
  int64_t k;
  bool nonneg_const = const_int_value(ix, &k) && k >= 0;
  /* an enclosing loop keeps it inside the extent, or the test before the nest showed it */
  bool proven = proof_holds(ix) || emit_fast_index(e, ix);
  char *v = pyint_view_index(e, ix, d, proven, flags & NF_BOUNDSCHECK);
  if (!v)
    v = ex_as(e, ix, &ty_Py_ssize_t);
  /* An unsigned index is never negative: 2**64 - 1 is out of bounds, not the last element (as in
   * Cython, which wraps only signed indices). As a Py_ssize_t it would look like -1. */
  bool is_unsigned = ix->ty && ix->ty->kind == T_INT && !ix->ty->is_signed;
  bool wrap = (flags & NF_WRAPAROUND) && !nonneg_const && !proven && !is_unsigned;
  bool check = (flags & NF_BOUNDSCHECK) && !proven;
  if (!wrap && !check)
    return v;
  if (wrap || !is_simple(v)) {
    char *t = c_temp(e, &ty_Py_ssize_t);
    emitf(e, "%s = %s;", t, v);
    v = t;
  }
  if (wrap && check) /* one unsigned compare on the hot path; a negative index wraps off it */
    emitf(e, "if (PYC2C_UNLIKELY((size_t)%s >= (size_t)%s.shape[%d])) { if (%s < 0) %s += %s.shape[%d]; "
             "if ((size_t)%s >= (size_t)%s.shape[%d]) { pyc2c_view_index_error(%d); %s } }",
          v, base, d, v, v, base, d, v, base, d, d, err(e));
  else if (wrap)
    emitf(e, "if (%s < 0) %s += %s.shape[%d];", v, v, base, d);
  else
    emitf(e, "if (PYC2C_UNLIKELY((size_t)%s >= (size_t)%s.shape[%d])) { pyc2c_view_index_error(%d); "
             "%s }",
          v, base, d, d, err(e));
  return v;
}

char *emit_view_element(E *e, Node *n) {
  Type *vt = n->a->ty;
  char *base = ex(e, n->a);
  int nd = vt->ndim;
  char **ix = arena_alloc(e->a, sizeof(char *) * (size_t)nd);
  for (int d = 0; d < nd; d++) /* indices are evaluated left to right, then checked */
    ix[d] = index_value(e, NODE_AT(n->list, d), base, d, n->flags);
  int unit = vt->contig == 'C' ? nd - 1 : vt->contig == 'F' ? 0 : -1;
  if (unit < 0 && emit_fast_contiguous(e, n->a))
    unit = nd - 1; /* a generic view whose last stride the test found to be the item size */
  Buf off = {0};
  for (int d = 0; d < nd; d++)
    if (d != unit)
      buf_printf(&off, " + %s * %s.strides[%d]", ix[d], base, d);
  char *r;
  if (unit >= 0)
    r = arena_printf(e->a, "((%s *)(%s.data%s))[%s]", elem_ctype(vt), base, off.p ? off.p : "",
                     ix[unit]);
  else
    r = arena_printf(e->a, "(*(%s *)(%s.data%s))", elem_ctype(vt), base, off.p ? off.p : "");
  buf_free(&off);
  return r;
}

char *emit_view_shape_item(E *e, Node *n) {
  char *base = ex(e, n->a->a);
  if (n->ival >= 0)
    return arena_printf(e->a, "%s.%s[%d]", base, n->a->str, (int)n->ival);
  /* a.shape[d]: as the tuple's item (negative counts from the end), IndexError outside it */
  Node *ix = NODE_AT(n->list, 0);
  int nd = n->a->a->ty->ndim;
  char *k = c_temp(e, &ty_Py_ssize_t);
  if (ix->ty->kind == T_INT || ix->ty->kind == T_BINT)
    emitf(e, "%s = %s;", k, ex_as(e, ix, &ty_Py_ssize_t));
  else /* a Python int too big for an index: IndexError, as for the tuple */
    emitf(e, "if ((%s = PyNumber_AsSsize_t(%s, PyExc_IndexError)) == -1 && PyErr_Occurred()) %s", k,
          ex_as(e, ix, &ty_object), err(e));
  if (!(ix->ty->kind == T_INT && !ix->ty->is_signed))
    emitf(e, "if (%s < 0) %s += %d;", k, k, nd);
  emitf(e, "if (PYC2C_UNLIKELY((size_t)%s >= %d)) { pyc2c_raise_str(PyExc_IndexError, \"tuple index out "
           "of range\"); %s }",
        k, nd, err(e));
  return arena_printf(e->a, "%s.%s[%s]", base, n->a->str, k);
}

char *emit_view_attribute(E *e, Node *n) {
  Type *vt = n->a->ty;
  char *base = ex(e, n->a);
  if (strcmp(n->str, "ndim") == 0)
    return arena_printf(e->a, "((Py_ssize_t)%d)", vt->ndim);
  if (strcmp(n->str, "T") == 0) { /* the transpose: shape and strides reversed */
    char *v = stash(e, vt, base), *r = c_temp(e, vt);
    emitf(e, "%s.obj = %s.obj; %s.data = %s.data;", r, v, r, v);
    for (int d = 0; d < vt->ndim; d++)
      emitf(e, "%s.shape[%d] = %s.shape[%d]; %s.strides[%d] = %s.strides[%d];", r, d, v,
            vt->ndim - 1 - d, r, d, v, vt->ndim - 1 - d);
    return r;
  }
  if (strcmp(n->str, "shape") == 0 || strcmp(n->str, "strides") == 0) { /* a tuple of ints */
    Buf f = {0}, args = {0};
    for (int d = 0; d < vt->ndim; d++) {
      buf_printf(&f, "n");
      buf_printf(&args, ", %s.%s[%d]", base, n->str, d);
    }
    char *t = obj_temp(e);
    emitf(e, "%s = Py_BuildValue(\"(%s)\"%s); if (!%s) %s", t, f.p, args.p, t, err(e));
    buf_free(&f);
    buf_free(&args);
    return t;
  }
  Buf b = {0};
  for (int d = 0; d < vt->ndim; d++)
    buf_printf(&b, "%s%s.shape[%d]", d ? " * " : "", base, d);
  char *r = arena_printf(e->a, "(%s)", b.p);
  buf_free(&b);
  return r;
}

char *emit_view_len(E *e, Node *arg) { return arena_printf(e->a, "%s.shape[0]", ex(e, arg)); }

static char *spec_named(E *e, const char *name, Type *t, bool writable) {
  Type *el = t->elem;
  char kind = el->kind == T_COMPLEX ? 'c' : el->kind == T_FLOAT ? 'f' : el->is_signed ? 'i' : 'u';
  char contig[8] = "0";
  if (t->contig)
    snprintf(contig, sizeof contig, "'%c'", t->contig);
  emitf(e, "static const pyc2c_ViewSpec %s = {\"%s\", '%c', %d, %d, %s, %d};", name,
        el->kind == T_COMPLEX ? (el->size == 8 ? "float complex" : "double complex") : el->cname,
        kind, el->size, t->ndim, contig, writable ? 1 : 0);
  return (char *)name;
}

char *emit_view_spec(E *e, Symbol *p) {
  return spec_named(e, arena_printf(e->a, "spec_%s", p->name), p->ty, p->written);
}

/* A Python object taken as a view by compiled code (`v: cython.double[:] = obj`, a cfunc's
 * argument): acquired with the checks of an argument, its buffer kept by a holder object that a
 * statement temporary owns until a store takes its own reference. */
char *emit_view_from_object(E *e, const char *obj, Type *vt, bool writable) {
  char *spec = spec_named(e, arena_printf(e->a, "spec%d", ++e->ntemps), vt, writable);
  char *v = c_temp(e, vt), *h = obj_temp(e);
  emitf(e, "if (pyc2c_view_from_object(%s, &%s, NULL, &%s, &%s) < 0) %s", obj, spec, h, v, err(e));
  return v;
}

/* A sub-view: a[i, lo:hi:step, ...]. Slices clamp like Python's (PySlice_AdjustIndices), a zero
 * step raises ValueError, integer indices are checked as directed; the result shares memory and
 * keeps pointing at the same object. */
char *emit_view_slice(E *e, Node *n) {
  Type *bt = n->a->ty;
  char *base = ex(e, n->a), *r = c_temp(e, n->ty);
  if (!is_simple(base))
    base = stash(e, bt, base);
  emitf(e, "%s.obj = %s.obj; %s.data = %s.data;", r, base, r, base);
  int od = 0;
  for (int d = 0; d < bt->ndim; d++) {
    Node *ix = d < n->list.len ? NODE_AT(n->list, d) : NULL;
    if (ix && ix->kind != N_SLICE) {
      char *i = index_value(e, ix, base, d, n->flags);
      emitf(e, "%s.data += %s * %s.strides[%d];", r, i, base, d);
      continue;
    }
    if (!ix || (!ix->a && !ix->b && !ix->c)) { /* a whole dimension */
      emitf(e, "%s.shape[%d] = %s.shape[%d]; %s.strides[%d] = %s.strides[%d];", r, od, base, d, r,
            od, base, d);
      od++;
      continue;
    }
    char *step = ix->c ? stash(e, &ty_Py_ssize_t, ex_as(e, ix->c, &ty_Py_ssize_t)) : "1";
    char *st = c_temp(e, &ty_Py_ssize_t), *sp = c_temp(e, &ty_Py_ssize_t);
    emitf(e, "%s = %s;", st,
          ix->a ? ex_as(e, ix->a, &ty_Py_ssize_t)
                : arena_printf(e->a, "(%s > 0 ? 0 : PY_SSIZE_T_MAX)", step));
    emitf(e, "%s = %s;", sp,
          ix->b ? ex_as(e, ix->b, &ty_Py_ssize_t)
                : arena_printf(e->a, "(%s > 0 ? PY_SSIZE_T_MAX : PY_SSIZE_T_MIN)", step));
    int64_t stepv;
    if (ix->c && !(const_int_value(ix->c, &stepv) && stepv != 0))
      emitf(e, "if (PYC2C_UNLIKELY(%s == 0)) { pyc2c_raise_value(\"slice step cannot be zero\"); %s }",
            step, err(e));
    emitf(e, "%s.shape[%d] = PySlice_AdjustIndices(%s.shape[%d], &%s, &%s, %s);", r, od, base, d, st,
          sp, step);
    emitf(e, "%s.data += %s * %s.strides[%d]; %s.strides[%d] = %s.strides[%d] * %s;", r, st, base, d,
          r, od, base, d, step);
    od++;
  }
  return r;
}

/* A view that may be a slice, given to Python (returned, passed to a Python call): a memoryview
 * with its shape, strides and format, sharing the memory (pyc2c_view_to_memoryview). A whole
 * view would give back its object, but a local may hold either: the memoryview is right for
 * both. */
/* A view value v of type vt given to Python as a memoryview (new reference in a temporary). */
static char *box_value(E *e, Type *vt, const char *v, const char *dst) {
  Type *el = vt->elem;
  static const char sfmt[] = "bhiq", ufmt[] = "BHIQ";
  int k = el->size == 1 ? 0 : el->size == 2 ? 1 : el->size == 4 ? 2 : 3;
  char fmt = el->kind == T_COMPLEX ? (el->size == 8 ? 'F' : 'D') /* "Zf", "Zd" */
             : el->kind == T_FLOAT ? (el->size == 4 ? 'f' : el->size == 8 ? 'd' : 'g')
             : el->is_signed       ? sfmt[k]
                                   : ufmt[k];
  emitf(e, "%s = pyc2c_view_to_memoryview(%s, %d, '%c', sizeof(%s), %d);", dst, v, vt->ndim, fmt,
        el->cname, vt->readonly ? 1 : 0);
  return (char *)dst;
}

char *emit_view_box(E *e, Node *n) {
  char *v = ex(e, n), *t = obj_temp(e);
  box_value(e, n->ty, v, t);
  emitf(e, "if (!%s) %s", t, err(e));
  return t;
}

/* A function declared to return a view returns the pyc2c_View by value with a new reference to
 * its object in .obj (the caller's, to release), so the view outlives the callee's locals (a new
 * array, say) at the cost of one reference per call, none per element. */
char *emit_view_call_result(E *e, Type *vt, char *call) {
  char *v = call;
  if (!is_simple(v)) {
    v = c_temp(e, vt);
    emitf(e, "%s = %s;", v, call);
  }
  char *t = obj_temp(e); /* released after the statement; a store takes its own reference */
  emitf(e, "%s = %s.obj;", t, v);
  return v;
}

void emit_view_return(E *e, Node *value, Type *rt) {
  char *v = stash(e, rt, ex_as(e, value, rt));
  /* a finally may return again: the earlier value's reference goes */
  emitf(e, "Py_XINCREF(%s.obj); Py_XDECREF(pyc2c_r.obj); pyc2c_r = %s;", v, v);
}

/* The wrapper of a def or ccall declared to return a view: the viewed object itself (the array,
 * or the argument passed), or a memoryview when the function may return a slice. */
void emit_view_wrapper_return(E *e, Function *fn, const char *args) {
  emitf(e, "pyc2c_View v;");
  if (fn->can_raise)
    emitf(e, "if (%s(%s%s&v) == 0) {", fn->cname, args, fn->nparams ? ", " : "");
  else
    emitf(e, "v = %s(%s); {", fn->cname, args);
  e->indent++;
  if (fn->ret_view && fn->ret_view->derived) {
    box_value(e, fn->ret, "v", "r");
    emitf(e, "Py_XDECREF(v.obj);");
  } else /* the object itself (not a holder of its buffer), for the reference handed over */
    emitf(e, "r = Py_NewRef(pyc2c_view_object(v.obj)); Py_XDECREF(v.obj);");
  e->indent--;
  emitf(e, "}");
}

/* `for x in v`: a local or parameter that the loop never rebinds keeps its object alive by
 * itself, so the loop takes no reference (none per row of an enclosing `for row in m`). */
bool emit_view_loop_needs_hold(Node *loop) {
  Node *it = loop->b;
  if (it->kind != N_NAME || !it->sym || it->sym->kind != S_LOCAL)
    return true;
  return body_assigns(&loop->body, it->sym) || body_assigns(&loop->orelse, it->sym);
}

/* Row k of view v (for row in v): one dimension fewer, sharing the memory and the object. */
char *emit_view_row(E *e, Type *vt, const char *v, const char *k) {
  char *r = c_temp(e, vt); /* the same C struct, whatever the dimensions */
  emitf(e, "%s.obj = %s.obj; %s.data = %s.data + %s * %s.strides[0];", r, v, r, v, k, v);
  for (int d = 1; d < vt->ndim; d++)
    emitf(e, "%s.shape[%d] = %s.shape[%d]; %s.strides[%d] = %s.strides[%d];", r, d - 1, v, d, r,
          d - 1, v, d);
  return r;
}

char *emit_view_disjoint(E *e, Symbol *a, Symbol *b) {
  return arena_printf(e->a, "pyc2c_view_disjoint(%s, %d, sizeof(%s), %s, %d, sizeof(%s))", a->cname,
                      a->ty->ndim, a->ty->elem->cname, b->cname, b->ty->ndim, b->ty->elem->cname);
}
