"""Writes HTML feedback for every graded or failed hand-in into feedback/<student>/<assignment>/.

One `nbgrader generate_feedback` per assignment does the work. A student it left without a page (it stopped
at someone else's folder, or failed on this one) is tried again alone, so one student's failure never costs a
classmate a page. A submission whose grading failed (instructor/results.py) gets a page written here instead
(templates/feedback_ungraded.html): what was wrong, what to hand in, and how late when it was late. Every
student folder in autograded/ ends as a row of reports/feedback_status.csv: `written` with its page, or
`failed` with the reason. A folder name that is no valid student id (STUDENT_ID_RULE) is never handed to
nbgrader nor used as a path: it gets its row only.
"""
import csv
import subprocess
import sys
from pathlib import Path

from .course import REPO, assignments, course_env
from .exchange_files import copy_exchange_files
from .gradebook import course_root, usable_db_url
from .pages import render
from .results import failed_submissions, late_submissions
from .grading.untrusted import (STUDENT_ID_RULE, display_name, one_line, shown_name, sorted_entries,
                        valid_student_id)

FIELDS = ["student", "assignment", "status", "page", "reason"]
READY, UNGRADED, REFUSED = "ready", "ungraded", "refused"


def page_path(root, student, assignment):
    return Path(root) / "feedback" / student / assignment.name / (Path(assignment.notebook).stem + ".html")


def grading_failures(root, assignment):
    """{student: reason} for this assignment's rows of reports/grading_status.csv that are not `graded`."""
    return {student: reason for (student, name), reason in failed_submissions(root).items()
            if name == assignment.name}


def student_folders(root, assignment):
    """[(student, kind, reason)]: who gets which page. kind is READY (nbgrader writes the page from the graded
    notebook), UNGRADED (grading failed: a page saying why, `reason`) or REFUSED (no valid id: no page).

    The folders autograded/<student>/<assignment> are the students; a link or a special file is none. A
    failed row of reports/grading_status.csv whose folder is gone (say the grader removed it) counts too.
    """
    base = Path(root) / "autograded"
    failed = grading_failures(root, assignment)
    found = {}
    for entry in sorted_entries(base) if base.is_dir() else []:
        folder = Path(entry.path) / assignment.name
        if not entry.is_dir(follow_symlinks=False) or folder.is_symlink() or not folder.is_dir():
            continue
        notebook = folder / assignment.notebook
        if not valid_student_id(entry.name):
            found[shown_name(entry.name)] = (REFUSED, f"not given to nbgrader: {STUDENT_ID_RULE}")
        elif notebook.is_symlink() or not notebook.is_file():
            found[entry.name] = (UNGRADED, failed.get(entry.name) or "no graded notebook in autograded/")
        else:
            found[entry.name] = (READY, None)
    for student, reason in failed.items():  # an id the grader refused is not in autograded/: row only
        if valid_student_id(student) and student not in found:
            found[student] = (UNGRADED, reason)
    return [(student, kind, reason) for student, (kind, reason) in sorted(found.items())]


def ungraded_page(student, assignment, reason, late_by=""):
    """The page of a submission that could not be graded: what was wrong, what to hand in, and how late it was
    handed in ("1 d 2 h", or "" when on time)."""
    return render("feedback_ungraded.html", title=f"{assignment.name}: your hand-in could not be graded",
                  reason=reason, late_by=late_by, assignment=assignment.name, notebook=assignment.notebook,
                  expected=f"submitted/{student}/{assignment.name}/{assignment.notebook}")


def write_ungraded_page(root, student, assignment, reason, late_by=""):
    """Writes the page of a submission that could not be graded; returns why it could not, or ""."""
    page = page_path(root, student, assignment)
    try:
        for folder in (page.parent.parent, page.parent):  # a page is written in feedback/, never through a link
            if folder.is_symlink():
                return f"{folder.relative_to(root)} is a symbolic link"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.unlink(missing_ok=True)
        page.write_text(ungraded_page(student, assignment, reason, late_by), encoding="utf-8")
        copy_exchange_files(root, student, assignment.name, page.parent)  # nbgrader release_feedback needs them
    except OSError as exc:
        return f"the page could not be written ({exc.strerror or type(exc).__name__})"
    return ""


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
    late = late_submissions(db_url, root)
    for assignment, folders in found.items():
        ready = [student for student, kind, _ in folders if kind == READY]
        for student in ready:  # a page left from an earlier run must not pass for a new one
            page_path(root, student, assignment).unlink(missing_ok=True)
        if ready:
            _generate(assignment, root, db_url)
        for student, kind, reason in folders:
            lateness = late.get((student, assignment.name))
            rows.append(_feedback_row(root, db_url, assignment, student, kind, reason,
                                      lateness.delay if lateness else ""))
    write_status(root, rows)
    for row in rows:
        if row["status"] == "failed":
            print(f"NO PAGE {display_name(row['student'])}/{row['assignment']}: {row['reason']}")
    pages = sorted((root / "feedback").glob("*/*/*.html"))
    print(f"Feedback: {len(pages)} page(s) in {root / 'feedback'}; status in reports/feedback_status.csv")
    return not any(row["status"] == "failed" for row in rows)


def _feedback_row(root, db_url, assignment, student, kind, reason, late_by=""):
    """One row of reports/feedback_status.csv, once this student's page is written (or could not be)."""
    page = page_path(root, student, assignment) if kind != REFUSED else None
    if kind == READY and not page.is_file():  # left out by the run for everyone: once more, alone
        reason = _generate(assignment, root, db_url, student) or "nbgrader wrote no page"
        reason = None if page.is_file() else f"nbgrader generate_feedback failed: {reason}"
    elif kind == UNGRADED:
        problem = write_ungraded_page(root, student, assignment, reason, late_by)
        reason = f"grading failed: {reason}" + (f"; no page: {problem}" if problem else "")
        page = None if problem else page
    written = page is not None and (kind == UNGRADED or reason is None)
    return {"student": student, "assignment": assignment.name, "status": "written" if written else "failed",
            "page": str(page.relative_to(root)) if written else "", "reason": one_line(reason or "")}


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
