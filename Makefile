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
.PHONY: all help venv release check-release validate demo autograde feedback export summary test clean

all: venv release demo autograde feedback export summary ## set up, then grade the demo class end to end

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-14s %s\n", $$1, $$2}'

venv: $(VENV)/.installed ## create .venv from requirements.txt (once)

$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

release: venv ## regenerate release/ from source/ (commit the result)
	$(PY) -m instructor.release

check-release: venv ## fail if release/ is not what `make release` would generate
	$(PY) -m instructor.release --check

validate: venv ## run every instructor notebook; fail if any test cell fails
	$(PY) -m instructor.validate

demo: venv ## write the demo class into submitted/ (students demo_*)
	$(PY) -m instructor.demo_class

autograde: venv ## grade every submission in submitted/
	$(PY) -m instructor.grade

feedback: venv ## write HTML feedback for every graded submission into feedback/
	$(PY) -m instructor.feedback

export: venv ## write reports/grades.csv and reports/grades_by_function.csv
	$(PY) -m instructor.export

summary: venv ## print the class's scores
	$(PY) -m instructor.summary

test: venv ## the full test suite (what CI runs)
	$(PY) -m pytest -q tests

clean: ## remove everything `make` generates (keeps release/ and .venv)
	rm -rf autograded feedback reports gradebook.db submitted/demo_* source/*/utils source/*/datasets .pytest_cache
