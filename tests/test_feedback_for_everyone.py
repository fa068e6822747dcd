"""Every hand-in gets feedback: a submission that could not be graded gets a page saying what was wrong and what
to hand in; a student id the grader refused gets a status row, never a page or a path.

These courses hold no graded notebook, so nbgrader is never started: the pages come from instructor.feedback.
"""
import csv
import html
import re

import pytest
from markupsafe import escape  # as the page templates escape (&#39; for a quote, not html.escape's &#x27;)

from instructor import course, feedback
from instructor.grading.untrusted import STUDENT_ID_RULE, shown_name

ASSIGNMENT = course.ASSIGNMENTS[0]
STATUS_FIELDS = ["student", "assignment", "status", "score", "max_score", "reason", "notes"]


@pytest.fixture
def root(tmp_path):
    source = ASSIGNMENT.source_notebook(tmp_path)
    source.parent.mkdir(parents=True)
    source.write_text("{}")  # only its presence matters: it makes the assignment part of this course
    return tmp_path


def failed_grading(root, rows, folders=()):
    """Writes reports/grading_status.csv with failed rows {student: reason}, and empty autograded/ folders
    (as the grader leaves them) for the names in `folders`."""
    path = root / "reports" / "grading_status.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=STATUS_FIELDS)
        writer.writeheader()
        for student, reason in rows.items():
            writer.writerow({"student": student, "assignment": ASSIGNMENT.name, "status": "failed", "score": "0",
                             "max_score": "10", "reason": reason, "notes": ""})
    for name in folders:
        (root / "autograded" / name / ASSIGNMENT.name).mkdir(parents=True)


def feedback_rows(root):
    with open(root / "reports" / "feedback_status.csv", newline="", encoding="utf-8") as f:
        return {row["student"]: row for row in csv.DictReader(f)}


def visible_text(raw):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw)))


def test_an_unreadable_hand_in_gets_a_page_with_the_reason_and_what_to_hand_in(root):
    reason = "submitted/alice/x.ipynb is not a notebook: <b>Expecting value</b> & more"
    failed_grading(root, {"alice": reason}, folders=["alice"])

    assert feedback.generate_feedback(root=root, db_url="sqlite:///unused.db")

    page = feedback.page_path(root, "alice", ASSIGNMENT)
    raw = page.read_text(encoding="utf-8")
    assert escape(reason) in raw and "<b>Expecting" not in raw, "the reason is shown, escaped as HTML"
    text = visible_text(raw)
    assert reason in text
    assert f"submitted/alice/{ASSIGNMENT.name}/{ASSIGNMENT.notebook}" in text
    assert "valid notebook" in text and "Jupyter" in text
    row = feedback_rows(root)["alice"]
    assert row["status"] == "written" and row["page"] == str(page.relative_to(root))
    assert row["reason"] == f"grading failed: {reason}"


def test_a_hand_in_without_autograded_folder_still_gets_a_page(root):
    reason = f"no folder named {ASSIGNMENT.name} in submitted/bob (found: notes.txt)"
    failed_grading(root, {"bob": reason})

    assert feedback.generate_feedback(root=root, db_url="sqlite:///unused.db")

    assert escape(reason) in feedback.page_path(root, "bob", ASSIGNMENT).read_text(encoding="utf-8")
    assert feedback_rows(root)["bob"]["status"] == "written"


def test_a_page_left_from_an_earlier_grading_is_replaced(root):
    failed_grading(root, {"carol": "the notebook cannot be read"}, folders=["carol"])
    page = feedback.page_path(root, "carol", ASSIGNMENT)
    page.parent.mkdir(parents=True)
    page.write_text("Your results: 10 / 10 points")

    feedback.generate_feedback(root=root, db_url="sqlite:///unused.db")

    raw = page.read_text(encoding="utf-8")
    assert "10 / 10" not in raw and "the notebook cannot be read" in raw


def test_a_refused_student_id_gets_a_row_and_is_never_a_path(root):
    names = ["a\nbad", ".dot", "../escape", "x/../../y"]
    failed_grading(root, {shown_name(n): "refused" for n in names} | {"../escape": "refused", "ok": "unreadable"},
                   folders=["a\nbad", ".dot", "ok"])

    feedback.generate_feedback(root=root, db_url="sqlite:///unused.db")

    written = sorted(str(p.relative_to(root)) for p in root.rglob("*.html"))
    assert written == [str(feedback.page_path(root, "ok", ASSIGNMENT).relative_to(root))]
    assert not (root.parent / "escape").exists() and not (root / "y").exists()
    rows = feedback_rows(root)
    for name in ("a\nbad", ".dot"):
        row = rows[shown_name(name)]
        assert row["status"] == "failed" and STUDENT_ID_RULE in row["reason"] and not row["page"]


def test_a_page_is_never_written_through_a_link(root, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    failed_grading(root, {"dave": "the notebook cannot be read"}, folders=["dave"])
    (root / "feedback").mkdir()
    (root / "feedback" / "dave").symlink_to(elsewhere, target_is_directory=True)

    assert not feedback.generate_feedback(root=root, db_url="sqlite:///unused.db")

    assert not list(elsewhere.rglob("*"))
    row = feedback_rows(root)["dave"]
    assert row["status"] == "failed" and "symbolic link" in row["reason"] and not row["page"]


def test_a_late_hand_in_that_cannot_be_graded_says_how_late(root):
    failed_grading(root, {"dora": "the notebook cannot be read", "eve": "the notebook cannot be read"},
                   folders=["dora", "eve"])
    # no gradebook here: lateness comes from nbgrader's export, as every report reads it (instructor/results.py)
    with open(root / "reports" / "grades.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["assignment", "duedate", "timestamp", "student_id", "late_submission_penalty"])
        writer.writerow([ASSIGNMENT.name, "2030-01-10 17:00:00", "2030-01-11 19:30:00", "dora", "0"])
        writer.writerow([ASSIGNMENT.name, "2030-01-10 17:00:00", "2030-01-10 16:00:00", "eve", "0"])

    assert feedback.generate_feedback(root=root, db_url=f"sqlite:///{root / 'no-gradebook.db'}")

    assert "Handed in 1 d 2 h 30 min after the due date." in visible_text(
        feedback.page_path(root, "dora", ASSIGNMENT).read_text(encoding="utf-8"))
    assert "after the due date" not in feedback.page_path(root, "eve", ASSIGNMENT).read_text(encoding="utf-8")
    assert not (root / "no-gradebook.db").exists(), "reading the lateness creates no gradebook"
