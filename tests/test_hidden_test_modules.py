"""Hidden-test helpers live in instructor/hidden_tests/ (one module per assignment): imported by the hidden tests
only, never by a public test, never copied into a release, and out of reach of student code."""
import ast
import re
import shutil
import sys
from pathlib import Path

import nbformat
import pytest

from instructor import course
from instructor.grading import sandbox
from instructor.grading.settings import Settings
from instructor.grading.student_process import StudentProcess
from instructor.notebooks import HIDDEN_TESTS, hidden_test_parts, test_cells

ASSIGNMENTS = course.assignments()
IDS = [a.name for a in ASSIGNMENTS]
PACKAGE = course.REPO / "instructor" / "hidden_tests"
MODULES = sorted(p for p in PACKAGE.glob("*.py") if p.name != "__init__.py")
IMPORTS_INSTRUCTOR = re.compile(r"^\s*(from|import)\s+instructor\b", re.M)
MIN_LINE = 30  # characters (whitespace removed): shorter lines are too common to tell a copy
COPIED_SHARE = 0.5  # a file holding this share of a module's lines copies it (a few lines echo the course's code)


def module_lines(path):
    """The module's longer lines, whitespace removed: what a copy of it would carry."""
    squeezed = (re.sub(r"\s+", "", line) for line in path.read_text().splitlines())
    return {line for line in squeezed if len(line) >= MIN_LINE}


def release_leaks(folder):
    """[(file, why)] for every file under `folder` that copies a hidden-test module or imports one."""
    lines = {module.name: module_lines(module) for module in [*MODULES, PACKAGE / "__init__.py"]}
    leaks = []
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".ipynb":
            text = "\n".join(cell.source for cell in nbformat.reads(text, as_version=4).cells)
        if "hidden_tests" in text or IMPORTS_INSTRUCTOR.search(text):
            leaks.append((str(path.relative_to(folder)), "names the hidden-test modules or imports instructor"))
        squeezed = re.sub(r"\s+", "", text)
        leaks += [(str(path.relative_to(folder)), f"copies {name}") for name, own in lines.items()
                  if sum(line in squeezed for line in own) >= COPIED_SHARE * len(own)]
    return leaks


def test_every_assignment_has_a_module_its_hidden_tests_import():
    assert {m.stem for m in MODULES} == {a.name for a in ASSIGNMENTS}
    for assignment in ASSIGNMENTS:
        nb = nbformat.read(assignment.source_notebook(), as_version=4)
        hidden = [part for cell in test_cells(nb).values()
                  for part, is_hidden in hidden_test_parts(cell.source) if is_hidden]
        importing = [part for part in hidden if f"from instructor.hidden_tests import {assignment.name} as" in part]
        assert importing, f"{assignment.name}: no hidden test imports instructor.hidden_tests.{assignment.name}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_only_hidden_tests_import_the_modules(assignment):
    nb = nbformat.read(assignment.source_notebook(), as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        public = HIDDEN_TESTS.sub("", cell.source)  # answer cells, demonstrations, public tests
        assert "hidden_tests" not in public and not IMPORTS_INSTRUCTOR.search(public), (
            f"{assignment.name}: a cell outside the hidden tests imports instructor: {public[:200]!r}")


def test_the_modules_import_no_student_code():
    """Only numpy, the standard library and course_helpers (which names a course function for the student's
    process to run): a helper gets a graded function as an argument, never by import."""
    for module in [*MODULES, PACKAGE / "__init__.py"]:
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                for name in names:
                    top = name.split(".")[0]
                    assert top == "numpy" or top in sys.stdlib_module_names or \
                        (name == "grading.course_helpers" and node.level == 2), f"{module.name} imports {name}"


def test_the_release_holds_no_copy_and_no_import_of_the_modules():
    assert release_leaks(course.REPO / "release") == []


def test_a_copy_or_an_import_in_a_release_is_found(tmp_path):
    """The scan above can fail: a module copied under another name, or a notebook cell importing one."""
    release = tmp_path / "release"
    shutil.copytree(course.REPO / "release" / "initialization", release / "initialization")
    shutil.copy(MODULES[0], release / "initialization" / "utils" / "checks_extra.py")
    path = release / "initialization" / "Initialization.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[-1].source += "\nfrom instructor.hidden_tests import initialization"
    nbformat.write(nb, path)
    found = release_leaks(release)
    assert ("initialization/utils/checks_extra.py", f"copies {MODULES[0].name}") in found
    assert ("initialization/Initialization.ipynb", "names the hidden-test modules or imports instructor") in found


REACHING = '''
import importlib, os

def reach(path):
    try:
        importlib.import_module("instructor.hidden_tests")
        imported = True
    except ImportError:
        imported = False
    return [imported, os.path.exists(path)]
'''


@pytest.mark.skipif(not sandbox.bwrap_path(), reason="needs bubblewrap")
def test_student_code_cannot_import_or_read_the_modules(tmp_path):
    support = tmp_path / "support"
    (support / "utils").mkdir(parents=True)
    (support / "utils" / "__init__.py").write_text("")
    student = StudentProcess(str(support), [{"id": "answer", "source": REACHING}], Settings.from_environment())
    try:
        assert student.call("reach", [str(MODULES[0])], {})[0] == [False, False]
    finally:
        student.close()
