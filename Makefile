# BudgetQA — two commands on a fresh machine: `make run` and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
DOC     ?= data/datong_gxj_2024.txt
INDEX   ?= index
HOST    ?= 127.0.0.1
PORT    ?= 7860

.PHONY: run test setup setup-test index serve eval bench clean

$(BIN)/budgetqa: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

setup: $(BIN)/budgetqa

index: setup
	$(BIN)/budgetqa ingest $(DOC) --index-dir $(INDEX)

run: index
	$(BIN)/budgetqa serve --index-dir $(INDEX) --host $(HOST) --port $(PORT)

test: setup
	$(BIN)/python -m pytest -q

eval: setup  # the suite ingests each golden set's document into an index of its own
	$(BIN)/budgetqa eval

bench: index
	$(BIN)/python evals/bench.py --index-dir $(INDEX)

clean:
	rm -rf $(VENV) $(INDEX)
