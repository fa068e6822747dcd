"""Stand-ins for the student's functions inside the grader's own namespace.

The grader runs the instructor notebook itself (trusted code, real numpy, the
hidden tests) with every graded function replaced by a `StudentFunction`. A call
goes to the student's sandboxed process as plain data and comes back as fresh
plain data, so nothing the student's code does can reach the grader's objects,
modules or verdicts. What a call does that a test can observe is carried over:
the return value, printed text, in-place changes to array and dict arguments,
and the state of numpy's global random generator.
"""
import sys

import numpy as np

from .student_process import StudentError


def write_back(original, after):
    """Applies in-place changes the student made to an argument to the grader's own object."""
    if isinstance(original, np.ndarray) and isinstance(after, np.ndarray):
        if original.shape == after.shape and original.flags.writeable:
            np.copyto(original, after, casting="unsafe")
    elif isinstance(original, dict) and isinstance(after, dict):
        for key in list(original):
            if key not in after:
                del original[key]
        for key, value in after.items():
            if key in original and _same_kind(original[key], value):
                write_back(original[key], value)
            else:
                original[key] = value
    elif isinstance(original, list) and isinstance(after, list):
        if len(original) == len(after) and all(_same_kind(o, a) for o, a in zip(original, after)):
            for o, a in zip(original, after):
                write_back(o, a)
        else:
            original[:] = after
    elif isinstance(original, tuple) and isinstance(after, tuple) and len(original) == len(after):
        for o, a in zip(original, after):
            write_back(o, a)


def _same_kind(a, b):
    return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape) or \
        (isinstance(a, (dict, list, tuple)) and type(a) is type(b))


class StudentFunction:
    """Calls one of the student's graded functions in their sandboxed process."""

    def __init__(self, name, process, namespace, graded_names):
        self.__name__ = self.name = name
        self.process = process
        self.namespace = namespace
        self.graded_names = graded_names
        self.rebind_baseline = {}  # callables as they stood when the current test cell began

    @property
    def __globals__(self):
        """Like a real function's: tests may rebind globals through it (and the student sees that)."""
        return self.namespace

    def __repr__(self):
        return f"<student function {self.name}>"

    def overrides(self):
        """Globals the grader has rebound that the student's code should see rebound too."""
        found = {}
        for name in self.graded_names:
            value = self.namespace.get(name)
            if callable(value) and not (isinstance(value, StudentFunction) and value.name == name):
                found[name] = value
        for name, value in self.rebind_baseline.items():
            current = self.namespace.get(name)
            if current is not value and callable(current):
                found[name] = current
        return found

    def __call__(self, *args, **kwargs):
        value, args_after, kwargs_after, rng_after = self.process.call(
            self.name, args, kwargs, overrides=self.overrides(), rng_state=np.random.get_state(),
            on_output=sys.stdout.write)
        if args_after is not None:
            for original, after in zip(args, args_after):
                write_back(original, after)
        if kwargs_after is not None:
            for key, original in kwargs.items():
                if key in kwargs_after:
                    write_back(original, kwargs_after[key])
        if rng_after is not None:
            np.random.set_state(rng_after)
        return value


__all__ = ["StudentFunction", "StudentError", "write_back"]
