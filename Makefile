# Every target creates .venv when missing and installs bluewire with its dev and ansible extras.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck bench golden mutation ci-tools clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev,ansible]'
	touch $(STAMP)

demo: $(STAMP)
	BIN=$(BIN) ci/demo.sh

lint: $(STAMP)
	$(BIN)/ruff check src tasks tests bench
	$(BIN)/ruff format --check src tasks tests bench
	$(BIN)/mypy

test: lint ci-tools
	$(BIN)/pytest -q -n 2

# Benchmarks print side-by-side tables (bluewire vs plain nornir_jinja2 / hier_config / nornir_napalm).
bench: $(STAMP)
	$(BIN)/python -m bench.render
	$(BIN)/python -m bench.diff
	$(BIN)/python -m bench.compliance
	$(BIN)/python -m bench.lab
	$(BIN)/python -m bench.plan
	$(BIN)/python -m bench.backup
	$(BIN)/python -m bench.drift
	$(BIN)/python -m bench.apply

golden: $(STAMP)
	$(BIN)/bluewire render

# Mutation testing, not part of `make test` (tens of minutes per module on two cores):
# `make mutation` runs every module in turn, `make mutation MUTATE="diff risk"` some of them.
# Configured under [tool.mutmut] in pyproject.toml; scores in README.md, Development.
mutation: $(STAMP)
	$(BIN)/python ci/mutation.py $(MUTATE)

# gitlab-ci-local (npm, pinned in package.json) runs the pipeline in tests/ci; it needs rsync and git.
# Debian's chromium renders the HTML reports in tests/unit/report and tests/unit/drift (headless).
ci-tools: node_modules/.bin/gitlab-ci-local
	@command -v rsync >/dev/null || { apt-get update -qq && apt-get install -y -qq rsync; }
	@command -v chromium >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; }

node_modules/.bin/gitlab-ci-local: package.json
	npm install --no-audit --no-fund --no-package-lock
	touch $@

clean:
	rm -rf $(VENV) .bluewire .pytest_cache .mypy_cache .ruff_cache
