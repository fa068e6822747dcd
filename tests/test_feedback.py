"""Student feedback: a per-function score summary on top, and nothing of the hidden tests anywhere."""
import html
import re

import nbformat
import pytest
from markupsafe import escape  # as the page templates escape (&#39; for a quote, not html.escape's &#x27;)

from instructor import course, demo_class, results, text
from instructor.accuracy.leaks import readable_text
from instructor.feedback import generate_feedback
from instructor.results import function_of
from instructor.gradebook import cell_scores
from instructor.notebooks import HIDDEN_TESTS, answer_cells, test_cells

ASSIGNMENTS = course.assignments()
IDS = [a.name for a in ASSIGNMENTS]
STUDENTS = [s for s in demo_class.STUDENTS if s != demo_class.BROKEN]  # a notebook that cannot be read has none


@pytest.fixture(scope="module")
def feedback(graded_demo_class):
    root, db_url, _ = graded_demo_class
    assert generate_feedback(root=root, db_url=db_url)
    return root, db_url


def page_text(path):
    """What a reader of the page can see or select: tags removed, entities decoded."""
    raw = path.read_text(encoding="utf-8")
    return html.unescape(re.sub(r"<[^>]+>", "", raw)), raw


def hidden_only_lines(assignment, root):
    """Lines of the hidden test regions that appear nowhere in the student's release notebook."""
    source = nbformat.read(assignment.source_notebook(root), as_version=4)
    release_text = (root / "release" / assignment.name / assignment.notebook).read_text()
    release_lines = {l.strip() for c in nbformat.reads(release_text, as_version=4).cells
                     for l in c.source.splitlines()}
    lines = set()
    for cell in test_cells(source).values():
        for region in HIDDEN_TESTS.findall(cell.source):
            for line in region.splitlines()[1:-1]:
                line = line.strip()
                # a line the release shows (alone or inside a longer one, say with a comment) is no secret
                if len(line) >= 12 and not any(line in shown for shown in release_lines) and not line.startswith("#"):
                    lines.add(line)
    assert lines, f"{assignment.name}: expected hidden tests in the source notebook"
    return lines


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_feedback_leaks_no_hidden_test_source(feedback, assignment):
    root, _ = feedback
    secret = hidden_only_lines(assignment, root)
    for student in STUDENTS:
        page = root / "feedback" / student / assignment.name / assignment.notebook.replace(".ipynb", ".html")
        assert page.exists(), f"no feedback for {student}"
        text, raw = page_text(page)
        for marker in ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
            assert marker not in raw and marker not in text
        leaked = sorted(line for line in secret if line in text or html.escape(line) in raw)
        assert not leaked, f"{student}/{assignment.name}: hidden test lines in the feedback: {leaked[:5]}"
        assert "Traceback (most recent call last)" not in text
    # nothing else in the feedback folder carries the hidden tests either
    for path in (root / "feedback").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".ipynb", ".py", ".txt", ".json"):
            assert "BEGIN HIDDEN TESTS" not in path.read_text(encoding="utf-8", errors="replace"), path


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_feedback_prints_no_hidden_expected_value(feedback, solution_hidden_values, assignment):
    """Numbers on the page (messages and outputs) must not equal what the solution returns in a hidden test."""
    root, _ = feedback
    hidden = solution_hidden_values[assignment.name]
    for student in STUDENTS:
        page = root / "feedback" / student / assignment.name / assignment.notebook.replace(".ipynb", ".html")
        leaked = hidden.revealed_in(readable_text(page.read_text(encoding="utf-8")))
        assert not leaked, f"{student}/{assignment.name}: hidden expected values on the feedback page: {leaked}"


def test_a_submission_that_cannot_be_graded_gets_a_page_saying_why(feedback):
    root, _ = feedback
    reasons = results.failed_submissions(root)
    for assignment in ASSIGNMENTS:
        reason = reasons[(demo_class.BROKEN, assignment.name)]
        page = feedback_page(root, demo_class.BROKEN, assignment)
        raw = page.read_text(encoding="utf-8")
        text = re.sub(r"\s+", " ", page_text(page)[0])
        assert escape(reason) in raw, "the grader's reason, escaped as HTML"
        assert f"submitted/{demo_class.BROKEN}/{assignment.name}/{assignment.notebook}" in text
        assert "could not be graded" in text and "valid notebook" in text


def test_a_late_hand_in_says_how_late_at_the_top(feedback):
    root, db_url = feedback
    late = results.late_submissions(db_url, root)
    assert {s for s, _ in late} == {demo_class.LATE}, "the demo class has one late student"
    for assignment in ASSIGNMENTS:
        seconds = late[(demo_class.LATE, assignment.name)].seconds
        assert seconds == demo_class.LATE_BY.total_seconds()
        raw, block, _ = summary_rows(feedback_page(root, demo_class.LATE, assignment))
        said = f"Handed in {text.describe_delay(seconds)} after the due date."
        assert said in block and block.index(said) < block.index("<table"), "said above the scores table"
        for student in STUDENTS:
            if student != demo_class.LATE:
                assert "after the due date" not in feedback_page(root, student, assignment).read_text()


def feedback_page(root, student, assignment):
    return root / "feedback" / student / assignment.name / assignment.notebook.replace(".ipynb", ".html")


def summary_rows(page):
    """{function: (points text, passed?, row text)} from the summary table at the top of a feedback page."""
    raw = page.read_text(encoding="utf-8")
    start = raw.index('id="feedback-summary"')
    block = raw[start:raw.index("</table>", start)]
    rows = {}
    for match in re.finditer(r'<tr class="(passed|failed)" data-function="([^"]+)">(.*?)</tr>', block, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", match.group(3), re.S)
        text = html.unescape(re.sub(r"<[^>]+>", " ", match.group(3)))
        rows[html.unescape(match.group(2))] = (re.sub(r"\s+", "", html.unescape(cells[1])), match.group(1) == "passed",
                                               text)
    return raw, block, rows


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_feedback_starts_with_the_right_score_per_function(feedback, assignment):
    root, db_url = feedback
    functions = list(answer_cells(nbformat.read(assignment.source_notebook(), as_version=4)))
    for student in STUDENTS:
        expected = {}
        for row in cell_scores(db_url):
            if row.student == student and row.assignment == assignment.name:
                f = function_of(row.grade_id, functions)
                got, out_of = expected.get(f, (0.0, 0.0))
                expected[f] = (got + row.score, out_of + row.max_score)
        page = root / "feedback" / student / assignment.name / assignment.notebook.replace(".ipynb", ".html")
        raw, block, rows = summary_rows(page)
        assert raw.index('id="feedback-summary"') < raw.index('<a name="test_'), "the summary comes first"
        assert list(rows) == functions, "one summary row per graded function, in notebook order"
        for f, (score, maximum) in expected.items():
            points, passed, text = rows[f]
            assert points == f"{score:g}/{maximum:g}", f"{student}: {f}"
            assert passed == (score == maximum)
            if not passed:
                assert "failed" in text
        total = sum(s for s, _ in expected.values()), sum(m for _, m in expected.values())
        assert f"Your results: {total[0]:g} / {total[1]:g} points" in block


def test_summary_names_the_demo_mistake_and_its_message(feedback):
    root, _ = feedback
    assignment = next(a for a in ASSIGNMENTS if a.demo_mistake)
    function = assignment.demo_mistake[0]
    page = root / "feedback" / "demo_one_wrong" / assignment.name / assignment.notebook.replace(".ipynb", ".html")
    _, _, rows = summary_rows(page)
    points, passed, text = rows[function]
    assert not passed and points.startswith("0/")
    autograded = nbformat.read(root / "autograded" / "demo_one_wrong" / assignment.name / assignment.notebook,
                               as_version=4)
    message = next(o["evalue"] for gid, c in test_cells(autograded).items() if function_of(gid, [function]) == function
                   for o in c.outputs if o.output_type == "error")
    first_line = message.splitlines()[0]
    assert first_line[:60] in re.sub(r"\s+", " ", text)
    others = [f for f, (_, ok, _) in rows.items() if f != function]
    assert all(rows[f][1] for f in others), "every other function passed"

    untouched = root / "feedback" / "demo_untouched" / assignment.name / assignment.notebook.replace(".ipynb", ".html")
    _, _, rows = summary_rows(untouched)
    assert all(not ok and "not attempted" in text for _, ok, text in rows.values())
