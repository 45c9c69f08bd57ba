def f(a, a):
    return f(1, 2)
