"""Writes HTML feedback for every autograded submission into feedback/<student>/<assignment>/.

One `nbgrader generate_feedback` per assignment does the work. A student it left without a page (it stopped
at someone else's folder, or failed on this one) is tried again alone, so one student's failure never costs a
classmate a page. Every student folder in autograded/ ends as a row of reports/feedback_status.csv: `written`
with its page, or `failed` with the reason. A folder name that is no valid student id (STUDENT_ID_RULE) is
never handed to nbgrader.
"""
import csv
import os
import subprocess
import sys
from pathlib import Path

from .course import REPO, assignments, course_env
from .gradebook import course_root, usable_db_url
from .untrusted import STUDENT_ID_RULE, display_name, one_line, read_csv_rows, shown_name, valid_student_id

FIELDS = ["student", "assignment", "status", "page", "reason"]


def page_path(root, student, assignment):
    return Path(root) / "feedback" / student / assignment.name / (Path(assignment.notebook).stem + ".html")


def student_folders(root, assignment):
    """[(student, reason or None)]: the folders autograded/<student>/<assignment> and why one gets no page.

    A link or a special file is no student folder. A name that is no valid id, or a folder without its
    graded notebook (grading failed: the reason recorded in reports/grading_status.csv), gets no page.
    """
    base = Path(root) / "autograded"
    if not base.is_dir():
        return []
    failed = {r["student"]: r["reason"] for r in read_csv_rows(Path(root) / "reports" / "grading_status.csv")
              if r.get("assignment") == assignment.name and r.get("status") != "graded"}
    found = []
    with os.scandir(base) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            folder = Path(entry.path) / assignment.name
            if not entry.is_dir(follow_symlinks=False) or folder.is_symlink() or not folder.is_dir():
                continue
            notebook = folder / assignment.notebook
            if not valid_student_id(entry.name):
                found.append((shown_name(entry.name), f"not given to nbgrader: {STUDENT_ID_RULE}"))
            elif notebook.is_symlink() or not notebook.is_file():
                why = failed.get(entry.name) or "no graded notebook in autograded/"
                found.append((entry.name, f"grading failed: {why}"))
            else:
                found.append((entry.name, None))
    return found


def _generate(assignment, root, db_url, student=None):
    """Runs nbgrader generate_feedback (for one student, or all); returns its last error line, if any.

    Its output is passed on (nbgrader logs every file it copies at INFO, so only warnings and errors), read
    with undecodable bytes replaced: a path in it may not be UTF-8.
    """
    chosen = [f"--student={student}"] if student else []
    run = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "generate_feedback", assignment.name,
                          "--force", "--log-level=WARN", *chosen], cwd=REPO, env=course_env(root, db_url),
                         capture_output=True, text=True, errors="replace")
    sys.stdout.write(run.stdout)
    sys.stderr.write(run.stderr)
    errors = [line for line in run.stderr.splitlines() if "ERROR" in line]
    return errors[-1] if errors else (f"nbgrader exited with {run.returncode}" if run.returncode else "")


def generate_feedback(root=REPO, db_url=None):
    """Writes every page it can; True when every graded submission got its page."""
    root, rows = Path(root), []
    found = {assignment: student_folders(root, assignment) for assignment in assignments(root)}
    if not any(found.values()):  # nbgrader would only say "No notebooks were matched"
        print(f"No feedback to write: {root / 'autograded'} holds no graded submission.\n"
              "  Run `make autograde` first: feedback pages are made from its results.", file=sys.stderr)
        return False
    for assignment, folders in found.items():
        ready = [student for student, reason in folders if reason is None]
        for student in ready:  # a page left from an earlier run must not pass for a new one
            page_path(root, student, assignment).unlink(missing_ok=True)
        if ready:
            _generate(assignment, root, db_url)
        for student, reason in folders:
            page = page_path(root, student, assignment)
            if reason is None and not page.is_file():  # left out by the run above: once more, alone
                reason = _generate(assignment, root, db_url, student) or "nbgrader wrote no page"
                reason = None if page.is_file() else f"nbgrader generate_feedback failed: {reason}"
            rows.append({"student": student, "assignment": assignment.name,
                         "status": "failed" if reason else "written",
                         "page": "" if reason else str(page.relative_to(root)), "reason": one_line(reason or "")})
    write_status(root, rows)
    for row in rows:
        if row["status"] == "failed":
            print(f"NO PAGE {display_name(row['student'])}/{row['assignment']}: {row['reason']}")
    pages = sorted((root / "feedback").glob("*/*/*.html"))
    print(f"Feedback: {len(pages)} page(s) in {root / 'feedback'}; status in reports/feedback_status.csv")
    return not any(row["status"] == "failed" and not row["reason"].startswith("grading failed") for row in rows)


def write_status(root, rows):
    path = Path(root) / "reports" / "feedback_status.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)


def main():
    root = course_root()
    return 0 if generate_feedback(root, usable_db_url(root)) else 1


if __name__ == "__main__":
    sys.exit(main())
