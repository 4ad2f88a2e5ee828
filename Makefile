PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: run test check lint format bench fuzz schema openapi migration clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --constraint constraints.txt -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	@$(BIN)/python -c "import socket, sys; s = socket.socket(); \
	sys.exit('port $(PORT) is in use (is a server running?); try make run PORT=8001' \
	if s.connect_ex(('127.0.0.1', $(PORT))) == 0 else 0)"
	$(BIN)/tenantry migrate
	$(BIN)/tenantry seed-demo
	$(BIN)/tenantry serve --host 127.0.0.1 --port $(PORT)

test: $(STAMP) check
	$(BIN)/python -m pytest $(PYTEST_ARGS)

check: $(STAMP)
	$(BIN)/ruff check tenantry tests bench
	$(BIN)/ruff format --check tenantry tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	@$(BIN)/tenantry export-schema | diff -u schema.graphql - >/dev/null \
		|| (echo "schema.graphql is stale: run make schema" >&2; exit 1)
	@$(BIN)/tenantry export-openapi | diff -u openapi.json - >/dev/null \
		|| (echo "openapi.json is stale: run make openapi" >&2; exit 1)

format: $(STAMP)
	$(BIN)/ruff check --fix tenantry tests bench
	$(BIN)/ruff format tenantry tests bench

schema: $(STAMP)
	$(BIN)/tenantry export-schema > schema.graphql

openapi: $(STAMP)
	$(BIN)/tenantry export-openapi > openapi.json

migration: $(STAMP)
	$(BIN)/tenantry make-migration "$(MESSAGE)"

# A longer schemathesis run than CI's (FUZZ_EXAMPLES cases per operation).
fuzz: $(STAMP)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-100} $(BIN)/python -m pytest -q tests/rest/test_openapi_fuzz.py

bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
