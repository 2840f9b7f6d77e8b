# Jalons — `make run` to try it, `make test` for everything CI checks. `make help` lists the rest.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The site's public address follows HOST and PORT unless SITE_URL is given: badges are signed
# with it, and emails and share links point at it. A server listening on every interface
# (0.0.0.0 or ::) is reached on this machine as 127.0.0.1.
SITE_URL ?= http://$(if $(filter 0.0.0.0 :: [::],$(HOST)),127.0.0.1,$(HOST)):$(PORT)
# Development emails go to files in this folder (not to the console) unless EMAIL_URL is given.
OUTBOX := var/mail
EMAIL_URL ?= file://$(CURDIR)/$(OUTBOX)
# What `make demo` and `make run` give the demo and the server: the same address, and the
# same outbox.
RUN_ENV = SITE_URL='$(SITE_URL)' EMAIL_URL='$(EMAIL_URL)'

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[1m%-14s\033[0m %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Installing the Python dependencies in $(VENV) (first time only)…"
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $(STAMP)

.PHONY: install
install: $(STAMP) ## Create .venv and install the locked dependencies
	@scripts/system-deps.sh run

.PHONY: lock
lock: $(STAMP) ## Re-resolve requirements.lock from pyproject.toml (needs network)
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 --no-header -o requirements.lock

.PHONY: messages
messages: $(STAMP) ## Extract translatable strings into locale/*/LC_MESSAGES/django.po
	$(PY) manage.py makemessages --locale fr --locale en --no-obsolete --add-location file --ignore '.venv/*' --ignore '.venv-ob2/*' --ignore 'verifier-js/*' --ignore 'var/*'
	@# English is the source language: untranslated or changed entries take their msgid.
	msgattrib --clear-fuzzy --empty -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	msgen -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po

.PHONY: compilemessages
compilemessages: install ## Compile the translation catalogues
	@$(PY) manage.py compilemessages --ignore '.venv/*' --ignore '.venv-ob2/*' --ignore 'verifier-js/*' -v 0

.PHONY: migrate
migrate: install ## Apply database migrations
	$(PY) manage.py migrate --no-input

.PHONY: demo
demo: install ## Load the default framework and demo data for SITE_URL (idempotent)
	@$(PY) manage.py migrate --no-input -v 0
	@$(PY) manage.py load_rome --quiet >/dev/null
	@$(RUN_ENV) LOG_LEVEL=warning $(PY) manage.py demo_data

.PHONY: run
run: compilemessages demo ## Set everything up and serve on http://127.0.0.1:8000 (PORT=8811 HOST=…)
	@echo
	@echo "Open $(SITE_URL)/  (stop with Ctrl-C)"
	@echo "Emails sent in development are files in $(OUTBOX)/"
	@$(RUN_ENV) $(PY) manage.py runserver $(HOST):$(PORT) --skip-checks

.PHONY: worker
worker: install ## Run the background task worker (when TASKS_BACKEND=database); it resumes stopped runs
	$(PY) manage.py db_worker --queue-name '*'

.PHONY: bench
bench: install ## Every benchmark, real runs (long; PostgreSQL via bench/pg.sh): bench/README.md
	$(PY) bench/run.py

.PHONY: bench-quick
bench-quick: install ## Every benchmark's short run (--quick, SQLite; seconds each)
	$(PY) bench/run.py --quick

.PHONY: lint
lint: install ## ruff lint and format check; the apps' order and APIs (import-linter)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

.PHONY: format
format: install ## Format and fix what ruff can fix
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

.PHONY: typecheck
typecheck: install ## mypy with django-stubs
	$(VENV)/bin/mypy .

.PHONY: migrations-check
migrations-check: install ## Fail when a model change has no migration
	$(PY) manage.py makemigrations --check --dry-run

.PHONY: i18n-check
i18n-check: compilemessages ## Fail on untranslated or fuzzy French/English strings
	$(PY) -m pytest -q -p no:cacheprovider tests/test_i18n.py

# The independent JavaScript verifier of Open Badges 3.0 (tests/badges/test_js_verifier.py):
# `npm ci` from the committed lock, again only when the lock is newer than the install.
JS_STAMP := verifier-js/node_modules/.installed
$(JS_STAMP): verifier-js/package.json verifier-js/package-lock.json
	npm ci --prefix verifier-js --no-audit --no-fund --loglevel=error
	@touch $(JS_STAMP)

.PHONY: verifier-js
verifier-js: $(JS_STAMP) ## Install the JavaScript verifier of Open Badges (npm ci, pinned)

# IMS Global's Open Badges 2.0 validator-core (tests/badges/test_ob2_validator.py): PyPI
# `openbadges` 1.1.2 only runs on Python 3.9, so it gets its own virtual environment from a
# pinned lock, installed once (again only when the lock is newer than the install).
OB2_VENV := .venv-ob2
OB2_STAMP := $(OB2_VENV)/.installed
PYTHON39 ?= $(or $(lastword $(wildcard $(HOME)/.pyenv/versions/3.9.*/bin/python)),$(shell command -v python3.9 2>/dev/null))
$(OB2_STAMP): requirements-ob2.lock
	@if [ -z "$(PYTHON39)" ] || ! "$(PYTHON39)" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 9))' 2>/dev/null; then \
	  echo "ob2-validator: Python 3.9 is needed (openbadges 1.1.2 does not run on later versions)." >&2; \
	  echo "  Install it (e.g. 'pyenv install 3.9') or give its path: make ob2-validator PYTHON39=/path/to/python3.9" >&2; \
	  exit 1; fi
	@test -x $(OB2_VENV)/bin/python || "$(PYTHON39)" -m venv $(OB2_VENV)
	$(OB2_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-ob2.lock
	@touch $(OB2_STAMP)

.PHONY: ob2-validator
ob2-validator: $(OB2_STAMP) ## Install IMS Global's OB 2.0 validator in .venv-ob2 (Python 3.9)

.PHONY: pytest
pytest: compilemessages $(OB2_STAMP) ## Run the pytest suite (unit, views, browser, JS verifier) on both cores
	@scripts/system-deps.sh test
	@$(MAKE) --no-print-directory $(JS_STAMP)
	$(PY) -m pytest -n 2

.PHONY: retest
retest: install ## Re-run only the tests that failed last time
	$(PY) -m pytest --lf

.PHONY: test
test: lint typecheck migrations-check i18n-check pytest ## Everything CI checks

.PHONY: reset
reset: ## Delete the local data (var/: SQLite database, files, outbox) to start the demo again
	rm -rf var

.PHONY: clean
clean: ## Remove the virtual environment and local data (var/)
	rm -rf $(VENV) $(OB2_VENV) var .pytest_cache .mypy_cache .ruff_cache
