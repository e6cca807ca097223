# Every target builds what it needs from nothing: a fresh clone only needs python3 (3.11+),
# and node/npm for the spec tools.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
SPEC := openapi/fincard.yaml
GEN_PKG := _generated
# the generator is pinned exactly: templates/ relies on its undocumented template API
GENERATOR := openapi-python-client==0.29.1
NPX := tools/node_modules/.bin
CODE := src tests examples $(wildcard docs/*.py) $(wildcard bench) $(wildcard soak)

.PHONY: help install test check lint format typecheck generate check-generated lint-spec \
        docs docs-check demo sandbox bench bench-smoke soak soak-fast hostile consumers contract \
        clean package-check test-pythons

help:
	@echo "make demo | test | check | generate | check-generated | lint-spec | docs | docs-check | bench | soak | sandbox"

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv==0.13.8
	$(UV) pip install --quiet -p $(PY) -e '.[images,testing]' --group dev '$(GENERATOR)'
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
	$(VENV)/bin/ruff check --config tools/ruff-generated.toml src/fincard_async/_generated
	$(VENV)/bin/mypy src tests $(wildcard soak)

format: install
	$(VENV)/bin/ruff format $(CODE)
	$(VENV)/bin/ruff check --fix $(CODE)

# Builds the wheel and sdist and tries them as a new user would, in fresh environments (slow).
package-check: install
	FINCARD_PACKAGE_CHECK=1 $(PY) -m pytest -q tests/package/test_distribution.py

# The suite on every other Python the machine has (3.11-3.13; never downloads one, skips a
# missing one); .venv's own version is covered by `make test`.
test-pythons: install
	$(PY) -m tools.pythons

# Regenerates src/fincard_async/_generated/ from the spec through our templates; never edit it by hand.
generate: install
	$(PY) -m tools.generate --output src/fincard_async

check-generated: install
	$(PY) -m tools.generate --check src/fincard_async

lint-spec: install tools/node_modules/.installed
	$(VENV)/bin/openapi-spec-validator $(SPEC)
	$(NPX)/redocly lint --config tools/redocly.yaml $(SPEC)

# Other teams generate their own clients from the YAML: prove it works with stock tools
# (generators, a Prism mock in dynamic mode, schemathesis against the sandbox with auth).
consumers: install tools/node_modules/.installed contract
	$(PY) -m tools.consumers

$(VENV)/.docs-installed: pyproject.toml $(VENV)/.installed
	$(UV) pip install --quiet -p $(PY) -e '.[images,testing]' --group dev --group docs
	touch $@

# The site (guides, Python API from the docstrings, HTTP API from the YAML with Swagger UI
# bundled) into build/site, offline; --strict turns every warning into a failure.
docs: $(VENV)/.docs-installed
	$(VENV)/bin/mkdocs build --strict

# Renders every built page in headless Chromium (Debian's, installed when missing) with no
# network, and checks that every operation and every public class appears.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
docs-check: docs
	command -v chromium >/dev/null || ($(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		chromium)
	$(PY) -m docs.check_site build/site

# The differential test at full size: 500 generated cases per operation, YAML = SDK = sandbox
# (make test runs the same test with a few cases).
contract: install
	FINCARD_CONTRACT_CASES=500 $(PY) -m pytest -q -p no:randomly \
		tests/contract/test_differential.py tests/contract/test_upload_differential.py

demo: install
	$(PY) -m examples.demo

sandbox: install
	$(PY) -m fincard_async.sandbox --port 8765

bench: install
	$(PY) -m bench

bench-smoke: install
	$(PY) -m bench --smoke

# Writes, token storms and cancellations against the sandbox under faults (issue 10), then
# the hostile-answer and bad-input run (issue 11): prints the figures and writes
# soak/REPORT.md and tests/hostile/RESULTS.md; exits 1 when a figure misses its target. Some
# minutes on 2 cores. soak-fast is the small version (make test runs both as pytest tests).
soak: install
	$(PY) -m soak
	$(PY) -m tests.hostile.run --out tests/hostile/RESULTS.md

soak-fast: install
	$(PY) -m soak --fast

# The hostile-answer and bad-input run alone (fast versions of every part run in `make test`).
hostile: install
	$(PY) -m tests.hostile.run --out tests/hostile/RESULTS.md

clean:
	rm -rf $(VENV) .venv-3.* tools/node_modules build/site .coverage
