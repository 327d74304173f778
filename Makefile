# One entry point for people and CI. Every target installs what it needs first,
# into the project-local .venv, from the committed lock file.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
UV_VERSION := 0.13.9

.PHONY: install run test lint bench lock clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet "uv==$(UV_VERSION)"
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

install: $(STAMP)

## Extract events from the bundled sample corpus into data/events.duckdb.
run: install
	$(BIN)/eventetl run

## The whole test suite (real DuckDB, Prefect, Great Expectations, spaCy).
test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: install
	$(BIN)/python bench/run_bench.py

## Re-resolve requirements.lock after changing dependencies in pyproject.toml.
lock: install
	$(BIN)/uv pip compile requirements.in --python-version 3.11 --no-emit-package eventetl -o requirements.lock

clean:
	rm -rf $(VENV) data/events.duckdb data/events.duckdb.wal
