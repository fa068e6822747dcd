"""Micro benchmark of the grader <-> student wire: `python -m instructor.bench_wire`.

Prints microseconds per encode/decode of the messages a gradient-checking notebook sends most (a test
helper's arguments and its result) and per callback round trip through a real StudentProcess. Not a test:
the figures depend on the machine; compare them before and after a change on the same one.
"""
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from .grading.inside_sandbox import wire
from .grading.settings import Settings
from .grading.student_process import StudentProcess

CALLBACKS = 400  # helper calls in the round-trip run

STUDENT = '''
import numpy as np

def many(n, X, Y, params):
    value = ()
    for _ in range(n):
        value = helper(X, Y, params)
    return len(value)

def empty(n):
    for _ in range(n):
        nothing()
    return n
'''


def typical_arguments():
    """A forward/backward helper's arguments: X (4x3), Y (1x3), a dict of six small parameter arrays."""
    rng = np.random.RandomState(0)
    params = {f"{kind}{layer}": rng.randn(*shape)
              for layer, (rows, cols) in enumerate([(5, 4), (3, 5), (1, 3)], 1)
              for kind, shape in (("W", (rows, cols)), ("b", (rows, 1)))}
    return [rng.randn(4, 3), (rng.rand(1, 3) > 0.5).astype(float), params]


def typical_result():
    """A helper's result: a tuple of about eight small arrays (activations and caches)."""
    rng = np.random.RandomState(1)
    return tuple(rng.randn(*shape) for shape in [(5, 3), (5, 3), (3, 3), (3, 3), (1, 3), (1, 3), (5, 4), (1, 1)])


def per_call_us(function, seconds=0.5):
    """The fastest batch's microseconds per call, over batches taking about `seconds` in all (the fastest: the
    machine's other work only ever slows a batch down)."""
    function()
    runs, started = 0, time.perf_counter()
    while time.perf_counter() - started < 0.05:
        function()
        runs += 1
    batch = max(1, runs * 2)
    figures = []
    for _ in range(max(3, int(seconds / 0.1))):
        started = time.perf_counter()
        for _ in range(batch):
            function()
        figures.append((time.perf_counter() - started) / batch * 1e6)
    return min(figures)


def codec_figures():
    args, result = typical_arguments(), typical_result()
    rng = np.random.RandomState(2).get_state()
    figures = {}
    for label, value in (("args", args), ("result", result), ("rng state", rng)):
        encoded = wire.encode(value)
        line = (wire.dumps(encoded) + "\n").encode()
        figures[f"encode {label}"] = per_call_us(lambda: wire.encode(value))
        figures[f"decode {label}"] = per_call_us(lambda: wire.decode(encoded))
        figures[f"encode+dumps {label}"] = per_call_us(lambda: (wire.dumps(wire.encode(value)) + "\n").encode())
        figures[f"loads+decode {label}"] = per_call_us(lambda: wire.decode(wire.loads(line)))
    return figures


def round_trip_figures():
    """Microseconds per callback (helper called from the student's function) and per plain call."""
    args, result = typical_arguments(), typical_result()
    with tempfile.TemporaryDirectory() as support:
        (Path(support) / "utils").mkdir()
        student = StudentProcess(support, [{"id": "answer", "source": STUDENT}], Settings())
        try:
            helper = {"helper": lambda X, Y, params: result}
            student.call("many", [1, *args], {}, overrides=helper)  # starts the process
            timed = {}
            for function, arguments, override in (("many", args, helper), ("empty", [], {"nothing": lambda: None})):
                for n in (1, CALLBACKS + 1):
                    best = float("inf")
                    for _ in range(5):
                        started = time.perf_counter()
                        student.call(function, [n, *arguments], {}, overrides=override)
                        best = min(best, time.perf_counter() - started)
                    timed[function, n] = best
            rng = np.random.RandomState(3).get_state()
            call = per_call_us(lambda: student.call("many", [0, *args], {}, overrides=helper, rng_state=rng),
                               seconds=1.0)
        finally:
            student.close()
    return {"callback round trip": (timed["many", CALLBACKS + 1] - timed["many", 1]) / CALLBACKS * 1e6,
            "empty callback round trip (the pipes' share)":
                (timed["empty", CALLBACKS + 1] - timed["empty", 1]) / CALLBACKS * 1e6,
            "call with rng state (no callback)": call}


def main():
    figures = codec_figures()
    if "--codec-only" not in sys.argv:
        figures.update(round_trip_figures())
    width = max(map(len, figures))
    for label, us in figures.items():
        print(f"{label:<{width}}  {us:8.1f} us")


if __name__ == "__main__":
    main()
