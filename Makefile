# Skills4Cities: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup system-packages system-packages-test messages migrate demo lint typecheck \
        test-suite serve clean makemessages bench

## make run: install, migrate, compile messages, load the demo and serve on http://127.0.0.1:8000
run: setup migrate demo serve

## make test: install what is missing, start throwaway PostgreSQL and Redis, run every check, stop them
test: system-packages-test setup node_modules/.installed lint typecheck
	bin/with-services $(MAKE) --no-print-directory test-suite

test-suite:
	$(PY) manage.py makemigrations --check --dry-run
	S4C_REQUIRE_SERVICES=1 $(PY) -m pytest

setup: system-packages $(VENV)/.installed messages

system-packages:
	bin/install-system-packages

system-packages-test:
	bin/install-system-packages --test

# The virtual environment is rebuilt when the pinned dependencies change.
$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $@

# axe-core for the accessibility browser tests, at the version package-lock.json pins.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

messages: $(VENV)/.installed
	$(PY) manage.py compilemessages --ignore "$(VENV)" >/dev/null

## Regenerate the catalogues after changing user-facing strings (then translate the new entries).
makemessages: $(VENV)/.installed
	$(PY) manage.py makemessages -l bg -l ro -l de -l es -l el --no-obsolete --add-location=file \
	  -i "$(VENV)/*" -i "tests/*" -i "bench/*"

migrate: $(VENV)/.installed
	$(PY) manage.py migrate --noinput

demo: $(VENV)/.installed
	$(PY) manage.py load_demo

serve:
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy .

## make bench: framework browser at ESCO scale, autosave under load, certificates through workers, HR needs view with 1,000 staff (needs ../shared/data)
bench: system-packages-test setup
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev,bench]"
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache
