# iMoscow: `make run` starts the portal with demo data, `make test` runs the tests.
# Both work on a fresh machine with Python 3.11+ and make: they create .venv and install pinned packages.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test serve bench lint messages install clean-db help
.DEFAULT_GOAL := help

help:
	@echo "make run    - the portal with demo data on http://127.0.0.1:8000"
	@echo "make test   - the whole test suite"
	@echo "make serve  - production-like: gunicorn with two workers, WhiteNoise, DEBUG=0"
	@echo "make bench  - the benchmark figures"
	@echo "make lint   - ruff and the migrations check"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --group dev
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

# Compiled translations are build output (.mo files are not committed).
messages: $(STAMP)
	$(BIN)/python bin/compile_messages.py

run: messages
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_demo --if-empty
	$(MANAGE) runserver 127.0.0.1:8000

# The browser tests drive Debian's Chromium; install it with apt when it is missing (never a browser download).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	@echo "Installing Debian's chromium package for the browser tests"
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null

test: messages $(CHROMIUM)
	$(BIN)/pytest -n auto

# Production-like serving on http://127.0.0.1:8000: gunicorn, WhiteNoise, DEBUG=0. A local secret is kept in
# var/secret_key; real deployments set SECRET_KEY, ALLOWED_HOSTS and the rest (see docs/deploy.md).
serve: messages
	@mkdir -p var && test -s var/secret_key || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret_key
	DEBUG=0 SECRET_KEY=$$(cat var/secret_key) ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} \
		SECURE_SSL_REDIRECT=$${SECURE_SSL_REDIRECT:-0} sh -c '\
		$(MANAGE) collectstatic --no-input --verbosity 0 && \
		$(MANAGE) migrate --no-input && \
		$(MANAGE) seed_demo --if-empty && \
		exec $(BIN)/gunicorn --config imoscow/gunicorn.conf.py imoscow.wsgi'

bench: messages
	$(BIN)/python bench/run.py
	$(BIN)/python bench/load.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
