# iMoscow: `make run` starts the portal with demo data, `make test` runs the tests.
# Both work on a fresh machine with Python 3.11+ and make: they create .venv and install pinned packages.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test bench lint messages install clean-db help
.DEFAULT_GOAL := help

help:
	@echo "make run    - the portal with demo data on http://127.0.0.1:8000"
	@echo "make test   - the whole test suite"
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

test: messages
	$(BIN)/pytest

bench: messages
	$(BIN)/python bench/run.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
