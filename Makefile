# Two commands for a newcomer: `make demo` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck unit clean reports models

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## Run the main job on the bundled examples: gate them and write their reports.
demo: $(STAMP)
	$(BIN)/orr validate checklists examples
	-$(BIN)/orr gate examples/checkout-api.yaml examples/ledger-worker.yaml --today 2026-11-23
	$(BIN)/orr report examples/checkout-api.yaml --today 2026-11-23 --output-dir reports
	$(BIN)/orr report examples/ledger-worker.yaml --today 2026-11-23 --output-dir reports

## Lint, type-check and run every test.
test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q

## Rewrite the committed example reports (and golden files) after an intended change.
reports: $(STAMP)
	ORR_UPDATE_GOLDEN=1 $(BIN)/pytest -q tests/test_reports_golden.py tests/test_portfolio_golden.py

## Recompile src/orr/model/compiled.py after changing the models in src/orr/model/spec.py.
models: $(STAMP)
	$(BIN)/python -m orr.model.compile

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
