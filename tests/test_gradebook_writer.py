"""GradebookWriter (the parent's batched gradebook writes) records exactly what record_result does."""
import datetime

import pytest
from nbgrader.api import Gradebook

from instructor import gradebook
from instructor.gradebook import GradebookWriter, record_result


def tiny_gradebook(path):
    """Assignment "a": notebook "nb" (grade cells test_f 2 and test_g 1, a solution cell, a task cell) and
    notebook "extra" (one grade cell)."""
    db_url = f"sqlite:///{path}"
    with Gradebook(db_url) as gb:
        gb.add_assignment("a")
        gb.add_notebook("nb", "a")
        gb.add_grade_cell("test_f", "nb", "a", max_score=2, cell_type="code")
        gb.add_grade_cell("test_g", "nb", "a", max_score=1, cell_type="code")
        gb.add_solution_cell("answer", "nb", "a")
        gb.add_task_cell("task", "nb", "a", max_score=1, cell_type="markdown")
        gb.add_notebook("extra", "a")
        gb.add_grade_cell("test_h", "extra", "a", max_score=1, cell_type="code")
        gb.add_student("known", first_name="Kim")
    return db_url


def contents(db_url):
    """Everything the gradebook holds about submissions, by names (ids differ from one database to another)."""
    with Gradebook(db_url) as gb:
        students = sorted((s.id, s.first_name) for s in gb.students)
        submissions = {}
        for assignment in gb.assignments:
            for submission in assignment.submissions:
                submissions[(submission.student.id, assignment.name)] = (
                    submission.timestamp, submission.extension,
                    sorted((nb.name, nb.flagged, nb.late_submission_penalty,
                            sorted((g.name, g.auto_score, g.manual_score, g.extra_credit, g.needs_manual_grade)
                                   for g in nb.grades),
                            sorted((c.name, c.auto_comment, c.manual_comment) for c in nb.comments))
                           for nb in submission.notebooks))
        counts = [gb.db.execute(gradebook_table_count(t)).scalar()
                  for t in ("submitted_assignment", "submitted_notebook", "grade", "comment")]
    return students, submissions, counts


def gradebook_table_count(table):
    import sqlalchemy as sa
    return sa.text(f"SELECT COUNT(*) FROM {table}")


def result(student, status="graded", **scores):
    return {"student": student, "assignment": "a", "status": status, "scores": scores}


BATCHES = [  # (result, timestamp); each list is one batch
    [(result("alice", test_f=2.0, test_g=1.0, task=0.5, test_h=1.0), None),
     (result("known", test_f=1.0), datetime.datetime(2025, 10, 1, 12, 0, tzinfo=datetime.timezone.utc)),
     (result("bob", "failed"), "2025-10-02 09:30:00 UTC")],
    [(result("alice", "failed"), None),  # a replacement: the old rows go
     (result("carol", test_g=1.0), None)],
]


def test_the_writer_records_what_record_result_records(tmp_path):
    one_by_one, batched = tiny_gradebook(tmp_path / "one.db"), tiny_gradebook(tmp_path / "batched.db")
    for batch in BATCHES:
        for r, timestamp in batch:
            record_result(one_by_one, r, timestamp=timestamp)
    with GradebookWriter(batched) as writer:
        for batch in BATCHES:
            for r, timestamp in batch:
                writer.record(r, timestamp=timestamp)
            assert writer.commit() == ([], [])
    assert contents(batched) == contents(one_by_one)
    students, submissions, counts = contents(batched)
    assert counts == [4, 8, 16, 8] and ("known", "Kim") in students
    assert gradebook.assignment_scores(batched)[("alice", "a")] == (0.0, 5.0)


def test_nothing_is_written_before_commit_and_an_uncommitted_batch_is_dropped(tmp_path):
    db_url = tiny_gradebook(tmp_path / "g.db")
    before = contents(db_url)
    with GradebookWriter(db_url, batch_size=3) as writer:
        writer.record(result("alice", test_f=2.0))
        writer.record(result("bob", test_f=1.0))
        assert not writer.due() and writer.keys() == [("alice", "a"), ("bob", "a")]
        assert contents(db_url) == before
        writer.record(result("carol"))
        assert writer.due()
    assert contents(db_url) == before  # closed without commit(): as if killed


def test_a_result_the_writer_cannot_take_raises_at_once(tmp_path):
    db_url = tiny_gradebook(tmp_path / "g.db")
    with GradebookWriter(db_url) as writer:
        writer.record(result("alice", test_f=2.0))
        with pytest.raises(Exception, match="No such assignment"):
            writer.record({**result("bob"), "assignment": "nonexistent"})
        assert writer.commit() == ([], [])
    assert set(gradebook.assignment_scores(db_url)) == {("alice", "a")}


def test_a_batch_that_cannot_be_committed_is_recorded_one_by_one(tmp_path, monkeypatch):
    db_url = tiny_gradebook(tmp_path / "g.db")
    real_replace = gradebook.replace_submission

    def refused(self, batch):
        raise RuntimeError("the database refused the batch")

    def replace(gb, r, timestamp=None):
        if r["student"] == "bob":
            raise RuntimeError("database is locked")
        return real_replace(gb, r, timestamp)

    monkeypatch.setattr(GradebookWriter, "_write", refused)
    monkeypatch.setattr(gradebook, "replace_submission", replace)
    with GradebookWriter(db_url) as writer:
        for student in ("alice", "bob", "carol"):
            writer.record(result(student, test_f=2.0))
        failures, kept = writer.commit()
    assert [(r["student"], str(exc)) for r, exc in failures] == [("bob", "database is locked")] and kept == []
    assert set(gradebook.assignment_scores(db_url)) == {("alice", "a"), ("carol", "a")}


def type_in_formgrader(db_url, student, notebook, grade_id, manual_score, extra_credit=None):
    with Gradebook(db_url) as gb:
        cell = gb.find_grade(grade_id, notebook, "a", student)
        cell.manual_score, cell.extra_credit = manual_score, extra_credit
        gb.db.commit()


def test_the_writer_keeps_hand_made_scores_as_record_result_does(tmp_path):
    one_by_one, batched = tiny_gradebook(tmp_path / "one.db"), tiny_gradebook(tmp_path / "batched.db")
    first = [result("alice", test_f=2.0, test_g=1.0), result("bob", test_f=1.0), result("carol", test_h=1.0)]
    again = [result("alice", test_f=1.0, test_g=1.0), result("bob", "failed"), result("carol", test_h=0.0)]
    kept_one_by_one = []
    for db_url in (one_by_one, batched):
        for r in first:
            record_result(db_url, r)
        type_in_formgrader(db_url, "alice", "nb", "test_f", 0.5)
        type_in_formgrader(db_url, "bob", "extra", "test_h", None, extra_credit=1.0)
    for r in again:
        kept_one_by_one.append((r["student"], [k.describe() for k in record_result(one_by_one, r)]))
    with GradebookWriter(batched) as writer:
        for r in again:
            writer.record(r)
        failures, kept = writer.commit()
    assert failures == []
    assert contents(batched) == contents(one_by_one)
    assert [(r["student"], [k.describe() for k in scores]) for r, scores in kept] == [
        entry for entry in kept_one_by_one if entry[1]] == [
        ("alice", ["nb/test_f 0.5 (runner: 1)"]), ("bob", ["extra/test_h 1 extra (runner: 0)"])]
