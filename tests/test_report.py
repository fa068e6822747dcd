"""The class report (instructor/report.py): self-contained HTML pages with the right numbers."""
import base64
import csv
import html
import re

import nbformat
import pytest

from instructor import course, demo_class, export, report, report_plots, results, summary, text
from instructor.gradebook import cell_scores
from instructor.notebooks import answer_cells

ASSIGNMENTS = course.assignments()
IDS = [a.name for a in ASSIGNMENTS]


@pytest.fixture(scope="module")
def class_report(graded_demo_class):
    root, db_url, _ = graded_demo_class
    assert export.export(root=root, db_url=db_url)
    index = report.write_report(root=root, db_url=db_url)
    return root, db_url, index


def text_of(fragment):
    """The visible text: a line-break opportunity (<wbr>) is no space."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment.replace("<wbr>", "")))).strip()


def section(page, title):
    """The HTML between the <h2> with this title and the next <h2>."""
    start = page.index(f"<h2>{title}</h2>")
    end = page.find("<h2>", start + 1)
    return page[start:end if end > 0 else len(page)]


def table_rows(fragment):
    return [[text_of(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", fragment, re.S) if "<td" in row]


def assert_self_contained(page):
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.I), "no link outside the page"
    assert "<script" not in page.lower() and "<link" not in page.lower() and "@import" not in page
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page), "no font or image fetched by the CSS"


def test_index_links_every_assignment_and_lists_the_class(class_report):
    root, db_url, index = class_report
    assert index == root / "reports" / "class_report" / "index.html"
    page = index.read_text()
    assert_self_contained(page)
    for a in ASSIGNMENTS:
        assert f'href="{a.name}.html"' in page
        assert (index.parent / f"{a.name}.html").exists()
    rows = {r[0]: r for r in table_rows(section(page, "Students"))}
    assert set(rows) == set(demo_class.STUDENTS)
    totals = {}
    for r in cell_scores(db_url):
        got, out_of = totals.get(r.student, (0.0, 0.0))
        totals[r.student] = (got + r.score, out_of + r.max_score)
    for student, (got, out_of) in totals.items():
        assert rows[student][-2] == f"{got:g} / {out_of:g}"
    assert re.search(r'<img class="plot"[^>]*src="data:image/png;base64,', page)


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_assignment_page(class_report, assignment):
    root, db_url, index = class_report
    page = (index.parent / f"{assignment.name}.html").read_text()
    assert_self_contained(page)

    # plots: real PNGs, embedded
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(images) >= 2
    assert all(base64.b64decode(b)[:8] == b"\x89PNG\r\n\x1a\n" for b in images)
    assert "score distribution" in page.lower()

    # pass rate per function, from the gradebook
    functions = list(answer_cells(nbformat.read(assignment.source_notebook(), as_version=4)))
    rates = {r[0]: r for r in table_rows(section(page, "Pass rate per graded function"))}
    assert list(rates) == functions
    scores = [r for r in cell_scores(db_url) if r.assignment == assignment.name]
    for f in functions:
        cells = [r for r in scores if results.function_of(r.grade_id, functions) == f]
        graded = {r.student for r in cells} - {demo_class.BROKEN}
        passed = sum(all(r.score >= r.max_score for r in cells if r.student == s) for s in graded)
        assert rates[f][2] == str(passed), f
        # the untouched stub is counted as not attempted, apart from the wrong answers
        assert rates[f][4] == "1", (f, rates[f])
        assert rates[f][3] == ("1" if assignment.demo_mistake and assignment.demo_mistake[0] == f else "0"), rates[f]
        assert rates[f][5] == "1", "the broken hand-in is not graded"
        assert sum(map(int, rates[f][2:6])) == len(demo_class.STUDENTS), "the columns add up to the class"
        assert rates[f][6] == f"{100 * passed / len(graded):.0f}%", "pass rate over the graded submissions"

    # students table: one row per submission, score as graded
    rows = {r[0]: r for r in table_rows(section(page, "Students"))}
    assert set(rows) == set(demo_class.STUDENTS)
    for student, row in rows.items():
        got = sum(r.score for r in scores if r.student == student)
        out_of = sum(r.max_score for r in scores if r.student == student)
        assert row[2] == f"{got:g} / {out_of:g}"

    # frequent mistakes: from the autograded notebooks' test cells; an unanswered function is not a mistake
    mistakes = table_rows(section(page, "Most frequent diagnosed mistakes"))
    assert not any("NotImplementedError" in r[1] or "demo_untouched" in r[3] for r in mistakes), mistakes
    skipped = {r[0]: r for r in table_rows(section(page, "Not attempted"))}
    assert list(skipped) == functions and all(r[1:] == ["1", "demo_untouched"] for r in skipped.values())
    if assignment.demo_mistake:
        function = assignment.demo_mistake[0]
        assert rates[function][2] == "2"  # full marks and late
        assert any(r[0] == function and r[3] == "demo_one_wrong" for r in mistakes), mistakes

    # the late and the broken submission, with their reasons
    issues = {r[0]: r for r in table_rows(section(page, "Late and failed submissions"))}
    assert set(issues) == {demo_class.LATE, demo_class.BROKEN}
    assert issues[demo_class.LATE][1] == "late" and "1 d 2 h 30 min after the due date" in issues[demo_class.LATE][2]
    assert issues[demo_class.BROKEN][1] == "grading failed" and "cannot be read" in issues[demo_class.BROKEN][2]


def write_csv(path, header, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


def test_late_and_failed_submissions_with_reasons(tmp_path):
    reports = tmp_path / "reports"
    write_csv(reports / "grading_status.csv", ["student", "assignment", "status", "score", "max_score", "reason",
                                               "notes"],
              [["ann", "initialization", "graded", "6", "6", "", ""],
               ["bob", "initialization", "failed", "0", "6", "no notebook found (expected Initialization.ipynb)",
                ""],
               ["cat", "initialization", "graded", "2", "6", "", "graded Init (1).ipynb (expected Initialization.ipynb)"],
               ["dan", "initialization", "graded", "4", "6", "", ""]])
    write_csv(reports / "grades.csv", ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name",
                                       "email", "raw_score", "late_submission_penalty", "score", "max_score"],
              [["initialization", "2030-01-10 17:00:00", "2030-01-10 16:00:00", "ann", "", "", "", "6", "0", "6", "6"],
               ["initialization", "", "", "bob", "", "", "", "0", "0", "0", "6"],
               ["initialization", "2030-01-10 17:00:00", "2030-01-11 19:30:00", "cat", "", "", "", "2", "0", "2",
                "6"],
               ["initialization", "", "", "dan", "", "", "", "5", "1", "4", "6"]])
    cells = []
    for student, (zeros, rand, he) in {"ann": (2, 2, 2), "bob": (0, 0, 0), "cat": (2, 0, 0),
                                       "dan": (2, 2, 0)}.items():
        for gid, score in (("test_initialize_parameters_zeros", zeros), ("test_initialize_parameters_random", rand),
                           ("test_initialize_parameters_he", he)):
            cells.append([student, "initialization", "Initialization", gid, score, 2.0])
    write_csv(reports / "grades_by_function.csv", ["student", "assignment", "notebook", "grade_id", "score",
                                                   "max_score"], cells)

    index = report.write_report(root=tmp_path, db_url=f"sqlite:///{tmp_path / 'no-gradebook.db'}")  # the CSVs only
    page = (index.parent / "initialization.html").read_text()
    assert_self_contained(page)
    issues = {r[0]: r for r in table_rows(section(page, "Late and failed submissions"))}
    assert set(issues) == {"bob", "cat", "dan"}
    assert issues["bob"][1] == "grading failed" and "no notebook found" in issues["bob"][2]
    assert issues["cat"][1] == "late" and "1 d 2 h 30 min after the due date" in issues["cat"][2]
    assert issues["dan"][1] == "late" and "late penalty 1" in issues["dan"][2]
    rates = {r[0]: r[2] for r in table_rows(section(page, "Pass rate per graded function"))}
    assert rates == {"initialize_parameters_zeros": "3", "initialize_parameters_random": "2",
                     "initialize_parameters_he": "1"}
    students = {r[0]: r for r in table_rows(section(page, "Students"))}
    assert "not graded" in students["bob"][1] and "late" in students["cat"][1]
    assert "Init (1).ipynb" in students["cat"][-1]
    overview = {r[0]: r for r in table_rows(section(index.read_text(), "Assignments"))}
    assert overview["initialization"][1:5] == ["4", "3", "1", "2"]  # submissions, graded, failed, late


def test_mistakes_group_across_students_whatever_the_numbers():
    a = "W1 has wrong values; the largest difference is at index (1, 1): got -1.3176, expected -1.8634927.\nmore"
    b = "W1 has wrong values; the largest difference is at index (0, 2): got 4.5e-3, expected 7.\nother"
    assert report.mistake_pattern(a) == report.mistake_pattern(b)
    assert "W1" in report.mistake_pattern(a) and "more" not in report.mistake_pattern(a)
    assert results.function_of("test_gradient_check_n", ["gradient_check", "gradient_check_n"]) == "gradient_check_n"
    assert results.function_of("test_gradient_check", ["gradient_check", "gradient_check_n"]) == "gradient_check"


def test_report_without_grades_says_what_to_run(tmp_path):
    index = report.write_report(root=tmp_path, db_url=f"sqlite:///{tmp_path / 'none.db'}")
    assert "make autograde export" in index.read_text()


FUNCTIONS = ("initialize_parameters_zeros", "initialize_parameters_random", "initialize_parameters_he")


def scratch_class(root, scores, failed=(), notes=None):
    """A course with only its CSVs: {student: (points of zeros, random, he)} out of 2 each; `failed` students'
    grading failed (their cells 0); `notes` {student: text} are the grader's notes."""
    notes = notes or {}
    write_csv(root / "reports" / "grading_status.csv", ["student", "assignment", "status", "score", "max_score",
                                                        "reason", "notes"],
              [[s, "initialization", "failed" if s in failed else "graded", sum(p), 6,
                "the notebook cannot be read" if s in failed else "", notes.get(s, "")] for s, p in scores.items()])
    write_csv(root / "reports" / "grades_by_function.csv", ["student", "assignment", "notebook", "grade_id", "score",
                                                            "max_score"],
              [[s, "initialization", "Initialization", f"test_{f}", got, 2.0]
               for s, points in scores.items() for f, got in zip(FUNCTIONS, points)])
    index = report.write_report(root=root, db_url=f"sqlite:///{root / 'no-gradebook.db'}")
    return index, (index.parent / "initialization.html").read_text()


def test_students_table_fits_a_1280px_page(tmp_path):
    note = "graded Init (1).ipynb (expected Initialization.ipynb); " + "a long remark of the grader " * 12
    _, page = scratch_class(tmp_path, {"ann": (2, 2, 2), "a_student_with_a_long_identifier": (2, 0, 0)},
                            notes={"ann": note.strip()})
    # the page is at most 80em (1280 px at 16 px) wide, and the students table at most the page: fixed layout
    assert float(re.search(r"body \{[^}]*max-width: ([\d.]+)em", page).group(1)) <= 80
    assert re.search(r"table\.students \{[^}]*table-layout: fixed;[^}]*width: 100%", page)
    table = section(page, "Students")
    assert '<table class="students">' in table
    # a function name may wrap at its underscores instead of widening its column
    headers = re.findall(r"<th>(.*?)</th>", table, re.S)
    assert all(len(word) <= 16 for h in headers for word in re.split(r"<wbr>|<[^>]+>|\s", h)), headers
    # long notes: a short line in the table, the whole text on demand and as the cell's title
    cell = re.search(r'<td class="notes"[^>]*>.*?</td>', table[table.index(">ann<"):], re.S).group()
    shown = text_of(re.search(r"<summary>(.*?)</summary>", cell, re.S).group(1))
    assert len(shown) <= report.NOTE_CHARS + 4 and shown.endswith("...") and " " in shown
    assert html.escape(note.strip(), quote=True) in cell and f'title="{html.escape(note.strip())}"' in cell


def test_equal_scores_are_shown_as_counts(tmp_path):
    assert report_plots.score_counts([100.0, 50.0, 100.0, 100.0]) == [(50.0, 1), (100.0, 3)]
    index, _ = scratch_class(tmp_path, {"ann": (2, 2, 2), "bob": (2, 2, 2), "cat": (2, 2, 2), "dan": (2, 1, 0)})
    alt = re.search(r'<img class="plot" alt="([^"]*)"', index.read_text()).group(1)
    assert "initialization: 50% ×1, 100% ×3" in html.unescape(alt)


def test_a_failed_submission_is_not_graded_in_every_count(tmp_path):
    index, page = scratch_class(tmp_path, {"ann": (2, 2, 2), "bob": (0, 0, 0), "cat": (2, 1, 0)}, failed={"bob"})
    cards = dict((text_of(label), text_of(value)) for value, label in
                 re.findall(r'<div class="card"><b>(.*?)</b>(.*?)</div>', page))
    assert cards["mean score (graded)"] == "75%", "the failed submission is not a 0 in the mean"
    assert cards["graded"] == "2" and cards["not graded"] == "1"
    assert "not graded" in page and "counts in no mean" in text_of(page)
    rates = {r[0]: r for r in table_rows(section(page, "Pass rate per graded function"))}
    for f, (passed, wrong) in {"initialize_parameters_zeros": (2, 0), "initialize_parameters_random": (1, 1),
                               "initialize_parameters_he": (1, 1)}.items():
        assert rates[f][2:6] == [str(passed), str(wrong), "0", "1"], rates[f]  # full, wrong, not attempted, not graded
        assert rates[f][6] == f"{100 * passed / 2:.0f}%"
    overview = {r[0]: r for r in table_rows(section(index.read_text(), "Assignments"))}["initialization"]
    assert overview[1:6] == ["3", "2", "1", "0", "75%"]
    students = {r[0]: r for r in table_rows(section(index.read_text(), "Students"))}
    assert "not graded" in students["bob"][1]


def test_masking_keeps_the_numbers_of_a_formula():
    message = "the step is not (2 * epsilon): got 0.1234 for x ** 2, expected 12345 at index (1, 1) of W1"
    assert report.mistake_pattern(message) == "the step is not (2 * epsilon): got # for x ** 2, expected # at " \
                                              "index (#, #) of W1"
    assert text.mask_numbers("J(theta + epsilon) - J(theta - epsilon) / 2*epsilon, n - 1") == \
        "J(theta + epsilon) - J(theta - epsilon) / 2*epsilon, n - 1"
    assert text.mask_numbers("got -1.3176, expected 4.5e-3, off by 3, 2.5 * x, 100 * x") == \
        "got #, expected #, off by #, # * x, # * x"
    same = ["difference (2 * epsilon) too large: got 0.5", "difference (2 * epsilon) too large: got 17.25"]
    assert report.mistake_pattern(same[0]) == report.mistake_pattern(same[1])


def test_summary_report_and_export_agree_on_late_and_failed(class_report):
    """One definition of late and failed (instructor/results.py) behind every report."""
    root, db_url, index = class_report
    data = results.load(root, db_url)
    late = {(s.student, a.name) for a in data for s in a.submissions.values() if s.late}
    failed = {(s.student, a.name) for a in data for s in a.not_graded}
    assert late == {(demo_class.LATE, a.name) for a in ASSIGNMENTS}
    assert failed == {(demo_class.BROKEN, a.name) for a in ASSIGNMENTS} == set(results.failed_submissions(root))

    table = summary.summary_table(db_url, root)
    failed_part, late_part = table.split("Grading failed")[1].split("Handed in after the due date:")
    assert {tuple(line.split(":")[0].strip().split("/")) for line in failed_part.splitlines()[1:] if line} == failed
    assert {tuple(line.split(":")[0].strip().split("/")) for line in late_part.splitlines() if line} == late
    assert "1 d 2 h 30 min after the due date" in late_part

    with open(root / "reports" / "grades_by_function.csv", newline="") as f:
        exported = {(r["student"], r["assignment"]) for r in csv.DictReader(f) if r["result"] == "grading failed"}
    assert exported == failed
    for a in ASSIGNMENTS:
        page = (index.parent / f"{a.name}.html").read_text()
        issues = {r[0]: r[1] for r in table_rows(section(page, "Late and failed submissions"))}
        assert issues == {demo_class.LATE: "late", demo_class.BROKEN: "grading failed"}
