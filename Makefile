# Two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
SAMPLE := samples/syria-joint-strike.json
OUT    := out

.PHONY: run test gui system-deps bench clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: $(VENV)/bin/activate pyproject.toml
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/bin/activate pyproject.toml
	$(PY) -m pip install -q -e '.[gui,prov,dev]'
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(VENV)/bin/provenance analyze $(SAMPLE)
	@mkdir -p $(OUT)
	$(VENV)/bin/provenance draw $(SAMPLE) -o $(OUT)/syria-joint-strike.png

# System libraries Qt needs offscreen and under Xvfb, and Graphviz for the DOT tests.
system-deps:
	@bash tools/system-deps.sh

test: $(VENV)/.installed-dev system-deps
	@bash tools/node-readers.sh
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy provenance
	$(VENV)/bin/lint-imports
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

gui: $(VENV)/.installed-dev system-deps
	$(VENV)/bin/provenance-gui

bench: $(VENV)/.installed-dev
	$(PY) benchmarks/analysis.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache .import_linter_cache .grimp_cache
