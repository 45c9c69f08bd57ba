"""Leak test of the object fallback: each object-handling function (one per area) called
100,000 times grows RSS by under 1 MB, and leaves its arguments' reference counts unchanged,
on the value paths and on the error paths (exceptions caught in the function, through finally
and with, and propagated to the caller)."""
import gc
import sys

from conftest import build_source

SRC = '''
def calls(f, xs, kw):
    return f(*xs, **kw), f(xs[0], xs[1]), sorted(xs, key=abs, reverse=True)

def attrs(o, v):
    o.field = v
    w = o.field
    del o.field
    return w

def items(d, k, v):
    d[k] = v
    w = d[k]
    del d[k]
    return w, d.get(k), [v, k][0:1]

def displays(a, b):
    return [a, b, *b], (a, b), {"a": a, "b": b}, {id(a)}

def comps(xs):
    return [x for x in xs if x], {x: x for x in xs}, {str(x) for x in xs}

def loop(xs):
    out = []
    for i, x in enumerate(xs):
        if i == 2:
            continue
        out.append(x)
    else:
        out.append(None)
    return out

def strings(a, n):
    return f"{a!r:>{n}} {a=}" + str(n) + "%s" % (a,)

def contains(x, xs):
    return x in xs, x not in xs, x is xs

def unpack(v):
    a, *b = v
    return a, b

def catch(f, x):
    try:
        return f(x)
    except (TypeError, ValueError) as e:
        return e.args
    finally:
        x = None

def reraise(f, x):
    try:
        return f(x)
    except ValueError:
        raise

def raise_from(x):
    raise KeyError(x) from ValueError(x)

def ctx(cm, f, x):
    with cm as v:
        return f(v, x)

hits = 0

def count_hit(d, k):
    global hits
    hits += 1
    d[k] += 1
    return hits

def finally_loop(xs, f):
    out = []
    for x in xs:
        try:
            out.append(f(x))
        except Exception:
            continue
        finally:
            out.append(x)
    return out
'''


class O:
    pass


class CM:
    def __init__(self, v):
        self.v = v

    def __enter__(self):
        return self.v

    def __exit__(self, t, v, tb):
        return t is KeyError


def bad(x):
    raise ValueError(x)


def pair(v, x):
    if x == "key":
        raise KeyError(x)
    if x == "value":
        raise ValueError(x)
    return v


def _rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096


def _hammer(c, args):
    obj, s, big, o, d, cm, lst, nums = args
    for _ in range(100_000):
        c.calls(max, nums, {})
        c.attrs(o, obj)
        c.items(d, s, obj)
        c.displays(obj, lst)
        c.comps(nums)
        c.loop(lst)
        c.strings(s, 20)
        c.contains(obj, lst)
        c.unpack(lst)
        c.catch(bad, s)
        c.catch(len, obj)
        try:
            c.reraise(bad, s)
        except ValueError:
            pass
        try:
            c.raise_from(s)
        except KeyError:
            pass
        c.ctx(cm, pair, big)
        c.ctx(cm, pair, "key")
        try:
            c.ctx(cm, pair, "value")
        except ValueError:
            pass
        c.finally_loop(lst, bad)
        d[s] = 0
        c.count_hit(d, s)


def test_object_functions_do_not_leak(tmp_path):
    c = build_source(SRC, tmp_path, "objleaks").compiled
    obj = [1, 2]
    s = "leak-check-objects"
    big = 3**90
    o, d = O(), {}
    cm = CM(obj)
    lst = [3, -7, obj, 5]
    nums = [3, -7, big]
    args = (obj, s, big, o, d, cm, lst, nums)
    _hammer(c, args)  # warm up: caches, first-time allocations
    gc.collect()
    refs = [sys.getrefcount(a) for a in args]
    before = _rss_bytes()
    _hammer(c, args)
    gc.collect()
    after = _rss_bytes()
    assert [sys.getrefcount(a) for a in args] == refs
    assert after - before < 1 << 20, f"RSS grew by {after - before} bytes over 100,000 rounds"
    assert c.ctx(cm, pair, "key") is None and c.catch(bad, s) == (s,)
