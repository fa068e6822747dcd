"""The grader's handle on one student's sandboxed process.

`StudentProcess.call(name, args, kwargs)` runs the student's function in the
sandbox and returns plain data (numbers, arrays, dicts, tuples) decoded by the
grader. A call that runs too long, or a process that dies, raises StudentFault;
the next call starts a fresh process (up to a limit), so one runaway function
costs only its own tests.
"""
import json
import os
import select
import signal
import subprocess
import time

from . import sandbox
from .sandboxed import wire

MAX_RESTARTS = 5


def call_timeout():
    """Seconds one call of a student's function may take (GRADER_CALL_TIMEOUT)."""
    return float(os.environ.get("GRADER_CALL_TIMEOUT", "60"))


# A reply larger than this is not a graded function's result: a student flooding the grader's memory.
MAX_MESSAGE_BYTES = 64 * 1024 * 1024
# Calls back into the grader's stand-ins (a test's counting forward pass, say) per call of a student's function.
MAX_CALLBACKS = 100_000


def setup_timeout():
    """Seconds the student's notebook cells may take to run before any call (GRADER_SETUP_TIMEOUT)."""
    return float(os.environ.get("GRADER_SETUP_TIMEOUT", "300"))


def submission_timeout():
    """Seconds all the calls of one submission may take together (GRADER_SUBMISSION_TIMEOUT)."""
    return float(os.environ.get("GRADER_SUBMISSION_TIMEOUT", "600"))


class StudentFault(RuntimeError):
    """The student's process failed as a whole: timeout, crash, or broken protocol."""


class StudentError(Exception):
    """The student's function raised an exception; the message names it."""


class StudentProcess:
    def __init__(self, workspace, cells):
        self.workspace = workspace
        self.cells_file = "cells.json"
        self.cells = cells
        self.skipped_cells = {}  # index -> why: cells that killed or hung the process during setup
        self.proc = None
        self.starts = 0
        self.setup_errors = []
        self.broken = None  # reason, once the process cannot be (re)started usefully
        self.faults = []    # every timeout or crash, for the grading notes
        self.failed_functions = {}  # function -> why it took the process down; not run again
        # One budget for the whole submission: many calls that each stay under the call timeout still end.
        self.budget_ends = time.monotonic() + submission_timeout()

    # -- process life -------------------------------------------------------
    def _start(self):
        if self.broken:
            raise StudentFault(self.broken)
        if self.starts > MAX_RESTARTS:
            self.broken = "the student's process failed too many times; remaining tests were not run"
            raise StudentFault(self.broken)
        self.starts += 1
        to_run = [c for i, c in enumerate(self.cells) if i not in self.skipped_cells]
        with open(os.path.join(self.workspace, self.cells_file), "w") as f:
            json.dump(to_run, f)
        cmd, env, cwd = sandbox.student_command(self.workspace, self.cells_file)
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     env=env, cwd=cwd, preexec_fn=sandbox.set_limits)
        self._buffer = bytearray()
        running = None
        deadline = min(time.monotonic() + setup_timeout(), self.budget_ends)
        while True:
            try:
                message = self._read(max(deadline - time.monotonic(), 0.01), during="running the notebook's cells")
            except StudentFault as fault:
                if running is None:
                    self.broken = str(fault)
                    raise
                # Skip the cell that hung or killed the process, and start again without it.
                index = self.cells.index(to_run[running])
                self.skipped_cells[index] = str(fault)
                return self._start()
            if message.get("op") == "cell":
                running = message.get("index")
            elif message.get("op") == "ready":
                break
            else:
                self.broken = "the student's process did not start properly"
                raise StudentFault(self.broken)
        self.setup_errors = message.get("setup_errors", []) + [
            {"cell": self.cells[i]["id"], "error": f"skipped: {why}"} for i, why in sorted(self.skipped_cells.items())]

    def close(self):
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()
        self.proc = None

    def _fault(self, reason):
        self.faults.append(reason)
        self.close()
        raise StudentFault(reason)

    # -- messages -----------------------------------------------------------
    def _send(self, message):
        try:
            self.proc.stdin.write((wire.dumps(message) + "\n").encode())
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            self._fault("the student's process ended unexpectedly (killed, crashed or out of memory)")

    def _read(self, timeout, during, deadline=None):
        """The next message; `deadline` (time.monotonic()) is absolute: what the student's side sends
        meanwhile, callbacks included, never extends it."""
        deadline = time.monotonic() + timeout if deadline is None else deadline
        fd = self.proc.stdout.fileno()
        scanned = 0
        while (end := self._buffer.find(b"\n", scanned)) < 0:
            scanned = len(self._buffer)
            left = deadline - time.monotonic()
            if left <= 0:
                self._fault(f"timed out after {timeout:g} s while {during} (an endless loop?)")
            readable, _, _ = select.select([fd], [], [], left)
            if readable:
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    code = self.proc.wait()
                    why = "killed by the CPU or memory limit, or by itself" if code and code < 0 else \
                        f"exited with code {code}"
                    self._fault(f"the student's process ended while {during} ({why})")
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

    # -- calls --------------------------------------------------------------
    def call(self, name, args, kwargs, overrides=None, rng_state=None, on_callback=None, on_output=None):
        """Runs `name(*args, **kwargs)` in the student's process and returns the decoded result.

        overrides: {global name: callable in the grader} rebound in the student's
        namespace for this call; calls to them come back here (on_callback).
        Returns (value, args_after, kwargs_after, rng_after).
        """
        if name in self.failed_functions:
            raise StudentFault(f"{name}() is not run again: earlier it {self.failed_functions[name]}")
        if time.monotonic() >= self.budget_ends:
            raise StudentFault(f"{name}() was not run: this submission used up its {submission_timeout():g} s "
                               "of grading time (GRADER_SUBMISSION_TIMEOUT)")
        if self.proc is None or self.proc.poll() is not None:
            self._start()
        overrides = overrides or {}
        self._send({"op": "call", "name": name, "args": wire.encode(list(args)), "kwargs": wire.encode(kwargs),
                    "overrides": sorted(overrides),
                    "rng": wire.encode(rng_state) if rng_state is not None else None})
        timeout, callbacks = call_timeout(), 0
        # for the whole call: callbacks and printed text do not extend it
        deadline = min(time.monotonic() + timeout, self.budget_ends)
        during = f"running {name}()"
        if deadline == self.budget_ends:
            timeout, during = deadline - time.monotonic(), \
                f"running {name}() (the last of this submission's {submission_timeout():g} s of grading time)"
        while True:
            try:
                reply = self._read(timeout, during=during, deadline=deadline)
            except StudentFault as fault:
                self.failed_functions[name] = str(fault).replace(f" while {during}", "")
                raise
            if on_output and reply.get("stdout"):
                on_output(reply["stdout"])
            op = reply.get("op")
            if op == "callback":
                callbacks += 1
                if callbacks > MAX_CALLBACKS:
                    self.failed_functions[name] = f"made more than {MAX_CALLBACKS} calls to the test's helpers"
                    self._fault(f"{name}() made more than {MAX_CALLBACKS} calls to the test's helpers")
                self._answer_callback(reply, overrides)
                continue
            if op == "error":
                where = "\n".join(reply.get("where", []))
                raise StudentError(f"{name}() raised {reply.get('ename')}: {reply.get('evalue')}"
                                   + (f"\n{where}" if where else ""))
            if op == "result":
                try:
                    decode = wire.decode
                    return (decode(reply["value"]),
                            decode(reply["args_after"]) if "args_after" in reply else None,
                            decode(reply["kwargs_after"]) if "kwargs_after" in reply else None,
                            decode(reply["rng"]) if reply.get("rng") is not None else None)
                except (wire.WireError, KeyError, TypeError, ValueError) as exc:
                    raise StudentError(f"{name}() returned a value that cannot be graded: {exc}")
            self._fault("the student's process sent an unknown message")

    def _answer_callback(self, request, overrides):
        function = overrides.get(request.get("name"))
        try:
            args, kwargs = wire.decode(request["args"]), wire.decode(request["kwargs"])
            value = function(*args, **kwargs)
            self._send({"op": "result", "value": wire.encode(value)})
        except Exception as exc:  # the grader's stand-in failed: tell the student side
            self._send({"op": "error", "evalue": f"{type(exc).__name__}: {exc}"})
