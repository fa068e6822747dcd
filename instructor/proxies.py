"""Stand-ins for the student's functions inside the grader's own namespace.

The grader runs the instructor notebook itself (trusted code, real numpy, the
hidden tests) with every graded function replaced by a `StudentFunction`. A call
goes to the student's sandboxed process as plain data and comes back as fresh
plain data, so nothing the student's code does can reach the grader's objects,
modules or verdicts. What a call does that a test can observe is carried over:
the return value, printed text (only to a test that captures it: in any cell's
output it could show hidden inputs), in-place changes to array
arguments (see write_back) and the state of numpy's global random generator (once
rng_state_problem finds nothing wrong with it: a forged state could hang the grader).

In-place changes are also recorded (`changed_arguments`): no graded function of
this course may change its inputs, and a test cell in which one did cannot pass
(see job.py), so a student's process that reports forged changes to the arrays
a hidden test shares with the call cannot make that test pass.
"""
import math
import sys

import numpy as np

from .student_process import StudentError


def write_back(original, after):
    """Applies in-place changes the student made to an argument to the grader's own object.

    Only what an in-place operation on the argument could do is believed: new values in
    arrays that keep their shape and dtype, inside dicts, lists and tuples that keep their
    keys and lengths. Whatever else the student's process reports (new or deleted keys,
    other shapes, dtypes or types) is a forgery or a rebinding: that part stays as it was.
    """
    if isinstance(original, np.ndarray):
        if isinstance(after, np.ndarray) and original.shape == after.shape and \
                original.dtype == after.dtype and original.flags.writeable:
            np.copyto(original, after)
    elif isinstance(original, dict) and isinstance(after, dict):
        for key in original:
            if key in after:
                write_back(original[key], after[key])
    elif isinstance(original, (list, tuple)) and type(after) is type(original) and len(original) == len(after):
        for o, a in zip(original, after):
            write_back(o, a)


def first_change(original, after, where=""):
    """Where `after` differs from `original` ("" for the whole value, "['dW3']" for a part), or None."""
    if isinstance(original, np.ndarray):
        same = isinstance(after, np.ndarray) and original.shape == after.shape and \
            original.dtype == after.dtype and original.tobytes() == after.tobytes()
        return None if same else where
    if type(after) is not type(original):
        return where
    if isinstance(original, dict):
        if set(original) != set(after):
            return where
        parts = (first_change(original[k], after[k], f"{where}[{k!r}]") for k in original)
    elif isinstance(original, (list, tuple)):
        if len(original) != len(after):
            return where
        parts = (first_change(o, a, f"{where}[{i}]") for i, (o, a) in enumerate(zip(original, after)))
    else:
        same = original == after or (original != original and after != after)  # NaN stays NaN
        return None if same else where
    return next((part for part in parts if part is not None), None)


MT_KEY_WORDS = 624  # numpy's legacy generator, MT19937: 624 words of 32 bits, of which 19,937 bits count


def rng_state_problem(state):
    """Why `state`, numpy's global random state as the student's process reports it, is not one the
    grader may take over, or None. A real np.random.get_state() passes. Rejected: anything of another
    form, a key whose 19,937 bits that count are all zero (numpy's generator then draws only zeros and
    np.random.randn never returns), and a position outside the key (numpy does not check it)."""
    if type(state) is not tuple or len(state) != 5:
        return "it is not a (name, key, pos, has_gauss, cached_gaussian) tuple"
    name, key, pos, has_gauss, cached_gaussian = state
    if name != "MT19937":
        return "its generator is not MT19937"
    if not (isinstance(key, np.ndarray) and key.dtype == np.uint32 and key.shape == (MT_KEY_WORDS,)):
        return f"its key is not an array of {MT_KEY_WORDS} uint32"
    if not key[0] & np.uint32(0x80000000) and not key[1:].any():  # only the top bit of key[0] is used
        return "its key is all zeros, from which numpy's generator draws only zeros"
    if not isinstance(pos, (int, np.integer)) or isinstance(pos, bool) or not 0 <= pos <= MT_KEY_WORDS:
        return f"its position is not a whole number from 0 to {MT_KEY_WORDS}"
    if not isinstance(has_gauss, (int, np.integer)) or has_gauss not in (0, 1):
        return "its has_gauss flag is not 0 or 1"
    if not isinstance(cached_gaussian, (float, np.floating)) or not math.isfinite(cached_gaussian):
        return "its cached Gaussian is not a finite number"
    return None


class StudentFunction:
    """Calls one of the student's graded functions in their sandboxed process."""

    def __init__(self, name, process, namespace, graded_names):
        self.__name__ = self.name = name
        self.process = process
        self.namespace = namespace
        self.graded_names = graded_names
        self.rebind_baseline = {}  # callables as they stood when the current test cell began
        # The current cell's own output: the student's prints are dropped there (they could show hidden
        # inputs in the feedback) but still reach a test that captures stdout to check them.
        self.silenced_stream = None
        self.changed_arguments = []  # "argument 2['dW3']" for each in-place change since the last reset

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

    def _show_output(self, text):
        if sys.stdout is not self.silenced_stream:
            sys.stdout.write(text)

    def __call__(self, *args, **kwargs):
        value, args_after, kwargs_after, rng_after = self.process.call(
            self.name, args, kwargs, overrides=self.overrides(), rng_state=np.random.get_state(),
            on_output=self._show_output)
        if rng_after is not None and (problem := rng_state_problem(rng_after)) is not None:
            # the grader's own generator stays as it was: a broken one could hang the trusted grader
            raise StudentError(f"{self.name}() left numpy's random generator in a state numpy itself never "
                               f"produces ({problem}); did it call np.random.set_state?")
        changes = []
        if args_after is not None:
            changes += [(f"argument {i + 1}", original, after) for i, (original, after) in enumerate(zip(args, args_after))]
        if kwargs_after is not None:
            changes += [(f"argument {key}", kwargs[key], kwargs_after[key]) for key in kwargs if key in kwargs_after]
        for label, original, after in changes:
            where = first_change(original, after)
            if where is not None:
                self.changed_arguments.append(label + where)
                write_back(original, after)
        if rng_after is not None:
            np.random.set_state(rng_after)
        return value


__all__ = ["StudentFunction", "StudentError", "first_change", "rng_state_problem", "write_back"]
