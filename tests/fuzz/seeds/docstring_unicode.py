"""docstring only é€😀"""
