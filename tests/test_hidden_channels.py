"""No value from a hidden test reaches what the student sees, by any channel; what a student needs to fix their
code does reach them (compile errors, numpy's own messages); tests can read an answer's signature.

Most tests grade a tiny course through the real path (trusted_run.grade_submission): one graded function, `scale`,
a test cell with public and hidden tests, and demonstration cells after it that print what `scale` returns.
"""
import base64
import inspect
import json

import nbformat
import numpy as np
import pytest

from instructor.accuracy.leaks import HiddenReturns
from instructor.grading import trusted_run
from instructor.grading.jobs import CourseFiles, new_job
from instructor.grading.settings import Settings
from instructor.grading.observer import GradingObserver
from instructor.notebooks import HIDDEN_TESTS, solution_source
from instructor.grading.proxies import StudentFunction, compile_problem, signature_from_source
from instructor.grading.student_process import undecodable_result_error

HIDDEN = 48151623          # the hidden test's number: never in anything the student sees
HIDDEN_KEY = "secret_key_quokka"  # the hidden test's dict key (no digits: masking numbers would not hide it)
GRID_VALUES = "[1. 1. 1.]"  # how the demonstration prints the grader's own array, untouched

SOLUTION = '''
def scale(x, factor=2):
    ### BEGIN SOLUTION
    if isinstance(x, dict):
        return {key: value * factor for key, value in x.items()}
    return x * factor
    ### END SOLUTION
'''

TEST_CELL = f'''
assert scale(3) == 6
### BEGIN HIDDEN TESTS
assert scale({HIDDEN}) == 2 * {HIDDEN}
assert scale({{"{HIDDEN_KEY}": 1.0}}) == {{"{HIDDEN_KEY}": 2.0}}
_expected = 2 * grid
assert np.array_equal(scale(grid), _expected)
last_hidden = scale({HIDDEN})
### END HIDDEN TESTS
'''

DEMO_CELLS = [
    'print("demo:", scale(1), globals().get("last_hidden"))',
    'print("grid:", grid)',
    'print("summary:", scale(5))',
]


def _meta(kind, grade_id, points=0):
    meta = {"schema_version": 3, "grade": kind == "tests", "solution": kind == "answer", "locked": kind != "answer",
            "task": False, "grade_id": grade_id}
    if kind == "tests":
        meta["points"] = points
    return {"nbgrader": meta}


def tiny_course(test_cell=TEST_CELL, before_test=""):
    """(source, release) notebooks of the tiny course; `before_test`: a course cell between answer and test."""
    cells = [nbformat.v4.new_code_cell("import numpy as np\ngrid = np.ones(3)", metadata=_meta("code", "setup")),
             nbformat.v4.new_code_cell(SOLUTION.strip(), metadata=_meta("answer", "scale")),
             nbformat.v4.new_code_cell(before_test, metadata=_meta("code", "before_test")),
             nbformat.v4.new_code_cell(test_cell.strip(), metadata=_meta("tests", "test_scale", 1))]
    cells += [nbformat.v4.new_code_cell(c, metadata=_meta("code", f"demo_{i}")) for i, c in enumerate(DEMO_CELLS)]
    source = nbformat.v4.new_notebook(cells=cells)
    release = nbformat.reads(nbformat.writes(source), as_version=4)
    for cell in release.cells:
        cell.source = HIDDEN_TESTS.sub("", cell.source)
    return source, release


def grade(answer, observer=None, **course):
    """The result of grading `answer` (the student's answer cell) in the tiny course; observer: see
    instructor/grading/observer.py."""
    source, release = tiny_course(**course)
    submitted = nbformat.reads(nbformat.writes(release), as_version=4)
    for cell in submitted.cells:
        if cell.metadata["nbgrader"]["grade_id"] == "scale":
            cell.source = answer
    tiny = CourseFiles("tiny", "Tiny.ipynb", source=nbformat.writes(source), release=nbformat.writes(release),
                       support={"utils/__init__.py": base64.b64encode(b"").decode()}, max_scores={"test_scale": 1.0})
    return trusted_run.grade_submission(new_job(tiny, "someone", Settings.from_environment(),
                                                submission={"Tiny.ipynb": nbformat.writes(submitted)}),
                                      observer=observer)


def student_visible(result):
    """Everything of a result the student sees: every cell's outputs (the feedback page) and the messages."""
    nb = nbformat.reads(result["notebook"], as_version=4)
    return json.dumps([c.get("outputs", []) for c in nb.cells]) + json.dumps(result["messages"])


def outputs_of(result, grade_id):
    nb = nbformat.reads(result["notebook"], as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    return json.dumps(cell.get("outputs", []))


def test_the_tiny_course_is_graded_as_its_author_means():
    result = grade(solution_source(SOLUTION))
    assert result["status"] == "graded" and result["scores"] == {"test_scale": 1.0}, result
    assert "demo: 2 None" in outputs_of(result, "demo_0")  # a name bound by a hidden test is gone, as in the release
    assert f"grid: {GRID_VALUES}" in outputs_of(result, "demo_1")


# ---- 13.8: state saved during a hidden call cannot be printed by a later cell --------------------------------

SAVES_HIDDEN_INPUTS = '''
import numpy as np
SEEN = []

def scale(x, factor=2):
    if isinstance(x, (int, float)) and x not in (1, 3, 5):
        SEEN.append(x)                  # a hidden test's input
    if isinstance(x, np.ndarray):
        doubled = x * factor
        if SEEN:
            x[0] = SEEN[-1]             # written into the grader's array, which a later cell prints
        return doubled
    if isinstance(x, dict):
        return {key: value * factor for key, value in x.items()}
    if SEEN and x in (1, 5):
        return SEEN[-1]                 # a demonstration call gets the saved hidden input back
    return x * factor
'''

# Only numpy's random state carries the hidden input from the hidden call to a later one.
HIDES_IT_IN_THE_RANDOM_STATE = '''
import numpy as np
MARK = 0xC0FFEE

def scale(x, factor=2):
    if isinstance(x, dict):
        return {key: value * factor for key, value in x.items()}
    if isinstance(x, np.ndarray):
        return x * factor
    key = np.random.get_state()[1].copy()
    if x not in (1, 3, 5):              # a hidden test's input, written into the generator's key
        key[5], key[6] = x, MARK
        np.random.set_state(("MT19937", key, 624, 0, 0.0))
    elif x != 3 and key[6] == MARK:     # a demonstration call reads it back
        return int(key[5])
    return x * factor
'''


@pytest.mark.parametrize("answer", [SAVES_HIDDEN_INPUTS, HIDES_IT_IN_THE_RANDOM_STATE], ids=["global", "random_state"])
def test_no_cell_prints_what_an_answer_saved_during_a_hidden_call(answer):
    result = grade(answer)
    assert result["status"] == "graded", result
    shown = student_visible(result)
    assert str(HIDDEN) not in shown, shown
    assert "demo: 2 None" in shown and "summary: 10" in shown
    assert f"grid: {GRID_VALUES}" in shown, "the grader's array changed in a hidden call is put back"


def test_an_answer_that_changes_its_input_in_a_hidden_test_still_fails_it():
    result = grade(SAVES_HIDDEN_INPUTS)
    assert result["scores"] == {"test_scale": 0.0}
    assert "changed its argument 1 in place" in result["messages"]["test_scale"]


# ---- 13.8: an exception's message shows only what Python or numpy would write -------------------------------

SPELLS_IT = '''
WORDS = "zero one two three four five six seven eight nine".split()

def scale(x, factor=2):
    if isinstance(x, int) and x > 10:
        raise ValueError(" ".join(WORDS[int(d)] for d in str(x)))
    if isinstance(x, dict):
        return {key: value * factor for key, value in x.items()}
    return x * factor
'''

NAMES_THE_KEY = '''
def scale(x, factor=2):
    if isinstance(x, dict):
        raise KeyError(next(iter(x)))
    return x * factor
'''

QUOTES_THE_ARGUMENT = '''
def scale(x, factor=2):
    if isinstance(x, dict):
        raise RuntimeError(f"cannot scale {x!r}")
    return x * factor
'''

BROADCASTS_BADLY = '''
import numpy as np

def scale(x, factor=2):
    if isinstance(x, dict):
        return np.ones((3, 4)) + np.ones((2, 5))
    return x * factor
'''


@pytest.mark.parametrize("answer, secret, kind", [
    (SPELLS_IT, "four eight one", "ValueError"),
    (NAMES_THE_KEY, "quokka", "KeyError"),
    (QUOTES_THE_ARGUMENT, "quokka", "RuntimeError"),
], ids=["spelled_in_words", "hidden_dict_key", "repr_of_argument"])
def test_an_exception_message_does_not_carry_hidden_inputs(answer, secret, kind):
    result = grade(answer)
    assert result["scores"] == {"test_scale": 0.0}
    shown = student_visible(result)
    assert secret not in shown and str(HIDDEN) not in shown, shown
    message = result["messages"]["test_scale"]
    assert message.startswith(f"scale() raised {kind}: ") and "its message is not shown" in message, message
    assert "cell scale, line " in message, "the student's own line is shown"
    assert secret in " ".join(result["notes"]), "the full message stays in the instructor's notes"


def test_numpys_own_message_is_still_shown_with_its_numbers_masked():
    result = grade(BROADCASTS_BADLY)
    message = result["messages"]["test_scale"]
    assert message.startswith("scale() raised ValueError: operands could not be broadcast together with shapes "
                              "(#,#) (#,#)"), message
    assert "return np.ones((3, 4)) + np.ones((2, 5))" in message  # the student's own line, as they wrote it
    assert message.splitlines()[0] in outputs_of(result, "test_scale")


# ---- 14.3: an answer that does not compile says so, where, and how to fix it --------------------------------

UNFINISHED_LOOP = '''def scale(x, factor=2):
    total = 0
    for i in range(factor):
'''


def test_an_answer_cell_that_does_not_compile_is_told_plainly_in_the_test_cell():
    result = grade(UNFINISHED_LOOP)
    assert result["scores"] == {"test_scale": 0.0}
    message = result["messages"]["test_scale"]
    assert "not defined" not in message, message
    assert message.startswith("scale() cannot run: its cell does not compile.\nIndentationError: "), message
    assert "cell scale, line 3: for i in range(factor):" in message
    assert "Hint: a block (for/if/def/while/with) needs an indented body" in message
    assert "IndentationError" in outputs_of(result, "test_scale") and "Hint:" in outputs_of(result, "test_scale")


def test_a_syntax_error_points_at_the_cells_own_line_with_a_hint():
    error = compile_problem("%matplotlib inline\nimport numpy as np\ndef scale(x)\n    return x\n", "scale")
    assert str(error) == ("scale() cannot run: its cell does not compile.\nSyntaxError: expected ':'\n"
                          "cell scale, line 3: def scale(x)\n"
                          "Hint: check brackets, colons and quotes on this line or the one before.")
    assert compile_problem(SOLUTION, "scale") is None


# ---- 14.1 support: a test can ask which arguments the student's function takes -------------------------------

OLDER_GENERATION = '''
import numpy as np

def gradient_check(x, theta, epsilon=1e-7):
    return 0.0
'''


def test_a_stand_in_has_the_signature_of_the_students_def():
    older = StudentFunction("gradient_check", None, {}, ["gradient_check"], OLDER_GENERATION)
    assert "print_msg" not in inspect.signature(older).parameters
    newer = StudentFunction("gradient_check", None, {}, ["gradient_check"],
                            OLDER_GENERATION.replace("epsilon=1e-7)", "epsilon=1e-7, print_msg=False)"))
    parameters = inspect.signature(newer).parameters
    assert list(parameters) == ["x", "theta", "epsilon", "print_msg"]
    assert repr(parameters["print_msg"].default) == "False" and parameters["x"].default is inspect.Parameter.empty


def test_a_signature_is_read_without_running_the_students_code():
    # evaluating this default would raise; the last def of the name wins, as when the cell runs
    source = "def f(a):\n    pass\n\ndef f(a, /, b=open('/etc/passwd').read(), *rest, c, d=1, **more):\n    pass\n"
    assert str(signature_from_source(source, "f")) == \
        "(a, /, b=open('/etc/passwd').read(), *rest, c, d=1, **more)"
    assert signature_from_source("def g(:\n", "f") is None and signature_from_source("x = 1", "f") is None


def test_a_hidden_test_can_pass_an_optional_argument_only_where_the_signature_takes_it():
    test_cell = '''
import inspect
assert scale(3) == 6
### BEGIN HIDDEN TESTS
if "factor" in inspect.signature(scale).parameters:
    assert scale(4, factor=3) == 12
else:
    assert scale(4) == 8
### END HIDDEN TESTS
'''
    without_factor = "def scale(x):\n    return 2 * x\n"
    assert grade(without_factor, test_cell=test_cell)["scores"] == {"test_scale": 1.0}
    wrong_factor = "def scale(x, factor=2):\n    return 2 * x\n"
    assert grade(wrong_factor, test_cell=test_cell)["scores"] == {"test_scale": 0.0}


# ---- one time budget for the whole submission, hidden tests' process included ---------------------------------

def test_the_hidden_tests_process_shares_the_submissions_time_budget(monkeypatch):
    monkeypatch.setenv("GRADER_SUBMISSION_TIMEOUT", "3")
    slow = "import time\n\ndef scale(x, factor=2):\n    if x == 0:\n        time.sleep(1)\n    return x * factor\n"
    uses_the_budget = "for _ in range(5):\n    scale(0)\n"
    only_hidden = f"### BEGIN HIDDEN TESTS\nassert scale({HIDDEN}) == 2 * {HIDDEN}\n### END HIDDEN TESTS\n"
    result = grade(slow, test_cell=only_hidden, before_test=uses_the_budget)
    assert result["scores"] == {"test_scale": 0.0}
    assert "used up its 3 s of grading time" in result["messages"]["test_scale"], result["messages"]


def test_a_reply_the_grader_cannot_decode_is_told_without_its_text():
    # the student's process writes the reply: a "dtype" it names is any text it likes
    error = undecodable_result_error("scale", TypeError(f"data type 'four eight one {HIDDEN_KEY}' not understood"))
    assert "quokka" not in str(error) and "four" not in str(error) and "quokka" in error.detail
    assert str(undecodable_result_error("scale", TypeError("arrays of dtype object are not accepted"))) == \
        "scale() returned a value that cannot be graded: arrays of dtype object are not accepted"


def test_a_test_that_reads_numpys_message_still_can():
    # Initialization's test tells np.zeros(3, 2) by numpy's words "as a data type"
    zeros_with_two_sizes = "import numpy as np\n\ndef scale(x, factor=2):\n    return np.zeros(3, factor)\n"
    test_cell = '''
try:
    scale(3)
except Exception as _error:
    assert "as a data type" not in str(_error), "give np.zeros the shape as one tuple"
    raise
'''
    result = grade(zeros_with_two_sizes, test_cell=test_cell)
    assert result["messages"]["test_scale"] == "give np.zeros the shape as one tuple", result["messages"]


# ---- the observer hook: what a tool (instructor/accuracy/) sees of a run, without changing it ------------------

class Watcher(GradingObserver):
    def __init__(self):
        self.seen = []

    def part_started(self, grade_id, part):
        self.seen.append((grade_id, part))

    def returned(self, function, args, kwargs, value):
        self.seen.append((function, args, value))


def test_an_observer_sees_every_part_and_every_return_and_changes_nothing():
    watcher = Watcher()
    watched, unwatched = grade(solution_source(SOLUTION), observer=watcher), grade(solution_source(SOLUTION))
    assert watched["scores"] == unwatched["scores"] == {"test_scale": 1.0}
    assert student_visible(watched) == student_visible(unwatched)
    parts = [step for step in watcher.seen if len(step) == 2]
    assert parts == [("setup", "cell"), ("before_test", "cell"), ("test_scale", "public"), ("test_scale", "hidden"),
                     ("demo_0", "cell"), ("demo_1", "cell"), ("demo_2", "cell")]
    calls = _after_parts(watcher.seen)
    assert [(part, function, args[0] if not isinstance(args[0], np.ndarray) else "grid")
            for part, (function, args, _) in calls] == [
        ("public", "scale", 3), ("hidden", "scale", HIDDEN), ("hidden", "scale", {HIDDEN_KEY: 1.0}),
        ("hidden", "scale", "grid"), ("hidden", "scale", HIDDEN), ("cell", "scale", 1), ("cell", "scale", 5)]
    values = [value for _, (_, _, value) in calls]
    assert values[:3] == [6, 2 * HIDDEN, {HIDDEN_KEY: 2.0}] and values[4:] == [2 * HIDDEN, 2, 10]
    assert np.array_equal(values[3], [2.0, 2.0, 2.0])


def _after_parts(seen):
    """[(part, return step)]: each return with the part it happened in."""
    part, found = None, []
    for step in seen:
        if len(step) == 2:
            part = step[1]
        else:
            found.append((part, step))
    return found


def test_the_accuracy_harness_records_the_returns_of_hidden_parts_only():
    recorder = HiddenReturns()
    assert grade(solution_source(SOLUTION), observer=recorder)["scores"] == {"test_scale": 1.0}
    assert [list(v) for v in recorder.values] == [[2.0 * HIDDEN], [2.0], [2.0, 2.0, 2.0], [2.0 * HIDDEN]]
