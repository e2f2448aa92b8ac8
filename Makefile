# newsclean: the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test fuzz bench memory quality sites model html-model clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "newsclean needs Python 3.11 or newer: run make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files: reinstall only when pyproject.toml changes (the install is editable).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	@touch $@ $(VENV)/.installed-test $(VENV)/.installed

## demo: clean the bundled seed files and show what was removed from each, and why
demo: $(VENV)/.installed
	$(BIN)/newsclean clean fixtures/seeds/raw --preview
	$(BIN)/newsclean clean fixtures/seeds/raw -o demo-output
	@echo "The clean bodies are in demo-output/ (compare with fixtures/seeds/expected/)."

## test: the whole test suite
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

## bench: throughput and peak memory against jusText (needs ../shared/bench)
bench: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/throughput.py

## fuzz: random bytes, JSON Lines and rule files through the command, 2,000 examples of each (about 6 minutes)
fuzz: $(VENV)/.installed-test
	NEWSCLEAN_FUZZ_EXAMPLES=2000 $(BIN)/python -m pytest -q tests/test_fuzz.py

## memory: peak memory on the largest inputs newsclean accepts, in their worst shapes
memory: $(VENV)/.installed
	$(BIN)/python benchmarks/memory.py

## quality: every shared corpus: F1/P/R, the worst pages and their kinds, headlines, confidence bands, removals by reason
quality: $(VENV)/.installed
	$(BIN)/python benchmarks/quality.py --by-reason

## sites: learned site chrome: F1 with and without learning, learn speed and memory, clean --store vs jusText
sites: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/sites.py

$(VENV)/.installed-train: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,train]'
	@touch $@ $(VENV)/.installed-test $(VENV)/.installed

## model: refit the body model (cross-validated by site first)
model: $(VENV)/.installed-train
	$(BIN)/python benchmarks/train_model.py --fit

## html-model: refit the HTML models (with trafilatura's opinion, and the markup alone) on the pages' HTML (cross-validated by site first)
html-model: $(VENV)/.installed-train
	$(BIN)/python benchmarks/train_model.py --html --fit
	$(BIN)/python benchmarks/train_model.py --html --no-trafilatura --fit

clean:
	rm -rf demo-output build dist .pytest_cache .hypothesis
