"""The grading core: one submission in, one result out, with student code kept in a sandbox.

    submitted/<student>/<assignment>/   (read by instructor/grade.py, never following a link)
        -> a job: the hand-in's cells, the release's support files, the assignment's hidden tests
        -> trusted_run.py     runs the test cells in this (trusted) process; every graded
                              function is a stand-in (proxies.py) ...
        -> student_process.py ... that calls the student's own function in their process,
        -> sandbox.py         started under bubblewrap with per-sandbox limits, running
        -> inside_sandbox/    the only code that runs on the student's side of the boundary
                              (student_server.py), speaking plain data (wire.py).
        <- a result: per-cell scores, notes and messages, decided by trusted code only
    instructor/grade.py records each result into autograded/, the gradebook and reports/.

untrusted.py holds the rules for everything read from a hand-in (ids, names, text, files).
observer.py: the optional hooks through which a tool (instructor/accuracy/) watches a trusted run.
Only inside_sandbox/ is visible to student code; nothing else here is bound into the sandbox.
"""
