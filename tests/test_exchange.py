"""A term through nbgrader's own exchange, end to end, in a scratch course and a scratch exchange folder.

The instructor releases (instructor.release, then `nbgrader release_assignment`); two students fetch, answer and
`nbgrader submit`; bob hands in twice (an untouched notebook, then his answers: the later one counts), alice
hands in after the due date (with one function wrong). Then `make collect` (instructor.collect), the runner
(instructor.grade), feedback (instructor.feedback), `nbgrader release_feedback`, and each student's
`nbgrader fetch_feedback`, which must bring their own pages and only theirs.

Who a student is: nbgrader names a hand-in after the OS user, or, when that user is `jovyan` (JupyterHub's
docker images, where everyone is jovyan), after JUPYTERHUB_USER. Each student's commands run as `jovyan` in
a user namespace of their own (bubblewrap, with an /etc/passwd naming uid 1000 jovyan), with their own HOME,
working folder and JUPYTERHUB_USER: nbgrader's real way of telling them apart. Where bubblewrap cannot do
that, `--student=<id>` says who they are instead. Either way the files stay root's on the host, so the
exchange's modes are checked as modes, not by a student being refused.

Cost: about 45 nbgrader commands (1-2 s each on an idle machine) and the runner on 6 hand-ins; measured
18 min on the shared 2-core machine under a load average of 11 (eight sessions at work).
"""
import os
import shutil
import stat
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import nbformat
import pytest

from instructor import collect, course, demo_class, feedback, grade
from instructor.gradebook import cell_scores
from instructor.grading import recording
from instructor.grading.jobs import Result
from instructor.notebooks import answer_cells

from conftest import make_scratch_course

STUDENTS = ("alice", "bob")
LATE, TWICE = "alice", "bob"
VENV_BIN = Path(sys.executable).parent
PASSWD = "root:x:0:0:root:/root:/bin/sh\njovyan:x:1000:100:jovyan:/home/jovyan:/bin/sh\n"
COLLECT_ARGS = ["--CollectApp.check_owner=False"]  # every hand-in is root's file here (and jovyan's on a hub)


def user_namespaces_work(tmp):
    """True if bubblewrap can run a command as jovyan (uid 1000) in a user namespace of its own."""
    if not shutil.which("bwrap"):
        return False
    passwd = tmp / "passwd"
    passwd.write_text(PASSWD)
    run = subprocess.run(["bwrap", "--dev-bind", "/", "/", "--ro-bind", str(passwd), "/etc/passwd",
                          "--unshare-user", "--uid", "1000", "--gid", "100", "--", sys.executable, "-c",
                          "import getpass; print(getpass.getuser())"], capture_output=True, text=True)
    return run.returncode == 0 and run.stdout.strip() == "jovyan"


class Student:
    """One student: their own HOME (working folder and nbgrader cache), JUPYTERHUB_USER and nbgrader config."""

    def __init__(self, name, base, exchange, course_id, as_jovyan):
        self.name, self.home, self.as_jovyan = name, base / f"home_{name}", as_jovyan
        self.home.mkdir()
        (self.home / "nbgrader_config.py").write_text(
            f"c = get_config()\nc.CourseDirectory.course_id = {course_id!r}\nc.Exchange.root = {str(exchange)!r}\n")
        self.passwd = base / "passwd"

    def nbgrader(self, *args, identify=False):
        env = {"PATH": f"{VENV_BIN}{os.pathsep}/usr/bin:/bin", "HOME": str(self.home), "JUPYTERHUB_USER": self.name,
               "JUPYTER_PLATFORM_DIRS": "1", "PYTHONWARNINGS": "ignore", "LANG": "C.UTF-8"}
        cmd = [str(VENV_BIN / "nbgrader"), *args]
        if self.as_jovyan:
            cmd = ["bwrap", "--dev-bind", "/", "/", "--ro-bind", str(self.passwd), "/etc/passwd",
                   "--unshare-user", "--uid", "1000", "--gid", "100", "--", *cmd]
        elif identify:
            cmd.append(f"--student={self.name}")
        run = subprocess.run(cmd, cwd=self.home, env=env, capture_output=True, text=True)
        assert run.returncode == 0, f"{self.name}: nbgrader {' '.join(args)} failed:\n{run.stderr[-3000:]}"
        return run

    def hand_in(self, assignment, notebook):
        """Fetches the assignment once, saves `notebook` over the fetched one and submits it."""
        folder = self.home / assignment.name
        if not folder.exists():
            self.nbgrader("fetch_assignment", assignment.name)
        fetched = nbformat.read(folder / assignment.notebook, as_version=4)
        answers = answer_cells(notebook)
        for grade_id, cell in answer_cells(fetched).items():
            cell.source = answers[grade_id].source
        nbformat.write(fetched, folder / assignment.notebook)
        self.nbgrader("submit", assignment.name, identify=True)

    def hand_in_times(self, course_id, assignment):
        """The timestamps of this student's hand-ins of `assignment`, from their nbgrader cache, in order."""
        cache = self.home / ".local" / "share" / "jupyter" / "nbgrader_cache" / course_id
        return sorted(p.name.split("+")[2] for p in cache.glob(f"*+{assignment.name}+*"))


def untouched(root, assignment):
    return nbformat.read(root / "release" / assignment.name / assignment.notebook, as_version=4)


@pytest.fixture(scope="module")
def term(tmp_path_factory):
    """Runs the whole term once; returns what the checks below need."""
    base = tmp_path_factory.mktemp("term")
    root = make_scratch_course(base / "course")
    db_url = f"sqlite:///{root / 'gradebook.db'}"
    exchange = base / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)  # as an administrator sets it up: every user writes there
    course_id = collect.exchange_settings()[1]
    chosen = course.assignments(root)
    found = {"root": root, "db_url": db_url, "exchange": exchange, "course_id": course_id}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NBGRADER_EXCHANGE", str(exchange))
        assert collect.exchange_settings()[0] == str(exchange)
        found["collect_before_release"] = collect.report(collect.collect(root=root, db_url=db_url))
        for assignment in chosen:
            course.nbgrader("release_assignment", assignment.name, root=root, db_url=db_url, capture=True)
        found["collect_before_hand_ins"] = collect.report(collect.collect(root=root, db_url=db_url))

        as_jovyan = user_namespaces_work(base)
        found["as_jovyan"] = as_jovyan
        students = {name: Student(name, base, exchange, course_id, as_jovyan) for name in STUDENTS}
        for assignment in chosen:  # bob's first hand-in: the notebook as he fetched it, collected at once
            students[TWICE].hand_in(assignment, untouched(root, assignment))
        first = collect.collect(root=root, db_url=db_url, nbgrader_args=COLLECT_ARGS)
        found["first_collect"] = (collect.report(first), first)
        for assignment in chosen:  # bob's second, in time: his answers
            students[TWICE].hand_in(assignment, demo_class.solved_notebook(assignment, root))
        due = datetime.now(timezone.utc)  # after all of bob's hand-ins, before any of alice's
        for assignment in chosen:
            students[LATE].hand_in(assignment, demo_class.solved_notebook(
                assignment, root, mistake=assignment.demo_mistake or None))
        second = collect.collect(root=root, db_url=db_url, nbgrader_args=COLLECT_ARGS)
        found["second_collect"] = (collect.report(second), second)

        due_text = due.strftime("%Y-%m-%d %H:%M:%S.%f UTC")
        mp.setattr(grade, "DUE_DATES", {a.name: due_text for a in chosen})
        found["graded"] = grade.autograde(root=root, db_url=db_url)
        found["feedback_ok"] = feedback.generate_feedback(root=root, db_url=db_url)
        for assignment in chosen:
            course.nbgrader("release_feedback", assignment.name, root=root, db_url=db_url, capture=True)
        for student in students.values():
            for assignment in chosen:
                student.nbgrader("fetch_feedback", assignment.name, identify=True)
    found["students"] = students
    return found


def test_collect_says_what_is_missing_before_there_is_anything_to_collect(term):
    assert term["collect_before_release"] == 1, "no inbound/ folder yet: nothing collected is a failure"
    assert term["collect_before_hand_ins"] == 1, "an exchange without hand-ins: nothing collected is a failure"


def test_collect_brings_the_latest_hand_in_of_each_student_with_its_time(term):
    root, chosen = term["root"], course.assignments(term["root"])
    status, first = term["first_collect"]
    assert status == 0 and first.new == sorted((TWICE, a.name) for a in chosen) and not first.failed
    status, second = term["second_collect"]
    assert status == 0 and not second.failed
    assert second.new == sorted((s, a.name) for s in STUDENTS for a in chosen), "bob's later hand-in replaces"
    assert not [job for job in second.jobs if job.refused]
    for student in term["students"].values():
        for assignment in chosen:
            times = student.hand_in_times(term["course_id"], assignment)
            assert len(times) == (2 if student.name == TWICE else 1)
            stamp = (root / "submitted" / student.name / assignment.name / "timestamp.txt").read_text().strip()
            assert stamp == times[-1], "submitted/ holds the student's latest hand-in, with nbgrader's timestamp"


def test_the_twice_handed_in_grade_is_for_the_later_hand_in_and_the_late_one_is_late(term):
    chosen = course.assignments(term["root"])
    assert len(term["graded"]) == len(STUDENTS) * len(chosen)
    assert all(r["status"] == "graded" for r in term["graded"])
    scores = cell_scores(term["db_url"])
    bob = [r for r in scores if r.student == TWICE]
    assert bob and all(r.score == r.max_score for r in bob), "bob's answers (his later hand-in) earn full marks"
    for assignment in chosen:
        wrong = f"test_{assignment.demo_mistake[0]}"
        alice = {r.grade_id: r.score for r in scores if r.student == LATE and r.assignment == assignment.name}
        assert alice[wrong] == 0, f"alice's wrong {assignment.demo_mistake[0]} loses its points"
    from instructor.results import late_submissions
    late = late_submissions(term["db_url"], term["root"])
    assert {key[0] for key in late} == {LATE} and len(late) == len(chosen)


def test_each_student_fetches_their_own_feedback_and_only_theirs(term):
    root, chosen = term["root"], course.assignments(term["root"])
    assert term["feedback_ok"]
    students = term["students"]
    for student in students.values():
        other = next(s for s in STUDENTS if s != student.name)
        for assignment in chosen:
            fetched = list((student.home / assignment.name / "feedback").glob("*/*.html"))
            latest = student.hand_in_times(term["course_id"], assignment)[-1]
            assert [p.relative_to(student.home / assignment.name / "feedback") for p in fetched] == \
                [Path(latest) / (Path(assignment.notebook).stem + ".html")], "one page, for the latest hand-in"
            page = fetched[0].read_text(encoding="utf-8")
            assert page == feedback.page_path(root, student.name, assignment).read_text(encoding="utf-8")
            assert page != feedback.page_path(root, other, assignment).read_text(encoding="utf-8")
            is_late = "feedback-late" in page and "after the due date" in page
            assert is_late == (student.name == LATE), f"{student.name}'s {assignment.name} page on lateness"


def test_the_exchange_keeps_hand_ins_and_pages_unlisted(term):
    """nbgrader's modes: students may write into inbound/ but not list it; feedback/ pages are found only by
    the hash of the student's own submission secret, so the folder is not listable either."""
    course_dir = term["exchange"] / term["course_id"]
    inbound, pages = os.stat(course_dir / "inbound"), os.stat(course_dir / "feedback")
    assert stat.S_IMODE(inbound.st_mode) & 0o777 == 0o733
    assert stat.S_IMODE(pages.st_mode) & 0o077 == 0o011
    released = sorted(p.name for p in (course_dir / "feedback").iterdir())
    assert len(released) == len(STUDENTS) * len(course.assignments(term["root"]))
    assert not any(name in page for page in released for name in STUDENTS), "page names do not name students"


def test_the_runner_carries_the_exchange_files_into_autograded_but_never_through_a_link(tmp_path):
    """What release_feedback needs reaches autograded/ (nbgrader generate_feedback copies it on to feedback/);
    a link in the hand-in is not followed."""
    assignment = course.ASSIGNMENTS[0]
    for student in ("alice", "mallory"):
        folder = tmp_path / "submitted" / student / assignment.name
        folder.mkdir(parents=True)
        (folder / "timestamp.txt").write_text("2026-01-05 10:00:00.000000 UTC")
    (tmp_path / "submitted" / "alice" / assignment.name / "submission_secret.txt").write_text("ab" * 64)
    (tmp_path / "secret").write_text("not the student's")
    (tmp_path / "submitted" / "mallory" / assignment.name / "submission_secret.txt").symlink_to(tmp_path / "secret")
    for student in ("alice", "mallory"):
        recording.write_autograded(tmp_path, Result(student=student, assignment=assignment.name, status="failed",
                                                    reason="", scores={}, max_scores={}), assignment.notebook)
    alice = tmp_path / "autograded" / "alice" / assignment.name
    assert (alice / "submission_secret.txt").read_text() == "ab" * 64
    assert (alice / "timestamp.txt").read_text() == "2026-01-05 10:00:00.000000 UTC"
    mallory = tmp_path / "autograded" / "mallory" / assignment.name
    assert (mallory / "timestamp.txt").exists() and not (mallory / "submission_secret.txt").exists()


def test_a_hand_in_that_could_not_be_graded_gets_its_page_returned_through_the_exchange_too(tmp_path):
    """The page saying why a hand-in could not be graded carries the files release_feedback reads: without
    them release_feedback stops at that page and returns no one's."""
    assignment = course.ASSIGNMENTS[0]
    folder = tmp_path / "submitted" / "carol" / assignment.name
    folder.mkdir(parents=True)
    (folder / "timestamp.txt").write_text("2026-01-05 10:00:00.000000 UTC")
    (folder / "submission_secret.txt").write_text("cd" * 64)
    assert feedback.write_ungraded_page(tmp_path, "carol", assignment, "the notebook is cut off half-way") == ""
    page = feedback.page_path(tmp_path, "carol", assignment)
    assert page.is_file() and (page.parent / "submission_secret.txt").read_text() == "cd" * 64
    assert (page.parent / "timestamp.txt").read_text() == "2026-01-05 10:00:00.000000 UTC"
