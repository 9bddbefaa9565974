# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON := $(BIN)/python

.PHONY: install run test quality format demo bench charge clean web worker beat

# Production processes: docker-compose.yml runs exactly these (checked by a test).
WEB_CMD := gunicorn ccapex.wsgi --bind 0.0.0.0:8000 --workers 3 --access-logfile - --forwarded-allow-ips *
WORKER_CMD := celery -A ccapex worker --loglevel INFO --concurrency 2
BEAT_CMD := celery -A ccapex beat --loglevel INFO --schedule /tmp/celerybeat-schedule

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv>=0.9,<1"

$(VENV)/.synced: pyproject.toml uv.lock | $(BIN)/uv
	$(BIN)/uv sync --frozen
	touch $@

install: $(VENV)/.synced

## Application with demo data on an embedded PostgreSQL and Redis (or DATABASE_URL / REDIS_URL).
run: install
	$(BIN)/python -m ccapex.embedded run

## Whole test suite on the same servers; PYTEST_ARGS to narrow it down.
test: install
	$(BIN)/python -m ccapex.embedded exec -- $(BIN)/python -m pytest $(PYTEST_ARGS)

## What CI checks before the tests.
quality: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/djlint templates --lint
	$(BIN)/python -m ccapex.embedded exec -- $(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Demo data only (the servers must be running or given by DATABASE_URL).
demo: install
	$(BIN)/python -m ccapex.embedded exec -- $(BIN)/python manage.py demo

web: install
	$(BIN)/$(WEB_CMD)

worker: install
	$(BIN)/$(WORKER_CMD)

beat: install
	$(BIN)/$(BEAT_CMD)

## Benchmark of the main pages on a large demo département (BENCH_MENAGES households, the
## other départements filled up to BENCH_NATIONAL); fails when a goal of issue 12 is missed.
BENCH_MENAGES ?= 20000
BENCH_NATIONAL ?= 0
BENCH_ARGS ?=
bench: install
	DEBUG=0 $(BIN)/python -m ccapex.embedded exec -- $(BIN)/python manage.py mesurer --menages $(BENCH_MENAGES) --national $(BENCH_NATIONAL) $(BENCH_ARGS)

## Load test (locust): CHARGE_UTILISATEURS users for CHARGE_DUREE against gunicorn with the
## production settings on the demo data (a database of its own); prints requests/s, p95 per
## page and errors, fails when a goal of issue 13 is missed (0 errors, p95 <= 500 ms).
CHARGE_UTILISATEURS ?= 50
CHARGE_DUREE ?= 5m
charge: install
	CHARGE_UTILISATEURS=$(CHARGE_UTILISATEURS) CHARGE_DUREE=$(CHARGE_DUREE) $(BIN)/python -m ccapex.embedded exec -- $(BIN)/python -m ccapex.charge

clean:
	rm -rf var/test-media .pytest_cache
