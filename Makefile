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
	@echo "make eval       - score extraction quality on ../shared/eval (reports/eval.md)"
	@echo "make bench      - run the benchmark scripts in benchmarks/"

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed: make PYTHON=python3.11 ...")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (negotiation-toolkit)" >/dev/null
	touch $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lab: $(STAMP)
	@echo "Starting JupyterLab on notebooks/ (sample corpus in data/sample). Open the URL printed below; Ctrl-C stops it."
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks $(if $(DISPLAY),,--no-browser) $(LAB_ARGS)

clean:
	rm -rf $(VENV) reports .pytest_cache build *.egg-info
