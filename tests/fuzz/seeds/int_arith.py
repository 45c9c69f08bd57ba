import cython as cy


def ops(a: cy.int, b: cy.long, c: cy.uint) -> cy.longlong:
    x = a // b + a % b - (a << 3) ^ (b >> 1) | c & 7
    y: cy.short = cy.cast(cy.short, x)
    z = ~y + -a + +b
    return x * y + z ** 2


def pyints(a, b=10, c=-3):
    return (a // b) + (a % c) + (a / b) + abs(a) + min(3, -4, 5) + max(2.5, 1.5, -1.0)
