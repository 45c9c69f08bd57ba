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
  return arena_printf(e->a, "%s.%s[%d]", ex(e, n->a->a), n->a->str, (int)n->ival);
}

char *emit_view_attribute(E *e, Node *n) {
  Type *vt = n->a->ty;
  char *base = ex(e, n->a);
  if (strcmp(n->str, "ndim") == 0)
    return arena_printf(e->a, "((Py_ssize_t)%d)", vt->ndim);
  Buf b = {0};
  for (int d = 0; d < vt->ndim; d++)
    buf_printf(&b, "%s%s.shape[%d]", d ? " * " : "", base, d);
  char *r = arena_printf(e->a, "(%s)", b.p);
  buf_free(&b);
  return r;
}

char *emit_view_len(E *e, Node *arg) { return arena_printf(e->a, "%s.shape[0]", ex(e, arg)); }

char *emit_view_spec(E *e, Symbol *p) {
  Type *t = p->ty, *el = t->elem;
  char kind = el->kind == T_COMPLEX ? 'c' : el->kind == T_FLOAT ? 'f' : el->is_signed ? 'i' : 'u';
  char contig[8] = "0";
  if (t->contig)
    snprintf(contig, sizeof contig, "'%c'", t->contig);
  char *name = arena_printf(e->a, "spec_%s", p->name);
  emitf(e, "static const pyc2c_ViewSpec %s = {\"%s\", '%c', %d, %d, %s, %d};", name,
        el->kind == T_COMPLEX ? (el->size == 8 ? "float complex" : "double complex") : el->cname,
        kind, el->size, t->ndim, contig, p->written ? 1 : 0);
  return name;
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
    if (ix->c)
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
char *emit_view_box(E *e, Node *n) {
  Type *vt = n->ty, *el = vt->elem;
  static const char sfmt[] = "bhiq", ufmt[] = "BHIQ";
  int k = el->size == 1 ? 0 : el->size == 2 ? 1 : el->size == 4 ? 2 : 3;
  char fmt = el->kind == T_COMPLEX ? (el->size == 8 ? 'F' : 'D') /* "Zf", "Zd" */
             : el->kind == T_FLOAT ? (el->size == 4 ? 'f' : 'd') : el->is_signed ? sfmt[k] : ufmt[k];
  char *v = ex(e, n), *t = obj_temp(e);
  emitf(e, "%s = pyc2c_view_to_memoryview(%s, %d, '%c', sizeof(%s), %d); if (!%s) %s", t, v,
        vt->ndim, fmt, el->cname, vt->readonly ? 1 : 0, t, err(e));
  return t;
}
