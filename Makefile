PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: run test check lint format bench schema migration clean

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

format: $(STAMP)
	$(BIN)/ruff check --fix tenantry tests bench
	$(BIN)/ruff format tenantry tests bench

schema: $(STAMP)
	$(BIN)/tenantry export-schema > schema.graphql

migration: $(STAMP)
	$(BIN)/tenantry make-migration "$(MESSAGE)"

bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
