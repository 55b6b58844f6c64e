# civic — the two commands: `make run` and `make test`.
#
# Both create .venv and install the project on first use; the stamp file .venv/.installed
# (rebuilt only when pyproject.toml changes) makes the second run skip the install.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate demo messages lint bench bench-emails clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

# Loads the demo jurisdictions, citizens and proposals, and prints the demo logins.
demo: migrate
	$(BIN)/python manage.py load_demo

# Links in emails, unsubscribe links and calendar files point at the address served (SITE_URL
# from the environment wins, e.g. behind a tunnel).
run: demo
	SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}" $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Everything by default, integration and e2e tests included (they skip, saying why, when
# PostgreSQL/Redis or Chromium are not configured). Narrow with PYTEST_ARGS="-m 'not e2e'".
# In parallel on pytest-xdist, one worker per core (PYTEST_WORKERS=auto); each worker has its
# own test database, cache key prefix and Celery queue (tests/conftest.py).
# PYTEST_WORKERS=0 runs serially in one process, PYTEST_WORKERS=4 on four workers.
PYTEST_WORKERS ?= auto
test: install
	@status=0; $(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests." >&2; fi; \
	exit $$status

lint: install
	$(BIN)/ruff check .

messages: install
	$(BIN)/python manage.py makemessages --locale fr --ignore ".venv/*" --ignore "staticfiles/*" --ignore "tests/*" --ignore "benchmarks/*" --ignore "node_modules/*" --no-obsolete --add-location file
	$(BIN)/python manage.py compilemessages --locale fr --ignore ".*" --ignore "staticfiles/*" --ignore "benchmarks/*" --ignore "node_modules/*"

# Notification fan-out and inbox reads on PostgreSQL with a real Celery worker, against
# django-notifications-hq, then 50,000 immediate emails through the worker to a local SMTP
# server (benchmarks/README.md). Not part of `make test`; ~7 minutes. Needs PostgreSQL
# (BENCH_POSTGRES_URL) and Redis (BENCH_REDIS_URL, BENCH_EMAIL_REDIS_URL); BENCH_ARGS="--help".
bench: install
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)
	$(BIN)/python benchmarks/emails.py

bench-emails: install
	$(BIN)/python benchmarks/emails.py $(BENCH_EMAIL_ARGS)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3*
