# Two commands for a newcomer: `make demo` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck unit clean reports lock test-latest

# The development environment comes from the lock (exact versions with their hashes), so a new
# release upstream cannot turn a fresh clone red; pyproject.toml keeps the ranges users install.
$(STAMP): pyproject.toml requirements/dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
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
	ORR_UPDATE_GOLDEN=1 $(BIN)/pytest -q tests/test_reports_golden.py tests/test_portfolio_golden.py tests/test_readme_context.py

## Refresh the lock after changing the dependencies in pyproject.toml (or to take new releases).
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra test --universal --generate-hashes \
		--python-version 3.11 --custom-compile-command "make lock" --quiet -o requirements/dev.txt

## Opt-in: the test suite against the newest releases pyproject.toml allows (not the lock).
test-latest:
	$(PYTHON) -m venv .venv-latest
	.venv-latest/bin/python -m pip install --quiet --upgrade pip
	.venv-latest/bin/python -m pip install --quiet --upgrade -e '.[test]'
	.venv-latest/bin/pytest -q

clean:
	rm -rf $(VENV) .venv-latest build dist .pytest_cache .mypy_cache .ruff_cache
