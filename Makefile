# Every target creates .venv when missing and installs bluewire with its dev extras.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck bench golden ci-tools clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/bluewire check --limit all
	$(BIN)/bluewire render
	@echo "golden configs are in golden_configs/"

lint: $(STAMP)
	$(BIN)/ruff check src tasks tests bench
	$(BIN)/ruff format --check src tasks tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q -n 2

bench: $(STAMP)
	$(BIN)/python bench/render.py

golden: $(STAMP)
	$(BIN)/bluewire render

# gitlab-ci-local (npm) for the pipeline test; installed into the project, not globally.
ci-tools:
	test -x node_modules/.bin/gitlab-ci-local || npm install --no-save --no-audit --no-fund gitlab-ci-local

clean:
	rm -rf $(VENV) .bluewire .pytest_cache .mypy_cache .ruff_cache
