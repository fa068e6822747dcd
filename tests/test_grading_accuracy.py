"""Grading accuracy, measured with the real grader on a catalogue of real student answers.

Every catalogued mistake (instructor/accuracy_catalogue/) must cost points on its own function and on no
other, every differently written right answer must earn full marks, and the message a student gets must name
the mistake for at least 80% of them. All entries of one notebook are graded together, in one autograde run.
"""
import nbformat
import numpy as np
import pytest

from instructor import accuracy, course
from instructor.accuracy_catalogue import correct, mistake
from instructor.notebooks import answer_cells
from instructor.sandboxed import wire

from conftest import make_scratch_course

ASSIGNMENTS = course.assignments()


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    root = tmp_path_factory.mktemp("accuracy")
    db_url = f"sqlite:///{root / 'gradebook.db'}"
    make_scratch_course(root, db_url)
    found = accuracy.grade_catalogue(root, db_url)
    print(accuracy.report(found))  # shown by pytest when a test below fails
    return found


def describe(outcomes):
    return "\n".join(f"{o.assignment}/{o.entry.name}: lost {o.lost}, status {o.status} {o.reason}, "
                     f"message {o.message[:200]!r}" for o in outcomes)


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=[a.name for a in ASSIGNMENTS])
def test_catalogue_has_enough_mistakes_and_right_answers_for_every_function(assignment):
    entries = accuracy.catalogue(assignment)
    solutions = answer_cells(nbformat.read(assignment.source_notebook(), as_version=4))
    for function in solutions:
        mine = [e for e in entries if e.function == function]
        assert sum(e.kind == "mistake" for e in mine) >= 5, f"{function}: fewer than 5 mistakes"
        assert sum(e.kind == "correct" for e in mine) >= 3, f"{function}: fewer than 3 right answers"
        assert all(e.expect for e in mine if e.kind == "mistake")
    assert len({e.code for e in entries}) == len(entries), "two entries hand in the same cell"


def test_every_mistake_is_caught_on_its_own_function_only(outcomes):
    mistakes = [o for o in outcomes if o.entry.kind == "mistake"]
    assert mistakes
    escaped = [o for o in mistakes if not o.caught]
    assert not escaped, describe(escaped)


def test_every_right_answer_earns_full_marks(outcomes):
    answers = [o for o in outcomes if o.entry.kind == "correct"]
    assert answers
    rejected = [o for o in answers if not o.accepted]
    assert not rejected, describe(rejected)


def test_messages_name_most_mistakes(outcomes):
    mistakes = [o for o in outcomes if o.entry.kind == "mistake"]
    diagnosed = [o for o in mistakes if o.diagnosed]
    assert len(diagnosed) >= accuracy.DIAGNOSIS_GOAL * len(mistakes), describe(
        [o for o in mistakes if not o.diagnosed])


def test_every_graded_function_was_measured(outcomes):
    measured = {o.entry.function for o in outcomes}
    for assignment in ASSIGNMENTS:
        assert set(answer_cells(nbformat.read(assignment.source_notebook(), as_version=4))) <= measured


def _outcome(entry, lost, message=""):
    max_scores = {"test_f": 2.0, "test_g": 3.0}
    scores = {t: (0.0 if t in lost else p) for t, p in max_scores.items()}
    return accuracy.Outcome("a", entry, "graded", scores, max_scores, message, "", sorted(lost))


def test_the_verdicts_and_the_report_show_every_failure():
    cell = "def f(x):\n    return x\n"
    caught = _outcome(mistake("f", "caught", "d", ["off by one"], cell), ["test_f"], "x is OFF BY ONE here")
    vague = _outcome(mistake("f", "vague", "d", ["off by one"], cell), ["test_f"], "assertion failed")
    escaped = _outcome(mistake("f", "escaped", "d", ["x"], cell), [])
    elsewhere = _outcome(mistake("f", "elsewhere", "d", ["x"], cell), ["test_f", "test_g"], "x")
    accepted = _outcome(correct("f", "fine", "d", cell), [])
    rejected = _outcome(correct("f", "rejected", "d", cell), ["test_f"], "no")
    assert caught.caught and caught.diagnosed
    assert vague.caught and not vague.diagnosed
    assert not escaped.caught and not elsewhere.caught and elsewhere.collateral == ["test_g"]
    assert accepted.accepted and not rejected.accepted
    everything = [caught, vague, escaped, elsewhere, accepted, rejected]
    assert accuracy.summary(everything)["overall"] == dict(mistakes=4, caught=2, diagnosed=1, correct=2, accepted=1)
    text = accuracy.report(everything)
    for name in ("escaped", "elsewhere", "rejected", "vague"):
        assert f"a/{name} " in text
    assert "a/caught " not in text and "a/fine " not in text
    assert not accuracy.goals_met(everything) and accuracy.goals_met([caught, accepted])


@pytest.mark.parametrize("array", [np.array(2.5), np.arange(6.0).reshape(2, 3).T, np.array([[True], [False]])],
                         ids=["0-d", "transposed", "bool"])
def test_wire_keeps_every_array_shape(array):
    """Found by the catalogue: np.copy(x) of a number, a 0-d array, used to arrive as shape (1,)."""
    back = wire.decode(wire.loads(wire.dumps(wire.encode(array))))
    assert back.shape == array.shape and back.dtype == array.dtype and np.array_equal(back, array)


def test_public_checks_name_known_mistakes_and_simple_relations():
    from utils import public_tests as pt
    expected = np.array([[1.0, -2.0], [3.0, 4.0]])
    with pytest.raises(AssertionError, match="W1 has wrong values: the draws were not scaled"):
        pt.expect_close("W1", expected / 10, expected, hints=[(expected / 10, "the draws were not scaled")])
    with pytest.raises(AssertionError, match="is 8.0, expected 2.0: it returns the cost"):
        pt.expect_close("dtheta", 8.0, 2.0, hints=[(lambda v: v < 0, "negative"), (8, "it returns the cost")])
    with pytest.raises(AssertionError, match="every value is 0.5 times the expected one"):
        pt.expect_close("W1", expected / 2, expected)
    with pytest.raises(AssertionError, match="opposite sign"):
        pt.expect_close("W1", -expected, expected)
    with pytest.raises(AssertionError, match="should be all zeros"):
        pt.expect_close("b1", np.ones((2, 1)), np.zeros((2, 1)))
    with pytest.raises(AssertionError, match=r"wrong values\.\n"):  # no known relation: no invented diagnosis
        pt.expect_close("W1", expected + np.eye(2), expected, hints=[(expected * 3, "tripled")])
    with pytest.raises(AssertionError, match="swapped"):
        pt.expect_shape("W1", np.zeros((3, 2)), (2, 3))
    with pytest.raises(AssertionError, match="column"):
        pt.expect_shape("b1", np.zeros(2), (2, 1))
    with pytest.raises(AssertionError, match="wrong axis"):
        pt.expect_shape("db1", np.zeros((1, 5)), (2, 1))
    zeros = lambda *shape: np.zeros(shape)
    with pytest.raises(AssertionError, match="the last layer is missing"):
        pt.expect_parameter_shapes({"W1": zeros(2, 3), "b1": zeros(2, 1)}, [3, 2, 1])
    with pytest.raises(AssertionError, match="numbered from 1"):
        pt.expect_parameter_shapes({"W0": zeros(3, 1), "b0": zeros(3, 1), "W1": zeros(2, 3), "b1": zeros(2, 1),
                                    "W2": zeros(1, 2), "b2": zeros(1, 1)}, [3, 2, 1])
    assert pt.known_mistake(0.2, [(0.3, "no"), (0.2, "yes")]) == ": yes" and pt.known_mistake(0.1, []) == ""
