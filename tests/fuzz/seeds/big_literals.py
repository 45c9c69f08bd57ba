import cython


def big() -> object:
    a = 123456789012345678901234567890
    b: cython.longlong = 9223372036854775807
    c: cython.int = -2147483648
    d = 0xFFFFFFFFFFFFFFFFFFFF
    e: cython.uchar = 255
    return a + d + b + c + e + 1.7976931348623157e308 + 4.9e-324
