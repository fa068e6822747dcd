"""Grading accuracy, measured with the real grader on a catalogue of real student answers.

Every catalogued mistake (instructor/accuracy_catalogue/) must cost points on its own function and on no
other, every differently written right answer must earn full marks, and the message a student gets must name
the mistake for at least 80% of them, specifically (in words no other mistake's message has) for at least 90%
overall and 80% per function, and never name another mistake's cause. Every entry is graded once more against
the public tests only: a right answer that passes its public tests must pass its hidden ones too. All entries
of one notebook are graded together, in one autograde run per course. No failure message may print a hidden
test's expected value, and the figures published in README.md must be the ones measured here.
"""
import nbformat
import numpy as np
import pytest

from instructor import course, notebooks
from instructor.accuracy import catalogue, cli, diagnosis, leaks, report
from instructor.accuracy_catalogue import correct, mistake
from instructor.notebooks import answer_cells, test_cells
from instructor.grading.inside_sandbox import wire

from conftest import make_scratch_course

ASSIGNMENTS = course.assignments()


@pytest.fixture(scope="module")
def graded_catalogue(tmp_path_factory):
    """(scratch course root, Outcomes): the whole catalogue graded, then graded against the public tests only."""
    root = tmp_path_factory.mktemp("accuracy")
    db_url = f"sqlite:///{root / 'gradebook.db'}"
    make_scratch_course(root, db_url)
    found = catalogue.grade_catalogue(root, db_url)
    print(report.report(found))  # shown by pytest when a test below fails
    return root, found


@pytest.fixture(scope="module")
def outcomes(graded_catalogue):
    return graded_catalogue[1]


def describe(outcomes):
    return "\n".join(f"{o.assignment}/{o.entry.name}: lost {o.lost}, status {o.status} {o.reason}, "
                     f"message {o.message[:200]!r}" for o in outcomes)


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=[a.name for a in ASSIGNMENTS])
def test_catalogue_has_enough_mistakes_and_right_answers_for_every_function(assignment):
    entries = catalogue.catalogue(assignment)
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
    assert len(diagnosed) >= diagnosis.DIAGNOSIS_GOAL * len(mistakes), describe(
        [o for o in mistakes if not o.diagnosed])


def test_no_failure_message_reveals_a_hidden_expected_value(outcomes, solution_hidden_values):
    for name, hidden in solution_hidden_values.items():
        # the check has something to find: a value the solution returned in a hidden test and the student never sees
        secret = next(float(v) for v in hidden.values if not float(v).is_integer() and abs(v) > 1e-3
                      and leaks.printed_number(repr(float(v)))[2] >= leaks.MIN_DIGITS
                      and not hidden.is_given(v, 0.0))
        assert hidden.revealed_in(f"W1 has wrong values, expected {secret!r}") == [repr(secret)], name
        assert hidden.revealed_in(f"W1 is {secret + 1!r}, expected {secret:.6f}") == [f"{secret:.6f}"], name
    revealed = leaks.revealed_values(outcomes, solution_hidden_values)
    assert not revealed, f"failure messages print hidden expected values: {revealed}"


def test_a_right_answer_that_passes_its_public_tests_passes_its_hidden_ones(outcomes):
    """No hidden-only requirement: what the hidden tests require of a right answer, the public ones check too."""
    assert all(o.public is not None and o.public.status == "graded" for o in outcomes), "public verdicts missing"
    unfair = [o for o in outcomes if o.hidden_only_losses]
    assert not unfair, "right answers that pass the public tests but lose points in hidden ones:\n" + "\n".join(
        f"{o.assignment}/{o.entry.name}: {o.hidden_only_losses}: {o.message[:300]!r}" for o in unfair)


def test_no_message_names_another_mistakes_cause(outcomes):
    wrong = diagnosis.wrong_diagnoses(outcomes)
    assert not wrong, "messages naming another mistake's cause:\n" + "\n".join(
        f"{e.assignment}/{e.entry.name} names {o.entry.name} {list(o.entry.expect)}: {e.message[:300]!r}"
        for e, o in wrong)


def test_specific_diagnoses_reach_their_goals(outcomes):
    short = diagnosis.short_of_specific_goals(outcomes)
    assert not short, "specific diagnoses below their goal: " + ", ".join(
        f"{function} {part} / {whole} (goal {goal:.0%})" for function, part, whole, goal in short)


def test_the_public_course_runs_the_release_tests_only(graded_catalogue):
    root, _ = graded_catalogue
    public = root / catalogue.PUBLIC_ONLY
    for assignment in ASSIGNMENTS:
        full = test_cells(nbformat.read(assignment.source_notebook(root), as_version=4))
        public_only = test_cells(nbformat.read(assignment.source_notebook(public), as_version=4))
        release = test_cells(nbformat.read(root / "release" / assignment.name / assignment.notebook, as_version=4))
        assert full.keys() == public_only.keys() == release.keys()
        for grade_id, cell in public_only.items():
            assert "HIDDEN TESTS" not in cell.source and cell.source.strip()
            assert cell.source.strip() == release[grade_id].source.strip(), f"{assignment.name}/{grade_id}"
            assert full[grade_id].source.startswith(cell.source), f"{assignment.name}/{grade_id}"


def test_the_harness_finds_a_hidden_only_requirement(tmp_path):
    """End to end, in a scratch course whose forward_propagation gets a hidden test the public ones do not announce."""
    root = make_scratch_course(tmp_path)
    assignment = course.by_name("gradient_checking")
    path = assignment.source_notebook(root)
    nb = nbformat.read(path, as_version=4)
    cell = test_cells(nb)["test_forward_propagation"]
    cell.source = cell.source.replace("### END HIDDEN TESTS", 'raise AssertionError("a hidden-only requirement")\n'
                                                              "### END HIDDEN TESTS")
    nbformat.write(nb, path)
    right = correct("forward_propagation", "plain", "d", "def forward_propagation(x, theta):\n    return theta * x\n")
    wrong = mistake("forward_propagation", "plus", "d", ["x"], "def forward_propagation(x, theta):\n    return theta + x\n")
    fair, caught = catalogue.grade_with_public_verdicts(root, f"sqlite:///{root / 'gradebook.db'}", assignment,
                                                       [right, wrong], workers=1)
    assert fair.lost == ["test_forward_propagation"] and fair.public.lost == []
    assert fair.hidden_only_losses == ["test_forward_propagation"]
    assert caught.public_caught and caught.caught and not caught.hidden_only_losses


def test_readme_publishes_the_figures_measured_here(outcomes):
    """`make accuracy` writes them; after a change to the catalogue, the tests or the messages, run it again."""
    published = report.readme_block(report.README.read_text())
    assert published is not None, "README.md lost its grading-accuracy markers"
    assert published == report.readme_figures(outcomes), (
        "README.md's grading-accuracy figures are stale: run `make accuracy` and commit README.md")


def test_every_graded_function_was_measured(outcomes):
    measured = {o.entry.function for o in outcomes}
    for assignment in ASSIGNMENTS:
        assert set(answer_cells(nbformat.read(assignment.source_notebook(), as_version=4))) <= measured


def _outcome(entry, lost, message=""):
    max_scores = {"test_f": 2.0, "test_g": 3.0}
    scores = {t: (0.0 if t in lost else p) for t, p in max_scores.items()}
    return catalogue.Outcome("a", entry, "graded", scores, max_scores, message, "", sorted(lost))


def test_the_verdicts_and_the_report_show_every_failure():
    cell = "def f(x):\n    return x\n"
    caught = _outcome(mistake("f", "caught", "d", ["off by one"], cell), ["test_f"], "x is OFF BY ONE here")
    vague = _outcome(mistake("f", "vague", "d", ["off by one"], cell), ["test_f"], "assertion failed")
    escaped = _outcome(mistake("f", "escaped", "d", ["y"], cell), [])
    elsewhere = _outcome(mistake("f", "elsewhere", "d", ["y"], cell), ["test_f", "test_g"], "y")
    accepted = _outcome(correct("f", "fine", "d", cell), [])
    rejected = _outcome(correct("f", "rejected", "d", cell), ["test_f"], "no")
    assert caught.caught and caught.diagnosed
    assert vague.caught and not vague.diagnosed
    assert not escaped.caught and not elsewhere.caught and elsewhere.collateral == ["test_g"]
    assert accepted.accepted and not rejected.accepted
    everything = [caught, vague, escaped, elsewhere, accepted, rejected]
    assert diagnosis.summary(everything)["overall"] == dict(mistakes=4, caught=2, public=0, diagnosed=1,
                                                             specific=1, correct=2, accepted=1)
    text = report.report(everything)
    for name in ("escaped", "elsewhere", "rejected", "vague"):
        assert f"a/{name} " in text
    assert "a/caught " not in text and "a/fine " not in text
    assert not diagnosis.goals_met(everything) and diagnosis.goals_met([caught, accepted])
    assert not diagnosis.goals_met([caught, accepted], leaks=[("a/caught (test_f)", "0.12345")])


def test_diagnosis_needs_whole_words_and_is_specific_only_when_no_other_message_fits():
    cell = "def f(x):\n    return x\n"
    assert diagnosis.names_mistake("make b a column of shape (2, 1)", ["column", "(2, 1)"])
    assert not diagnosis.names_mistake("its sizes are swapped (rows and columns)", ["column"])
    assert not diagnosis.names_mistake("the draws were divided by sqrt(2)", ["divide"])
    assert diagnosis.names_mistake("the L2 term\n  is MISSING", ["the l2 term is missing"])
    assert diagnosis.names_mistake("use float(): a plain number", ["float()"])
    swapped = _outcome(mistake("f", "swapped", "d", ["swapped"], cell), ["test_f"], "W1: sizes swapped (rows, columns)")
    flat = _outcome(mistake("f", "flat", "d", ["column"], cell), ["test_f"], "b1 is 1-D: make it a column")
    square = _outcome(mistake("f", "square", "d", ["shape"], cell), ["test_f"], "W1 has the wrong shape")
    bias = _outcome(mistake("f", "bias", "d", ["shape"], cell), ["test_f"], "b1 has shape (2,): a column is needed")
    other_function = _outcome(mistake("g", "g", "d", ["column"], cell), ["test_g"], "make it a column")
    found = [swapped, flat, square, bias, other_function]
    shared = diagnosis.shared_words(found)
    assert shared[("a", "swapped")] == [] and shared[("a", "flat")] == ["bias"]  # another function does not count
    assert shared[("a", "square")] == ["bias"] and shared[("a", "bias")] == ["square"]
    rows = diagnosis.summary(found)
    assert rows["f"]["diagnosed"] == 4 and rows["f"]["specific"] == 1 and rows["overall"]["specific"] == 2
    text = report.report(found)
    assert "a/flat (f): ['column'] also in bias" in text and "a/swapped (f): ['swapped'] also" not in text
    assert "a/f: square, bias" in text  # the two expect exactly the same words


def _with_public(outcome, public_lost):
    """The outcome with a public-tests-only verdict that lost points on `public_lost`."""
    outcome.public = _outcome(outcome.entry, public_lost)
    return outcome


def test_public_verdicts_count_public_catches_and_find_hidden_only_requirements():
    cell = "def f(x):\n    return x\n"
    seen = _with_public(_outcome(mistake("f", "seen", "d", ["x"], cell), ["test_f"], "x"), ["test_f"])
    unseen = _with_public(_outcome(mistake("f", "unseen", "d", ["x"], cell), ["test_f"], "x"), [])
    fair = _with_public(_outcome(correct("f", "fair", "d", cell), []), [])
    unfair = _with_public(_outcome(correct("f", "unfair", "d", cell), ["test_f"], "hidden: x must be an array"), [])
    publicly_wrong = _with_public(_outcome(correct("f", "publicly_wrong", "d", cell), ["test_f"], "no"), ["test_f"])
    assert seen.public_caught and not unseen.public_caught and unseen.caught
    assert unfair.hidden_only_losses == ["test_f"] and not fair.hidden_only_losses
    assert not publicly_wrong.hidden_only_losses  # rejected, but the student could see it fail
    assert not _outcome(correct("f", "unmeasured", "d", cell), ["test_f"]).hidden_only_losses
    everything = [seen, unseen, fair, unfair]
    assert diagnosis.summary(everything)["f"]["public"] == 1
    text = report.report(everything)
    assert "a/unfair (f)" in text.split("hidden-only requirement")[1].split("\n\n")[0]
    assert "a/unseen (f)" in text.split("Mistakes only the hidden tests catch")[1].split("\n\n")[0]
    assert "right answer(s) meet a hidden-only requirement" in text
    assert "| `f` | 2 / 2 (100.0%) | 1 / 2 (50.0%) | 1 / 2 (50.0%) |" in report.readme_figures(everything)
    assert not diagnosis.goals_met(everything) and diagnosis.goals_met([seen, fair])


def test_without_hidden_tests_keeps_what_comes_before_and_after_them():
    source = "a = 1\n### BEGIN HIDDEN TESTS\nb = 2\n### END HIDDEN TESTS\nc = 3\n"
    assert catalogue.without_hidden_tests(source) == "a = 1\n\nc = 3\n"
    assert catalogue.without_hidden_tests("a = 1\n") == "a = 1\n"


def test_a_wrong_diagnosis_names_another_mistakes_words_not_implied_by_its_own():
    cell = "def f(x):\n    return x\n"
    def caught(name, expect, message, function="f"):
        return _outcome(mistake(function, name, "d", expect, cell), [f"test_{function}"], message)
    loop = caught("loop", ["last layer", "loop"], "the loop stops early: the last layer is missing")
    layer = caught("layer", ["last layer"], "W3 is missing: the last layer is missing")  # implied by loop's words
    keys = caught("keys", ["numbered from 1"], "the last layer is missing")                # names layer's cause
    twin = caught("twin", ["last layer"], "the last layer is missing")                      # same words as layer
    elsewhere = caught("elsewhere", ["numbered from 1"], "the last layer is missing", function="g")
    escaped = _outcome(mistake("f", "escaped", "d", ["x"], cell), [], "the last layer, numbered from 1")
    wrong = {(e.entry.name, o.entry.name) for e, o in
             diagnosis.wrong_diagnoses([loop, layer, keys, twin, elsewhere, escaped])}
    assert wrong == {("keys", "layer"), ("keys", "twin")}  # not loop (its words), another function, or escaped
    assert diagnosis.implied(["last layer", "loop"], ["last layer"])
    assert not diagnosis.implied(["last layer"], ["last layer", "loop"])
    assert not diagnosis.implied(["the last", "layer is"], ["last layer"])  # a phrase cannot span two
    assert "a/keys (f): its message names layer's ['last layer']" in report.report([loop, layer, keys, twin])


def test_specific_diagnoses_must_reach_90_percent_overall_and_80_per_function():
    cell = "def f(x):\n    return x\n"
    def mistakes(function, specific, vague):
        return ([_outcome(mistake(function, f"{function}{i}", "d", [f"cause {function}{i}"], cell), [f"test_{function}"],
                          f"cause {function}{i}") for i in range(specific)]
                + [_outcome(mistake(function, f"{function}v{i}", "d", [f"cause {function}v{i}"], cell),
                            [f"test_{function}"], "wrong values") for i in range(vague)])
    assert (diagnosis.SPECIFIC_GOAL, diagnosis.SPECIFIC_GOAL_PER_FUNCTION) == (0.9, 0.8)
    assert diagnosis.short_of_specific_goals(mistakes("f", 9, 1) + mistakes("g", 10, 0)) == []
    assert diagnosis.short_of_specific_goals(mistakes("f", 4, 1) + mistakes("g", 4, 1)) == [("overall", 8, 10, 0.9)]
    assert diagnosis.short_of_specific_goals(mistakes("f", 3, 1) + mistakes("g", 36, 0)) == [("f", 3, 4, 0.8)]
    assert not diagnosis.goals_met(mistakes("f", 3, 1) + mistakes("g", 36, 0))


def _hidden(values, given=()):
    given = [leaks.printed_number(g) for g in given]
    return leaks.HiddenValues("a", np.sort(np.array(values, dtype=float)), np.array([v for v, _, _ in given]),
                                 np.array([u for _, u, _ in given]))


def test_a_printed_hidden_value_is_found_unless_it_is_given_trivial_or_the_students_own():
    hidden = _hidden([-1.8634927033, 0.25, 3.0, 0.0925007913], given=["0.09250079"])
    assert hidden.revealed_in("W1 has wrong values, expected -1.8634927.") == ["-1.8634927"]
    assert hidden.revealed_in("the cost should be -1.862 here") == []           # 4 digits, but not this value
    assert hidden.revealed_in("the cost should be -1.8635 here") == ["-1.8635"]  # equal to its printed precision
    assert hidden.revealed_in("expected:\n[[ 1.5 -1.86349270]]\ngot:\n[[0.1]]") == ["-1.86349270"]
    assert hidden.revealed_in("got -1.8634927, expected 2.5") == []             # labelled as the student's own
    assert hidden.revealed_in("got:\n[[-1.86349270  0.1]]") == []
    assert hidden.revealed_in("W1 is -1.8634927, expected 2.5") == []
    assert hidden.revealed_in("W1 is -1.8634927 (wrong)") == ["-1.8634927"]     # "is" alone is no label
    assert hidden.revealed_in("difference 0.25 and 3.0 and 3 with W1") == []    # trivial numbers and integers
    assert hidden.revealed_in("expected 0.09250079134604876") == []             # in the release notebook
    assert hidden.revealed_in("got np.float64(0.0925007913), expected 1e-7") == []
    page = "<style>.a { width: 1.8634927em }</style><p>expected &minus;<b>-1.8634927</b></p>"
    assert hidden.revealed_in(leaks.readable_text(page)) == ["-1.8634927"]


def test_a_highlighted_negative_number_keeps_its_sign_on_the_page():
    """Highlighted code puts the minus and the number in two spans: read apart, a given -0.9999988 would be an
    unsigned 0.9999988, matching a hidden +0.9999988 (a saturated sigmoid in a freshly drawn case)."""
    hidden = _hidden([0.9999988015], given=["-0.9999988"])
    page = '<pre><span class="o">-</span><span class="mf">0.9999988</span></pre>'
    assert "-0.9999988" in leaks.readable_text(page)
    assert hidden.revealed_in(leaks.readable_text(page)) == []


def test_hidden_returns_records_what_graded_functions_return_in_hidden_parts_only():
    """The observer leaks.hidden_values hands the grader (end to end: test_hidden_channels.py)."""
    recorder = leaks.HiddenReturns()
    recorder.part_started("setup", "cell")
    recorder.returned("f", (1,), {}, 0.5)
    recorder.part_started("test_f", "public")
    recorder.returned("f", (2,), {}, np.array([1.25, np.nan]))
    recorder.part_started("test_f", "hidden")
    recorder.returned("f", (3,), {}, {"W1": np.array([[2.5, np.inf]]), "b1": [0.125, 7]})
    recorder.returned("f", (4,), {}, "no number")
    recorder.part_started("demo", "cell")
    recorder.returned("f", (5,), {}, 9.75)
    assert [list(v) for v in recorder.values] == [[2.5, 0.125, 7.0], []]


def test_hidden_test_parts_cut_a_test_cell_at_its_markers():
    source = "a = 1\n### BEGIN HIDDEN TESTS\nb = 2\n### END HIDDEN TESTS\nc = 3\n"
    parts = notebooks.hidden_test_parts(source)
    assert [hidden for _, hidden in parts] == [False, True, False]
    assert "b = 2" in parts[1][0] and "b = 2" not in parts[0][0] + parts[2][0] and "".join(p for p, _ in parts) == source


def test_show_prints_the_full_cell_and_the_message_it_got(monkeypatch, capsys):
    assignment, entry = cli.find_entry("regularization/cost_no_m")
    assert (assignment.name, entry.name) == ("regularization", "cost_no_m")
    assert cli.find_entry("mistake-cost_no_m")[1] == entry
    with pytest.raises(SystemExit, match="no catalogue entries"):
        cli.find_entry("no_such_entry")
    message = "cost with lambd = 0.1 is 2.0, expected 1.03: the m is missing"
    graded = _outcome(entry, ["test_compute_cost_with_regularization"], message)
    graded.assignment, graded.messages = "regularization", {"test_compute_cost_with_regularization": message}
    monkeypatch.setattr(cli, "scratch_course", lambda root: "sqlite://")
    monkeypatch.setattr(cli, "grade_with_public_verdicts", lambda root, db, a, entries, workers=None: [graded])
    graded.max_scores = {"test_compute_cost_with_regularization": 2.0}
    graded.lost = ["test_compute_cost_with_regularization"]
    graded.public = _outcome(entry, [])
    assert cli.main(["--show", "cost_no_m"]) == 0
    out = capsys.readouterr().out
    assert entry.code in out and message in out and "caught" in out and entry.description in out
    assert "public tests only: they pass it: only the hidden tests can catch it" in out
    graded.public = _outcome(entry, ["test_compute_cost_with_regularization"], "the public cost test failed")
    graded.public.messages = {"test_compute_cost_with_regularization": "the public cost test failed"}
    assert cli.main(["--show", "cost_no_m"]) == 0
    out = capsys.readouterr().out
    assert "public tests only: they catch it" in out and "the public cost test failed" in out


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
