"""An optional watcher of one grading run, for tools that measure the grader (instructor/accuracy/).

    trusted_run.grade_submission(job, observer=MyObserver())

The trusted run tells it which part of which cell is about to run, and each stand-in (proxies.StudentFunction)
tells it what the student's function returned to the grader. It lives in the trusted process only: nothing of
it is sent to the student's process, and with the default (None) the grader does no extra work. An observer
must only look: it gets the grader's own objects, and changing them (or raising) would change the verdict.
"""


class GradingObserver:
    """The hooks the grader calls; each does nothing here. Subclass it and override what you need."""

    def part_started(self, grade_id, part):
        """A course cell (grade_id: its nbgrader id, or None) is about to run its `part`: "cell" for a cell that
        is no test, "public" or "hidden" for the two parts of a test cell (see notebooks.split_hidden_tests)."""

    def returned(self, function, args, kwargs, value):
        """The student's `function` (its name) returned `value` for `args` and `kwargs`, their in-place changes
        already carried back."""
