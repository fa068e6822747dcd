"""release/ is current, holds no solutions or hidden tests, and every test cell fails on it."""
import ast
import re
import shutil

import nbformat
import pytest

from instructor import course, release
from instructor.notebooks import HIDDEN_TESTS, answer_cells, solution_source, test_cells, without_magics
from instructor.validate import validate

ASSIGNMENTS = course.assignments()
IDS = [a.name for a in ASSIGNMENTS]
RELEASE = course.REPO / "release"
SOLUTION_BLOCK = re.compile(r"### BEGIN SOLUTION.*?### END SOLUTION", re.S)
# Solution lines shorter than this (after dropping comments) are common steps that the provided code and the
# notebooks' own text use too (`dZ3 = A3 - Y`, `A1 = relu(Z1)`): finding one of them proves nothing.
MIN_LEAK_LENGTH = 25


# ---------------------------------------------------------------- what a leak is

def graded_functions():
    """{function: (assignment, parameter names)} for every graded function of the course."""
    found = {}
    for assignment in ASSIGNMENTS:
        for name, cell in answer_cells(nbformat.read(assignment.source_notebook(), as_version=4)).items():
            node = next(n for n in ast.walk(ast.parse(without_magics(cell.source)))
                        if isinstance(n, ast.FunctionDef) and n.name == name)
            found[name] = (assignment.name, [a.arg for a in node.args.args])
    return found


def solution_lines():
    """{line: function} for the non-trivial solution lines of every answer cell, comments dropped.

    A line the student is given anyway (a notebook's text outside solutions and hidden tests, e.g. a
    formula in the instructions or a provided helper cell) is no leak and is left out.
    """
    lines, given = {}, []
    for assignment in ASSIGNMENTS:
        nb = nbformat.read(assignment.source_notebook(), as_version=4)
        for cell in nb.cells:
            given.append(HIDDEN_TESTS.sub("", SOLUTION_BLOCK.sub("", cell.source)))
        for name, cell in answer_cells(nb).items():
            for block in SOLUTION_BLOCK.findall(cell.source):
                for line in block.splitlines()[1:-1]:
                    code = line.split("#")[0].strip()
                    if len(code) >= MIN_LEAK_LENGTH:
                        lines[code] = name
    given = "\n".join(given)
    return {line: name for line, name in lines.items() if line not in given}


def release_files(root):
    """{path: text} of every file under `root`, caches aside (binary files decoded leniently)."""
    return {p: p.read_bytes().decode("utf-8", errors="replace") for p in sorted(root.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts}


def python_sources(path, text):
    """[(where, source)] of the Python in one file: a module, or each code cell of a notebook."""
    if path.suffix == ".py":
        return [(str(path), text)]
    if path.suffix != ".ipynb":
        return []
    sources = []
    for index, cell in enumerate(nbformat.reads(text, as_version=4).cells):
        if cell.cell_type == "code":
            label = cell.metadata.get("nbgrader", {}).get("grade_id", index)
            sources.append((f"{path} cell {label}", without_magics(cell.source)))
    return sources


def is_stub(node):
    """True when a function raises NotImplementedError where its solution was (the given scaffold may remain)."""
    return any(isinstance(n, ast.Raise) and n.exc is not None and "NotImplementedError" in ast.unparse(n.exc)
               for n in ast.walk(node))


def leaks(root=RELEASE):
    """Everything under `root` that gives a graded answer away, as readable strings (empty: no leak).

    - a definition of a graded function (its name and parameters) anywhere, except the stub in its answer cell;
    - a solution line (non-trivial, not given to the student anyway) in any file.
    """
    graded, lines, found = graded_functions(), solution_lines(), []
    for path, text in release_files(root).items():
        where_in_release = path.relative_to(root)
        for line, function in lines.items():
            if line in text:
                found.append(f"{where_in_release}: a solution line of {function}: {line}")
        for where, source in python_sources(where_in_release, text):
            try:
                tree = ast.parse(source)
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or node.name not in graded:
                    continue
                assignment, parameters = graded[node.name]
                if any(a.arg != p for a, p in zip(node.args.args, parameters)):
                    continue  # a namesake with other parameters (the 3-layer network's forward_propagation)
                own_cell = where == f"{assignment}/{course.by_name(assignment).notebook} cell {node.name}"
                if not (own_cell and is_stub(node)):
                    found.append(f"{where}: defines the graded function {node.name}")
    return found


def test_release_is_what_make_release_generates():
    assert release.check(), "release/ is stale: run `make release` and commit it"


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_release_holds_no_solution_and_no_hidden_test(assignment):
    text = (course.REPO / "release" / assignment.name / assignment.notebook).read_text()
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in text
    source = nbformat.read(assignment.source_notebook(), as_version=4)
    released = nbformat.read(course.REPO / "release" / assignment.name / assignment.notebook, as_version=4)
    assert set(answer_cells(released)) == set(answer_cells(source))
    assert set(test_cells(released)) == set(test_cells(source))
    for grade_id, cell in answer_cells(source).items():
        between = cell.source.split("### BEGIN SOLUTION")[1:]
        solution_lines = [l.strip() for part in between for l in part.split("### END SOLUTION")[0].splitlines()]
        # text the student is given anyway (a docstring may quote the formula) is no leak
        given = re.sub(r"### BEGIN SOLUTION.*?### END SOLUTION", "", cell.source, flags=re.S)
        leaked = [l for l in solution_lines
                  if l and l in answer_cells(released)[grade_id].source and l not in given]
        assert not leaked, f"{grade_id}: solution lines reached the release: {leaked}"
    for grade_id, cell in test_cells(released).items():
        assert "_rng" not in cell.source and "HIDDEN" not in cell.source
    # nothing from the instructor side ships
    shipped = {p.name for p in (course.REPO / "release" / assignment.name).rglob("*")}
    assert not shipped & {"instructor", "tests", "gradebook.db", "nbgrader_config.py"}


def test_no_release_file_gives_an_answer_away():
    assert leaks() == []


def test_the_leak_check_finds_answers_planted_anywhere(tmp_path):
    """An answer copied into utils/, or only its key line, is found; so are the other kinds of leak."""
    copy = tmp_path / "release"
    shutil.copytree(RELEASE, copy)
    he = answer_cells(nbformat.read(course.by_name("initialization").source_notebook(), as_version=4))
    solved_he = solution_source(he["initialize_parameters_he"].source)
    with open(copy / "initialization" / "utils" / "network.py", "a") as f:
        f.write("\n\n" + solved_he)
    key_line = next(l for l in solved_he.splitlines() if "np.sqrt(2.0 / layers_dims[l - 1])" in l)
    (copy / "regularization" / "notes.txt").write_text(key_line.strip() + "\n")
    with open(copy / "gradient_checking" / "utils" / "vectorize.py", "a") as f:  # renamed body, same signature
        f.write("\n\ndef gradient_check(x, theta, epsilon=1e-7):\n    return 0.0\n")
    found = leaks(copy)
    assert any("initialization/utils/network.py: defines the graded function initialize_parameters_he" in f
               for f in found), found
    assert any(f.startswith("initialization/utils/network.py: a solution line of initialize_parameters_he")
               for f in found), found
    assert any(f.startswith("regularization/notes.txt: a solution line") for f in found), found
    assert any("vectorize.py: defines the graded function gradient_check" in f for f in found), found


def test_releases_carry_only_the_utils_their_notebook_needs():
    for assignment in ASSIGNMENTS:
        shipped = sorted(p.stem for p in (RELEASE / assignment.name / "utils").glob("*.py"))
        assert shipped == assignment.utils_modules(), assignment.name
    # utils.three_layer.initialize_parameters times sqrt(2) is the He answer: it goes where it is used only
    assert "three_layer" not in course.by_name("initialization").utils_modules()
    assert "three_layer" in course.by_name("regularization").utils_modules()


def test_utils_imports_are_followed():
    assert course.utils_imports("from utils.data import load_dataset\nimport utils.plots as p\n"
                                "from utils import runmode\n%matplotlib inline") == {"data", "plots", "runmode"}
    assert course.utils_imports("from .plots import x\ndef f():\n    from . import runmode",
                                inside_utils=True) == {"plots", "runmode"}
    assert course.utils_imports("from .plots import x") == set()  # relative imports count inside utils/ only
    # the notebook imports gradcheck_net, which imports activations and network; selfcheck ships with every release
    assert course.by_name("gradient_checking").utils_modules() == [
        "__init__", "activations", "gradcheck_net", "network", "public_tests", "selfcheck", "vectorize"]


def test_naming_conventions():
    for assignment in ASSIGNMENTS:
        nb = nbformat.read(assignment.source_notebook(), as_version=4)
        answers, tests = answer_cells(nb), test_cells(nb)
        assert answers, f"{assignment.name} has no graded function"
        for function in answers:
            assert f"def {function}(" in answers[function].source, f"answer cell {function} must define it"
            assert any(t.startswith(f"test_{function}") for t in tests), f"{function} has no test cell"
        for grade_id, cell in tests.items():
            assert any(grade_id.startswith(f"test_{f}") for f in answers), f"{grade_id} tests no graded function"
            assert cell.metadata.nbgrader.points > 0
        for cell in nb.cells:
            assert cell.cell_type != "code" or not cell.get("outputs"), "commit notebooks without outputs"


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_instructor_notebook_passes_every_test(assignment):
    release.stage_support_files(assignment)
    assert validate(assignment.source_notebook()) == []


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_release_folder_is_self_contained_and_every_test_cell_fails(assignment, tmp_path):
    # a copy far from the repo: it must run on what it carries
    copy = tmp_path / "student_laptop" / assignment.name
    shutil.copytree(course.REPO / "release" / assignment.name, copy)
    failures = validate(copy / assignment.notebook)
    released = nbformat.read(copy / assignment.notebook, as_version=4)
    assert len(failures) == len(test_cells(released))
    assert all(f.startswith("failed") for f in failures)
    assert all("NotImplementedError" in f for f in failures), failures
