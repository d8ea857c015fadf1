# Two commands for everyone: `make run` serves the app, `make test` runs lint and every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test lint format chromium bench clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.app-installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.app-installed $@

run: $(VENV)/.app-installed
	MALLOC_ARENA_MAX=2 $(BIN)/streamlit run app.py --server.port $(PORT)

chromium: $(VENV)/.dev-installed
	PATH="$(CURDIR)/$(BIN):$$PATH" sh tools/ensure_chromium.sh

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/biome ci --error-on-warnings --colors=off

format: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/biome check --write

test: lint chromium
	$(BIN)/python -m pytest -n 2 --dist loadfile

bench: $(VENV)/.app-installed
	$(BIN)/python benchmarks/engine.py
	$(BIN)/python benchmarks/playground.py
	$(BIN)/python benchmarks/explorer.py
	$(BIN)/python benchmarks/nets.py
	$(BIN)/python benchmarks/activations.py
	$(BIN)/python benchmarks/pages.py

clean:
	rm -rf $(VENV) artifacts .pytest_cache .ruff_cache
