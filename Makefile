# Two commands do all set-up on a fresh machine with Python 3.11+:
#   make reports   run the default report suite on the committed data
#   make test      lint, check notebooks are stripped, run unit tests, doctests and notebooks
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install reports monthly test lint data check refresh-checks clean-venv

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@echo "Installing pkanalysis and its dependencies into $(VENV) (a few minutes the first time):"
	$(BIN)/python -m pip install --progress-bar on -e '.[dev]'
	# A named kernel inside the venv, so JupyterLab, nbval and papermill all run this environment.
	$(BIN)/python -m ipykernel install --sys-prefix --name pkanalysis --display-name "Python (pkanalysis)"
	touch $(STAMP)

install: $(STAMP)

reports: $(STAMP)
	$(BIN)/pkanalysis report

# update -> build -> check -> report, stopping at the first step that fails (schedule/).
monthly: $(STAMP)
	schedule/monthly.sh

lint: $(STAMP)
	$(BIN)/ruff check pkanalysis tests benchmarks scripts notebooks
	$(BIN)/ruff format --check pkanalysis tests benchmarks scripts notebooks
	# Outputs are stripped except the reference output of `# NBVAL_CHECK_OUTPUT` cells
	# (cell metadata keep_output); tests/test_notebooks.py checks that nothing else is kept.
	$(BIN)/nbstripout --keep-count --verify notebooks/*.ipynb

# Unit tests and doctests on every core (pytest-xdist), with the share of each module's lines
# they run; scripts/check_coverage.py fails the run when the build or the reconciliation falls
# under its floor.  Mutation testing is slower and separate: scripts/mutation_score.py.
test: lint
	$(BIN)/python -m pytest -n auto --dist loadfile --cov --cov-report=term
	$(BIN)/python scripts/check_coverage.py
	# the notebooks on every core too, one notebook per worker (each in a kernel of its own)
	$(BIN)/python -m pytest -n auto --dist loadfile --nbval-lax --nbval-kernel-name pkanalysis \
		--nbval-sanitize-with notebooks/nbval_sanitize.cfg -p no:cacheprovider notebooks/

data: $(STAMP)
	$(BIN)/pkanalysis data build

check: $(STAMP)
	$(BIN)/pkanalysis data check

# After an intended data change: re-run the notebooks and store the new reference outputs of
# their `# NBVAL_CHECK_OUTPUT` cells (review the diff before committing).
refresh-checks: $(STAMP)
	$(BIN)/python scripts/refresh_check_outputs.py

clean-venv:
	rm -rf $(VENV)
