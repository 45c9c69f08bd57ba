import cython

def f(x: cython.int) -> cython.int:
	if x:
		return 1
        return 2
