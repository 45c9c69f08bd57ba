def spread(xs):
    y = *xs
    return y
