# Psoas Tracker. `make run` serves the app with a demo account; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# Django 6.1 needs Python >= 3.12: take the first interpreter on PATH (pyenv shims included) that is.
PYTHON ?= $(shell for c in python3.12 python3.13 python3.14 python3; do \
	  if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; \
	  then echo $$c; break; fi; done)
DEV_ENV := DEBUG=1

.PHONY: help venv run test test-fast lint format vendor demo bench bench-scale lighthouse loadtest clean

help:
	@echo "make run    set up, then serve on http://127.0.0.1:8000 with demo accounts"
	@echo "make test   set up, then run the whole suite (browser tests included)"
	@echo "make lint   ruff check, ruff format --check, makemigrations --check"
	@echo "make bench  server time of the main pages as ratios to a minimal page"
	@echo "make lighthouse  Lighthouse scores of the dashboard, record form and tests page (app running)"
	@echo "make bench-scale  the same pages for one runner and one coach, alone and among 10,000 runners"
	@echo "make loadtest  gunicorn under load on loopback, with a PostgreSQL restart midway"
	@echo "make vendor fetch the pinned front-end files from the npm registry"

$(STAMP): pyproject.toml constraints.txt
	@if [ -z "$(PYTHON)" ]; then \
	  echo "Psoas Tracker needs Python 3.12 or newer (Django 6.1), and none was found."; \
	  echo "Install one, e.g. 'pyenv install 3.12' or your system's python3.12 package, then run make again."; \
	  exit 1; fi
	@if [ -x $(PY) ] && ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	  echo "Replacing $(VENV): it was made with an older Python."; rm -rf $(VENV); fi
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(DEV_ENV) $(PY) manage.py rundev 127.0.0.1:8000

demo: $(STAMP)
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py seed_demo

# The suite runs on every core (pytest-xdist: a test database, a live server and a browser per
# worker). PYTEST_WORKERS=0 runs it in this one process. --dist load hands out tests in collection
# order, so on each worker the tests in real transactions still come after the others, as
# pytest-django orders them: their flush empties tables that data migrations filled (the stretch
# catalogue). worksteal could hand a worker earlier tests after its transactional ones. Two tests
# at a time at most, so that long browser tests are not queued behind each other on one worker.
PYTEST_WORKERS ?= auto
PYTEST := $(DEV_ENV) EMBEDDED_PGDATA=.pgdata-test CONN_MAX_AGE=0 $(PY) -m pytest \
	-n $(PYTEST_WORKERS) --dist load --maxschedchunk 2

test: $(STAMP)
	$(PYTEST) $(PYTEST_ARGS)

test-fast: $(STAMP)
	$(PYTEST) -m "not e2e" $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(STAMP)
	$(DEV_ENV) EMBEDDED_PGDATA=.pgdata-bench CONN_MAX_AGE=0 $(PY) bench/pages.py
	$(PY) bench/runs_parse.py
	$(DEV_ENV) EMBEDDED_PGDATA=.pgdata-bench CONN_MAX_AGE=0 $(PY) bench/runs_import.py

# Not in CI: seeding 10,000 runners takes minutes.
bench-scale: $(STAMP)
	$(DEV_ENV) EMBEDDED_PGDATA=.pgdata-scale CONN_MAX_AGE=0 $(PY) bench/scale.py $(BENCH_ARGS)

# Not in CI: needs the app running (make run) and fetches Lighthouse from npm.
lighthouse: $(STAMP)
	$(PY) bench/lighthouse.py

loadtest: $(STAMP)
	$(PY) bench/loadtest.py

vendor:
	python3 scripts/vendor

clean:
	rm -rf $(VENV) staticfiles screenshots
