"""The installed geom_demo: the compiled extension, its stub, and its results."""
import importlib.machinery
from array import array
from pathlib import Path

import geom_demo
from geom_demo import vectors


def test_vectors_is_compiled_with_a_stub():
    assert isinstance(vectors.__loader__, importlib.machinery.ExtensionFileLoader)
    stub = Path(vectors.__file__).with_name("vectors.pyi").read_text()
    assert "def dot(a: numpy.typing.NDArray[numpy.float64], b: numpy.typing.NDArray[numpy.float64]) -> float: ..." in stub


def test_results():
    a, b = array("d", [1.0, 2.0, 3.0]), array("d", [4.0, -5.0, 0.5])
    assert geom_demo.dot(a, b) == -4.5
    assert geom_demo.norm2(a) == 14.0
    out = array("d", [0.0] * 3)
    assert geom_demo.scale_into(out, a, 2.0) is None
    assert list(out) == [2.0, 4.0, 6.0]
