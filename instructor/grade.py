"""Autogrades every submission in submitted/ into autograded/ and the gradebook.

    python -m instructor.grade [ASSIGNMENT ...]
"""
import sys

from .course import REPO, assignments, by_name, nbgrader
from .release import stage_support_files


def autograde(names=None, root=REPO, db_url=None):
    """Grades all submissions of the given assignments (default: all). Returns True if nbgrader reported no error."""
    chosen = [by_name(n) for n in names] if names else assignments(root)
    ok = True
    for assignment in chosen:
        # autograde copies the support files from source/<assignment>/ into every graded folder
        stage_support_files(assignment, root)
        result = nbgrader("autograde", assignment.name, "--create", "--force", root=root, db_url=db_url,
                          check=False)
        ok = ok and result.returncode == 0
    return ok


if __name__ == "__main__":
    sys.exit(0 if autograde(sys.argv[1:]) else 1)
