def f(a, a):
    return f(b=1)
