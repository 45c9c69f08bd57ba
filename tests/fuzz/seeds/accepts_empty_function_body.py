def f(x):

def g():
    return 1
