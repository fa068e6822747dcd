"""In headless Chromium: nbgrader's formgrader shows what the grading runner recorded, and a score typed there
("manual override") is what `make export`, `make report` and a later regrade use (issue 16, item 2).

JupyterLab, with nbgrader's server extensions as the venv enables them, serves a copy of the graded demo class on
loopback. Its formgrader pages are read as an instructor sees them and compared with the runner's
reports/grades_by_function.csv; the override is typed into a test cell's score box on the manual grading page.
Run with `make browser-test`. Screenshots go to browser-screenshots/formgrader-*.png.
"""
import csv
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from urllib.parse import urlparse

import pytest

from browserkit import REPO, JupyterLab

MODELS_LOADED = "() => !!(window.models && window.models.loaded)"  # a formgrader list page has fetched its rows
GRADES_LOADED = "() => !!(window.formgrader && formgrader.grades && formgrader.grades.loaded)"  # a grading page
ROWS = """(columns) => Array.from(document.querySelectorAll('#main-table tr')).map(tr => Object.fromEntries(
  columns.map(c => { const td = tr.querySelector('td.' + c); return [c, td ? td.innerText.trim() : null]; })))"""
SUBMISSION_LINKS = """() => Array.from(document.querySelectorAll('#main-table tr')).map(tr => {
  const a = tr.querySelector('td.name a.name-shown');
  return {student: a.textContent.trim(), href: a.getAttribute('href'), score: tr.querySelector('td.score').innerText};
})"""
SCORE_BOXES = """() => Array.from(document.querySelectorAll('input.score')).map(box =>
  ({grade_id: box.id, placeholder: box.getAttribute('placeholder'), value: box.value}))"""


# -- the course, its JupyterLab, a logged-in page --------------------------------------------------------------

@pytest.fixture(scope="module")
def course(scratch, graded_course):
    """A copy of the graded demo class (this module changes its scores) with the course's nbgrader_config.py, which
    the formgrader reads from the folder JupyterLab starts in."""
    root = scratch / "formgrader-course"
    shutil.copytree(graded_course[0], root)
    shutil.copy2(REPO / "nbgrader_config.py", root)
    with open(root / "nbgrader_config.py", "a") as f:  # no release or collect here: a writable exchange, unused
        f.write(f"\nc.Exchange.root = {str(scratch / 'formgrader-exchange')!r}\n")
    return root


@pytest.fixture(scope="module")
def course_env(course):
    """What the course's tools (make, nbgrader, JupyterLab) need to work on the copy."""
    return {"NBGRADER_COURSE_ROOT": str(course), "NBGRADER_DB_URL": f"sqlite:///{course / 'gradebook.db'}"}


@pytest.fixture(scope="module")
def formgrader(scratch, course, course_env):
    (scratch / "formgrader-lab").mkdir()
    lab = JupyterLab(scratch / "formgrader-lab", course, extra_env=course_env)
    yield lab
    lab.stop()


@pytest.fixture
def page(browser, formgrader):
    """A page logged in as the instructor does: the formgrader's address with the token."""
    page, js_errors = browser.new_page(), []
    page.on("pageerror", lambda error: js_errors.append(str(error)))
    page.goto(f"{formgrader.base}/formgrader?token={formgrader.token}")
    page.wait_for_function(MODELS_LOADED)
    assert urlparse(page.url).path == "/formgrader/manage_assignments"
    yield page
    page.close()
    # the manual grading page loads MathJax from a CDN, which the browser fixture refuses
    assert not [e for e in js_errors if "MathJax" not in e], f"JavaScript errors in the formgrader: {js_errors}"


def open_list(page, formgrader, path, columns=None):
    """Opens a formgrader list page; returns its table rows, once the page has fetched them."""
    page.goto(f"{formgrader.base}{path}")
    page.wait_for_function(MODELS_LOADED)
    return page.evaluate(ROWS, columns) if columns else None


# -- what the runner recorded ---------------------------------------------------------------------------------

class Expected:
    """reports/grades_by_function.csv, summed the ways the formgrader shows it."""

    def __init__(self, course):
        with open(course / "reports" / "grades_by_function.csv", newline="", encoding="utf-8") as f:
            self.rows = list(csv.DictReader(f))
        self.cells = {(r["assignment"], r["student"], r["grade_id"]): float(r["score"]) for r in self.rows}
        self.notebooks = {r["assignment"]: r["notebook"] for r in self.rows}
        self.failed = {(r["assignment"], r["student"]) for r in self.rows if r["result"] == "grading failed"}
        self.totals, self.students = defaultdict(lambda: [0.0, 0.0]), defaultdict(lambda: [0.0, 0.0])
        for r in self.rows:
            for total in (self.totals[r["assignment"], r["student"]], self.students[r["student"]]):
                total[0] += float(r["score"])
                total[1] += float(r["max_score"])

    def submissions(self, assignment):
        return sorted(s for a, s in self.totals if a == assignment)


def score(text):
    """(score, max) from the formgrader's "4 / 6"."""
    got, maximum = text.split("/")
    return float(got), float(maximum)


def shown(total):
    """A total as the formgrader shows it (rounded to two places)."""
    return round(total[0], 2), round(total[1], 2)


def grading_page(page, formgrader, assignment, notebook, student):
    """Opens the student's manual grading page from the formgrader's list of the notebook's submissions."""
    open_list(page, formgrader, f"/formgrader/gradebook/{assignment}/{notebook}")
    links = {link["student"]: link for link in page.evaluate(SUBMISSION_LINKS)}
    page.goto(f"{formgrader.base}{links[student]['href']}")
    page.wait_for_function(GRADES_LOADED)
    return {box["grade_id"]: box for box in page.evaluate(SCORE_BOXES)}


# -- the tests --------------------------------------------------------------------------------------------------

def test_formgrader_shows_the_runners_assignments_submissions_and_scores(page, formgrader, course, screenshots):
    expected = Expected(course)
    assignments = sorted(expected.notebooks)
    assert assignments, "the graded demo class has scores"

    rows = open_list(page, formgrader, "/formgrader/manage_assignments", ["name", "num-submissions"])
    assert sorted(r["name"] for r in rows) == assignments
    assert {r["name"]: int(r["num-submissions"]) for r in rows} == {
        a: len(expected.submissions(a)) for a in assignments}
    page.screenshot(path=str(screenshots / "formgrader-1-assignments.png"))

    for n, assignment in enumerate(assignments):
        rows = open_list(page, formgrader, f"/formgrader/manage_submissions/{assignment}",
                         ["student-id", "status", "score"])
        assert sorted(r["student-id"] for r in rows) == expected.submissions(assignment)
        for r in rows:
            key = (assignment, r["student-id"])
            assert score(r["score"]) == shown(expected.totals[key]), key
            # a failed grading (scored 0, notebook flagged) asks for a person's look
            assert (r["status"] == "needs manual grading") == (key in expected.failed), (key, r["status"])
        if n == 0:
            page.screenshot(path=str(screenshots / f"formgrader-2-submissions-{assignment}.png"))

    rows = open_list(page, formgrader, "/formgrader/manage_students", ["id", "score"])
    assert {r["id"]: score(r["score"]) for r in rows} == {s: shown(t) for s, t in expected.students.items()}
    page.screenshot(path=str(screenshots / "formgrader-3-students.png"))

    for assignment in assignments:
        notebook = expected.notebooks[assignment]
        open_list(page, formgrader, f"/formgrader/gradebook/{assignment}/{notebook}")
        links = page.evaluate(SUBMISSION_LINKS)
        graded = [s for s in expected.submissions(assignment) if (assignment, s) not in expected.failed]
        assert sorted(link["student"] for link in links) == graded  # a failed one has no notebook to show
        for student in graded:
            boxes = grading_page(page, formgrader, assignment, notebook, student)
            cells = {g: v for (a, s, g), v in expected.cells.items() if (a, s) == (assignment, student)}
            assert sorted(boxes) == sorted(cells), (assignment, student)
            for grade_id, box in boxes.items():  # the runner's score shows as the box's placeholder; no override
                assert (float(box["placeholder"]), box["value"]) == (cells[grade_id], ""), (assignment, student, box)
    page.locator("input.score").first.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "formgrader-4-manual-grading.png"))


def run(args, course_env):
    """A course command as the instructor types it, from the repository, on the copied course."""
    done = subprocess.run(args, cwd=REPO, env={**os.environ, **course_env}, capture_output=True, text=True,
                          timeout=1800)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def make(target, course_env):
    # -o: never rebuild .venv from inside a test (`make browser-test` has brought it up to date)
    return run(["make", "--no-print-directory", "-o", ".venv/.installed", target], course_env)


def test_a_score_typed_in_the_formgrader_reaches_export_and_report_and_outlives_a_regrade(
        page, browser, formgrader, course, course_env, screenshots):
    expected = Expected(course)
    # a test cell the runner scored 0 in a submission that was graded
    row = next(r for r in expected.rows if r["result"] == "wrong" and float(r["score"]) == 0)
    assignment, student, grade_id = row["assignment"], row["student"], row["grade_id"]
    notebook, maximum = row["notebook"], float(row["max_score"])
    typed = maximum / 2
    old_total = expected.totals[assignment, student]
    new_total = [old_total[0] + typed, old_total[1]]

    boxes = grading_page(page, formgrader, assignment, notebook, student)
    assert float(boxes[grade_id]["placeholder"]) == 0.0
    box = page.locator(f"input.score#{grade_id}")
    box.scroll_into_view_if_needed()
    with page.expect_response(lambda r: r.request.method == "PUT" and "/formgrader/api/grade/" in r.url) as saved:
        box.fill(f"{typed:g}")
        box.press("Tab")  # leaving the box saves it, as for a person typing
    assert saved.value.ok and float(saved.value.json()["manual_score"]) == typed
    page.screenshot(path=str(screenshots / "formgrader-5-score-typed.png"))

    rows = open_list(page, formgrader, f"/formgrader/manage_submissions/{assignment}", ["student-id", "score"])
    assert score(next(r["score"] for r in rows if r["student-id"] == student)) == shown(new_total)

    # make export and make report show the typed score
    make("export", course_env)
    after = Expected(course)
    assert after.cells[assignment, student, grade_id] == typed
    assert after.totals[assignment, student] == new_total
    with open(course / "reports" / "grades.csv", newline="", encoding="utf-8") as f:
        (exported,) = [r for r in csv.DictReader(f) if (r["assignment"], r["student_id"]) == (assignment, student)]
    assert float(exported["score"]) == new_total[0]
    make("report", course_env)
    report_page = browser.new_page()
    try:
        report_page.goto((course / "reports" / "class_report" / f"{assignment}.html").as_uri())
        students = report_page.locator("h2", has_text="Students").locator("xpath=following::table[1]")
        line = students.locator("tr", has=report_page.locator("td", has_text=student)).first.inner_text()
        assert f"{new_total[0]:g} / {new_total[1]:g}" in line, line
        report_page.screenshot(path=str(screenshots / "formgrader-6-class-report.png"), full_page=True)
    finally:
        report_page.close()

    # a regrade (what `make autograde` runs, on this assignment only) keeps it, and says so
    out = run([sys.executable, "-m", "instructor.grade", assignment], course_env)
    kept = [line for line in out.splitlines() if line.startswith("KEPT")]
    assert len(kept) == 1 and f"{student}/{assignment}" in kept[0] and f"{grade_id} {typed:g}" in kept[0], out
    boxes = grading_page(page, formgrader, assignment, notebook, student)  # a new submission id: found again
    assert (float(boxes[grade_id]["placeholder"]), float(boxes[grade_id]["value"])) == (0.0, typed)
    page.locator(f"input.score#{grade_id}").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "formgrader-7-kept-after-regrade.png"))
    rows = open_list(page, formgrader, f"/formgrader/manage_submissions/{assignment}",
                     ["student-id", "status", "score"])
    (mine,) = [r for r in rows if r["student-id"] == student]
    assert (score(mine["score"]), mine["status"]) == (shown(new_total), "needs manual grading")
    make("export", course_env)
    assert Expected(course).cells[assignment, student, grade_id] == typed
