# Resume Engine. `make demo` and `make test` do all set-up on a fresh Debian machine with Python 3.11.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: help install demo test test-only lint format services serve worker smtp telegram slack migrate bench clean

help:
	@echo "make demo   - install and improve the bundled sample resumes into out/ (no services needed)"
	@echo "make test   - install, start Redis/PostgreSQL when absent, lint, run the whole suite"
	@echo "make lint | format | serve | worker | smtp | telegram | slack | migrate | bench"

$(STAMP): pyproject.toml
	@bash tests/support/bootstrap.sh "$(PYTHON)" "$(VENV)"
	@touch $(STAMP)

install: $(STAMP)

demo: install
	@mkdir -p out
	$(BIN)/resume-engine improve examples/sample-resume.pdf -o out/sample-resume-improved.pdf \
		--report out/sample-resume-report.pdf \
		--job-description examples/job-description-backend.txt
	$(BIN)/resume-engine improve examples/sample-two-column.pdf -o out/sample-two-column-improved.docx \
		--format docx
	@echo "Results are in out/"

services:
	@bash tests/support/services.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install services lint test-only

test-only: install
	$(BIN)/pytest $(PYTEST_ARGS)

migrate: install
	$(BIN)/resume-engine migrate

serve: install
	$(BIN)/resume-engine serve

worker: install
	$(BIN)/resume-engine worker

smtp: install
	$(BIN)/resume-engine smtp

telegram: install
	$(BIN)/resume-engine telegram

slack: install
	$(BIN)/resume-engine slack --socket

bench: install
	@for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
