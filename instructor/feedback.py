"""Writes HTML feedback for every autograded submission into feedback/<student>/<assignment>/."""
import sys

from .course import REPO, assignments, nbgrader


def generate_feedback(root=REPO, db_url=None):
    ok = True
    for assignment in assignments(root):
        result = nbgrader("generate_feedback", assignment.name, "--force", root=root, db_url=db_url, check=False)
        ok = ok and result.returncode == 0
    return ok


if __name__ == "__main__":
    sys.exit(0 if generate_feedback() else 1)
