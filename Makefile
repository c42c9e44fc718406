# BudgetQA — two commands on a fresh machine: `make run` and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
DOC     ?= data/datong_gxj_2024.txt
INDEX   ?= index
HOST    ?= 127.0.0.1
PORT    ?= 7860

.PHONY: run test setup setup-test index serve eval bench bench-pdf blind clean

# `make run` installs what running needs; `make test` adds the test extras (pytest, a browser driver, reportlab).
$(BIN)/budgetqa: pyproject.toml
	@echo "==> creating $(VENV) and installing BudgetQA's dependencies from PyPI (a few minutes on first run)"
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.test-extras: $(BIN)/budgetqa
	@echo "==> installing the test extras (pytest, playwright, reportlab, gradio_client)"
	$(BIN)/pip install -q -e '.[test]'
	touch $@

setup: $(BIN)/budgetqa

setup-test: $(VENV)/.test-extras

# The bundled document is indexed again only when it or the code that reads it changed.
$(INDEX)/.built: $(DOC) $(shell find app -name '*.py' -o -name '*.tsv' 2>/dev/null) | setup
	$(BIN)/budgetqa ingest $(DOC) --index-dir $(INDEX) --replace  # the bundled document, rebuilt by its operator
	touch $@

index: $(INDEX)/.built

run: index
	$(BIN)/budgetqa serve --index-dir $(INDEX) --host $(HOST) --port $(PORT)

test: setup-test
	$(BIN)/python -m pytest -q

eval: setup-test  # the suite ingests each golden set's document into an index of its own
	$(BIN)/budgetqa eval

bench: index
	$(BIN)/python evals/bench.py --index-dir $(INDEX)

bench-pdf: setup  # ingest time, memory and parse quality over the real PDFs in ../shared/real
	$(BIN)/python evals/bench_pdf.py

blind: setup  # the session-8 blind set, judged by ../shared/tools/score.py
	$(BIN)/python evals/score_blind.py evals/blind/session8

clean:
	rm -rf $(VENV) $(INDEX)
