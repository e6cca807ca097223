# Every target builds what it needs from nothing: a fresh clone only needs python3 (3.11+),
# and node/npm for the spec tools.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
SPEC := openapi/fincard.yaml
GEN_PKG := fincard_api
# the generator is pinned exactly: templates/ relies on its undocumented template API
GENERATOR := openapi-python-client==0.29.1
NPX := tools/node_modules/.bin
CODE := src tests examples $(wildcard bench)

.PHONY: help install test check lint format typecheck generate check-generated lint-spec \
        docs demo sandbox bench bench-smoke consumers contract clean

help:
	@echo "make demo | test | check | generate | check-generated | lint-spec | docs | bench | sandbox"

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv==0.13.8
	$(UV) pip install --quiet -p $(PY) -e '.[dev]' '$(GENERATOR)'
	touch $@

install: $(VENV)/.installed

tools/node_modules/.installed: tools/package.json
	cd tools && npm install --no-audit --no-fund --silent
	touch $@

# coverage starts before pytest imports anything, so the sandbox's pytest plugin (which
# imports fincard_async early) does not hide import-time lines from the report
test: install
	$(PY) -m coverage run -m pytest -q $(PYTEST_ARGS)
	$(PY) -m coverage report --fail-under=85

check: install
	$(VENV)/bin/ruff format --diff $(CODE)
	$(VENV)/bin/ruff check $(CODE)
	$(VENV)/bin/ruff check --config tools/ruff-generated.toml generated
	$(VENV)/bin/mypy src tests

format: install
	$(VENV)/bin/ruff format $(CODE)
	$(VENV)/bin/ruff check --fix $(CODE)

# Regenerates generated/ from the spec through our templates; never edit generated/ by hand.
generate: install
	$(PY) -m tools.generate --output generated

check-generated: install
	$(PY) -m tools.generate --check generated

lint-spec: install tools/node_modules/.installed
	$(VENV)/bin/openapi-spec-validator $(SPEC)
	$(NPX)/redocly lint --config tools/redocly.yaml $(SPEC)

# Other teams generate their own clients from the YAML: prove it works with stock tools
# (generators, a Prism mock in dynamic mode, schemathesis against the sandbox with auth).
consumers: install tools/node_modules/.installed contract
	$(PY) -m tools.consumers

# The differential test at full size: 500 generated cases per operation, YAML = SDK = sandbox
# (make test runs the same test with a few cases).
contract: install
	FINCARD_CONTRACT_CASES=500 $(PY) -m pytest -q -p no:randomly tests/contract/test_differential.py

docs: tools/node_modules/.installed
	$(NPX)/redocly build-docs $(SPEC) --output docs/_build/index.html

demo: install
	$(PY) -m examples.demo

sandbox: install
	$(PY) -m fincard_async.sandbox --port 8765

bench: install
	$(PY) -m bench

bench-smoke: install
	$(PY) -m bench --smoke

clean:
	rm -rf $(VENV) tools/node_modules docs/_build .coverage
