# Two entry points (see README): `make run` runs the end-to-end tour on the embedded stub,
# `make test` runs every check CI runs. Both bootstrap .venv (pinned, requirements/dev.lock)
# and node_modules (pinned, package-lock.json) on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test venv node chromium regen check-generated lint typecheck pytest bench reliability mutation docs guard build clean

$(STAMP): requirements/dev.lock pyproject.toml src/modelarts_vizjobs/_version.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

venv: $(STAMP)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.installed

node: node_modules/.installed

# Headless Chromium for the site-from-disk test (tests/docs/test_docs_site.py): Debian's package,
# installed only when missing.
chromium:
	@command -v chromium >/dev/null || apt-get install -y chromium \
		|| (apt-get update && apt-get install -y chromium)

run: venv
	$(BIN)/modelarts-vizjobs tour

# generated/ from the spec, then src/modelarts_vizjobs/_sync/ from _async/ (unasync)
regen: venv
	$(BIN)/python scripts/regenerate.py
	$(BIN)/python scripts/unasync.py

check-generated: venv
	$(BIN)/python scripts/regenerate.py --check
	$(BIN)/python scripts/unasync.py --check

lint: venv
	$(BIN)/ruff check src tests contract_tests scripts
	$(BIN)/ruff format --check src tests contract_tests scripts

typecheck: venv
	$(BIN)/mypy

# The suite on three pytest-xdist workers, then the in-process Schemathesis suite on its own: its
# cases share one node id per test, which xdist would run only once. Whole files per worker: a
# doc page's examples share one namespace and stub, so they must run together and in order
# (docs/testing.md); each page is also an xdist_group, but --dist loadgroup drops groups with
# pytest 9.2 (pytest-xdist#1386), and load/worksteal split pages: tests/docs/_placement.py fails
# a split page's examples with that rule.
SCHEMATHESIS_INPROCESS := contract_tests/test_schemathesis_inprocess.py
pytest: venv node chromium
	$(BIN)/python -m pytest -n 3 --dist loadfile --ignore $(SCHEMATHESIS_INPROCESS)
	$(BIN)/python -m pytest $(SCHEMATHESIS_INPROCESS)

test: check-generated lint typecheck pytest

guard: venv
	$(BIN)/python scripts/check_breaking.py

build: venv
	rm -rf dist
	$(BIN)/python -m build --outdir dist

# The documentation site into site/ (mkdocs.yml; the HTTP reference is rendered by the pinned
# Redocly CLI from a build hook). --strict: a broken link or reference fails the build.
docs: venv node
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet
	@echo "documentation site: site/index.html"

bench: venv node
	$(BIN)/python -m scripts.bench

reliability: venv
	$(BIN)/python scripts/reliability.py

# Mutation testing of the runtime and the stub (mutmut; the modules: [tool.mutmut] in
# pyproject.toml): kill rate per module and the survivors. Under an hour on two cores, weekly in
# .github/workflows/mutation.yml, never in `make test`. MODULES=_retry narrows it.
mutation: venv
	$(BIN)/python scripts/mutation.py --fail-under 90 $(MODULES)

clean:
	rm -rf $(VENV) node_modules dist build site
