"""A class of hostile (and one honest) Initialization submissions, each a real notebook.

Every case is built from the release notebook the way a student would hand it in:
answer cells filled in, then changed in one hostile way. EXPECTED gives the exact
score of each test cell (or the failure) the grader must produce.
"""
import json
from pathlib import Path

import nbformat

from instructor import course
from instructor.demo_class import solved_notebook
from instructor.notebooks import answer_cells, grade_id, solution_source, test_cells

ASSIGNMENT = course.by_name("initialization")
ZEROS, RANDOM, HE = "initialize_parameters_zeros", "initialize_parameters_random", "initialize_parameters_he"
FULL = {"test_initialize_parameters_zeros": 2.0, "test_initialize_parameters_random": 2.0,
        "test_initialize_parameters_he": 2.0}
FORGED_GRADE_ID = "test_initialize_parameters_he_forged"


def scores(**zeroed):
    """FULL with the named functions' test cells at 0 (zeros=True, random=True, he=True)."""
    return {k: (0.0 if any(zeroed.get(f) for f in ("zeros", "random", "he") if k.endswith("_" + f)) else v)
            for k, v in FULL.items()}


def _solutions():
    nb = nbformat.read(ASSIGNMENT.source_notebook(), as_version=4)
    return {gid: solution_source(cell.source) for gid, cell in answer_cells(nb).items()}


def _with_answers(**replace):
    nb = solved_notebook(ASSIGNMENT)
    for cell in nb.cells:
        if grade_id(cell) in replace:
            cell.source = replace[grade_id(cell)]
    return nb


def _copy_cell(cell):
    copy = nbformat.from_dict(json.loads(json.dumps(cell)))
    copy["id"] = copy["id"][:50] + "-copy"
    return copy


def _redefine(function, body):
    """The solution cell, then the function defined again with another body."""
    return _solutions()[function] + f"\n\n\ndef {function}(layers_dims):\n" + \
        "\n".join("    " + line for line in body.strip().splitlines()) + "\n"


def build(root, listening_port):
    """Writes every case into root/submitted/<student>/initialization/; returns {student: expected}."""
    sol = _solutions()
    secret_paths = [str(ASSIGNMENT.source_notebook()), str(course.REPO / "gradebook.db"),
                    str(Path(root) / "gradebook.db"), str(Path(root) / "source"),
                    str(Path(root) / "submitted" / "honest"), str(course.REPO / "instructor" / "hidden_tests")]
    cases = {}

    cases["honest"] = (_with_answers(), scores())

    cases["infinite_loop"] = (_with_answers(**{HE: _redefine(HE, "while True:\n    pass")}), scores(he=True))

    cases["kills_its_process"] = (_with_answers(**{RANDOM: _redefine(
        RANDOM, "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")}), scores(random=True))

    cases["memory_bomb"] = (_with_answers(**{ZEROS: _redefine(
        ZEROS, "hog = []\nwhile True:\n    hog.append(bytearray(256 * 1024 * 1024))")}), scores(zeros=True))

    cases["exits_at_top_level"] = (_with_answers(**{ZEROS: sol[ZEROS] + "\nimport sys\nsys.exit(1)\n"}), scores())

    # the cell is stopped, so its function is never defined; the other cells still run
    cases["endless_top_level"] = (_with_answers(**{ZEROS: "while True:\n    pass\n" + sol[ZEROS]}),
                                  scores(zeros=True))

    # test cells emptied, unlocked, duplicated, re-typed, with forged points and a forged grade_id that stays in
    # the notebook; he is wrong. Every test cell comes from source/, so the scores are the source's.
    nb = _with_answers(**{HE: sol[HE].replace("np.sqrt(2.0 / layers_dims[l - 1])", "1.0")})
    tests = [c for c in nb.cells if grade_id(c) in FULL]
    tests[0].source = "pass"
    tests[0].metadata.nbgrader["points"] = 100
    tests[0].metadata.nbgrader["locked"] = False
    tests[1].cell_type = "markdown"
    tests[1].pop("outputs", None)
    tests[1].pop("execution_count", None)
    tests[2].source = "pass"
    tests[2].metadata.nbgrader["grade_id"] = FORGED_GRADE_ID
    nb.cells.append(_copy_cell(tests[0]))
    cases["tampers_with_tests"] = (nb, scores(he=True))

    # every test cell deleted; he is wrong
    nb = _with_answers(**{HE: sol[HE].replace("np.sqrt(2.0 / layers_dims[l - 1])", "1.0")})
    nb.cells = [c for c in nb.cells if grade_id(c) not in FULL]
    cases["deletes_tests"] = (nb, scores(he=True))

    # right on the public inputs; on a hidden test's, an exception whose message quotes them
    cases["raises_with_hidden_inputs"] = (_with_answers(**{
        ZEROS: sol[ZEROS].replace("    parameters = {}", "    if layers_dims != [3, 2, 1]:\n"
                                  "        np.dot(np.ones((layers_dims[0], 1)), np.ones((layers_dims[1], 1)))\n"
                                  "    parameters = {}", 1),
        HE: sol[HE].replace("    parameters = {}", "    if layers_dims != [3, 2, 1]:\n"
                            "        raise ValueError(repr(layers_dims))\n    parameters = {}", 1)}),
        scores(zeros=True, he=True))

    # wrong answers, plus every trick to make checks pass from inside the kernel
    patches = """
import builtins, numpy
np.allclose = numpy.allclose = lambda *a, **k: True
np.array_equal = lambda *a, **k: True
np.any = lambda *a, **k: False
np.testing.assert_allclose = lambda *a, **k: None
np.ndarray = dict
builtins.isinstance = lambda *a: True
builtins.AssertionError = type("Nothing", (Exception,), {})
expect_close = expect_parameter_shapes = all_passed = lambda *a, **k: None
"""
    cases["monkeypatches"] = (_with_answers(**{
        ZEROS: patches + sol[ZEROS].replace("np.zeros((layers_dims[l], layers_dims[l - 1]))",
                                            "np.ones((layers_dims[l], layers_dims[l - 1]))"),
        RANDOM: sol[RANDOM].replace("* 10", "* 11"),
        HE: sol[HE].replace("2.0", "3.0")}), scores(zeros=True, random=True, he=True))

    always_equal = """
class Anything(float):
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __float__(self): return 0.0
    shape = property(lambda self: (1, 1))
"""
    cases["equal_to_anything"] = (_with_answers(**{
        ZEROS: _redefine(ZEROS, always_equal + "return {k: Anything() for k in ['W1', 'b1']}"),
        RANDOM: _redefine(RANDOM, always_equal + "return Anything()"),
        HE: _redefine(HE, "class D(dict):\n    def __eq__(self, o): return True\nreturn D()")}),
        scores(zeros=True, random=True, he=True))

    subclass = """
class Liar(np.ndarray):
    def __eq__(self, other): return np.ones(self.shape, dtype=bool)
    def __ne__(self, other): return np.zeros(self.shape, dtype=bool)
"""
    cases["ndarray_subclass"] = (_with_answers(**{HE: sol[HE] + f"\n_real = {HE}\n" + subclass +
        f"\ndef {HE}(layers_dims):\n    return {{k: (v * 7).view(Liar) for k, v in _real(layers_dims).items()}}\n"}),
        scores(he=True))

    # correct only when nothing secret is visible, nothing outside can be written, and no network
    probe = f"""
import os, socket
leaks = [p for p in {secret_paths!r} if os.path.exists(p)]
marks = ["BEGIN HIDDEN" + " TESTS", "instructor.hidden" + "_tests", "def random" + "_weights("]  # hidden tests, helpers
for folder, _, files in os.walk("."):
    for name in files:
        try:
            text = open(os.path.join(folder, name), errors="ignore").read()
        except OSError:
            continue
        if any(mark in text for mark in marks):
            leaks.append(name)
for target in {str(Path(root) / 'planted.txt')!r}, "/usr/planted.txt":
    try:
        open(target, "w").write("x")
        leaks.append(target)
    except OSError:
        pass
try:
    socket.create_connection(("127.0.0.1", {listening_port}), timeout=2).close()
    leaks.append("network")
except OSError:
    pass
if leaks:
    raise RuntimeError(f"visible: {{leaks}}")
"""
    cases["probes_the_sandbox"] = (_with_answers(**{ZEROS: sol[ZEROS].replace(
        "    parameters = {}", "    parameters = {}\n" + "\n".join("    " + l for l in probe.splitlines()), 1)}),
        scores())

    noisy = "import sys, warnings\nprint('debugging...')\nprint('oops', file=sys.stderr)\nwarnings.warn('careful')\n"
    cases["prints_and_warns"] = (_with_answers(**{
        f: sol[f].replace("    parameters = {}", "    parameters = {}\n" +
                          "\n".join("    " + l for l in noisy.splitlines()), 1) for f in (ZEROS, RANDOM, HE)}),
        scores())

    nb = _with_answers()
    for cell in nb.cells:
        if grade_id(cell) == HE:
            del cell.metadata["nbgrader"]  # a copy-pasted cell: metadata lost, code intact
    cases["lost_cell_metadata"] = (nb, scores())

    nb = _with_answers()
    wrong = _copy_cell(next(c for c in nb.cells if grade_id(c) == HE))
    wrong.source = sol[HE].replace("2.0", "5.0")
    nb.cells.insert(nb.cells.index(next(c for c in nb.cells if grade_id(c) == HE)) + 1, wrong)
    cases["duplicated_answer_cell_last_wins"] = (nb, scores(he=True))

    expected = {}
    for student, (notebook, want) in cases.items():
        folder = Path(root) / "submitted" / student / ASSIGNMENT.name
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / ASSIGNMENT.notebook)
        expected[student] = ("graded", want)

    folder = Path(root) / "submitted" / "renamed_file" / ASSIGNMENT.name
    folder.mkdir(parents=True)
    nbformat.write(_with_answers(), folder / "my_initialization_final.ipynb")
    expected["renamed_file"] = ("graded", scores())

    folder = Path(root) / "submitted" / "corrupt_file" / ASSIGNMENT.name
    folder.mkdir(parents=True)
    (folder / ASSIGNMENT.notebook).write_text('{"cells": [ this is not json')
    expected["corrupt_file"] = ("failed", {})

    folder = Path(root) / "submitted" / "no_notebook" / ASSIGNMENT.name
    folder.mkdir(parents=True)
    (folder / "answers.txt").write_text("I wrote my answers here")
    expected["no_notebook"] = ("failed", {})
    return expected


def build_plain_class(root, n):
    """n ordinary students (alternately all right and one function wrong); returns {student: total}."""
    sol = _solutions()
    totals = {}
    for i in range(n):
        right = i % 2 == 0
        nb = _with_answers() if right else _with_answers(**{HE: sol[HE].replace("2.0", "1.0")})
        folder = Path(root) / "submitted" / f"student_{i:03d}" / ASSIGNMENT.name
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / ASSIGNMENT.notebook)
        totals[f"student_{i:03d}"] = 6.0 if right else 4.0
    return totals


def number_of_test_cells():
    return len(test_cells(nbformat.read(ASSIGNMENT.source_notebook(), as_version=4)))
