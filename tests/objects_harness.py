"""Shared by the test_differential_objects_* files: build one module per file, then compare
each (function, args) case with the interpreted module as its own test."""
import pytest

from conftest import build_source, check_same


def module_fixture(source, name):
    @pytest.fixture(scope="module")
    def built(tmp_path_factory):
        return build_source(source, tmp_path_factory.mktemp(name), name)
    return built


def case_ids(cases):
    return [f"{c[0]}-{i}" for i, c in enumerate(cases)]


def run_case(built, case):
    check_same(built, [case])
