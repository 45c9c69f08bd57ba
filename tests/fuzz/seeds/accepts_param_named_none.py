def f(None):
    return 1
