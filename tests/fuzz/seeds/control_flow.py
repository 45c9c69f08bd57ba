import cython


def loops(n: cython.int) -> cython.int:
    total: cython.int = 0
    for i in range(n, 0, -2):
        if i % 3 == 0:
            continue
        elif i > 100:
            break
        else:
            total += i
    else:
        total -= 1
    while total > 10:
        total //= 2
        if total == 7:
            break
    else:
        pass
    return total
