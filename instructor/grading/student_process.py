"""The grader's handle on one student's sandboxed process.

`StudentProcess.call(name, args, kwargs)` runs the student's function in the
sandbox and returns plain data (numbers, arrays, dicts, tuples) decoded by the
grader. A call that runs too long, or a process that dies, raises StudentFault;
the next call starts a fresh process (up to a limit), so one runaway function
costs only its own tests.

Nothing here waits past a deadline: writes to the student's process are non-blocking and
wait for the pipe only until the call's deadline (a student who stops reading cannot block
the grader), a process whose reply channel closes is killed if it does not end at once, and
a callback (the student's code calling a test's helper, run here in trusted code) runs only
while the call has time left and only on arguments of at most MAX_CALLBACK_VALUES values.

When the student's function raises, the message the grader passes on (StudentError)
is built here, from what the grader can vouch for: the exception's type (a Python or
numpy exception's name), and the line of the student's cell it came from, read from
the grader's own copy of the cells. The exception's own message could quote a hidden
test's inputs in any form (digits, words, dict keys, reprs), so it is shown only when,
numbers masked, it is one of Python's or numpy's fixed messages (shape mismatches,
"is not defined", ...; see SHOWN_MESSAGES); otherwise a short hint for its type
stands in. The full text the student's process sent stays in StudentError.detail,
for the instructor.
"""
import ast
import builtins
import collections
import fcntl
import functools
import os
import re
import select
import signal
import subprocess
import time

import numpy as np

from . import sandbox, warm_start
from .course_helpers import CourseHelper
from ..notebooks import without_magics
from .inside_sandbox import wire

MAX_RESTARTS = 5
PIPE_BYTES = 1 << 20  # each pipe to and from the student's process; Linux's default most for a user

# A reply larger than this is not a graded function's result: a student flooding the grader's memory.
MAX_MESSAGE_BYTES = 64 * 1024 * 1024
# Calls back into the grader's stand-ins (a test's counting forward pass, say) per call of a student's function.
MAX_CALLBACKS = 100_000
# Numbers (array elements included) in the arguments of one callback: trusted work on them must stay short.
MAX_CALLBACK_VALUES = 1_000_000
# Seconds to wait for a killed process to be reaped, or for one whose reply channel closed to end.
KILL_GRACE = 2.0


class StudentFault(RuntimeError):
    """The student's process failed as a whole: timeout, crash, or broken protocol."""


class StudentError(Exception):
    """The student's function raised an exception; the message names it.

    str(): what a test cell (and so the student's feedback) may show. detail: the full
    text, for instructor-only notes (it may quote the inputs of hidden tests).
    """

    def __init__(self, message, detail=None):
        super().__init__(message)
        self.detail = message if detail is None else detail


MAX_SHOWN_MESSAGE = 300  # characters of a student's exception message shown in a test cell
MAX_SHOWN_LINE = 160     # characters of the student's source line shown with it
MAX_DETAIL = 2000        # characters of the full text kept for the instructor
# numpy's dtype names keep their digits: they say nothing about the inputs and help to read the message
_DTYPE_NAME = re.compile(r"\b(?:u?int|float|complex)(?:8|16|32|64|128|256)\b")
_NUMBER = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
_EXCEPTION_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,59}")
_FRAME = re.compile(r"cell (?P<cell>.+?), line (?P<line>\d{1,7}), in ")


def mask_numbers(text):
    """`text` with every number written as '#': "shapes (3,4) (4,3)" -> "shapes (#,#) (#,#)".

    A student's exception message can quote a hidden test's inputs, or values computed from
    them (shapes, sizes, keys such as 'W4'). Its words stay, they are the useful part.
    """
    parts, last = [], 0
    for match in _DTYPE_NAME.finditer(text):
        parts += [_NUMBER.sub("#", text[last:match.start()]), match.group()]
        last = match.end()
    parts.append(_NUMBER.sub("#", text[last:]))
    return "".join(parts)


# Python's and numpy's own error messages, as they read after mask_numbers: only these are shown to the
# student. Each slot can carry nothing the student chooses: {shape} is a tuple of masked numbers, {type} and
# {dtype} come from short fixed lists, {name} must be a word of the student's own line (shown anyway) or the
# called function's name.
_SLOTS = {
    "shape": r"\((?:#, ?)*#?,?\)",
    "type": r"(?:int|float|str|bool|complex|dict|list|tuple|set|NoneType|function|method|module|type|range|"
            r"generator|builtin_function_or_method|numpy\.ndarray|numpy\.float64|numpy\.float32|numpy\.int64|"
            r"numpy\.bool_|ndarray|float64|int64)",
    "dtype": r"(?:u?int(?:8|16|32|64)|float(?:16|32|64|128)|complex(?:64|128|256)|bool|object|[<>|=]?[a-zA-Z]#?)",
    "op": r"(?:\*\*|//|<<|>>|[-+*/@%&|^<>])=?(?: or pow\(\))?",
    "name": r"(?P<name{}>[A-Za-z_][A-Za-z0-9_]{{0,59}})",
}
SHOWN_MESSAGES = [
    "operands could not be broadcast together with shapes {shape} {shape}",
    "operands could not be broadcast together with shapes {shape} {shape} {shape}",
    "shapes {shape} and {shape} not aligned: # (dim #) != # (dim #)",
    "matmul: Input operand # has a mismatch in its core dimension #, with gufunc signature "
    "(n?,k),(k,m?)->(n?,m?) (size # is different from #)",
    "could not broadcast input array from shape {shape} into shape {shape}",
    "non-broadcastable output operand with shape {shape} doesn't match the broadcast shape {shape}",
    "cannot reshape array of size # into shape {shape}",
    "all the input array dimensions except for the concatenation axis must match exactly, but along dimension #, "
    "the array at index # has size # and the array at index # has size #",
    "The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()",
    "setting an array element with a sequence.",
    "setting an array element with a sequence. The requested array has an inhomogeneous shape after # dimensions. "
    "The detected shape was {shape} + inhomogeneous part.",
    "only #-dimensional arrays can be converted to Python scalars",
    "only length-# arrays can be converted to Python scalars",
    "index -# is out of bounds for axis # with size #",
    "index # is out of bounds for axis # with size #",
    "axis # is out of bounds for array of dimension #",
    "too many indices for array: array is #-dimensional, but # were indexed",
    "list index out of range",
    "tuple index out of range",
    "string index out of range",
    "name '{name}' is not defined",
    "cannot access local variable '{name}' where it is not associated with a value",
    "unsupported operand type(s) for {op}: '{type}' and '{type}'",
    "'{type}' object is not subscriptable",
    "'{type}' object is not iterable",
    "'{type}' object is not callable",
    "'{type}' object does not support item assignment",
    "'{type}' object has no attribute '{name}'",
    "module 'numpy' has no attribute '{name}'",
    "can only concatenate {type} (not \"{type}\") to {type}",
    "cannot unpack non-iterable {type} object",
    "too many values to unpack (expected #)",
    "not enough values to unpack (expected #, got #)",
    "{name}() missing # required positional argument: '{name}'",
    "{name}() takes # positional arguments but # were given",
    "{name}() takes # positional argument but # were given",
    "Cannot interpret '#' as a data type",
    "'{type}' object cannot be interpreted as an integer",
    "data type '{name}' not understood",
    "Cannot cast ufunc '{name}' output from dtype('{dtype}') to dtype('{dtype}') with casting rule 'same_kind'",
    "division by zero",
    "float division by zero",
    "integer division or modulo by zero",
    "float modulo",
    "math domain error",
    "Singular matrix",
    "values of type {type} cannot be graded",
    "arrays of dtype {dtype} are not accepted",
    "value is nested too deeply",
    "dict keys must be strings",
]


def _template_pattern(template):
    """A template as a regular expression: its text literally, each {slot} as _SLOTS says."""
    parts, names = [], 0
    for literal, slot in re.findall(r"([^{]*)(?:\{(\w+)\})?", template):
        parts.append(re.escape(literal))
        if slot == "name":
            parts.append(_SLOTS["name"].format(names))
            names += 1
        elif slot:
            parts.append(_SLOTS[slot])
    return re.compile("".join(parts))


_SHOWN_PATTERNS = [_template_pattern(t) for t in SHOWN_MESSAGES]
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# Exception types shown by name: Python's own and the few numpy raises. Any other name is the student's own
# class, and a class name could spell anything.
SHOWN_TYPES = {n for n, v in vars(builtins).items() if isinstance(v, type) and issubclass(v, BaseException)} | \
    {"LinAlgError", "AxisError", "UFuncTypeError", "WireError", "CellTimeout"}

# What stands in for a message that is not shown: what the exception usually means in these exercises.
HINTS = {
    "ValueError": "a value has the wrong size, shape or content for what this line does: print the shapes "
                  "of the arrays it uses",
    "KeyError": "a dictionary has no entry under the key asked for: check the key names (W1, b1, ...) and "
                "how many layers there are",
    "IndexError": "an index goes past the end of an array, list or tuple: check the ranges of your loops",
    "TypeError": "a value of the wrong type (None, a list or a dict where a number or array belongs?), or a "
                 "call with arguments its def does not take",
    "AttributeError": "a value has no attribute or method of that name: check what type it is",
    "NameError": "a name is used where it is not defined",
    "UnboundLocalError": "a local variable is used before it is given a value",
    "ZeroDivisionError": "a division by zero",
    "AssertionError": "an assert in your own code failed",
    "RecursionError": "the function calls itself without end",
    "LinAlgError": "a linear-algebra routine failed on this matrix",
    "WireError": "it returned a value the grader cannot take: return numbers, numpy arrays of numbers, and "
                 "dicts, lists or tuples of them",
}
GENERIC_HINT = "the line below is where it happened"


def shown_message(message, vouched_words):
    """The masked `message` if it is one of SHOWN_MESSAGES, else None.

    vouched_words: the words a {name} slot may hold (from the grader's own copy of the student's line).
    """
    masked = mask_numbers(message.strip())
    for pattern in _SHOWN_PATTERNS:
        match = pattern.fullmatch(masked)
        if match and all(word in vouched_words for word in match.groupdict().values()):
            return masked
    return None


def hidden_message_hint(ename):
    """What stands in for an exception's message that is not shown."""
    hint = HINTS.get(ename, GENERIC_HINT)
    return f"{hint} (its message is not shown: it could quote a hidden test's inputs)"


def undecodable_result_error(name, exc):
    """The StudentError for a reply whose value the grader cannot decode. The reply is the student's: its
    decoding error can quote any text it holds (a dtype or shape spelled out), so only a fixed one is shown."""
    detail = _shorten(f"{name}() returned a value that cannot be graded: {exc}", MAX_DETAIL)
    why = shown_message(str(exc), set()) or "it is not made of numbers, numpy arrays of numbers, and dicts, " \
        "lists or tuples of them"
    return StudentError(f"{name}() returned a value that cannot be graded: {why}", detail)


def _shorten(text, limit):
    return text if len(text) <= limit else text[:limit] + " ..."


class StudentProcess:
    """support: a grader-made folder with what the notebook imports (the release's utils/, datasets/); the
    student's process sees it read-only, inside a fresh workspace at each start (see sandbox.py).
    settings: the run's settings.Settings (time limits here, the sandbox's limits, the cell limit inside)."""

    def __init__(self, support, cells, settings):
        self.support = support
        self.settings = settings
        sandbox.make_readable(support)
        self.cells = cells
        self.skipped_cells = {}  # index -> why: cells that killed or hung the process during setup
        self.proc = None
        self.launch = None
        self.cgroup = None
        self.starts = 0
        self.setup_errors = []
        self.broken = None  # reason, once the process cannot be (re)started usefully
        self.faults = []    # every timeout or crash, for the grading notes
        self.failed_functions = {}  # function -> why it took the process down; not run again
        self.masked_errors = []  # full text of the student's exceptions whose shown message was masked
        # Seconds spent, for `make bench`'s breakdown: "sandbox start" (until the process speaks),
        # "student cells" (its imports and definitions), "calls" (waiting on the student's functions).
        self.timings = collections.Counter()
        # One budget for the whole submission: many calls that each stay under the call timeout still end.
        self.budget_ends = time.monotonic() + settings.submission_timeout

    # -- process life -------------------------------------------------------
    def _start(self):
        if self.broken:
            raise StudentFault(self.broken)
        if self.starts > MAX_RESTARTS:
            self.broken = "the student's process failed too many times; remaining tests were not run"
            raise StudentFault(self.broken)
        self.starts += 1
        to_run = [c for i, c in enumerate(self.cells) if i not in self.skipped_cells]
        started = time.perf_counter()
        self._spawn()
        self._buffer = bytearray()
        running = None
        timeout = self.settings.setup_timeout
        deadline = min(time.monotonic() + timeout, self.budget_ends)
        during = "running the notebook's cells"
        try:  # the cells travel over the pipe: the grader writes no file the student could replace
            self._send({"op": "start", "cells": to_run, "cell_seconds": self.settings.cell_timeout}, timeout, during,
                       deadline)
        except StudentFault as fault:
            self.broken = str(fault)
            raise
        while True:
            try:
                message = self._read(timeout, during=during, deadline=deadline)
            except StudentFault as fault:
                if running is None:
                    self.broken = str(fault)
                    raise
                # Skip the cell that hung or killed the process, and start again without it.
                index = self.cells.index(to_run[running])
                self.skipped_cells[index] = str(fault)
                return self._start()
            if message.get("op") == "cell":
                if running is None:
                    spoke = time.perf_counter()
                    self.timings["sandbox start"] += spoke - started
                running = message.get("index")
            elif message.get("op") == "ready":
                self.timings["student cells"] += time.perf_counter() - (spoke if running is not None else started)
                break
            else:
                self.broken = "the student's process did not start properly"
                raise StudentFault(self.broken)
        self.setup_errors = message.get("setup_errors", []) + [
            {"cell": self.cells[i]["id"], "error": f"skipped: {why}"} for i, why in sorted(self.skipped_cells.items())]

    def _spawn(self):
        """Starts the sandbox, in a cgroup of its own where the machine has them: forked from this worker's
        pre-warmed template (warm_start.py), or else from scratch."""
        self.close()  # what is left of an earlier process, and its cgroup
        self.cgroup = sandbox.Cgroup(self.settings) if sandbox.cgroups_usable() else None
        template = warm_start.template_for(self.settings)
        if template is not None:
            try:
                self.proc = template.spawn(self.support, self.cgroup)
                self._nonblocking_pipes()
                return
            except (OSError, subprocess.SubprocessError, warm_start.TemplateUnavailable) as exc:
                warm_start.give_up(self.settings, f"the template failed ({exc}); student processes start from scratch")
                if self.cgroup:
                    self.cgroup.kill_all()
        self.launch = sandbox.Launch(self.support, self.settings)
        try:
            self.proc = subprocess.Popen(
                self.launch.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                env=self.launch.env, cwd=self.launch.cwd, pass_fds=self.launch.pass_fds,
                preexec_fn=functools.partial(sandbox.enter_limits, self.cgroup, self.settings))
        except BaseException:
            self.close()
            raise
        self.launch.started()
        self._nonblocking_pipes()

    def _nonblocking_pipes(self):
        """Reads and writes are tried at once and wait for the pipe (poll) only within a deadline.

        The pipes hold up to PIPE_BYTES: a call's arguments (hundreds of kB for a network's cache) then go
        in one write, instead of one 64 kB piece per turn of the student's process."""
        for pipe in (self.proc.stdin, self.proc.stdout):
            os.set_blocking(pipe.fileno(), False)
            try:
                fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
            except OSError:
                pass  # over this machine's /proc/sys/fs/pipe-max-size: the default size works, in more turns

    def close(self):
        """Ends the student's process and everything it started; never waits long."""
        warm = isinstance(self.proc, warm_start.WarmProcess)
        if self.proc:
            if self.cgroup:
                self.cgroup.kill_all()  # everything in the sandbox at once, whatever left its process group
            if self.proc.poll() is None:
                if warm:
                    self.proc.kill()
                else:
                    try:
                        os.killpg(self.proc.pid, signal.SIGKILL)
                    except (ProcessLookupError, PermissionError):
                        pass
            # A forked process in a cgroup is gone once its cgroup can be removed (below): no need to wait
            # for it here as well.
            if not (warm and self.cgroup):
                try:
                    self.proc.wait(timeout=KILL_GRACE)
                except subprocess.TimeoutExpired:
                    self.faults.append("the student's process could not be stopped; it was left behind")
            for pipe in (self.proc.stdin, self.proc.stdout):
                try:
                    pipe.close()
                except OSError:
                    pass
            if warm:
                self.proc.close()
        if self.cgroup and warm:
            self.cgroup.remove_soon()  # all its processes are killed already
        elif self.cgroup and not self.cgroup.remove():
            self.faults.append("the student's process could not be stopped; it was left behind")
        if self.launch:
            self.launch.close()
        self.proc, self.cgroup, self.launch = None, None, None

    def _fault(self, reason):
        self.faults.append(reason)
        self.close()
        raise StudentFault(reason)

    # -- messages -----------------------------------------------------------
    def _send(self, message, timeout, during, deadline):
        """Writes one message; the student's side may not be reading, so this waits only until `deadline`."""
        data = memoryview((wire.dumps(message) + "\n").encode())
        fd = self.proc.stdin.fileno()
        while data:
            try:
                data = data[os.write(fd, data):]
                continue
            except BlockingIOError:
                pass
            except OSError:
                self._fault("the student's process ended unexpectedly (killed, crashed or out of memory)")
            if not _wait_for(fd, select.POLLOUT, deadline):
                self._fault(f"timed out after {timeout:g} s while {during} (the student's process stopped "
                            "reading)")

    def _read(self, timeout, during, deadline=None):
        """The next message; `deadline` (time.monotonic()) is absolute: what the student's side sends
        meanwhile, callbacks included, never extends it."""
        deadline = time.monotonic() + timeout if deadline is None else deadline
        fd = self.proc.stdout.fileno()
        scanned = 0
        while (end := self._buffer.find(b"\n", scanned)) < 0:
            scanned = len(self._buffer)
            try:
                chunk = os.read(fd, 1 << 20)
            except BlockingIOError:  # nothing yet: wait for it, within the deadline
                if time.monotonic() >= deadline or not _wait_for(fd, select.POLLIN, deadline):
                    self._fault(f"timed out after {timeout:g} s while {during} (an endless loop?)")
                continue
            if not chunk:
                self._fault(f"the student's process ended while {during} ({self._why_it_ended()})")
            if time.monotonic() >= deadline:  # a steady stream without an end of line
                self._fault(f"timed out after {timeout:g} s while {during} (an endless loop?)")
            self._buffer += chunk  # a bytearray: appending is cheap
            if len(self._buffer) > MAX_MESSAGE_BYTES:
                self._fault(f"the student's process sent more than {MAX_MESSAGE_BYTES >> 20} MB in one "
                            f"message while {during}")
        line = bytes(self._buffer[:end])
        del self._buffer[:end + 1]
        try:
            return wire.loads(line)
        except ValueError:
            self._fault("the student's process sent something that is not a reply")

    def _why_it_ended(self):
        """After the reply channel closed: how the process ended. One that lives on without it is killed."""
        try:
            code = self.proc.wait(timeout=KILL_GRACE)
        except subprocess.TimeoutExpired:
            return "it closed its reply channel"
        return "killed by the CPU or memory limit, or by itself" if code and code < 0 else f"exited with code {code}"

    # -- calls --------------------------------------------------------------
    def call(self, name, args, kwargs, overrides=None, rng_state=None, on_callback=None, on_output=None):
        """Runs `name(*args, **kwargs)` in the student's process and returns the decoded result.

        overrides: {global name: callable in the grader} rebound in the student's
        namespace for this call; calls to them come back here, except to a CourseHelper,
        for which the student's process binds its own copy of that course function.
        Returns (value, args_after, kwargs_after, rng_after).
        """
        if name in self.failed_functions:
            raise StudentFault(f"{name}() is not run again: earlier it {self.failed_functions[name]}")
        if time.monotonic() >= self.budget_ends:
            raise StudentFault(f"{name}() was not run: this submission used up its {self.settings.submission_timeout:g} s "
                               "of grading time (GRADER_SUBMISSION_TIMEOUT)")
        if self.proc is None or self.proc.poll() is not None:
            self._start()
        called = time.perf_counter()
        try:
            return self._call(name, args, kwargs, overrides, rng_state, on_callback, on_output)
        finally:
            self.timings["calls"] += time.perf_counter() - called

    def _call(self, name, args, kwargs, overrides, rng_state, on_callback, on_output):
        overrides = overrides or {}
        timeout = self.settings.call_timeout
        # for the whole call: callbacks and printed text do not extend it
        deadline = min(time.monotonic() + timeout, self.budget_ends)
        during = f"running {name}()"
        if deadline == self.budget_ends:
            timeout, during = deadline - time.monotonic(), \
                f"running {name}() (the last of this submission's {self.settings.submission_timeout:g} s of grading time)"
        helpers = {n: f.target for n, f in overrides.items() if isinstance(f, CourseHelper)}  # bound there
        overrides = {n: f for n, f in overrides.items() if n not in helpers}  # calls come back here
        self._send({"op": "call", "name": name, "args": wire.encode(list(args)), "kwargs": wire.encode(kwargs),
                    "overrides": sorted(overrides), "course_helpers": helpers,
                    "rng": wire.encode(rng_state) if rng_state is not None else None}, timeout, during, deadline)
        try:
            return self._serve_call(name, overrides, on_output, timeout, during, deadline)
        except StudentFault as fault:
            self.failed_functions.setdefault(name, str(fault).replace(f" while {during}", ""))
            raise

    def _serve_call(self, name, overrides, on_output, timeout, during, deadline):
        """Reads the call's messages until its result, answering its callbacks within the call's deadline."""
        callbacks = 0
        while True:
            reply = self._read(timeout, during=during, deadline=deadline)
            if on_output and reply.get("stdout"):
                on_output(reply["stdout"])
            op = reply.get("op")
            if op == "callback":
                callbacks += 1
                if callbacks > MAX_CALLBACKS:
                    self.failed_functions[name] = f"made more than {MAX_CALLBACKS} calls to the test's helpers"
                    self._fault(f"{name}() made more than {MAX_CALLBACKS} calls to the test's helpers")
                self._answer_callback(name, reply, overrides, timeout, during, deadline)
                continue
            if op == "error":
                raise self._student_error(name, reply)
            if op == "result":
                try:
                    decode = wire.decode
                    return (decode(reply["value"]),
                            decode(reply["args_after"]) if "args_after" in reply else None,
                            decode(reply["kwargs_after"]) if "kwargs_after" in reply else None,
                            decode(reply["rng"]) if reply.get("rng") is not None else None)
                except (wire.WireError, KeyError, TypeError, ValueError) as exc:
                    raise undecodable_result_error(name, exc)
            self._fault("the student's process sent an unknown message")

    def _student_error(self, name, reply):
        """The StudentError for an error reply; everything in the reply may be forged by the student's code.

        Shown: the exception's type if Python or numpy has one of that name, its message only if it is one of
        SHOWN_MESSAGES (else a hint for the type), and the student's own line, from the grader's copy."""
        ename, evalue, where = reply.get("ename"), reply.get("evalue"), reply.get("where")
        ename = ename if isinstance(ename, str) and _EXCEPTION_NAME.fullmatch(ename) else "an exception"
        evalue = evalue if isinstance(evalue, str) else ""
        where = [w for w in where if isinstance(w, str)] if isinstance(where, list) else []
        message, line = evalue.strip(), self._student_line(where)
        at = f"\n{line}" if line else ""
        shown_type = ename if ename in SHOWN_TYPES else "an exception of its own class"
        shown = shown_message(message, set(_WORD.findall(line)) | {name}) if shown_type == ename else None
        shown = _shorten(shown, MAX_SHOWN_MESSAGE) if shown is not None else hidden_message_hint(shown_type)
        detail = _shorten(f"{name}() raised {ename}: {message}{at}", MAX_DETAIL)
        if shown != message or shown_type != ename:
            self.masked_errors.append(detail)  # for the instructor's notes: the test cell does not show all of it
        return StudentError(f"{name}() raised {shown_type}: {shown}{at}", detail)

    def _student_line(self, where):
        """The innermost frame of `where` ("cell ID, line N, in ...") that names one of the cells this
        process ran, told from the grader's own copy of that cell (its line, and the function around it),
        so a forged frame cannot carry anything else; "" when no frame names such a cell."""
        for frame in reversed(where[-20:]):
            match = _FRAME.match(frame)
            cells = [c for c in self.cells if c.get("id") == match.group("cell")] if match else []
            if len(cells) != 1:  # unknown, or one of the course's anonymous cells
                continue
            lines = without_magics(cells[0].get("source", "")).splitlines()
            number = int(match.group("line"))
            if not 1 <= number <= len(lines):
                continue
            function, text = _enclosing_function(lines, number), lines[number - 1].strip()
            return (f"cell {cells[0]['id']}, line {number}" + (f", in {function}" if function else "")
                    + (f": {_shorten(text, MAX_SHOWN_LINE)}" if text else ""))
        return ""

    def _answer_callback(self, name, request, overrides, timeout, during, deadline):
        """Runs a test helper the student's function called, on the grader's side: only while the call has
        time left, and only on arguments of a bounded size (their size sets the trusted work done)."""
        if time.monotonic() >= deadline:
            self._fault(f"timed out after {timeout:g} s while {during} (an endless loop?)")
        function = overrides.get(request.get("name"))
        try:
            args, kwargs = wire.decode(request["args"]), wire.decode(request["kwargs"])
        except (wire.WireError, KeyError, TypeError, ValueError):
            self._fault(f"{name}() sent a call to the test's helpers that is not plain data")
        if _count_values([args, kwargs]) > MAX_CALLBACK_VALUES:
            self._fault(f"{name}() called the test's helper {request.get('name')}() with more than "
                        f"{MAX_CALLBACK_VALUES:,} values; the grader does not run it on inputs that large")
        try:
            value = function(*args, **kwargs)
            answer = {"op": "result", "value": wire.encode(value)}
        except Exception as exc:  # the grader's stand-in failed: tell the student side
            answer = {"op": "error", "evalue": f"{type(exc).__name__}: {exc}"}
        self._send(answer, timeout, during, deadline)


def _count_values(value):
    """How many values `value` (decoded plain data) holds, a string's characters each: what a callback may cost."""
    if isinstance(value, np.ndarray):
        return value.size
    if isinstance(value, str):
        return max(len(value), 1)
    if isinstance(value, dict):
        return len(value) + sum(_count_values(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return len(value) + sum(_count_values(v) for v in value)
    return 1


def _wait_for(fd, event, deadline):
    """True once `fd` is ready for `event` (select.POLLIN / POLLOUT, or closed); False at `deadline`."""
    poller = select.poll()
    poller.register(fd, event)
    while (left := deadline - time.monotonic()) > 0:
        if poller.poll(max(1, int(left * 1000))):  # whole milliseconds, at least one
            return True
    return False


def _enclosing_function(lines, number):
    """The name of the innermost function whose body holds line `number` of a cell, or None."""
    try:
        tree = ast.parse("\n".join(lines))
    except (SyntaxError, ValueError):
        return None
    found = None
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and \
                node.lineno <= number <= (node.end_lineno or node.lineno):
            if found is None or node.lineno >= found.lineno:
                found = node
    return found.name if found else None
