"""Writes HTML feedback for every autograded submission into feedback/<student>/<assignment>/."""
import sys
from pathlib import Path

from .course import REPO, assignments, nbgrader


def generate_feedback(root=REPO, db_url=None):
    ok = True
    for assignment in assignments(root):
        # nbgrader logs every file it copies at INFO: warnings and errors are what an instructor needs to see
        result = nbgrader("generate_feedback", assignment.name, "--force", "--log-level=WARN",
                          root=root, db_url=db_url, check=False)
        ok = ok and result.returncode == 0
    pages = sorted((Path(root) / "feedback").glob("*/*/*.html"))
    print(f"Feedback: {len(pages)} page(s) in {Path(root) / 'feedback'}")
    return ok


if __name__ == "__main__":
    sys.exit(0 if generate_feedback() else 1)
