# Two commands on a fresh machine:  make lab  |  make test
# Everything runs inside .venv, created on first use and refreshed when pyproject.toml changes.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: lab test venv report dashboard eval bench clean help

help:
	@echo "make lab        - create .venv, install, open JupyterLab on notebooks/ (prints the URL)"
	@echo "make test       - create/update .venv and run the whole test suite"
	@echo "make report     - execute every notebook to HTML in reports/"
	@echo "make dashboard  - serve the dashboard notebook with Voila on localhost"
	@echo "make eval       - score extraction quality on ../shared/eval and the hand-labelled corpus articles (reports/)"
	@echo "make bench      - run every benchmark script in benchmarks/ (several minutes)"

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed: make PYTHON=python3.11 ...")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,dashboard]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (negotiation-toolkit)" >/dev/null
	touch $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lab: $(STAMP)
	@echo "Starting JupyterLab on notebooks/ (sample corpus in data/sample). Open the URL printed below; Ctrl-C stops it."
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks $(if $(DISPLAY),,--no-browser) \
	  $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,) $(LAB_ARGS)

# Execute every notebook (parameters honoured: make report CORPUS=path/to/articles) to HTML in reports/;
# the pages open offline (no widget script from a CDN).
CORPUS ?=
report: $(STAMP)
	$(BIN)/python -m toolkit report $(if $(CORPUS),"$(abspath $(CORPUS))",) --out reports

# Serve the dashboard notebook as a web page with Voila (make dashboard CORPUS=... PORT=8866).
PORT ?= 8866
dashboard: $(STAMP)
	$(BIN)/python -m toolkit dashboard $(if $(CORPUS),"$(abspath $(CORPUS))",) --port=$(PORT)

eval: $(STAMP)
	$(BIN)/python -m toolkit eval
	$(BIN)/python benchmarks/corpus_quality.py
	$(BIN)/python benchmarks/meetings_quality.py

# All benchmark scripts (several minutes: the plain baseline alone takes about two; `bench_analyze.py --details` adds extra memory runs, about 15 minutes).
bench: $(STAMP)
	$(BIN)/python benchmarks/compare_splitters.py
	$(BIN)/python benchmarks/bench_sentiment.py
	$(BIN)/python benchmarks/bench_mentions.py --articles 5000
	$(BIN)/python benchmarks/extraction_quality.py
	$(BIN)/python benchmarks/bench_analyze.py
	$(BIN)/python benchmarks/bench_cache_memory.py
	$(BIN)/python benchmarks/bench_targets.py

clean:
	rm -rf $(VENV) reports .pytest_cache build *.egg-info
