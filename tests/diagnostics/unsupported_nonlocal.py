def counter():
    total = 0

    def bump():
        nonlocal total
        total += 1
    return bump
