"""stats_demo: kernels compiled by pyc2c (stats_demo.kernels), plain Python around them."""
from .kernels import mean, clipped_sum, count_above, sum_squares

__all__ = ["mean", "clipped_sum", "count_above", "sum_squares"]
