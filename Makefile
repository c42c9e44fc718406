# BudgetQA — two commands on a fresh machine: `make run` and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
DOC     ?= data/datong_gxj_2024.txt
INDEX   ?= index
HOST    ?= 127.0.0.1
PORT    ?= 7860

.PHONY: run test setup setup-test index serve eval bench bench-pdf blind clean

SHELL   := /bin/bash
.SHELLFLAGS := -o pipefail -c
# pip's own lines, one short line per package: what is being fetched, then what is being installed.
PIPLOG  := sed -un -e 's/^Collecting \([^ ;<>=!~]*\).*/    · \1/p' -e 's/^Installing collected packages.*/    ==> unpacking and installing (about a minute)…/p' -e 's/^Successfully installed.*/    ==> done/p' -e '/^ERROR/p'

# `make run` installs what running needs; `make test` adds the test extras (pytest, a browser driver, reportlab).
$(BIN)/budgetqa: pyproject.toml
	@echo "==> [1/3] creating $(VENV) and updating pip"
	@$(PY) -m venv $(VENV)
	@$(BIN)/pip install -q --disable-pip-version-check --upgrade pip
	@echo "==> [2/3] installing BudgetQA and what it needs to run, from PyPI (about 2 minutes on a 2-core machine)"
	@$(BIN)/pip install --disable-pip-version-check --progress-bar off -e . 2>&1 | tee $(VENV)/install.log | $(PIPLOG) \
		|| { echo "pip failed; its full output: $(VENV)/install.log"; tail -20 $(VENV)/install.log; exit 1; }
	@touch $@

$(VENV)/.test-extras: $(BIN)/budgetqa
	@echo "==> installing the test extras (pytest, playwright, reportlab, gradio_client, ruff, import-linter)"
	@$(BIN)/pip install --disable-pip-version-check --progress-bar off -e '.[test]' 2>&1 | tee $(VENV)/install-test.log | $(PIPLOG) \
		|| { echo "pip failed; its full output: $(VENV)/install-test.log"; tail -20 $(VENV)/install-test.log; exit 1; }
	@touch $@

setup: $(BIN)/budgetqa

setup-test: $(VENV)/.test-extras

# The bundled document is read again only when it, or the code that reads it, changed (ingest compares a
# content hash of the file and of the reader, and says 「未变化，跳过」 otherwise: about a second).
index: setup
	@echo "==> [3/3] indexing $(DOC) (about 30 seconds the first time)"
	@$(BIN)/budgetqa ingest $(DOC) --index-dir $(INDEX) --replace  # the bundled document, rebuilt by its operator

run: index
	@echo "==> serving the web UI at http://$(HOST):$(PORT)  (Ctrl-C stops it)"
	$(BIN)/budgetqa serve --index-dir $(INDEX) --host $(HOST) --port $(PORT)

test: setup-test  # lint, format, the architecture contracts (pyproject's [tool.importlinter]), then the tests
	$(BIN)/ruff check app tests evals
	$(BIN)/ruff format --check app tests evals
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q

eval: setup-test  # the suite ingests each golden set's document into an index of its own
	$(BIN)/budgetqa eval

bench: index
	$(BIN)/python evals/bench.py --index-dir $(INDEX)

bench-pdf: setup  # ingest time, memory and parse quality over the real PDFs in ../shared/real
	$(BIN)/python evals/bench_pdf.py

blind: setup  # the latest blind set, judged by ../shared/tools/score.py
	$(BIN)/python evals/score_blind.py evals/blind/session22d

clean:
	rm -rf $(VENV) $(INDEX)
