def first_long(xs):
    if (n := len(xs)) > 3:
        return n
    return 0
