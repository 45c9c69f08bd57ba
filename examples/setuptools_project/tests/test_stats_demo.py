"""The installed stats_demo: its kernels are the extension pyc2c built, not the .py."""
import importlib.machinery
from array import array

import stats_demo
from stats_demo import kernels


def test_kernels_are_compiled():
    assert kernels.__file__.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))
    assert isinstance(kernels.__loader__, importlib.machinery.ExtensionFileLoader)
    assert kernels.__pyc2c__["openmp"] is True  # setup.py asks for openmp=True


def test_results():
    a = array("d", [0.5, 2.0, -1.0, 0.25])
    assert stats_demo.mean(a) == 0.4375
    assert stats_demo.clipped_sum(a) == 1.75
    assert stats_demo.clipped_sum(a, -1.0, 3.0) == 1.75
    assert stats_demo.count_above(array("l", [1, 5, 9, -3]), 2) == 2
    assert stats_demo.sum_squares(array("d", [1.0, 2.0, 3.0])) == 14.0
