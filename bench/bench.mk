# bench/bench.mk: the benchmark suite, run from the repository root.
#   make bench                  every kernel at full size; writes docs/benchmarks.md
#   make bench KERNEL=jacobi    one folder or kernel (a comma-separated list works too)
#   make bench QUICK=1          smoke run: smaller inputs, fewer repeats
# The top Makefile builds build/pyc2c first; `make -f bench/bench.mk bench` runs without it
# (pyc2c then shows "not yet"). The pinned peers (bench/requirements.txt) are installed into
# .venv once; every artefact goes under build/bench/.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
VENV_STAMP := $(VENV)/.installed
PEERS_STAMP := $(VENV)/.bench-installed
THREADS ?= 2
QUICK_FLAG := $(if $(filter-out 0 no false,$(QUICK)),--quick)
KERNEL_FLAG := $(if $(strip $(KERNEL)),--kernel "$(strip $(KERNEL))")

.PHONY: bench

bench: $(PEERS_STAMP)
	OMP_NUM_THREADS=$(THREADS) NUMBA_NUM_THREADS=$(THREADS) \
	  $(VPY) bench/run.py $(QUICK_FLAG) $(KERNEL_FLAG)

# The top Makefile's recipe, so that this file also works alone on a fresh clone.
$(VENV_STAMP): requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

$(PEERS_STAMP): bench/requirements.txt bench/setup-system.sh $(VENV_STAMP)
	bench/setup-system.sh
	$(VPY) -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	@touch $@
