# Two entry points for a fresh machine (see README): `make demo` and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test setup browser virtuoso clean

$(BIN)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	bash scripts/install-mimalloc.sh
	touch $@

setup: $(BIN)/.installed

# The main job on the bundled corpus: build the embedded store, print a summary,
# write data/out/kg.ttl and the network views under viz/out/.
demo: setup
	$(BIN)/kg demo

browser:
	bash scripts/install-browser.sh

# Virtuoso, the second SPARQL server the tests run kg against (tests/store/test_virtuoso.py).
virtuoso:
	bash scripts/install-virtuoso.sh

test: setup browser virtuoso
	$(BIN)/python -m pytest -q

clean:
	rm -rf data/store data/out viz/out test-output
