"""What the hidden tests compute, kept out of the notebooks: one module per assignment, edited as plain Python.

A hidden test (between `### BEGIN HIDDEN TESTS` and `### END HIDDEN TESTS` in a test cell of
source/<assignment>/<Notebook>.ipynb) imports its assignment's module here and keeps only its checks: the
assertions and their messages. The modules hold what those checks compare against:

- references: the right result for inputs the student never sees (other network sizes, fresh draws);
- mistake builders: the results of known mistakes, each with the message that names it, so a check can say
  which mistake a wrong result looks like;
- the inputs themselves (seeded cases, one freshly drawn) and small helpers for the messages.

Never released: `make release` copies only utils/ and datasets/ beside the notebook, and nbgrader strips the
hidden tests that import these modules (tests/test_hidden_test_modules.py checks that release/ holds no copy
and no import of them). Public tests, which students see and run, never import them.

Where these modules run: in the grader's own, trusted process (instructor/grading/trusted_run.py), in
`make validate`, in the tests that run a notebook in-process, and in stock nbgrader (`make bench`); each has
this repository on its path. Student code never does: the sandbox binds only the release's support files
(instructor/grading/sandbox.py). A helper never imports the student's code; one that calls a graded function
takes it as an argument (in the grader, the stand-in that calls the student's sandboxed process).

To open an instructor notebook in Jupyter, start it with the repository on the path, e.g.
`PYTHONPATH=$PWD .venv/bin/jupyter lab`.
"""
