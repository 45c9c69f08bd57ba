import cython
def f():
    return "ÿþ"
