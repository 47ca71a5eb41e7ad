# MedReview — two commands: `make run` and `make test`. Both set everything up first.
#
#   make run [PORT=8000] [HOST=127.0.0.1]   the demo site, for local development
#   make test                               lint, types, migrations check, the whole suite
#   make bench                              reader pages against a bare Django view (figures only)
#
# Python: any 3.11 or newer. PYTHON=/path/to/python wins; otherwise the first of
# python3.13, python3.12, python3.11, python3 on the PATH that runs and is new enough.
# The venv is installed from requirements-dev.lock (pinned, with hashes) and installed
# again whenever that file changes; `make lock` remakes the lock files from pyproject.toml.

PYTHON ?=
PYTHON_CANDIDATES := python3.13 python3.12 python3.11 python3
MIN_PYTHON := 3.11
VENV ?= .venv
PY := $(VENV)/bin/python
LOCK := requirements-dev.lock
# The stamp names the lock's checksum, so a changed lock reinstalls (cksum is POSIX).
LOCK_SUM := $(firstword $(shell cksum $(LOCK) 2>/dev/null))
STAMP := $(VENV)/.installed-$(LOCK_SUM)
PORT ?= 8000
# pytest-xdist: one worker per core, at most four (each runs its own Chromium); PYTEST_WORKERS= runs in one process.
PYTEST_WORKERS ?= -n auto --maxprocesses=4
HOST ?= 127.0.0.1
UV_COMPILE_FLAGS := --quiet --universal --python-version $(MIN_PYTHON) --generate-hashes --no-strip-markers

.PHONY: run test bench lint format typecheck templates lock clean

# Make the venv with the first suitable Python (see the top of this file).
$(PY):
	@set -e; \
	ok='import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; \
	if [ -n "$(PYTHON)" ]; then \
	  if ! "$(PYTHON)" -c "$$ok" >/dev/null 2>&1; then \
	    echo "PYTHON=$(PYTHON) is not a working Python $(MIN_PYTHON) or newer." >&2; \
	    "$(PYTHON)" --version >&2 || true; exit 1; \
	  fi; \
	  python="$(PYTHON)"; \
	else \
	  python=""; \
	  for candidate in $(PYTHON_CANDIDATES); do \
	    if "$$candidate" -c "$$ok" >/dev/null 2>&1; then python="$$candidate"; break; fi; \
	  done; \
	  if [ -z "$$python" ]; then \
	    echo "MedReview needs Python $(MIN_PYTHON) or newer, and none of $(PYTHON_CANDIDATES) on the PATH is one." >&2; \
	    echo "Install one (python.org, your package manager, or pyenv), or name it: make PYTHON=/path/to/python3.12 ..." >&2; \
	    exit 1; \
	  fi; \
	fi; \
	echo "== making $(VENV) with $$python ($$("$$python" --version 2>&1))"; \
	"$$python" -m venv $(VENV)

$(STAMP): $(PY) $(LOCK)
	rm -f $(VENV)/.installed-*
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r $(LOCK)
	touch $(STAMP)

## run: set up, migrate, load the demo data and serve http://$(HOST):$(PORT)
run: $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo
	@echo "Serving http://$(HOST):$(PORT)  (the demo article: http://$(HOST):$(PORT)/articles/leg-cramps/)"
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

## test: set up and run the whole suite (lint, types, migrations check, pytest)
test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	DATABASE_URL=sqlite://:memory: DJANGO_SETTINGS_MODULE=config.test_settings $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_WORKERS) $(PYTEST_ARGS)

## bench: set up, then measure reader pages against a bare Django view (bench/pages.py; needs wrk, and
## varnishd for the Varnish row). Prints figures; fails only on errors. DATABASE_URL/REDIS_URL as for make test.
bench: $(STAMP)
	$(PY) -m bench.pages

lint: $(STAMP)
	$(VENV)/bin/ruff check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## lock: remake both lock files from pyproject.toml with uv, keeping every pin that still fits.
## The locks are universal: one file for every supported Python (markers say where a package applies).
## Upgrade a package that is only pulled in by others: make lock LOCK_ARGS="--upgrade-package sqlparse"
lock: $(STAMP)
	$(VENV)/bin/uv pip compile $(UV_COMPILE_FLAGS) $(LOCK_ARGS) --extra dev -o requirements-dev.lock pyproject.toml
	@# The runtime lock starts from the dev lock, so both hold the same versions.
	cp requirements-dev.lock requirements.lock
	$(VENV)/bin/uv pip compile $(UV_COMPILE_FLAGS) -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache
