"""The grader's side of the student's process: limits the student's side cannot stretch or overflow, and what
of its errors and random state the grader believes."""
import numpy as np
import pytest

from instructor.grading import student_process, warm_start
from instructor.grading.course_helpers import CourseHelper
from instructor.grading.proxies import StudentFunction, rng_state_problem
from instructor.grading.inside_sandbox import wire
from instructor.grading.settings import Settings
from instructor.grading.student_process import StudentError, StudentFault, StudentProcess, mask_numbers

# A student's function that talks to the grader over the reply channel itself: forged callback
# requests, one every quarter second, for ten seconds in all.
FORGING_CALLBACKS = '''
import gc, time, wire

def forge():
    server = next(o for o in gc.get_objects() if type(o).__name__ == "Server")
    for _ in range(40):
        server.send({"op": "callback", "name": "nothing", "args": wire.encode([]), "kwargs": wire.encode({})})
        server.receive()
        time.sleep(0.25)
    return 1
'''

FLOODING = '''
import gc

def flood():
    server = next(o for o in gc.get_objects() if type(o).__name__ == "Server")
    server.replies.write("x" * (3 << 20))  # a "message" with no end
    server.replies.flush()
    return 1
'''

TWO_SLOW_CALLS = '''
import time

def slow():
    time.sleep(3)
    return 1

def quick():
    return 2
'''


def process(tmp_path, source):
    """A student process under the settings the environment gives (read as the grading parent reads them)."""
    return StudentProcess(str(tmp_path), [{"id": "answer", "source": source}], Settings.from_environment())


def test_forged_callbacks_do_not_extend_the_call_deadline(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADER_CALL_TIMEOUT", "2")
    student = process(tmp_path, FORGING_CALLBACKS)
    try:
        with pytest.raises(StudentFault, match="timed out after 2 s while running forge"):
            student.call("forge", [], {})
    finally:
        student.close()


def test_too_many_callbacks_end_the_call(tmp_path, monkeypatch):
    monkeypatch.setattr(student_process, "MAX_CALLBACKS", 5)
    student = process(tmp_path, FORGING_CALLBACKS)
    try:
        with pytest.raises(StudentFault, match="more than 5 calls"):
            student.call("forge", [], {})
        with pytest.raises(StudentFault, match="not run again"):
            student.call("forge", [], {})
    finally:
        student.close()


def test_an_endless_message_is_cut_off_at_the_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(student_process, "MAX_MESSAGE_BYTES", 1 << 20)
    student = process(tmp_path, FLOODING)
    try:
        with pytest.raises(StudentFault, match="more than 1 MB in one message"):
            student.call("flood", [], {})
    finally:
        student.close()


def test_a_submission_has_one_time_budget_for_all_its_calls(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADER_SUBMISSION_TIMEOUT", "5")
    warm_start.prepare(Settings.from_environment())  # as a pool's worker does before its first job: the
    student = process(tmp_path, TWO_SLOW_CALLS)       # template's start (seconds, under load) is no call's
    try:
        assert student.call("slow", [], {})[0] == 1  # each call is well under the call timeout ...
        with pytest.raises(StudentFault, match="the last of this submission's 5 s"):
            student.call("slow", [], {})             # ... but the second one runs out of the budget
        with pytest.raises(StudentFault, match="used up its 5 s of grading time"):
            student.call("quick", [], {})
    finally:
        student.close()


# ---- a student's exception: its type and line reach the test cell; its message only if numpy or Python wrote it

RAISING = '''
import numpy as np

def leak(layers_dims):
    raise ValueError(repr(layers_dims))

def bad_shapes(layers_dims):
    return np.dot(np.ones((layers_dims[0], 1)), np.ones((layers_dims[1], 1)))
'''

# The student's code rewrites what its own process reports: frames naming its inputs, an exception
# type named after them. The grader shows only what it can tell from its own copy of the cells.
FORGING_THE_ERROR = '''
import gc, sys

def forge(layers_dims):
    server = next(o for o in gc.get_objects() if type(o).__name__ == "Server")
    text = repr(layers_dims)
    sys.modules[type(server).__module__]._student_frames = lambda exc: [
        f"cell answer, line 4, in {text}: {text}", f"cell {text}, line 2, in forge: {text}"]
    raise type("E" + "".join(map(str, layers_dims)), (Exception,), {})(text.replace(",", " and"))
'''

HIDDEN = [4, 6, 3, 2, 1]


def test_a_students_exception_shows_its_type_and_line_but_no_numbers(tmp_path):
    student = process(tmp_path, RAISING)
    try:
        with pytest.raises(StudentError) as raised:
            student.call("leak", [HIDDEN], {})
        shown = str(raised.value)
        assert shown.startswith("leak() raised ValueError: a value has the wrong size, shape or content"), shown
        assert shown.endswith("(its message is not shown: it could quote a hidden test's inputs)\n"
                              "cell answer, line 5, in leak: raise ValueError(repr(layers_dims))"), shown
        assert "[4, 6, 3, 2, 1]" in raised.value.detail  # the full text, for the instructor's notes
        assert any("[4, 6, 3, 2, 1]" in text for text in student.masked_errors)

        with pytest.raises(StudentError) as raised:
            student.call("bad_shapes", [HIDDEN], {})
        first_line = str(raised.value).splitlines()[0]
        assert first_line.startswith("bad_shapes() raised ValueError: shapes (#,#) and (#,#) not aligned"), first_line
        assert not any(c.isdigit() for c in first_line)
        assert "in bad_shapes: return np.dot(np.ones((layers_dims[0], 1))" in str(raised.value)
    finally:
        student.close()


def test_a_forged_error_reply_carries_no_hidden_input(tmp_path):
    student = process(tmp_path, FORGING_THE_ERROR)
    try:
        with pytest.raises(StudentError) as raised:
            student.call("forge", [HIDDEN], {})
        shown = str(raised.value)
        # a class of its own is not named, its message not shown; of the frames, the one naming a real cell,
        # told from the grader's copy
        assert shown == "forge() raised an exception of its own class: the line below is where it happened (its " \
                        "message is not shown: it could quote a hidden test's inputs)\ncell answer, line 4, in " \
                        "forge: def forge(layers_dims):", shown
        assert "[4 and 6 and 3 and 2 and 1]" in raised.value.detail  # the instructor's notes keep the message
    finally:
        student.close()


def test_mask_numbers_keeps_words_and_dtype_names():
    assert mask_numbers("shapes (3,4) (4,3)") == "shapes (#,#) (#,#)"
    assert mask_numbers("got 1.5e-05 and -2.75, W12 and .5") == "got # and -#, W# and #"
    assert mask_numbers("cannot cast float64 to int32: 7") == "cannot cast float64 to int32: #"


# ---- numpy's random state coming back from the student's side ----------------------------------------------

class FakeProcess:
    """Stands for a student's process whose call returns `value` and reports `rng` as its random state."""

    def __init__(self, rng):
        self.rng = rng

    def call(self, name, args, kwargs, **options):
        return 1, None, None, self.rng


@pytest.fixture
def grader_rng():
    """The grader's global random state, restored afterwards whatever a test did to it."""
    saved = np.random.get_state()
    yield saved
    np.random.set_state(saved)


def _state(key=None, pos=624, has_gauss=0, cached=0.0, name="MT19937"):
    real = wire.decode(wire.encode(np.random.RandomState(7).get_state()))  # as the wire delivers one
    return (name, real[1] if key is None else key, pos, has_gauss, cached)


ZERO_KEY = np.zeros(624, dtype=np.uint32)
ONLY_UNUSED_BITS = ZERO_KEY.copy()
ONLY_UNUSED_BITS[0] = 0x7FFFFFFF  # MT19937 uses only the top bit of the first word


@pytest.mark.parametrize("state, why", [
    (_state(key=ZERO_KEY), "all zeros"),
    (_state(key=ONLY_UNUSED_BITS), "all zeros"),
    (_state(name="PCG64"), "not MT19937"),
    (_state(key=np.ones(623, dtype=np.uint32)), "624 uint32"),
    (_state(key=np.ones(624, dtype=np.int64)), "624 uint32"),
    (_state(pos=625), "position"),
    (_state(pos=-1), "position"),
    (_state(pos=1.5), "position"),
    (_state(has_gauss=2), "has_gauss"),
    (_state(cached=float("nan")), "cached Gaussian"),
    (_state()[:4], "tuple"),
    ({"bit_generator": "MT19937"}, "tuple"),
])
def test_a_broken_random_state_from_the_student_fails_the_call_and_is_not_taken_over(grader_rng, state, why):
    function = StudentFunction("draws", FakeProcess(state), {}, ["draws"])
    with pytest.raises(StudentError, match=why):
        function()
    after = np.random.get_state()
    assert after[0] == grader_rng[0] and np.array_equal(after[1], grader_rng[1]) and after[2:] == grader_rng[2:]


def test_a_real_random_state_from_the_student_is_taken_over(grader_rng):
    state = _state(pos=17, has_gauss=1, cached=-0.25)
    assert rng_state_problem(state) is None
    assert StudentFunction("draws", FakeProcess(state), {}, ["draws"])() == 1
    after = np.random.get_state()
    assert np.array_equal(after[1], state[1]) and after[2:] == (17, 1, -0.25)


def test_a_student_who_zeroes_the_generator_fails_the_call_and_the_grader_still_draws(tmp_path, grader_rng):
    student = process(tmp_path, "import numpy as np\n\ndef zero():\n"
                                "    np.random.set_state(('MT19937', np.zeros(624, dtype=np.uint32), 624, 0, 0.0))\n"
                                "    return 1\n")
    try:
        with pytest.raises(StudentError, match="all zeros"):
            StudentFunction("zero", student, {}, ["zero"])()
        np.random.randn(3)  # would never return with the student's state
    finally:
        student.close()


CHANGING_OR_NOT = '''
import numpy as np

def reads(a, d):
    return float(a.sum() + d["x"].sum())

def doubles(a, d):
    d["x"] *= 2
    return 0.0

def draws():
    return float(np.random.rand())
'''


def test_arguments_and_random_state_come_back_exactly_when_the_call_changed_them(tmp_path):
    """The student's side sends the arguments back only if the call changed them, and its random state only
    if the call drew from it: the grader's copies follow every change, and nothing else crosses."""
    student = process(tmp_path, CHANGING_OR_NOT)
    a, d = np.arange(3.0), {"x": np.ones(2)}
    state = np.random.get_state()
    try:
        value, args_after, kwargs_after, rng_after = student.call("reads", [a, d], {}, rng_state=state)
        assert value == 5.0 and args_after is None and kwargs_after is None and rng_after is None
        _, args_after, _, rng_after = student.call("doubles", [a, d], {}, rng_state=state)
        assert np.array_equal(args_after[1]["x"], [2.0, 2.0]) and np.array_equal(args_after[0], a)
        assert rng_after is None
        drawn, args_after, _, rng_after = student.call("draws", [], {}, rng_state=state)
        np.random.set_state(state)
        assert drawn == np.random.rand() and args_after is None
        after = np.random.get_state()
        assert np.array_equal(rng_after[1], after[1]) and rng_after[2] == after[2]
        assert student.call("reads", [a, d], {})[3] is not None  # no state given: the student's is reported
    finally:
        student.close()


USING_A_HELPER = '''
def doubled(x):
    return twice(x)

twice = None  # rebound to the test's helper for a call
'''


def test_a_course_helper_runs_in_the_students_process_and_a_grader_function_comes_back(tmp_path):
    """A CourseHelper is bound to the student's own copy of that course function: no call comes back to the
    grader (here the grader could not even import it). Any other helper is called back; either binding
    ends with the call."""
    (tmp_path / "utils").mkdir()
    (tmp_path / "utils" / "__init__.py").write_text("")
    (tmp_path / "utils" / "helper.py").write_text("def twice(x):\n    return 2 * x\n")
    student = process(tmp_path, USING_A_HELPER)
    called_back = []
    try:
        helper = CourseHelper("utils.helper", "twice")
        with pytest.raises(ImportError):
            helper(21)  # not on the grader's path: only the student's process can run it
        assert student.call("doubled", [21], {}, overrides={"twice": helper})[0] == 42
        assert student.call("doubled", [21], {}, overrides={"twice": lambda x: called_back.append(x) or 0})[0] == 0
        assert called_back == [21]
        with pytest.raises(StudentError, match="TypeError"):
            student.call("doubled", [21], {})  # the student's own `twice` again
    finally:
        student.close()


def test_a_course_helper_names_a_function_of_the_course_package_only():
    for module, name in (("os", "system"), ("utilsx.a", "f"), ("utils.vectorize", "a b")):
        with pytest.raises(ValueError):
            CourseHelper(module, name)
    assert CourseHelper("utils.vectorize", "vector_to_dictionary").target == "utils.vectorize:vector_to_dictionary"
