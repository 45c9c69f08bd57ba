def f(x="s"):
    return x
