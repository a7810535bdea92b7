# Two set-up commands for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO   ?= demo

.PHONY: demo cluster-demo test lint i18n policy-docs bench-dsr bench-retention bench-consent bench-cli bench-scale clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed  ## build the demo workspace with synthetic data and serve it
	$(BIN)/vernly demo $(DEMO)

AXE := .cache/axe/node_modules/axe-core/axe.min.js

$(AXE):  # axe-core from the npm registry, injected into pages by the browser tests
	@if command -v npm >/dev/null 2>&1; then npm install -s --no-save --no-audit --no-fund --prefix .cache/axe axe-core@4.10.3; \
	else echo "npm not found: browser accessibility tests will be skipped"; fi

test: $(VENV)/.installed-test $(AXE)  ## install with test extras and run the whole suite
	$(BIN)/python -m pytest -q

lint: $(VENV)/.installed-test  ## import contracts, ruff and mypy
	$(BIN)/lint-imports
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

bench-dsr: $(VENV)/.installed-test  ## access/erasure latency on ~10M rows (SQLite, and PostgreSQL when reachable) vs hand-written SQL
	$(BIN)/python bench/dsr.py

bench-retention: $(VENV)/.installed-test  ## sweep of 5M rows (1M expired) on SQLite and PostgreSQL vs raw DELETE; 100k CCTV files vs find -delete
	$(BIN)/python bench/retention.py

bench-scale: $(VENV)/.installed-test  ## access requests completed per minute with 1 and 2 workers on PostgreSQL (bench-dsr data)
	$(BIN)/python bench/scale.py

cluster-demo: $(VENV)/.installed  ## the demo as 2 servers (ports 8001, 8002) + 2 workers on PostgreSQL
	$(BIN)/python scripts/cluster_demo.py

bench-consent: $(VENV)/.installed-test  ## consent choices over HTTP at concurrency 1-64, SQLite and PostgreSQL, vs /healthz
	$(BIN)/python bench/consent.py

bench-cli: $(VENV)/.installed  ## median start-up of `vernly --help` and an idle `vernly sweep`, vs `python -c pass`
	$(BIN)/python bench/cli.py

i18n: $(VENV)/.installed  ## extract the notice strings, merge into the .po catalogues, compile the .mo
	$(BIN)/python -m vernly.notices.catalog update
	$(BIN)/python -m vernly.notices.catalog check

policy-docs: $(VENV)/.installed  ## regenerate docs/policy.md, the reference of every key of vernly.yaml, from the models
	$(BIN)/python -m vernly.policy.reference docs/policy.md

clean:
	rm -rf $(VENV) $(DEMO) .pytest_cache .mypy_cache .ruff_cache
