# Thông Suốt — the two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
HOST   ?= 127.0.0.1
export THONGSUOT_DEMO_PASSWORD ?= thongsuot-demo

.PHONY: run test install lint bench clean messages

# The venv is rebuilt when the pinned requirements change.
$(BIN)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

install: $(BIN)/.installed

run: install
	$(BIN)/thongsuot migrate --no-input
	$(BIN)/thongsuot dossier-partitions --verbosity 0
	$(BIN)/thongsuot createcachetable
	$(BIN)/thongsuot load-units
	$(BIN)/thongsuot seed-demo
	$(BIN)/thongsuot collectstatic --no-input --verbosity 0
	@echo "Thông Suốt: http://$(HOST):$(PORT)/"
	@# The task queue's worker (imports, reports, mail) runs beside the server and stops with it.
	$(BIN)/thongsuot worker --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/thongsuot runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

# ruff, then the layer contracts in .importlinter (core at the bottom, portal/api/ops on top), then
# tests/test_layers.py: domain apps meet only through selectors, services and permissions, and no
# import of the platform hides inside a function.
lint: install
	$(BIN)/ruff check src tests bench
	cd src && ../$(BIN)/lint-imports --config ../.importlinter
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/test_layers.py

bench: install
	$(BIN)/python bench/run.py

# Each app with its own locale/ keeps its own catalogue, extracted from inside the app (as
# tests/i18n checks it); the project catalogue (src/thongsuot/locale) takes everything else.
APP_CATALOGUES = $(patsubst src/thongsuot/%/locale,%,$(wildcard src/thongsuot/*/locale))
messages: install
	for app in $(APP_CATALOGUES); do \
	  (cd src/thongsuot/$$app && ../../../$(BIN)/thongsuot makemessages -l en --no-obsolete -v0) || exit 1; done
	cd src/thongsuot && ../../$(BIN)/thongsuot makemessages -l en --no-obsolete -v0 \
	  $(foreach app,$(APP_CATALOGUES),--ignore='$(app)/*') && ../../$(BIN)/thongsuot compilemessages -v0

clean:
	rm -rf $(VENV) var staticfiles test-artifacts
