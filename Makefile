# Two commands: `make demo` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q

.PHONY: demo test test-batch test-faults test-hostile bench mutate mutate-review clean sysdeps sysdeps-test

demo: $(VENV)/.stamp-run sysdeps
	$(VENV)/bin/docengine demo --out out/demo

# pytest exits 5 when it collected nothing: that is a failure, not a pass.
# -n auto: one worker per core (pytest-xdist); each worker starts its own PostgreSQL and demo.
test: $(VENV)/.stamp-test sysdeps-test
	@$(PY) -m pytest -q -n auto; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi; exit $$rc

# Kill loops: every register command killed at each crash window (≥ 30 kills per command).
test-faults: $(VENV)/.stamp-test sysdeps-test
	$(PY) -m pytest -q -s -o addopts="-ra" tests/faults

# The hostile-input suite alone, serially, with wall time bounded too (≤ 10 s, ≤ 500 MB per
# case); every child run is tallied in out/hostile/tally.jsonl and summed up (hostile.figures).
test-hostile: $(VENV)/.stamp-test sysdeps-test
	@mkdir -p out/hostile && rm -f out/hostile/tally.jsonl
	@DOCENGINE_HOSTILE_WALL=1 DOCENGINE_HOSTILE_TALLY=$(CURDIR)/out/hostile/tally.jsonl \
	  $(PY) -m pytest -q -p no:xdist tests/hostile; rc=$$?; \
	cd tests && $(CURDIR)/$(PY) -m hostile.figures $(CURDIR)/out/hostile/tally.jsonl || rc=1; exit $$rc

# docengine batch at the issue's size (issue 12): 20 LAOs x 1,500 rows = 30,000 rows on a
# LocalCluster of 2 workers; `make test` runs the same tests on 6 LAOs x 300 rows.
test-batch: $(VENV)/.stamp-test sysdeps-test
	BATCH_LAOS=20 BATCH_ROWS=1500 $(PY) -m pytest -q -p no:xdist tests/test_batch.py

# Mutation testing (not part of `make test`; docs/testing.md). `make mutate` runs the review's
# one-line breaks, then mutmut on the seven core packages; MUTATE_ARGS picks some or samples,
# e.g. make mutate MUTATE_ARGS="--sample 5 render". Figures: out/mutate/summary.json.
mutate: mutate-review $(VENV)/.stamp-mutate
	$(PY) scripts/mutate.py $(MUTATE_ARGS)

# The review's one-line breaks of visible behaviour, each against the test named to kill it.
mutate-review: $(VENV)/.stamp-test sysdeps-test
	$(PY) scripts/review_mutants.py

bench: $(VENV)/.stamp-test sysdeps
	$(PY) bench/letters.py
	$(PY) bench/cli_startup.py
	$(PY) bench/people_read.py

sysdeps:
	@scripts/sysdeps.sh run

sysdeps-test:
	@scripts/sysdeps.sh test

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.stamp-run: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -e .
	@touch $@

$(VENV)/.stamp-test: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -e '.[test]'
	@touch $@ $(VENV)/.stamp-run

$(VENV)/.stamp-mutate: pyproject.toml $(VENV)/.stamp-test
	$(PIP) install -e '.[test,mutate]'
	@touch $@

clean:
	rm -rf $(VENV) out .pytest_cache
