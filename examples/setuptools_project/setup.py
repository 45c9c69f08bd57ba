from setuptools import setup

from pyc2c.setuptools import pyc2cize

setup(
    packages=["stats_demo"],
    # every annotated module of the package becomes an extension module; __init__.py stays Python
    ext_modules=pyc2cize(["stats_demo/*.py"], boundscheck=False, openmp=True),
)
