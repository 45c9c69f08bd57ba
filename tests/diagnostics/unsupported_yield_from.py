def chain(a, b):
    yield from a
    yield from b
