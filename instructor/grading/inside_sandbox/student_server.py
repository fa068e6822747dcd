"""The student's process: runs the submitted code, then answers calls from the grader.

Started (inside the sandbox) as
    python -s -P student_server.py [--drop-to UID]
With --drop-to (the grader runs as root), its first act is to become that user,
without groups or capabilities, before it reads anything of the student's.
The first message on stdin then lists the notebook's code cells to run (the
student's answer cells among the course's own cells, test cells left out) and
the seconds each may take (cell_seconds, the grader's GRADER_CELL_TIMEOUT):
nothing the grader sends lies in a file the student could replace, and
nothing is read from the environment.

Protocol: one JSON message per line. Requests come on stdin; replies go to the
original stdout, which is moved away from fd 1 before any student code runs, so
a student's prints (captured per call and sent back as text) cannot mix with it.
Nothing here decides a grade: the grader checks every value it gets back.
"""
import copy
import importlib
import importlib.machinery
import io
import os
import signal
import sys
import traceback
import types
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import wire  # noqa: E402  (the sibling module, imported without the package)

MAX_CAPTURE = 100_000  # characters of student output kept per call


class CellTimeout(BaseException):
    """Raised in a notebook cell that runs too long, so the cells after it still run."""


def drop_privileges(argv):
    """With `--drop-to UID` (the grader runs as root): become UID (group too), with no groups and no
    capabilities, and check that it held."""
    if "--drop-to" not in argv:  # an unprivileged grader: its user namespace already holds no privilege
        return
    user = int(argv[argv.index("--drop-to") + 1])
    os.setgroups([])
    os.setresgid(user, user, user)
    os.setresuid(user, user, user)
    if 0 in os.getresuid() or 0 in os.getresgid() or os.getgroups() or _capabilities():
        raise SystemExit("refusing to run student code with root's privileges")


def _capabilities():
    """The permitted, effective and ambient capability masks of this process, summed (0: none). An
    unreadable status ends the process: better no grading than student code with privileges."""
    with open("/proc/self/status") as status:
        fields = dict(line.split(":", 1) for line in status if ":" in line)
    return sum(int(fields.get(key, "0").strip(), 16) for key in ("CapPrm", "CapEff", "CapAmb"))


def _open_channel():
    """Keeps the real stdout for replies and points fd 1 and fd 2 at /dev/null."""
    reply_fd = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    return os.fdopen(reply_fd, "w", buffering=1), sys.stdin


class Capture(io.StringIO):
    """Collects what student code prints, up to a limit."""

    def write(self, text):
        if self.tell() < MAX_CAPTURE:
            super().write(str(text)[: MAX_CAPTURE - self.tell()])
        return len(text)


def _without_magics(source):
    return "\n".join(l for l in source.splitlines() if not l.lstrip().startswith(("%", "!")))


class Server:
    def __init__(self, replies, requests):
        self.replies, self.requests = replies, requests
        self.namespace = {"__name__": "__main__"}

    def send(self, message):
        self.replies.write(wire.dumps(message) + "\n")
        self.replies.flush()

    def receive(self):
        line = self.requests.readline()
        if not line:
            raise SystemExit(0)  # the grader has gone
        return wire.loads(line)

    def run_cells(self, cells, seconds):
        """Runs the notebook's cells, each for at most `seconds`; returns their errors."""
        def on_alarm(signum, frame):
            raise CellTimeout(f"the cell ran longer than {seconds:g} s and was stopped")

        errors = []
        for index, cell in enumerate(cells):
            self.send({"op": "cell", "index": index})  # if this cell kills us, the grader skips it next time
            capture = Capture()
            signal.signal(signal.SIGALRM, on_alarm)
            try:
                sys.stdout = sys.stderr = capture
                signal.setitimer(signal.ITIMER_REAL, seconds)
                exec(compile(_without_magics(cell["source"]), f"<cell {cell['id']}>", "exec"), self.namespace)
            except BaseException as exc:  # a student's sys.exit() must not stop the grading either
                errors.append({"cell": cell["id"], "error": f"{type(exc).__name__}: {exc}"})
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
                _close_figures()
        return errors

    def callback(self, name):
        """A stand-in for a global the grader has rebound: calls go back to the grader."""
        def call_grader(*args, **kwargs):
            self.send({"op": "callback", "name": name, "args": wire.encode(list(args)),
                       "kwargs": wire.encode(kwargs)})
            reply = self.receive()
            if reply.get("op") == "error":
                raise RuntimeError(reply.get("evalue", "the grader's function failed"))
            return wire.decode(reply["value"])
        call_grader.__name__ = name
        return call_grader

    def call(self, request):
        import numpy as np
        name = request["name"]
        args, kwargs = wire.decode(request["args"]), wire.decode(request["kwargs"])
        given = copy.deepcopy((args, kwargs))  # to send the arguments back only if the call changes them
        rng_given = None
        if request.get("rng") is not None:
            np.random.set_state(wire.decode(request["rng"]))
            rng_given = np.random.get_state()
        helpers = request.get("course_helpers") or {}
        saved = {n: self.namespace.get(n) for n in [*request.get("overrides", []), *helpers]}
        for n in request.get("overrides", []):
            self.namespace[n] = self.callback(n)
        capture = Capture()
        try:
            for n, target in helpers.items():  # the course's own function, from this process's utils/
                module, _, attribute = target.partition(":")
                self.namespace[n] = getattr(importlib.import_module(module), attribute)
            function = self.namespace.get(name)
            if not callable(function):
                raise NameError(f"{name} is not defined: did its cell run without errors?")
            sys.stdout = sys.stderr = capture
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                value = function(*args, **kwargs)
            sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
            reply = {"op": "result", "value": wire.encode(value), "stdout": capture.getvalue()}
            # In-place changes to the arguments go back, so the grader's copies follow (unchanged ones need
            # not: most calls change nothing, and their arguments are the largest part of a call).
            if wire.first_change(given, (args, kwargs)) is not None:
                try:
                    reply["args_after"] = wire.encode(list(args))
                    reply["kwargs_after"] = wire.encode(kwargs)
                except wire.WireError:
                    pass
            rng = np.random.get_state()
            if rng_given is None or wire.first_change(rng_given, rng) is not None:  # else the grader's is the same
                reply["rng"] = wire.encode(rng)
            return reply
        except BaseException as exc:
            sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
            return {"op": "error", "ename": type(exc).__name__, "evalue": str(exc)[:2000],
                    "where": _student_frames(exc), "stdout": capture.getvalue()}
        finally:
            sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
            for n, value in saved.items():
                self.namespace[n] = value
            _close_figures()

    def serve(self):
        while True:
            request = self.receive()
            if request.get("op") == "call":
                reply = self.call(request)
                try:
                    self.send(reply)
                except (TypeError, ValueError) as exc:
                    self.send({"op": "error", "ename": "WireError", "evalue": str(exc), "stdout": ""})
            elif request.get("op") == "exit":
                return


def _student_frames(exc):
    """The lines of the traceback inside the student's cells (no grader internals)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith("<cell ")]
    return [f"{f.filename[1:-1]}, line {f.lineno}, in {f.name}: {f.line or ''}".strip() for f in frames][-5:]


class DeferredModule(types.ModuleType):
    """Stands in for a slow module until code really uses it, then hands over to the real one.

    The notebooks import matplotlib.pyplot (half a second) to draw, and nothing is drawn
    while grading, so most student processes never need it. (importlib's LazyLoader does
    not help here: importing the module a second time already loads it.)
    """

    def __init__(self, name):
        super().__init__(name)
        self.__spec__ = importlib.machinery.ModuleSpec(name, None)
        self.__dict__["_real"] = None

    def __getattr__(self, attribute):  # only for what this stand-in does not have itself
        if self.__dict__["_real"] is None:
            del sys.modules[self.__name__]
            self.__dict__["_real"] = importlib.import_module(self.__name__)
        return getattr(self.__dict__["_real"], attribute)


def _close_figures():
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None and not (isinstance(plt, DeferredModule) and plt.__dict__["_real"] is None):
        try:
            plt.close("all")
        except Exception:
            pass


def fresh_random_state():
    """New seeds from the system's entropy, as a new interpreter has: a forked process would share its
    template's (the grader sets numpy's state for every call anyway)."""
    import random
    random.seed()
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed()


def main():
    drop_privileges(sys.argv[1:])
    serve()


def serve():
    """Runs the notebook's cells the start message lists, then answers calls until the grader goes."""
    os.environ["MPLBACKEND"] = "Agg"
    sys.path.insert(0, os.getcwd())  # the notebook imports utils/ from its own folder (-I leaves it out)
    replies, requests = _open_channel()
    if "matplotlib.pyplot" not in sys.modules:
        sys.modules["matplotlib.pyplot"] = DeferredModule("matplotlib.pyplot")
    server = Server(replies, requests)
    start = server.receive()
    if start.get("op") != "start":
        raise SystemExit("the grader's first message must be its start message")
    warnings.simplefilter("ignore")
    errors = server.run_cells(start["cells"], float(start["cell_seconds"]))
    server.send({"op": "ready", "setup_errors": errors})
    server.serve()


if __name__ == "__main__":
    main()
