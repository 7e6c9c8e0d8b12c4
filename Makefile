# Two commands for a newcomer: `make run` and `make test`. Both set up .venv themselves.
# The interpreter for .venv: the distribution's /usr/bin/python3 when it is >= 3.11 and can make a venv, else
# python3 on PATH; `make PYTHON=...` picks another. Debian's build is the faster one here (it links libpython
# into the executable; pyenv's default build loads it as a shared library, --enable-shared).
# Measured here on 2026-11-25 (Debian 3.11.2 against pyenv 3.11.7, same code, runs taking turns): figures 13 %
# faster, cold refresh 1.69 -> 1.54 s, warm 0.51 -> 0.44 s. A .venv made by another interpreter is kept:
# `make clean` first to switch.
ifndef PYTHON
PYTHON := $(or $(firstword $(foreach p,/usr/bin/python3 python3,$(shell $(p) -c 'import sys, ensurepip; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && echo $(p)))),python3)
endif
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test setup bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the project's metadata changes.
$(VENV)/.installed: pyproject.toml Makefile | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m compileall -q reader >/dev/null  # start-up reads bytecode even where PYTHONDONTWRITEBYTECODE is set
	touch $@

setup: $(VENV)/.installed

run: setup
	@$(BIN)/szreader refresh --demo >/dev/null
	$(BIN)/szreader

test: setup
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python -m compileall -q reader >/dev/null  # edited modules would otherwise be compiled on every start
	$(BIN)/python bench/refresh.py
	$(BIN)/python bench/figures.py
	$(BIN)/python bench/tui.py

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
