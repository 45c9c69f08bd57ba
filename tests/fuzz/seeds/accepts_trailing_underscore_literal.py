def f():
    return 1_
