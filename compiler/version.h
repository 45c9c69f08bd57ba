/* version.h: pyc2c's version (also in python/pyc2c/__init__.py and pyproject.toml). */
#ifndef PYC2C_VERSION_H
#define PYC2C_VERSION_H
#define PYC2C_VERSION "0.1.0"
#endif
