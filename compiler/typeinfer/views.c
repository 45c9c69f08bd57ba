/* views.c: typed memoryviews in typeinfer: annotations (`cython.double[:, ::1]`), indexing,
 * `.shape`/`.ndim`/`.size`, stores, the boundscheck/wraparound directives, and which view
 * parameters are written (only those need a writable buffer: a view the code only reads accepts
 * a read-only array, as the interpreted file would). */
#include "typeinfer/internal.h"
#include <string.h>

/* cython.const[cython.<numeric>]: the element type of a read-only view. */
static Node *const_elem(TI *ti, Node *n) {
  const char *c = n->kind == N_SUBSCRIPT ? cython_attr(ti, n->a) : NULL;
  return c && strcmp(c, "const") == 0 && n->list.len == 1 ? NODE_AT(n->list, 0) : NULL;
}

bool is_view_annotation(TI *ti, Node *n) {
  return n->kind == N_SUBSCRIPT && (cython_attr(ti, n->a) || const_elem(ti, n->a));
}

/* view = [cython.const '['] cython.<numeric> [']'] '[' dim (',' dim)* ']'
 * dim = ':' | '::1'. A const view accepts read-only buffers and cannot be written through. */
Type *view_annotation(TI *ti, Node *n) {
  Node *en = const_elem(ti, n->a);
  bool readonly = en != NULL;
  if (!en)
    en = n->a;
  const char *attr = cython_attr(ti, en);
  Type *elem = attr ? type_from_cython_name(attr) : NULL;
  if (!elem && attr && complex_unsupported_name(ti, en, attr)) /* complex.c */
    return NULL;
  if (!elem) {
    ERR(en, "unknown element type '%s' for a memoryview", attr ? attr : "?");
    return NULL;
  }
  if (elem->kind != T_INT && elem->kind != T_FLOAT && elem->kind != T_COMPLEX) {
    ERR(en, "memoryviews of %s are not supported by pyc2c yet", elem->name);
    return NULL;
  }
  int ndim = n->list.len, contig_dim = -1;
  if (ndim > 8) {
    ERR(n, "memoryviews have at most 8 dimensions, this one has %d", ndim);
    return NULL;
  }
  for (int d = 0; d < ndim; d++) {
    Node *s = NODE_AT(n->list, d);
    int64_t step = 0;
    if (s->kind != N_SLICE || s->a || s->b || (s->c && !(const_int_value(s->c, &step) && step == 1))) {
      ERR(s, "each dimension of a memoryview type is ':' or '::1' (contiguous)");
      return NULL;
    }
    if (s->c) {
      if (contig_dim >= 0) {
        ERR(s, "only one dimension of a memoryview can be marked contiguous ('::1')");
        return NULL;
      }
      contig_dim = d;
    }
  }
  char contig = 0;
  if (contig_dim == ndim - 1)
    contig = 'C';
  else if (contig_dim == 0)
    contig = 'F';
  else if (contig_dim > 0) {
    ERR(NODE_AT(n->list, contig_dim),
        "only the last (C order) or the first (Fortran order) dimension can be contiguous");
    return NULL;
  }
  return type_view(elem, ndim, contig, readonly);
}

static void index_flags(TI *ti, Node *n) {
  Function *fn = ti->cur;
  n->flags &= ~(NF_BOUNDSCHECK | NF_WRAPAROUND);
  if (fn->boundscheck)
    n->flags |= NF_BOUNDSCHECK;
  if (fn->wraparound)
    n->flags |= NF_WRAPAROUND;
  bool index = false; /* slices clamp: only an integer index can be out of bounds */
  for (int i = 0; i < n->list.len && !index; i++)
    index = NODE_AT(n->list, i)->kind != N_SLICE;
  if (ti->report && fn->boundscheck && index)
    fn->can_raise = true; /* IndexError */
}

/* An index held as a Python int or object (not an int literal) is converted to a Py_ssize_t,
 * which can raise OverflowError or TypeError. */
static bool converted_can_raise(const Node *ix) {
  int64_t v;
  return ix->ty && (type_is_object(ix->ty) || type_is_pyint(ix->ty)) && !const_int_value(ix, &v);
}

/* A slice's step can raise (ValueError) unless it is a constant other than zero; a start, stop
 * or step held as a Python object can raise when converted to a Py_ssize_t. */
static bool slice_can_raise(const Node *ix) {
  int64_t step;
  if (ix->c && !(const_int_value(ix->c, &step) && step != 0))
    return true;
  const Node *parts[3] = {ix->a, ix->b, ix->c};
  for (int k = 0; k < 3; k++)
    if (parts[k] && converted_can_raise(parts[k]))
      return true;
  return false;
}

/* a.shape[k] / a.strides[k]: for a constant k the node's ival holds it, counted from 0; any other
 * integer index (ival -1) reads the tuple NumPy would give, with its IndexError. */
static Type *shape_item(TI *ti, Node *n, Node *attr) {
  Type *vt = tx(ti, attr->a);
  if (!vt)
    return NULL;
  if (!type_is_view(vt)) {
    ERR(attr, "attribute access is not supported by pyc2c yet");
    return NULL;
  }
  int64_t k;
  if (n->list.len != 1 || NODE_AT(n->list, 0)->kind == N_SLICE) {
    ERR(n->list.len ? NODE_AT(n->list, 0) : n,
        "'.%s' takes one integer index here (slicing it is not supported by pyc2c)", attr->str);
    return NULL;
  }
  if (!const_int_value(NODE_AT(n->list, 0), &k)) {
    Node *ix = NODE_AT(n->list, 0);
    Type *it = tx(ti, ix);
    if (!it)
      return NULL;
    if (!is_intlike(it) && !(type_is_object(it) && it->obj == OBJ_ANY)) {
      ERR(ix, "tuple indices must be integers, not %s", it->name);
      return NULL;
    }
    n->ival = -1;
    attr->ty = &ty_index; /* not a view's extent that loop versioning could bound */
    if (ti->report)
      ti->cur->can_raise = true; /* IndexError */
    return &ty_index;
  }
  if (k < -vt->ndim || k >= vt->ndim) {
    ERR(NODE_AT(n->list, 0), "%s index %lld is out of range for a %d-dimensional view", attr->str,
        (long long)k, vt->ndim);
    return NULL;
  }
  n->ival = k < 0 ? k + vt->ndim : k;
  attr->ty = vt;
  return &ty_index;
}

/* a[i, 1:-1], a[::2], a[i] of a 2-D view: a sub-view sharing a's memory. */
static Type *slice_subscript(TI *ti, Node *n, Type *vt) {
  if (n->list.len > vt->ndim) {
    ERR(n, "too many indices for a %d-dimensional view", vt->ndim);
    return NULL;
  }
  bool ok = true;
  int ndim = vt->ndim - n->list.len;
  for (int i = 0; i < n->list.len; i++) {
    Node *ix = NODE_AT(n->list, i);
    Node *parts[3] = {ix->a, ix->b, ix->c};
    if (ix->kind != N_SLICE)
      parts[0] = ix, parts[1] = parts[2] = NULL;
    else
      ndim++;
    for (int k = 0; k < 3; k++) {
      if (!parts[k])
        continue;
      Type *t = tx(ti, parts[k]);
      if (!t)
        ok = false;
      else if (!is_intlike(t)) {
        ERR(parts[k], "memoryview indices must be integers, not %s", t->name);
        ok = false;
      }
    }
  }
  if (!ok)
    return NULL;
  /* The unit-stride dimension survives when it is kept whole or sliced with step 1. */
  Node *last = n->list.len == vt->ndim ? NODE_AT(n->list, vt->ndim - 1) : NULL;
  Node *first = NODE_AT(n->list, 0);
  int64_t step;
  bool last_unit = !last || (last->kind == N_SLICE && (!last->c || (const_int_value(last->c, &step) && step == 1)));
  bool first_unit = first->kind == N_SLICE && (!first->c || (const_int_value(first->c, &step) && step == 1));
  char contig = 0;
  if (vt->contig == 'C' && last_unit)
    contig = 'C';
  else if (vt->contig == 'F' && first_unit && ndim > 1)
    contig = 'F';
  else if (vt->contig == 'F' && first_unit && ndim == 1 && vt->ndim == 1)
    contig = 'C';
  index_flags(ti, n);
  bounds_mark_indices(ti, n);
  n->flags |= NF_SLICE;
  for (int i = 0; i < n->list.len && ti->report; i++) {
    Node *ix = NODE_AT(n->list, i);
    if ((ix->kind == N_SLICE && slice_can_raise(ix)) ||
        (ix->kind != N_SLICE && converted_can_raise(ix)))
      ti->cur->can_raise = true;
  }
  return type_view(vt->elem, ndim, contig, vt->readonly);
}


/* A subscript whose `...` was expanded keeps the indices as written in `params` (unused by
 * subscripts): each typing pass starts from them, so a base that turns out not to be a view is
 * subscripted with the real Ellipsis object. */
void view_ellipsis_reset(Node *n) {
  if (n->kind == N_SUBSCRIPT && n->params.len)
    n->list = n->params;
}

/* a[i, ..., k] of a view: `...` stands for as many ':' as the dimensions the other indices leave
 * (none, when they index every dimension: then it is an element), as in NumPy. The subscript's
 * index list becomes the expanded one, so everything after typeinfer sees plain slices. False if
 * reported: two Ellipses, or more indices than dimensions. */
static bool expand_ellipsis(TI *ti, Node *n, const Type *vt) {
  int at = -1, nindex = 0;
  for (int i = 0; i < n->list.len; i++) {
    Node *ix = NODE_AT(n->list, i);
    if (!node_is_ellipsis(ix)) {
      nindex++;
      continue;
    }
    if (at >= 0) {
      ERR(ix, "an index can only have a single ellipsis ('...')");
      return false;
    }
    at = i;
  }
  if (at < 0)
    return true;
  if (nindex > vt->ndim) {
    ERR(n, "too many indices: a %d-dimensional view takes at most %d besides '...', not %d",
        vt->ndim, vt->ndim, nindex);
    return false;
  }
  Node *dots = NODE_AT(n->list, at);
  NodeList out = {0};
  for (int i = 0; i < n->list.len; i++) {
    if (i != at) {
      vec_push(ti->a, &out, NODE_AT(n->list, i));
      continue;
    }
    for (int k = 0; k < vt->ndim - nindex; k++)
      vec_push(ti->a, &out, node_new(ti->a, N_SLICE, dots->line, dots->col));
  }
  n->params = n->list;
  n->list = out;
  return true;
}

Type *view_subscript(TI *ti, Node *n) {
  if (n->a->kind == N_ATTR && (strcmp(n->a->str, "shape") == 0 || strcmp(n->a->str, "strides") == 0) &&
      !cython_attr(ti, n->a))
    return shape_item(ti, n, n->a);
  Type *vt = tx(ti, n->a);
  if (vt && type_is_view(vt) && !expand_ellipsis(ti, n, vt))
    return NULL;
  bool sliced = false;
  for (int i = 0; i < n->list.len; i++)
    sliced = sliced || NODE_AT(n->list, i)->kind == N_SLICE;
  if (vt && type_is_view(vt) && (sliced || n->list.len < vt->ndim))
    return slice_subscript(ti, n, vt);
  bool ok = vt != NULL;
  for (int i = 0; i < n->list.len; i++) {
    Node *ix = NODE_AT(n->list, i);
    if (ix->kind == N_SLICE) {
      if (vt && type_is_view(vt))
        ERR(ix, "slicing memoryviews is not supported by pyc2c yet");
      ok = false;
      continue;
    }
    Type *it = tx(ti, ix);
    if (!it) {
      ok = false;
      continue;
    }
    if (vt && type_is_view(vt) && !is_intlike(it)) {
      ERR(ix, "memoryview indices must be integers, not %s", it->name);
      ok = false;
    } else if (converted_can_raise(ix) && ti->report)
      ti->cur->can_raise = true; /* converted to Py_ssize_t */
  }
  if (!vt)
    return NULL;
  if (!type_is_view(vt)) {
    ERR(n, "indexing a %s is not supported by pyc2c yet", vt->name);
    return NULL;
  }
  if (!ok)
    return NULL;
  if (n->list.len != vt->ndim) {
    ERR(n, "too many indices: a %d-dimensional view takes at most %d, not %d", vt->ndim, vt->ndim,
        n->list.len);
    return NULL;
  }
  index_flags(ti, n);
  bounds_mark_indices(ti, n);
  return vt->elem;
}

static bool is_transpose(const Node *n) {
  return n->kind == N_ATTR && strcmp(n->str, "T") == 0 && n->a->ty && type_is_view(n->a->ty);
}

Type *view_attribute(TI *ti, Node *n) {
  Type *vt = n->a->ty;
  if (strcmp(n->str, "ndim") == 0 || strcmp(n->str, "size") == 0)
    return &ty_index;
  if (strcmp(n->str, "shape") == 0 || strcmp(n->str, "strides") == 0) {
    if (ti->report)
      ti->cur->can_raise = true; /* a tuple of ints: MemoryError */
    return &ty_object; /* a tuple, as NumPy gives (a.shape[k] stays a C value) */
  }
  if (strcmp(n->str, "T") == 0) /* the transpose: the same memory, dimensions reversed */
    return type_view(vt->elem, vt->ndim, vt->contig == 'C' ? 'F' : vt->contig == 'F' ? 'C' : 0,
                     vt->readonly);
  ERR(n, "memoryviews have no attribute '%s' in pyc2c (shape, strides, ndim, size and T are "
         "supported)",
      n->str);
  return NULL;
}

/* A write through a const view (a[i] = x, a[i] += x, a[:] = b, a[1:] = x) is a compile-time
 * error at the target; false if reported. */
bool view_check_writable(TI *ti, Node *target, const Type *vt) {
  if (!vt->readonly)
    return true;
  Node *base = target->a;
  while (base->kind == N_SUBSCRIPT)
    base = base->a;
  ERR(target, "cannot write through a read-only memoryview ('%s' has type %s)",
      base->kind == N_NAME ? base->str : "?", vt->name);
  return false;
}

void view_store(TI *ti, Node *target) {
  Node *base = target->a;
  if (target->a->kind == N_ATTR && strcmp(target->a->str, "T") != 0) {
    ERR(target, "cannot assign to '%s'", target->a->str);
    return;
  }
  if (!target->ty || !base->ty || !type_is_view(base->ty))
    return;
  view_check_writable(ti, target, base->ty);
  view_mark_written(ti, base);
}

/* What a function declared to return a view returns, as one symbol: returns flow into it, and it
 * flows into whatever receives a call's result. */
static Symbol *ret_view_sym(TI *ti, Function *fn) {
  if (!fn->ret_view)
    fn->ret_view = new_sym(ti, S_LOCAL, "<return>");
  return fn->ret_view;
}

static bool returns_view(const Node *call) {
  return call->kind == N_CALL && call->fn && call->fn->ret_declared && call->fn->ret &&
         type_is_view(call->fn->ret);
}

/* One call of a function declared to return a view. Its result is a symbol of its own: a write
 * through it, or a slice in it, concerns the arguments whose parameters the callee may return
 * (linked once propagation finds that they reach its return), not every caller's. */
typedef struct ViewCall {
  Node *call;
  Function *fn;
  Node **args;    /* by parameter (NULL: a default) */
  bool *linked;   /* args[i] flows into result */
  Symbol *result;
} ViewCall;

void view_call_site(TI *ti, Node *call, Function *fn, Node **args) {
  if (!ti->report || !returns_view(call))
    return;
  for (int i = 0; i < ti->view_calls.len; i++)
    if (((ViewCall *)ti->view_calls.items[i])->call == call)
      return;
  ViewCall *c = arena_alloc(ti->a, sizeof *c);
  c->call = call;
  c->fn = fn;
  c->args = arena_alloc(ti->a, sizeof(Node *) * (size_t)(fn->nparams + 1));
  c->linked = arena_alloc(ti->a, sizeof(bool) * (size_t)(fn->nparams + 1));
  for (int i = 0; i < fn->nparams; i++) {
    c->args[i] = args[i];
    c->linked[i] = false;
  }
  c->result = new_sym(ti, S_LOCAL, "<result>");
  vec_push(ti->a, &ti->view_calls, c);
}

static ViewCall *call_site(TI *ti, const Node *call) {
  for (int i = 0; i < ti->view_calls.len; i++)
    if (((ViewCall *)ti->view_calls.items[i])->call == call)
      return ti->view_calls.items[i];
  return NULL;
}

/* Does a view in `from` reach `to` through assignments, arguments and returns seen so far? */
static bool reaches(TI *ti, Symbol *from, Symbol *to) {
  PtrVec seen = {0};
  vec_push(ti->a, &seen, from);
  for (int k = 0; k < seen.len; k++) {
    if (seen.items[k] == to)
      return true;
    for (int i = 0; i + 1 < ti->view_flows.len; i += 2) {
      if (ti->view_flows.items[i] != seen.items[k])
        continue;
      bool dup = false;
      for (int j = 0; j < seen.len && !dup; j++)
        dup = seen.items[j] == ti->view_flows.items[i + 1];
      if (!dup)
        vec_push(ti->a, &seen, ti->view_flows.items[i + 1]);
    }
  }
  return false;
}

/* A write through a view: the local it names, the view a slice was taken from, or what a
 * function returned (and so, through the flows, the parameter it came from) needs a writable
 * buffer. */
void view_mark_written(TI *ti, Node *b) {
  if (b->kind == N_NAME && b->sym && b->sym->kind == S_LOCAL)
    b->sym->written = true;
  else if ((b->kind == N_SUBSCRIPT && (b->flags & NF_SLICE)) || is_transpose(b))
    view_mark_written(ti, b->a);
  else if (b->kind == N_IFEXP) {
    view_mark_written(ti, b->b);
    view_mark_written(ti, b->c);
  } else if (returns_view(b) && call_site(ti, b))
    call_site(ti, b)->result->written = true;
}

/* A view value reaches `to` (an assignment, an argument, a return): through a name, a slice of
 * one (which also makes `to` derived), either branch of `x if c else y`, or a call's result. */
void view_flow_value(TI *ti, Node *value, Symbol *to) {
  if ((value->kind == N_SUBSCRIPT && (value->flags & NF_SLICE)) || is_transpose(value)) {
    to->derived = true;
    view_flow_value(ti, value->a, to);
  } else if (value->kind == N_NAME && value->sym)
    view_flow(ti, value->sym, to);
  else if (value->kind == N_IFEXP) {
    view_flow_value(ti, value->b, to);
    view_flow_value(ti, value->c, to);
  } else if (returns_view(value) && call_site(ti, value))
    view_flow(ti, call_site(ti, value)->result, to);
}

/* `return v` in a function declared to return a view: the caller receives the view and a
 * reference to its object (emit/view.c). Taking that reference needs the GIL. */
void view_returned(TI *ti, Function *fn, Node *value) {
  if (!ti->report)
    return;
  if (fn->is_nogil)
    ERR(value, "a @cython.nogil function cannot return a memoryview (the caller receives a "
               "reference to the viewed object, which needs the GIL)");
  view_flow_value(ti, value, ret_view_sym(ti, fn));
}

void view_flow(TI *ti, Symbol *from, Symbol *to) {
  if (!ti->report || !from || !to || from == to)
    return;
  vec_push(ti->a, &ti->view_flows, from);
  vec_push(ti->a, &ti->view_flows, to);
}

void view_propagate_writes(TI *ti) {
  for (bool changed = true; changed;) {
    changed = false;
    /* A call's result may be any argument its parameter reaches the callee's return from. */
    for (int i = 0; i < ti->view_calls.len; i++) {
      ViewCall *c = ti->view_calls.items[i];
      for (int k = 0; k < c->fn->nparams; k++)
        if (!c->linked[k] && c->args[k] && c->fn->params[k] && c->fn->ret_view &&
            c->fn->params[k]->ty && type_is_view(c->fn->params[k]->ty) &&
            reaches(ti, c->fn->params[k], c->fn->ret_view)) {
          c->linked[k] = changed = true;
          view_flow_value(ti, c->args[k], c->result);
        }
      if (c->fn->ret_view && c->fn->ret_view->derived && !c->result->derived)
        c->result->derived = changed = true;
    }
    for (int i = 0; i + 1 < ti->view_flows.len; i += 2) {
      Symbol *from = ti->view_flows.items[i], *to = ti->view_flows.items[i + 1];
      if (to->written && !from->written)
        from->written = changed = true;
      if (from->derived && !to->derived) /* a slice passed on is still a slice */
        to->derived = changed = true;
    }
  }
  /* Boxing a whole view gives back its object; a slice becomes a memoryview of its own. */
  for (int i = 0; i < ti->view_boxings.len; i++) {
    Node *v = ti->view_boxings.items[i];
    if (view_is_derived(ti, v))
      v->flags |= NF_BOX_SLICE;
  }
}

bool view_is_derived(TI *ti, const Node *v) {
  if (v->kind == N_SUBSCRIPT)
    return v->flags & NF_SLICE;
  if (is_transpose(v))
    return true;
  if (v->kind == N_NAME)
    return v->sym && v->sym->derived;
  if (v->kind == N_IFEXP)
    return view_is_derived(ti, v->b) || view_is_derived(ti, v->c);
  if (returns_view(v) && call_site(ti, v)) /* a function that may return a slice */
    return call_site(ti, v)->result->derived;
  return false;
}

void view_boxed(TI *ti, Node *value) {
  if (ti->report)
    vec_push(ti->a, &ti->view_boxings, value);
}

/* Parses "# cython: boundscheck=False, wraparound=False" comments before the first statement. */
void module_directives(TI *ti) {
  ModuleInfo *mi = ti->mi;
  mi->boundscheck = mi->wraparound = true;
  if (ti->m->cli_boundscheck >= 0) /* pyc2c build -X boundscheck=False */
    mi->boundscheck = ti->m->cli_boundscheck;
  if (ti->m->cli_wraparound >= 0)
    mi->wraparound = ti->m->cli_wraparound;
  if (ti->m->cli_cdivision >= 0)
    mi->cdivision = ti->m->cli_cdivision;
  mi->fastmath = ti->m->cli_fastmath > 0; /* pyc2c build -X fastmath=True: every function */
  const char *p = ti->m->src, *end = ti->m->src + ti->m->len;
  int line = 1;
  while (p < end) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol)
      eol = end;
    const char *q = p;
    while (q < eol && (*q == ' ' || *q == '\t' || *q == '\r'))
      q++;
    if (q < eol && *q != '#')
      break; /* the first statement ends the header */
    if (q < eol && eol - q > 8) { /* a comment line long enough to hold "# cython:" */
      const char *c = q + 1;
      while (c < eol && *c == ' ')
        c++;
      if (eol - c > 7 && strncmp(c, "cython:", 7) == 0) {
        c += 7;
        while (c < eol) {
          while (c < eol && (*c == ' ' || *c == ','))
            c++;
          const char *k = c;
          while (c < eol && *c != '=' && *c != ',' && *c != ' ')
            c++;
          size_t klen = (size_t)(c - k);
          while (c < eol && *c == ' ')
            c++;
          if (c >= eol || *c != '=')
            break;
          c++;
          while (c < eol && *c == ' ')
            c++;
          const char *v = c;
          while (c < eol && *c != ',' && *c != ' ' && *c != '\r')
            c++;
          size_t vlen = (size_t)(c - v);
          bool is_true = vlen == 4 && strncmp(v, "True", 4) == 0;
          bool is_false = vlen == 5 && strncmp(v, "False", 5) == 0;
          Node at = {.line = line, .col = (int)(k - p) + 1};
          bool known = (klen == 11 && strncmp(k, "boundscheck", 11) == 0) ||
                       (klen == 10 && strncmp(k, "wraparound", 10) == 0);
          if (known && !is_true && !is_false)
            ERR(&at, "the %.*s directive takes True or False", (int)klen, k);
          else if (klen == 11 && strncmp(k, "boundscheck", 11) == 0)
            mi->boundscheck = is_true;
          else if (klen == 10 && strncmp(k, "wraparound", 10) == 0)
            mi->wraparound = is_true;
          else if (klen == 9 && strncmp(k, "cdivision", 9) == 0)
            mi->cdivision = is_true;
          /* other directives (language_level, infer_types, ...) do not change pyc2c's output */
        }
      }
    }
    p = eol + 1;
    line++;
  }
}

/* for x in a: the elements of a 1-D view; over more dimensions, the rows a[i], each a sub-view of
 * one dimension fewer sharing a's memory (C-contiguous rows stay C-contiguous). */
Type *view_iteration(Type *vt) {
  if (vt->ndim == 1)
    return vt->elem;
  return type_view(vt->elem, vt->ndim - 1, vt->contig == 'C' ? 'C' : 0, vt->readonly);
}

bool view_call_returns_view(TI *ti, Node *call) {
  if (call->kind != N_CALL || call->a->kind != N_NAME)
    return false;
  Symbol *fs = lookup(ti, call->a->str);
  return fs && fs->kind == S_FUNC && fs->fn && fs->fn->ret_declared && fs->fn->ret &&
         type_is_view(fs->fn->ret);
}
