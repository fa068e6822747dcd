"""The grading core: one submission in, one result out, with student code kept in a sandbox.

instructor/grade.py (the command) reads the settings once (settings.py) and runs:

    submitted/<student>/<assignment>/
        -> submissions.py     reads the hand-ins as plain files (never following a link) into jobs
        -> jobs.py            Job: the hand-in's files, the course's notebooks and support files, the settings
        -> pool.py            runs each job in a local worker process (or on Dask), with a time limit
        -> trusted_run.py     runs the instructor notebook and its hidden tests in the worker (trusted);
                              every graded function is a stand-in (proxies.py) ...
        -> student_process.py ... that calls the student's own function in their process,
        -> warm_start.py      forked from the worker's pre-warmed template (inside_sandbox/template.py),
                              walled off in namespaces and a workspace of its own,
        -> sandbox.py         or started from scratch under bubblewrap; limits for the whole sandbox,
        -> inside_sandbox/    the only code that runs on the student's side of the boundary
                              (student_server.py), speaking plain data (wire.py).
        <- jobs.py            Result: per-cell scores, notes and messages, decided by trusted code only
        -> recording.py       cleans each result and records it, in the parent only, into autograded/,
                              the gradebook and reports/grading_status.csv.

untrusted.py holds the rules for everything read from a hand-in (ids, names, text, files).
worker_folders.py: the folders a worker keeps for its life (support files, the template's staging).
observer.py: the optional hooks through which a tool (instructor/accuracy/) watches a trusted run.
Only inside_sandbox/ is visible to student code; nothing else here is bound into the sandbox.
"""
import sys

# jsonschema, which nbformat imports, loads the optional package rfc3987-syntax if it is installed (Jupyter's
# packages install it), and that package builds a parser as it is imported: 1.3 s in every grading process.
# Nothing here checks IRIs, so jsonschema is told it is not there.
sys.modules.setdefault("rfc3987_syntax", None)
