# One entry point for people and CI. Every target installs what it needs first,
# into the project-local .venv, from the committed lock file.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
UV_VERSION := 0.13.9

.PHONY: ablation install run test test-fast lint bench lock clean score

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet "uv==$(UV_VERSION)"
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

# The report's browser test needs a Chromium: as root with apt-get, install the Debian
# package. Never fails the install: tests/test_report_html.py skips with its reason without one.
install: $(STAMP)
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 || \
		{ apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends chromium >/dev/null 2>&1; } || \
		echo "chromium not installed: tests/test_report_html.py will skip"; \
	fi

## Extract events from the bundled sample corpus into data/events.duckdb.
SAMPLE_CONFIG := data/samples/aleppo_2016_12.toml
run: install
	EVENTETL_CONFIG=$(SAMPLE_CONFIG) $(BIN)/eventetl run
	EVENTETL_CONFIG=$(SAMPLE_CONFIG) $(BIN)/eventetl report

## The whole test suite (real DuckDB, Prefect, Great Expectations, spaCy).
# Two processes (pytest-xdist), a test module's tests kept in one: each process starts its own
# Prefect test server and loads spaCy once, and the two cores of a small machine both work.
TEST_WORKERS ?= 2
test: install
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

## The edit loop: every test but the slow ones (no Prefect server, no whole-corpus run, no process killed).
test-fast: install
	$(BIN)/python -m pytest -m "not slow"

## Extract the sample corpus and the news-please dev set into data/, then print both scores.
EVAL := ../shared/eval
score: install
	rm -f data/score_dev.duckdb data/score_giveme.duckdb
	EVENTETL_CONFIG=$(SAMPLE_CONFIG) $(BIN)/eventetl run --db data/score_dev.duckdb
	$(BIN)/eventetl run $(EVAL)/giveme5w1h_dev --db data/score_giveme.duckdb
	$(BIN)/python $(EVAL)/score.py --db data/score_dev.duckdb --gold $(EVAL)/gold/seeds_dev.jsonl --docs-gold $(EVAL)/gold/seeds_dev_docs.jsonl
	$(BIN)/python $(EVAL)/score.py --db data/score_giveme.duckdb --gold $(EVAL)/giveme5w1h_dev --kind giveme

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: install
	$(BIN)/python bench/run_bench.py
	$(BIN)/python bench/adversarial_cleaning.py
	$(BIN)/python bench/incident_bench.py bench/work/warehouse_1000_1p.duckdb --copies 1 10
	$(BIN)/python bench/incident_bench.py bench/work/warehouse_1000_1p.duckdb --copies 1 10 --apart --out bench/results/incidents_apart.json

## Every dev set with each rule family switched off (rule_families.toml), against all on; JSON in bench/results/.
ablation: install
	$(BIN)/python bench/ablation.py

## Re-resolve requirements.lock after changing dependencies in pyproject.toml.
lock: install
	$(BIN)/uv pip compile requirements.in --python-version 3.11 --no-emit-package eventetl -o requirements.lock

clean:
	rm -rf $(VENV) data/events.duckdb data/events.duckdb.wal
