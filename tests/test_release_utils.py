"""No helper shipped in release/*/utils/ does a graded function's work (issue 14, item 4).

utils/gradcheck_net.py once shipped difference_by_parameter, the whole gradient_check_n algorithm under another
name. This test would have caught it, and catches the like in any assignment, by behaviour rather than by name:

1. Each instructor notebook is run with its graded functions recorded: the arguments of their first calls (the
   public and hidden tests' own inputs) and what the solution returned.
2. Every function defined in a release's utils/ that can take all the arguments of such a call is called with
   them (copies, and numpy's random state as it was), and must
   - not return what the graded function returned (unless that is a whole number or one of the arguments, which
     helpers return by coincidence), and
   - not repeat the graded function's inner loop: the calls the solution makes to one course helper four times
     or more (gradient_check_n runs forward_propagation_n on 94 nudged parameter sets; difference_by_parameter
     ran the same 94), traced through every utils function.
"""
import contextlib
import copy
import functools
import importlib
import inspect
import os
import sys
from collections import Counter

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from instructor import course, release  # noqa: E402
from instructor.notebooks import SELF_CHECK_OFF, answer_cells, without_magics

CALLS_PER_FUNCTION = 6
SKIPPED_MODULES = {"__init__", "selfcheck"}  # student tooling: runs notebooks, computes nothing of the course
LOOP = 4  # a helper the solution calls this many times or more is its inner loop


class Recorder:
    """Stands in for a graded function in the notebook: calls it, and keeps its first calls."""

    def __init__(self, function, namespace):
        self.function, self.namespace, self.calls = function, namespace, []
        self.__name__ = function.__name__
        self.__signature__ = inspect.signature(function)

    @property
    def __globals__(self):  # the tests rebind the function's globals through it
        return self.namespace

    def __call__(self, *args, **kwargs):
        if len(self.calls) < CALLS_PER_FUNCTION:
            before = (copy.deepcopy((args, kwargs)), np.random.get_state())
            result = self.function(*args, **kwargs)
            self.calls.append((*before, copy.deepcopy(result)))
            return result
        return self.function(*args, **kwargs)


def _forget_utils():
    for name in [m for m in sys.modules if m == "utils" or m.startswith("utils.")]:
        del sys.modules[name]


@contextlib.contextmanager
def _importing_from(folder):
    """`import utils...` finds folder/utils while the block runs; the modules are forgotten afterwards."""
    _forget_utils()
    sys.path.insert(0, str(folder))
    try:
        yield
    finally:
        sys.path.remove(str(folder))
        _forget_utils()


def record_graded_calls(assignment):
    """{function name: (the solution function, its recorded calls)}, from a run of the instructor notebook."""
    release.stage_support_files(assignment)
    path = assignment.source_notebook()
    nb = nbformat.read(path, as_version=4)
    graded = set(answer_cells(nb))
    namespace, recorders = {"__name__": "__notebook__"}, {}
    saved = {k: os.environ.get(k) for k in ("NBGRADER_EXECUTION", SELF_CHECK_OFF)}
    os.environ.update({"NBGRADER_EXECUTION": "autograde", SELF_CHECK_OFF: "1"})  # short demonstrations
    cwd = os.getcwd()
    try:
        with _importing_from(path.parent):
            os.chdir(path.parent)
            for cell in nb.cells:
                if cell.cell_type == "code":
                    exec(compile(without_magics(cell.source), str(path), "exec"), namespace)
                    for name in graded & set(namespace):
                        if not isinstance(namespace[name], Recorder):
                            recorders[name] = namespace[name] = Recorder(namespace[name], namespace)
    finally:
        os.chdir(cwd)
        for key, value in saved.items():
            os.environ.pop(key) if value is None else os.environ.__setitem__(key, value)
        plt.close("all")
    return {name: (r.function, r.calls) for name, r in recorders.items()}


def release_helpers():
    """[(where, function)] for every function defined in a module of release/<assignment>/utils/."""
    found = []
    for assignment in course.assignments():
        folder = course.REPO / "release" / assignment.name
        with _importing_from(folder):
            for path in sorted((folder / "utils").glob("*.py")):
                if path.stem in SKIPPED_MODULES:
                    continue
                module = importlib.import_module(f"utils.{path.stem}")
                found += [(f"release/{assignment.name}/utils/{path.name}:{name}", value)
                          for name, value in vars(module).items()
                          if inspect.isfunction(value) and value.__module__ == module.__name__]
    return found


def fingerprint(value):
    """A hashable summary of a value: equal for equal arrays, dicts, lists and numbers."""
    if isinstance(value, np.ndarray):
        return ("array", value.shape, value.tobytes())
    if isinstance(value, dict):
        return ("dict", tuple(sorted((str(k), fingerprint(v)) for k, v in value.items())))
    if isinstance(value, (list, tuple)):
        return ("seq", tuple(fingerprint(v) for v in value))
    if isinstance(value, (int, float, np.number)):
        return ("number", float(value))
    return ("other", type(value).__name__)


@contextlib.contextmanager
def tracing(spaces, log):
    """While active, every call through `spaces` (module or notebook dicts) to a utils function is logged."""
    saved = []
    for space in spaces:
        for name, value in list(space.items()):
            if inspect.isfunction(value) and (value.__module__ or "").startswith("utils"):
                def traced(*args, _function=value, **kwargs):
                    log.append((_function.__name__, fingerprint((args, kwargs))))
                    return _function(*args, **kwargs)
                saved.append((space, name, value))
                space[name] = functools.wraps(value)(traced)
    try:
        yield log
    finally:
        for space, name, value in reversed(saved):
            space[name] = value


def utils_spaces(function):
    """The dicts a function looks names up in: its globals and those of every loaded utils module."""
    return [function.__globals__] + [vars(m) for n, m in list(sys.modules.items())
                                     if n.startswith("utils.") and m is not None]


def same(a, b):
    """a and b hold the same numbers in the same structure."""
    if isinstance(a, dict) or isinstance(b, dict):
        return isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        return (isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)) and len(a) == len(b)
                and all(same(x, y) for x, y in zip(a, b)))
    try:
        return np.shape(a) == np.shape(b) and bool(np.allclose(a, b, rtol=1e-6, atol=1e-12))
    except (TypeError, ValueError):
        return False


def informative(result, args, kwargs):
    """False for a whole number (0, 1, False, 15, ...), which many helpers return by coincidence, and for one of
    the arguments itself (backward_propagation returns x: any helper that returns an argument does that too)."""
    if any(same(result, given) for given in (*args, *kwargs.values())):
        return False
    if isinstance(result, (bool, int, float, np.number)):
        return not float(result).is_integer()
    return True


def run_traced(function, args, kwargs, state):
    log = []
    np.random.set_state(state)
    with tracing(utils_spaces(function), log), np.errstate(all="ignore"):
        result = function(*copy.deepcopy(args), **copy.deepcopy(kwargs))
    return result, Counter(log)


def loops(log):
    """{helper: Counter of its calls} for each helper called LOOP times or more."""
    by_helper = {}
    for (helper, arguments), count in log.items():
        by_helper.setdefault(helper, Counter())[(helper, arguments)] += count
    return {h: c for h, c in by_helper.items() if sum(c.values()) >= LOOP}


def takes_all(helper, args, kwargs):
    try:
        inspect.signature(helper).bind(*args, **kwargs)
        return True
    except (TypeError, ValueError):
        return False


def giveaways(graded, helpers):
    """[(helper, graded function, what it reproduces)] for every helper that does a graded function's work."""
    found = []
    for function_name, (solution, calls) in graded.items():
        for (args, kwargs), state, result in calls:
            _, reference_log = run_traced(solution, args, kwargs, state)
            for where, helper in helpers:
                if not takes_all(helper, args, kwargs):
                    continue
                try:
                    with contextlib.redirect_stdout(None):
                        value, log = run_traced(helper, args, kwargs, state)
                except Exception:
                    continue
                finally:
                    plt.close("all")
                if informative(result, args, kwargs) and same(value, result):
                    found.append((where, function_name, "its result"))
                for loop_helper, calls_made in loops(reference_log).items():
                    repeated = sum((calls_made & log).values())
                    if repeated >= 0.9 * sum(calls_made.values()):
                        found.append((where, function_name, f"its {sum(calls_made.values())} calls to {loop_helper}"))
    return sorted(set(found))


@pytest.fixture(scope="module")
def graded_calls():
    state = np.random.get_state()
    try:
        return {a.name: record_graded_calls(a) for a in course.assignments()}
    finally:
        np.random.set_state(state)


def test_every_graded_function_was_recorded(graded_calls):
    for assignment in course.assignments():
        functions = set(answer_cells(nbformat.read(assignment.source_notebook(), as_version=4)))
        assert set(graded_calls[assignment.name]) == functions
        assert all(calls for _, calls in graded_calls[assignment.name].values())


def test_no_release_helper_does_a_graded_functions_work(graded_calls):
    helpers = release_helpers()
    assert len(helpers) > 10, "the release helpers were not found"
    state = np.random.get_state()
    try:
        found = [item for assignment in graded_calls.values() for item in giveaways(assignment, helpers)]
    finally:
        np.random.set_state(state)
    assert found == [], "release helpers that reproduce a graded function:\n" + "\n".join(
        f"  {where} reproduces {function} ({what})" for where, function, what in found)
