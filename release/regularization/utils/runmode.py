"""Lets notebooks shorten their long demonstration runs while being graded.

nbgrader sets NBGRADER_EXECUTION=autograde (or validate) in the kernel it runs.
No graded function depends on the training demonstrations, so grading need not
wait for them.
"""
import os


def is_autograding():
    """True when nbgrader is executing this notebook to grade it."""
    return os.environ.get("NBGRADER_EXECUTION") == "autograde"


def demo_iterations(full, quick=10):
    """Iterations for a demonstration run: `full` normally, `quick` while grading."""
    return quick if is_autograding() else full
