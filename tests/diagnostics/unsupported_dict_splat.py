def merged(a, b):
    return {**a, **b}
