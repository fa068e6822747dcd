"""Reading instructor notebooks: their graded cells and their solution code."""
import os
import re
from contextlib import contextmanager
from pathlib import Path

import nbformat

SOLUTION_MARKERS = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$", re.M)
# While set, a notebook's `self_check()` cell does nothing (the name utils/selfcheck.py reads).
SELF_CHECK_OFF = "COURSE_SELFCHECK_RUNNING"
HIDDEN_TESTS = re.compile(r"^\s*### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS\s*$", re.M | re.S)


def split_hidden_tests(source):
    """(public part, hidden part) of a test cell's source; the hidden part keeps its marker lines.

    A test cell holds its public tests, then its hidden tests between the markers; text after the
    END marker (there should be none) is run with the hidden part, never with the public one.
    """
    match = HIDDEN_TESTS.search(source)
    if match is None:
        return source, ""
    return source[:match.start()], source[match.start():]


def parse(text):
    """A notebook (version 4) from its text, as nbformat.reads gives it, without checking it against the
    schema (slow, and a hand-in is graded whether or not it is valid). Raises on text that is no notebook."""
    return nbformat.convert(nbformat.reader.reads(text), 4)


def grade_id(cell):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def answer_cells(nb):
    """{grade_id: cell} for the autograded answer cells (one per graded function)."""
    return {grade_id(c): c for c in nb.cells
            if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")}


def test_cells(nb):
    """{grade_id: cell} for the autograder test cells."""
    return {grade_id(c): c for c in nb.cells
            if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")}


test_cells.__test__ = False  # not a pytest test, though its name starts with test_


def solution_source(cell_source):
    """An answer cell's solution with the BEGIN/END SOLUTION marker lines removed."""
    return "\n".join(l for l in cell_source.splitlines() if not SOLUTION_MARKERS.match(l))


def without_magics(source):
    """Drops IPython-only lines (%magic, !shell) so the code runs in plain Python."""
    return "\n".join(l for l in source.splitlines() if not l.lstrip().startswith(("%", "!")))


def blank_magics(source):
    """IPython-only lines (%magic, !shell) made blank, so line numbers stay those of the cell."""
    return "\n".join("" if l.lstrip().startswith(("%", "!")) else l for l in source.splitlines())


def hidden_test_parts(source):
    """[(part, is_hidden)]: a test cell's source cut at its hidden-test markers, in order."""
    parts, start = [], 0
    for m in HIDDEN_TESTS.finditer(source):
        parts += [(source[start:m.start()], False), (m.group(), True)]
        start = m.end()
    return parts + [(source[start:], False)]


@contextmanager
def _in_folder(folder):
    old = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(old)


def run_solution(path, namespace=None):
    """Executes every code cell of an instructor notebook in-process; returns its namespace.

    Runs in the notebook's folder (its staged utils/ and datasets/ must exist: run
    `make release` first) with matplotlib drawing off-screen. Used by the tests
    that check each notebook's lesson holds on real training runs.
    """
    import sys
    import matplotlib
    matplotlib.use("Agg")
    path = Path(path).resolve()
    nb = nbformat.read(path, as_version=4)
    namespace = {} if namespace is None else namespace
    namespace.setdefault("__name__", "__notebook__")
    sys.path.insert(0, str(path.parent))
    # Another notebook's (or a deleted scratch folder's) utils package may be cached: import this one's.
    for name in [m for m in sys.modules if m == "utils" or m.startswith("utils.")]:
        del sys.modules[name]
    quiet_self_check = os.environ.get(SELF_CHECK_OFF)
    os.environ[SELF_CHECK_OFF] = "1"  # a self_check() cell would start a second run of the notebook
    try:
        with _in_folder(path.parent):
            for cell in nb.cells:
                if cell.cell_type == "code":
                    exec(compile(without_magics(cell.source), f"{path.name}:{grade_id(cell)}", "exec"), namespace)
    finally:
        sys.path.remove(str(path.parent))
        if quiet_self_check is None:
            os.environ.pop(SELF_CHECK_OFF, None)
        else:
            os.environ[SELF_CHECK_OFF] = quiet_self_check
        for name in [m for m in sys.modules if m == "utils" or m.startswith("utils.")]:
            del sys.modules[name]
    import matplotlib.pyplot as plt
    plt.close("all")
    return namespace
