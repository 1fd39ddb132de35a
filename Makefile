# Two commands on a fresh machine: `make run` and `make test`. See README.md.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

export HOST PORT

.PHONY: run test lint format bench serve setup-db clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11+ is required (set PYTHON=python3.x)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed-runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	@touch $@ $(VENV)/.installed-runtime

setup-db: $(VENV)/.installed-runtime
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py load_demo

run: setup-db
	$(BIN)/python manage.py collectstatic --noinput -v0
	@echo ""
	@echo "Briefings API on http://$(HOST):$(PORT)/"
	@echo "  API:    http://$(HOST):$(PORT)/api/v1/     health: http://$(HOST):$(PORT)/api/health/"
	@echo "  Docs:   http://$(HOST):$(PORT)/api/docs/   http://$(HOST):$(PORT)/api/redoc/"
	@echo "  Admin:  http://$(HOST):$(PORT)/admin/"
	@echo "  Admin account: $(BIN)/python manage.py createsuperuser"
	@echo "  API token:     $(BIN)/python manage.py drf_create_token USERNAME"
	@echo ""
	$(BIN)/gunicorn -c config/gunicorn.py config.wsgi

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
