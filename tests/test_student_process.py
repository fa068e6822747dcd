"""The grader's side of the student's process: limits the student's side cannot stretch or overflow."""
import pytest

from instructor import student_process
from instructor.student_process import StudentFault, StudentProcess

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
    time.sleep(1.5)
    return 1

def quick():
    return 2
'''


def process(tmp_path, source):
    return StudentProcess(str(tmp_path), [{"id": "answer", "source": source}])


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
    monkeypatch.setenv("GRADER_SUBMISSION_TIMEOUT", "2.5")
    student = process(tmp_path, TWO_SLOW_CALLS)
    try:
        assert student.call("slow", [], {})[0] == 1  # each call is well under the call timeout ...
        with pytest.raises(StudentFault, match="the last of this submission's 2.5 s"):
            student.call("slow", [], {})             # ... but the second one runs out of the budget
        with pytest.raises(StudentFault, match="used up its 2.5 s of grading time"):
            student.call("quick", [], {})
    finally:
        student.close()
