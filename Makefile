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
	@echo "make test   - install (and redis-server when absent), lint, run the whole suite"
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

# The long-running targets apply pending migrations first (idempotent), so they start on a fresh
# clone; they refuse an unmigrated database when run directly.
migrate: install
	$(BIN)/resume-engine migrate

serve: migrate
	$(BIN)/resume-engine serve

worker: migrate
	$(BIN)/resume-engine worker

smtp: migrate
	$(BIN)/resume-engine smtp

telegram: migrate
	$(BIN)/resume-engine telegram

slack: migrate
	$(BIN)/resume-engine slack --socket

# `make bench` runs every bench/*.py with short settings (seconds to a few minutes each); the
# full runs are documented in each file (e.g. `python bench/soak.py` for 2,000 jobs).
BENCHES := $(sort $(wildcard bench/*.py))
BENCH_ARGS_queue := --bursts 100 --sequential 5
BENCH_ARGS_soak := --jobs 200 --timeout 300
bench_args = $(BENCH_ARGS_$(basename $(notdir $(1))))

bench: install
	@failed=""; $(foreach b,$(BENCHES),echo "== $(b) $(call bench_args,$(b))"; \
		$(BIN)/python $(b) $(call bench_args,$(b)) || failed="$$failed $(b)";) \
	if [ -n "$$failed" ]; then echo "benchmarks missing a target or failing:$$failed"; exit 1; fi

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
