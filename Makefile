# The team's vocabulary: make demo, make test, make lint, make typecheck, make bench.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
# Every pip install goes through the constraints file: torch stays the local CPU build.
export PIP_CONSTRAINT := $(CURDIR)/constraints.txt
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install demo test checks test-fast lint typecheck layers bench clean image test-deploy

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	# quixstreams pins an older confluent-kafka than the bus needs: see pyproject.toml.
	$(PY) -m pip install -q --no-deps quixstreams==3.28.1
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/sazon init
	$(BIN)/sazon demo-data
	$(BIN)/sazon status
	@key=$$($(BIN)/sazon users create-key --role admin --name "demo admin" --format json \
	  | $(PY) -c 'import json,sys; print(json.load(sys.stdin)["key"])'); \
	echo; \
	echo "Sazón está listo en http://127.0.0.1:8000  (API: /api/v1, documentación: /docs)"; \
	echo "Clave de administrador (se muestra una sola vez): $$key"; \
	echo "También por CLI: $(BIN)/sazon guests list --search garcia"; \
	echo; \
	exec $(BIN)/sazon serve --host 127.0.0.1 --port 8000 --worker

# On a fresh machine the Debian installs (about 40 s, network and disk) run while pip installs
# and the checks run; lint-imports (one core) runs beside mypy (one core). pytest starts when
# all of them have passed, so a failure reads as before: its output, then a non-zero exit.
test:
	@scripts/ensure-services.sh > .services.log 2>&1 & services=$$!; \
	$(MAKE) --no-print-directory checks; checks=$$?; \
	wait $$services; ensured=$$?; cat .services.log; rm -f .services.log; \
	test $$checks -eq 0 -a $$ensured -eq 0
	$(BIN)/pytest -q -p no:cacheprovider -n 2 --dist loadfile

checks: install
	$(BIN)/ruff check src tests bench deploy scripts
	$(BIN)/ruff format --check src tests bench deploy scripts
	@$(BIN)/lint-imports > .layers.log 2>&1 & layers=$$!; \
	$(BIN)/mypy; typed=$$?; \
	wait $$layers; layered=$$?; cat .layers.log; rm -f .layers.log; \
	test $$typed -eq 0 -a $$layered -eq 0

test-fast: install
	$(BIN)/pytest -q -p no:cacheprovider tests/unit

lint: install
	$(BIN)/ruff check src tests bench deploy scripts
	$(BIN)/ruff format --check src tests bench deploy scripts

typecheck: install
	$(BIN)/mypy

layers: install
	$(BIN)/lint-imports

# The container image (podman; the base from Debian packages with mmdebstrap where no registry
# is reachable) and its smoke test. Neither is part of `make test`: a first build takes minutes.
image: install
	PY=$(PY) scripts/image.sh build

test-deploy: image
	PY=$(PY) scripts/image.sh test

bench: install
	PY=$(PY) scripts/bench-all.sh

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
