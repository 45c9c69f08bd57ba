# pyc2c: build, set-up, demo and tests.
#   make        set up (Debian packages, grammar sources) and build build/pyc2c
#   make demo   also set up .venv, compile examples/integrate.py and compare it with CPython
#   make test   also set up .venv and run every test (pytest, a short fuzz run, the ASan build)
# Everything fetched from registries is pinned: scripts/grammar-requirements.txt, requirements-dev.txt.

SHELL := /bin/bash
PYTHON ?= python3
CC ?= cc
ifeq ($(origin CC),default)
CC := gcc
endif
CLANG ?= clang-14
HOME_DIR := $(abspath .)
B := build
VENV := .venv
VPY := $(VENV)/bin/python
GRAMMAR := $(B)/grammar
FUZZ_SECONDS ?= 30
PYTEST_ARGS ?=

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS_COMPILER := -std=c11 -D_XOPEN_SOURCE=700 -O2 -g $(WARN) \
  -Icompiler -DPYC2C_DEFAULT_HOME='"$(HOME_DIR)"'
CFLAGS_GRAMMAR := -std=c11 -O2 -g -w -I$(GRAMMAR)/src \
  -Dts_malloc=malloc -Dts_calloc=calloc -Dts_realloc=realloc -Dts_free=free

# The front end (parse + typeinfer + emit) is shared by the CLI, the fuzz target and the ASan build.
FRONT_SRCS := $(wildcard compiler/*.c compiler/parse/*.c compiler/typeinfer/*.c compiler/emit/*.c \
  compiler/annotate/*.c)
FRONT_SRCS := $(filter-out compiler/main.c,$(FRONT_SRCS))
HDRS := $(wildcard compiler/*.h compiler/*/*.h)
FRONT_OBJS := $(FRONT_SRCS:%.c=$(B)/obj/%.o)
ASAN_OBJS := $(FRONT_SRCS:%.c=$(B)/asan/%.o) $(B)/asan/compiler/main.o
GRAMMAR_OBJS := $(B)/obj/grammar/parser.o $(B)/obj/grammar/scanner.o
SYSTEM_STAMP := $(B)/.system-deps
GRAMMAR_STAMP := $(GRAMMAR)/src/parser.c
VENV_STAMP := $(VENV)/.installed

.PHONY: all setup demo test test-py test-asan fuzz fuzz-build bench clean distclean
all: $(B)/pyc2c

setup: $(SYSTEM_STAMP) $(GRAMMAR_STAMP) $(VENV_STAMP)

$(SYSTEM_STAMP): scripts/setup-system.sh
	@mkdir -p $(B)
	scripts/setup-system.sh
	@touch $@

$(GRAMMAR_STAMP):
	PYTHON=$(PYTHON) scripts/fetch-grammar.sh $(GRAMMAR)

$(VENV_STAMP): requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

$(B)/obj/grammar/%.o: $(GRAMMAR_STAMP) | $(SYSTEM_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_GRAMMAR) -c $(GRAMMAR)/src/$*.c -o $@

$(B)/obj/%.o: %.c $(HDRS) | $(SYSTEM_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMPILER) -c $< -o $@

$(B)/pyc2c: $(B)/obj/compiler/main.o $(FRONT_OBJS) $(GRAMMAR_OBJS)
	$(CC) -o $@ $^ -ltree-sitter

# ---- ASan + UBSan build of the compiler; the compiler-facing tests run against it.
ASAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
$(B)/asan/%.o: %.c $(HDRS) | $(SYSTEM_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMPILER) $(ASAN_FLAGS) -O1 -c $< -o $@

$(B)/asan/pyc2c: $(ASAN_OBJS) $(GRAMMAR_OBJS)
	$(CC) $(ASAN_FLAGS) -o $@ $^ -ltree-sitter

test-asan: $(B)/asan/pyc2c $(VENV_STAMP)
	PYC2C=$(abspath $(B)/asan/pyc2c) ASAN_OPTIONS=detect_leaks=1 \
	  $(VPY) -m pytest -q -m compiler tests $(PYTEST_ARGS)

# ---- libFuzzer target over the front end (parse + typeinfer + emit).
$(B)/fuzz/fuzz_frontend: tests/fuzz/fuzz_frontend.c $(FRONT_SRCS) $(HDRS) $(GRAMMAR_STAMP)
	@scripts/setup-system.sh fuzz
	@mkdir -p $(dir $@)
	$(CLANG) -std=c11 -D_XOPEN_SOURCE=700 -g -O1 -Icompiler -DPYC2C_DEFAULT_HOME='"$(HOME_DIR)"' \
	  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	  tests/fuzz/fuzz_frontend.c $(FRONT_SRCS) \
	  $(filter-out -w,$(CFLAGS_GRAMMAR)) -w $(GRAMMAR)/src/parser.c $(GRAMMAR)/src/scanner.c \
	  -ltree-sitter -o $@

fuzz-build: $(B)/fuzz/fuzz_frontend

# New inputs go to $(B)/fuzz/corpus, crash/leak/timeout reproducers to $(B)/fuzz/ (not the tree).
fuzz: $(B)/fuzz/fuzz_frontend
	@mkdir -p $(B)/fuzz/corpus
	$(B)/fuzz/fuzz_frontend -max_total_time=$(FUZZ_SECONDS) -timeout=5 -rss_limit_mb=2048 \
	  -max_len=4096 -print_final_stats=1 -artifact_prefix=$(B)/fuzz/ \
	  $(B)/fuzz/corpus tests/fuzz/seeds

# ---- the two commands of the README
demo: $(B)/pyc2c $(VENV_STAMP)
	$(VPY) examples/demo.py --pyc2c $(B)/pyc2c

test-py: $(B)/pyc2c $(VENV_STAMP)
	$(VPY) -m pytest -q -n 2 tests $(PYTEST_ARGS)

test: test-py
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)
	$(MAKE) --no-print-directory test-asan PYTEST_ARGS="-n 2"

bench: $(B)/pyc2c $(VENV_STAMP)
	$(MAKE) --no-print-directory -f bench/bench.mk bench KERNEL="$(KERNEL)" QUICK="$(QUICK)"

clean:
	rm -rf $(B)/obj $(B)/asan $(B)/fuzz $(B)/pyc2c

distclean:
	rm -rf $(B) $(VENV)
