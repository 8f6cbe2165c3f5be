# The two commands of the README: `make serve` and `make test`. Each sets up .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MKDOCS := $(VENV)/bin/mkdocs
READY := $(VENV)/.ready
# axe-core for the browser tests, exactly as package-lock.json pins it (npm ci)
NODE_READY := node_modules/.ready

.PHONY: serve build build-properdocs pdf test bench bench-large linkcheck-external lock clean

$(READY): requirements.lock
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -c 'import pathlib, site; pathlib.Path(site.getsitepackages()[0], "proceedings-site.pth").write_text(str(pathlib.Path.cwd()) + "\n")'
	touch $(READY)

$(NODE_READY): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $(NODE_READY)

serve: $(READY)
	$(MKDOCS) serve -a 127.0.0.1:8000 --livereload

build: $(READY)
	$(MKDOCS) build --strict --clean -d site

# The same site built by ProperDocs, compared with the MkDocs build in site/ (run `make build` first)
build-properdocs: $(READY)
	$(PY) -m properdocs build --strict --clean -f mkdocs.yml -d site-properdocs
	$(PY) -m hooks.engine_compare site site-properdocs

# The site with its printed edition (PDFs of each volume and paper): slower, so `build` and `serve`
# skip it. Dated by the last commit, so that the same commit gives the same bytes.
pdf: $(READY)
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct 2>/dev/null || echo 0) $(MKDOCS) build --strict --clean -f mkdocs.pdf.yml -d site

# Two workers (pytest-xdist); each test module stays in one worker, so a module's site and
# browser are set up once. The quick loop while editing: .venv/bin/python -m pytest -m "not slow"
test: $(READY) $(NODE_READY)
	$(PY) -m pytest -n 2 --dist loadfile

bench: $(READY)
	$(PY) -m bench

bench-large: $(READY)
	$(PY) -m bench --sizes 30 300 1000

linkcheck-external: build
	$(PY) -m hooks.linkcheck_external site

lock: $(READY)
	$(PY) -m pip freeze --exclude-editable | sed '1i # Exact versions that `make` installs, so that a build next year gives the same site.\n# Regenerate with `make lock` after changing the bounds in pyproject.toml.' > requirements.lock

clean:
	rm -rf site site-properdocs $(VENV) node_modules
