# make demo: set everything up and run the story. make test: set up, mypy --strict, pytest.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DISTS := kernel cli plugins/provinces plugins/banks plugins/printers
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint bench clean catalogue

$(STAMP): $(foreach d,$(DISTS),$(d)/pyproject.toml) requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet $(foreach d,$(DISTS),-e $(d)) -r requirements-dev.txt
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/shebao demo

test: $(STAMP)
	$(BIN)/mypy
	$(BIN)/python -m pytest

# extract every message, update each language's .po (translations kept), compile the .mo files
catalogue: $(STAMP)
	$(BIN)/python -m shebao_cli.catalogue

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV)
