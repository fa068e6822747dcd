# Course kit: `make` runs the whole job on the demo class; `make test` proves it works.
# Every tool runs from the local virtual environment .venv, built from requirements.txt.

VENV    := .venv
PY      := $(VENV)/bin/python
# nbgrader finds `alembic` (to create a gradebook) and `jupyter` through PATH.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
# Keep third-party log noise from drowning the output.
export PYTHONWARNINGS := ignore
export JUPYTER_PLATFORM_DIRS := 1

.DEFAULT_GOAL := all
.PHONY: all help venv sandbox-tool constraints release check-release validate demo collect autograde feedback export \
        summary test bench clean report bench-notebooks browser-test accuracy

all: venv release demo autograde feedback export report summary ## set up, then grade the demo class end to end

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-14s %s\n", $$1, $$2}'

venv: $(VENV)/.installed ## create .venv from requirements.txt (once)

$(VENV)/.installed: requirements.txt constraints.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet pip==26.3
	$(PY) -m pip install --quiet -r requirements.txt -c constraints.txt
	touch $@

# Checked on every grading run, not only when .venv is built: a machine may lose the package.
sandbox-tool: ## install bubblewrap (bwrap), the sandbox for student code, where it is missing
	@command -v bwrap >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing bubblewrap (the sandbox for student code)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap; \
	  else \
	    echo "WARNING: bubblewrap (bwrap) is missing: grading refuses to run student code until it is"; \
	    echo "         installed (apt-get install bubblewrap), or GRADER_ALLOW_UNSANDBOXED=1 is set."; \
	  fi; }

constraints: ## re-pin every installed package into constraints.txt (after changing requirements.txt)
	$(PY) -m pip install --quiet -r requirements.txt
	{ sed -n '1,3p' constraints.txt; $(PY) -m pip freeze; } > constraints.txt.new && mv constraints.txt.new constraints.txt

release: venv ## regenerate release/ from source/ (commit the result)
	$(PY) -m instructor.release

check-release: venv ## fail if release/ is not what `make release` would generate
	$(PY) -m instructor.release --check

validate: venv ## run every instructor notebook; fail if any test cell fails
	$(PY) -m instructor.validate

demo: venv ## write the demo class into submitted/ (students demo_*)
	$(PY) -m instructor.demo_class

collect: venv ## nbgrader collect every assignment from the exchange into submitted/, then check what landed
	$(PY) -m instructor.collect

autograde: venv sandbox-tool ## grade every submission in submitted/
	$(PY) -m instructor.grade

feedback: venv ## write HTML feedback for every submission into feedback/ (a short page saying why for one that could not be graded)
	$(PY) -m instructor.feedback

export: venv ## write reports/grades.csv and reports/grades_by_function.csv
	$(PY) -m instructor.export

summary: venv ## print the class's scores
	$(PY) -m instructor.summary

test: venv sandbox-tool ## the full test suite (what CI runs)
	$(PY) -m pytest -q tests

bench: venv sandbox-tool ## time stock nbgrader, the runner (1 and N workers) and the runner on Dask on a synthetic class (STUDENTS=60)
	$(PY) -m instructor.bench --dask --students $(or $(STUDENTS),60)

clean: ## remove everything `make` generates (keeps release/ and .venv)
	rm -rf autograded feedback reports gradebook.db submitted/demo_* source/*/utils source/*/datasets .pytest_cache

# ---- class report, notebook benchmark, browser test
report: venv ## write the class report (HTML) into reports/class_report/ and print its path
	$(PY) -m instructor.report

bench-notebooks: venv ## time every release notebook run top to bottom with the solutions filled in
	$(PY) -m instructor.bench_notebooks

.PHONY: bench-writer
bench-writer: venv ## results recorded per second into SQLite and PostgreSQL on loopback (RESULTS=10000)
	$(PY) -m instructor.bench_writer --results $(or $(RESULTS),10000)

CHROMIUM := /usr/bin/chromium
browser-test: venv ## run the release notebooks, a class report, a feedback page and the formgrader in headless Chromium
	@test -x $(CHROMIUM) || { echo "Installing chromium and chromium-driver (Debian packages)"; \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver; }
	$(PY) -m pytest -q -p no:cacheprovider browser_tests

# ---- grading accuracy
accuracy: venv sandbox-tool ## grade the catalogue of real student mistakes and right answers; print caught/accepted/diagnosed
	$(PY) -m instructor.accuracy
