"""The wire format between the grader and the student's process: what it carries intact, and how it refuses
everything else (always a WireError when decoding, never another exception the grader does not expect)."""
import numpy as np
import pytest

from instructor.grading.inside_sandbox import wire
from instructor.grading.settings import Settings
from instructor.grading.student_process import StudentFault, StudentProcess


def trip(value):
    return wire.decode(wire.loads(wire.dumps(wire.encode(value))))


def test_plain_values_numbers_and_arrays_arrive_as_they_left():
    big_endian = np.arange(4, dtype=">i4").reshape(2, 2)
    value = [None, True, 3, 2.5, float("nan"), "text", (1, (2.0,)), {"a": [np.int8(-3), np.float32(0.5)]},
             np.bool_(True), np.uint64(2 ** 63), np.float16(1.5), np.arange(6.0).reshape(2, 3).T, np.zeros((0, 3)),
             np.array(7), big_endian, np.array([[True], [False]]), np.arange(24, dtype=np.uint8).reshape(2, 3, 4)]
    back = trip(value)
    assert back[:4] == value[:4] and np.isnan(back[4]) and back[5:7] == value[5:7]
    assert back[7]["a"][0] == -3 and type(back[7]["a"][0]) is np.int8 and type(back[7]["a"][1]) is np.float32
    for sent, got in zip(value[8:], back[8:]):
        assert type(got) is type(sent) and got.dtype == sent.dtype and np.shape(got) == np.shape(sent)
        assert np.array_equal(got, sent)


def test_decoded_arrays_are_writable_and_their_own():
    message = wire.loads(wire.dumps(wire.encode([np.arange(6.0).reshape(2, 3), np.ones(2)])))
    first, second = wire.decode(message)
    assert first.flags.writeable and first.flags.owndata and first.flags.c_contiguous and first.flags.aligned
    first[0, 0] = 99.0
    assert wire.decode(message)[0][0, 0] == 0.0  # the message itself is untouched


class EqualsAnything:
    def __eq__(self, other):
        return True


class Text(str):
    pass


@pytest.mark.parametrize("value", [EqualsAnything(), Text("x"), np.array(["a"]), np.array([1 + 2j]),
                                   np.array([None], dtype=object), np.zeros(2, dtype=[("a", "f8")]),
                                   np.datetime64("2020-01-01"), np.complex128(1j), {1: 2}, {"a": {3: 4}},
                                   [EqualsAnything()]])
def test_what_is_not_plain_numeric_data_is_refused(value):
    with pytest.raises(wire.WireError):
        wire.encode(value)


def nested(depth):
    value = []
    for _ in range(depth):
        value = [value]
    return value


def test_nesting_is_limited_both_ways():
    assert trip(nested(50)) == nested(50)
    with pytest.raises(wire.WireError, match="nested too deeply"):
        wire.encode(nested(51))
    with pytest.raises(wire.WireError, match="nested too deeply"):
        wire.decode(nested(51))  # a forged message: encode would never have made it
    with pytest.raises(ValueError):
        wire.loads("[" * 100_000 + "]" * 100_000)  # deeper than the JSON parser goes: not a RecursionError


EIGHT_BYTES = "AAAAAAAAAAA="


def array(**changes):
    return {"__ndarray__": EIGHT_BYTES, "dtype": "<f8", "shape": [1], **changes}


@pytest.mark.parametrize("data", [
    array(shape=[2]), array(shape=[]) | {"__ndarray__": ""}, array(shape=[0]), array(shape=[-1]),
    array(shape=[-1, -1]), array(shape=[1.0]), array(shape=[True]), array(shape=["1"]), array(shape=1),
    array(shape=[0, 10 ** 20]), array(shape=[1] * 65), array(dtype="f8"), array(dtype="<c16"), array(dtype="|O"),
    array(dtype="|V8"), array(dtype=["a"]), array(dtype=[["a", "<f8"]]), array(__ndarray__=5),
    array(__ndarray__="AAAA\u00e9AAAAAAA="), array(__ndarray__="A"), array(extra=1),
    {"__npscalar__": "", "dtype": "<f8"}, {"__npscalar__": "AAAAAAAAAAAAAAAA", "dtype": "<f8"},
    {"__npscalar__": EIGHT_BYTES, "dtype": "|O"}, {"__dict__": 5}, {"__dict__": {}, "__tuple__": []},
    {"__tuple__": 5}, {"__ndarray__": EIGHT_BYTES, "dtype": "<f8"}, {"key": 1}, {}, b"bytes",
], ids=lambda data: repr(data)[:60])
def test_forged_tagged_forms_are_refused_with_a_wire_error(data):
    with pytest.raises(wire.WireError):
        wire.decode(data)
    with pytest.raises(wire.WireError):
        wire.decode([1, {"__tuple__": [data]}])


FORGING_A_BAD_SCALAR = '''
import gc

def forge():
    server = next(o for o in gc.get_objects() if type(o).__name__ == "Server")
    server.send({"op": "callback", "name": "helper", "args": [{"__npscalar__": "", "dtype": "<f8"}],
                 "kwargs": {"__dict__": {}}})
    return server.receive()
'''


def test_a_forged_callback_that_is_not_plain_data_ends_the_call_cleanly(tmp_path):
    student = StudentProcess(str(tmp_path), [{"id": "answer", "source": FORGING_A_BAD_SCALAR}], Settings())
    try:
        with pytest.raises(StudentFault, match="not plain data"):
            student.call("forge", [], {}, overrides={"helper": lambda *args: 1})
    finally:
        student.close()
