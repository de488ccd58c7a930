# Two entry points, both from a fresh clone: `make demo` and `make test`.
# Every directory under providers/ is its own distribution and is installed editable.
VENV     ?= .venv
PYTHON   ?= python3
BIN      := $(VENV)/bin
PROVIDERS := $(sort $(wildcard providers/*))
DEMO_DIR := $(CURDIR)/.demo
DEMO_NOW ?=

.PHONY: demo test lint bench mutation clean-demo

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml $(wildcard providers/*/pyproject.toml)
	$(BIN)/pip install -q -e . $(foreach p,$(PROVIDERS),-e $(p))
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]' $(foreach p,$(PROVIDERS),-e '$(p)[test]')
	touch $@

DEMO_ENV := MEETUP_CONFIG=examples/meetup.toml MEETUP_DATA_DIR=$(DEMO_DIR) MEETUP_CACHE_DIR=$(DEMO_DIR)/cache

## The main job on the embedded example: calendar in examples/, state and outbox in .demo/
demo: $(VENV)/.installed
	@$(DEMO_ENV) $(BIN)/meetup friend import examples/friends.vcf
	@echo "--- free time in the next 7 days (examples/calendar.ics):"
	@$(DEMO_ENV) $(BIN)/meetup slots
	@echo "--- inviting Sam; the mail goes to the outbox, .demo/outbox/new/:"
	@$(DEMO_ENV) $(BIN)/meetup invite sam --again --via outbox --note "There's a new place by the canal." --json \
		| $(BIN)/python -c "import json,sys; d=json.load(sys.stdin); print('Subject:', d['subject']); print(); print(d['body'])"
	@echo "--- keep in touch: LinkedIn connections (examples/Connections.csv), due within 8 weeks:"
	@$(DEMO_ENV) $(BIN)/meetup friend import examples/Connections.csv
	@$(DEMO_ENV) $(BIN)/meetup due --within 8w
	@echo "--- state: $(DEMO_DIR)/meetup.db; run 'make demo' again to invite Sam with other times."

## The whole test suite (Radicale, SMTP and IMAP servers are started by fixtures)
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

## Style, types, the architecture's import contracts (pyproject.toml) and declared vs used dependencies
lint: $(VENV)/.installed-test
	$(BIN)/ruff check src providers tests bench
	$(BIN)/ruff format --check src providers tests bench
	$(BIN)/mypy src providers/*/src
	$(BIN)/mypy conftest.py tests/conftest_mail.py tests/followup_helpers.py
	$(BIN)/mypy tests/conftest.py
	$(foreach p,$(PROVIDERS),$(BIN)/mypy $(p)/tests &&) true
	$(BIN)/lint-imports
	$(BIN)/deptry src
	$(foreach p,$(PROVIDERS),cd $(p) && $(CURDIR)/$(BIN)/deptry src && cd $(CURDIR) &&) true

## Mutation testing of the pure core (slow, not part of `make test`); MODULE=meetup.calendar.intervals
## narrows it to one module. Results stay in mutants/; docs/testing.md has the scores.
MODULE ?= meetup
mutation: $(VENV)/.installed-test
	$(BIN)/pip install -q -e '.[mutation]'
	nice -n 15 $(BIN)/mutmut run "$(MODULE)*" | tail -n 3
	$(BIN)/python tools/mutation_score.py

bench: $(VENV)/.installed-test
	$(BIN)/python bench/run.py

clean-demo:
	rm -rf $(DEMO_DIR)
