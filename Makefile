# Two commands for a newcomer: `make run` and `make test`. Both set up .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO := Shenzhen Daily (demo)

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
	@$(BIN)/szreader refresh --feed "$(DEMO)" >/dev/null
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
