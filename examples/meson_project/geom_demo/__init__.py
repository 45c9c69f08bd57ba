"""geom_demo: vector kernels compiled by pyc2c through meson-python."""
from .vectors import dot, norm2, scale_into

__all__ = ["dot", "norm2", "scale_into"]
