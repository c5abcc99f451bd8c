# Every target bootstraps .venv itself: a fresh machine needs only python3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PROJECT := $(VENV)/.project

.DEFAULT_GOAL := help
.PHONY: help setup generate check-generated check-contract check-breaking changelog lint format typecheck pytest test test-deep contract contract-webhooks serve bench dist clean

help: ## show this help
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@echo "setup: installing the pinned generators and test tools into $(VENV) (a minute or two, once)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip==26.3
	@# Not --quiet: pip's line per package is the progress of the step that takes the minutes.
	$(BIN)/python -m pip install --disable-pip-version-check --progress-bar off --group dev
	@touch $@

# The project itself (editable, so the tests import generated/ as users import the packages)
# is installed apart from the tools: generating must work before generated/ exists.
$(PROJECT): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

setup: $(PROJECT) ## create .venv with the pinned generators and test tools

check-contract: $(STAMP) ## check openapi/ (spec validity and house rules) without generating
	$(BIN)/python scripts/check_contract.py

generate: $(STAMP) ## check openapi/, then regenerate generated/ from it
	$(BIN)/python scripts/generate.py

check-generated: $(STAMP) ## fail with a diff if generated/ is stale against openapi/
	$(BIN)/python scripts/check_generated.py

# BASE=<git revision or file> compares with that contract instead of the previous version;
# FORMAT=text|json|markdown|github prints the changes so (the exit status is the verdict).
check-breaking: $(STAMP) ## fail if openapi/ breaks users without a major bump (or adds without a minor)
	@$(BIN)/python scripts/check_breaking.py $(if $(BASE),--base '$(BASE)') $(if $(FORMAT),--format '$(FORMAT)')

changelog: $(STAMP) ## print the CHANGELOG.md section for the current info.version
	@$(BIN)/python scripts/check_breaking.py --changelog $(if $(BASE),--base '$(BASE)')

lint: $(STAMP) ## ruff lint and format check
	$(BIN)/ruff check scripts src tests generated
	$(BIN)/ruff format --check scripts src tests generated

format: $(STAMP) ## apply ruff fixes and formatting to scripts/, src/ and tests/
	$(BIN)/ruff check --fix scripts src tests
	$(BIN)/ruff format scripts src tests

typecheck: $(PROJECT) ## mypy --strict on scripts/, src/, tests/ and generated/
	$(BIN)/mypy

# JOBS=<n> sets how many pytest-xdist workers share the tests (JOBS=0 runs them in one process).
# Two per core by default: most tests wait on a served stub, a child process or a timeout (a
# worker keeps about 40% of a core busy), so two a core keep the cores busy.
JOBS ?= $(shell $(PYTHON) -c 'import os; print(2 * (os.cpu_count() or 1))')

# The rehearsals (README procedures followed on a whole copy of the project) run in test-deep:
# together they cost make test about a minute of its 6 on 2 cores.
pytest: $(PROJECT) ## run the test suite only (not the rehearsals), spread over every core (JOBS=n to choose)
	$(BIN)/pytest -n $(JOBS) --dist loadgroup -m "not rehearsal"

test: lint typecheck check-generated check-breaking pytest ## lint, typecheck, drift check, check-breaking and tests

# make test's checks with every property test at 1,000 examples and a new seed (printed in the
# header, to reproduce a finding): the long hunt, by hand or nightly, not in .ci/run.
test-deep: lint typecheck check-generated check-breaking $(PROJECT) ## make test with the rehearsals, 1,000 examples per property test and a new seed (a long run; not in CI)
	CONTRACT_PROFILE=deep $(BIN)/pytest -n $(JOBS) --dist loadgroup

# BASE_URL=<url> tests that server instead of the stub, with the token from UNIFIED_TOKEN in
# the environment or from TOKEN_FILE=<file>; SAFE=1 (GET only), CONNECTION_ID=<id> and
# MAX_REQUESTS=<n> limit what it does; EXAMPLES=<n> per operation. A token on make's own
# command line would show in `ps` to every user of the machine: refused.
contract: $(PROJECT) ## schemathesis run (every phase) against the stub or BASE_URL; HTML and JUnit in reports/
	@$(if $(filter command line,$(origin TOKEN)),echo "make contract: TOKEN=... on make's command line shows in ps to every user; put it in the environment (UNIFIED_TOKEN=... make contract) or in a file (TOKEN_FILE=path)" >&2; exit 2)
	$(BIN)/unified-assessment-contract \
		$(if $(BASE_URL),--base-url '$(BASE_URL)') $(if $(TOKEN_FILE),--token-file '$(TOKEN_FILE)') \
		$(if $(filter-out 0,$(SAFE)),--safe) $(if $(CONNECTION_ID),--connection-id '$(CONNECTION_ID)') \
		$(if $(MAX_REQUESTS),--max-requests '$(MAX_REQUESTS)') $(if $(EXAMPLES),--examples '$(EXAMPLES)')

# HOOK_URL=<url> is the provider's webhook receiver; the workspace's secret comes from
# UNIFIED_WEBHOOK_SECRET in the environment or from WEBHOOK_SECRET_FILE=<file>, never from
# make's command line (it would show in ps). EXAMPLES=<n> deliveries drawn per kind.
contract-webhooks: $(PROJECT) ## send HOOK_URL signed deliveries from the contract, then forged ones; reports in reports/
	@$(if $(filter command line,$(origin UNIFIED_WEBHOOK_SECRET)),echo "make contract-webhooks: UNIFIED_WEBHOOK_SECRET=... on make's command line shows in ps to every user; put it in the environment or in a file (WEBHOOK_SECRET_FILE=path)" >&2; exit 2)
	@$(if $(HOOK_URL),,echo "make contract-webhooks: give the receiver's URL: HOOK_URL=http://127.0.0.1:8080/unified/orders" >&2; exit 2)
	$(BIN)/unified-assessment-contract-webhooks --hook-url '$(HOOK_URL)' \
		$(if $(WEBHOOK_SECRET_FILE),--secret-file '$(WEBHOOK_SECRET_FILE)') $(if $(EXAMPLES),--examples '$(EXAMPLES)')

serve: $(PROJECT) ## run the stub on 127.0.0.1:8000 (HOST, PORT, STUB_TOKENS, STUB_DB, ... override; RELOAD=1 restarts it when openapi/ changes)
	$(BIN)/python -m unified_assessment_stub

# Every benchmark runs even when an earlier one misses a target; any miss fails the target.
bench: $(PROJECT) ## benchmark the stub (needs wrk) and the client overhead; exit 1 on a missed target
	@status=0; \
	PYTHONPATH=tests:scripts $(BIN)/python tests/bench/stub_throughput.py || status=1; \
	echo; \
	PYTHONPATH=tests:scripts $(BIN)/python tests/bench/client_overhead.py || status=1; \
	echo; \
	PYTHONPATH=tests:scripts $(BIN)/python tests/bench/timings.py || status=1; \
	exit $$status

# The venv's pinned build and hatchling, without build isolation: no download, and the same
# backend every time. check-generated first: a wheel never ships generated/ stale.
# Older builds are removed first: the README's install lines take the one wheel in dist/.
dist: check-generated ## build the wheel and the sdist into dist/
	@echo "dist: building the wheel and the sdist into dist/"
	rm -f dist/unified_assessment-*
	$(BIN)/python -m build --no-isolation --outdir dist .

clean: ## remove .venv and caches
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache build dist
