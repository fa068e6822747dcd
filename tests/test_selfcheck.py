"""The students' self-check (utils/selfcheck.py), run on copies of the release as a student would."""
import json
import os
import shutil
import subprocess
import sys

import nbformat
import pytest

from instructor import course, demo_class
from instructor.notebooks import answer_cells, test_cells

# Assignments whose student version exists (a new one joins once `make release` has written it).
ASSIGNMENTS = [a for a in course.assignments() if (course.REPO / "release" / a.name / a.notebook).exists()]
IDS = [a.name for a in ASSIGNMENTS]


def release_copy(tmp_path, assignment, notebook=None):
    """release/<assignment>/ copied far from the repo, with utils/ as `make release` stages it now."""
    folder = tmp_path / "student_laptop" / assignment.name
    shutil.copytree(course.REPO / "release" / assignment.name, folder)
    for module in (course.REPO / "utils").glob("*.py"):
        shutil.copy2(module, folder / "utils" / module.name)
    if notebook is not None:
        nbformat.write(notebook, folder / assignment.notebook)
    return folder


def run_cli(folder, *args):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NBGRADER_EXECUTION", "JPY_SESSION_NAME")}
    return subprocess.run([sys.executable, "-m", "utils.selfcheck", *args], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=600)


def report_lines(stdout):
    """{function: (status, first message line)} from the printed report."""
    rows = {}
    for line in stdout.splitlines():
        parts = line.split(None, 2)
        if len(parts) >= 2 and parts[0] in ("PASS", "FAIL", "TODO"):
            rows[parts[1]] = (parts[0], parts[2] if len(parts) > 2 else "")
    return rows


def functions_of(assignment):
    return list(answer_cells(nbformat.read(assignment.source_notebook(), as_version=4)))


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_solved_notebook_passes_from_the_terminal(tmp_path, assignment):
    nb = demo_class.solved_notebook(assignment)
    # a student who keeps a self-check cell in the notebook: checking it must not start another check
    nb.cells.append(nbformat.v4.new_code_cell("from utils.selfcheck import self_check\nself_check()"))
    folder = release_copy(tmp_path, assignment, nb)
    done = run_cli(folder, assignment.notebook)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = report_lines(done.stdout)
    assert list(rows) == functions_of(assignment)
    assert all(status == "PASS" for status, _ in rows.values())
    assert f"{len(rows)} of {len(rows)} function(s) pass" in done.stdout


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=IDS)
def test_untouched_release_reports_every_function_as_not_written(tmp_path, assignment):
    folder = release_copy(tmp_path, assignment)
    done = run_cli(folder)  # the folder's only notebook
    assert done.returncode == 1
    rows = report_lines(done.stdout)
    assert list(rows) == functions_of(assignment)
    assert all(status == "TODO" and "NotImplementedError" in message for status, message in rows.values())
    assert f"0 of {len(rows)} function(s) pass" in done.stdout


@pytest.mark.parametrize("assignment", [a for a in ASSIGNMENTS if a.demo_mistake],
                         ids=[a.name for a in ASSIGNMENTS if a.demo_mistake])
def test_one_wrong_function_gets_the_public_verdict_only(tmp_path, assignment, graded_demo_class):
    """Same verdict as the public part of the grader's run; a hidden test's finding never shows."""
    function = assignment.demo_mistake[0]
    folder = release_copy(tmp_path, assignment, demo_class.solved_notebook(assignment,
                                                                           mistake=assignment.demo_mistake))
    done = run_cli(folder, "--json", assignment.notebook)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    by_function = {r["function"]: r for r in result["functions"]}
    assert all(r["status"] == "PASS" for f, r in by_function.items() if f != function)

    root, _, _ = graded_demo_class
    graded = nbformat.read(root / "autograded" / "demo_one_wrong" / assignment.name / assignment.notebook,
                           as_version=4)
    cell = next(c for gid, c in test_cells(graded).items() if gid == f"test_{function}")
    printed = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
    message = next(o["evalue"] for o in cell.outputs if o.output_type == "error")
    if f"{function}: all public tests passed" in printed:  # the grader's hidden tests caught it
        assert by_function[function]["status"] == "PASS"
        assert message.splitlines()[0] not in done.stdout
    else:  # the public tests catch it: the student sees the same message the grader gave
        assert by_function[function]["status"] == "FAIL"
        assert by_function[function]["message"].splitlines()[0] == f"AssertionError: {message.splitlines()[0]}"
    assert done.returncode == (0 if by_function[function]["status"] == "PASS" else 1)


def test_a_crash_in_student_code_names_the_function_and_line(tmp_path):
    assignment = course.by_name("initialization")
    nb = demo_class.solved_notebook(assignment)
    cell = answer_cells(nb)["initialize_parameters_zeros"]
    cell.source = cell.source.replace("return parameters", "return parameters['W9']")
    folder = release_copy(tmp_path, assignment, nb)
    done = run_cli(folder, assignment.notebook)
    rows = report_lines(done.stdout)
    assert rows["initialize_parameters_zeros"][0] == "FAIL"
    assert "KeyError: 'W9'" in rows["initialize_parameters_zeros"][1]
    assert "in your initialize_parameters_zeros, line" in done.stdout
    assert rows["initialize_parameters_he"][0] == "PASS"
    assert done.returncode == 1


def test_self_check_from_a_notebook_cell(tmp_path):
    """self_check() in a Jupyter kernel started in the assignment folder, as a student runs it."""
    from nbclient import NotebookClient
    assignment = course.by_name("initialization")
    folder = release_copy(tmp_path, assignment, demo_class.solved_notebook(assignment))
    cell = nbformat.v4.new_code_cell("from utils.selfcheck import self_check\n"
                                     f"self_check({assignment.notebook!r})")
    nb = nbformat.v4.new_notebook(cells=[cell])
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    text = "".join(o.get("text", "") for o in nb.cells[0].outputs if o.output_type == "stream")
    assert not [o for o in nb.cells[0].outputs if o.output_type in ("error", "execute_result")]
    rows = report_lines(text)
    assert list(rows) == functions_of(assignment)
    assert all(status == "PASS" for status, _ in rows.values())


def test_self_check_finds_the_kernels_notebook(tmp_path, monkeypatch, capsys):
    from utils import selfcheck
    assignment = course.by_name("initialization")
    folder = release_copy(tmp_path, assignment)
    shutil.copy2(folder / assignment.notebook, folder / "Copy.ipynb")
    monkeypatch.chdir(folder)
    with pytest.raises(FileNotFoundError, match="several notebooks"):
        selfcheck.find_notebook()
    monkeypatch.setenv("JPY_SESSION_NAME", str(folder / assignment.notebook))
    assert selfcheck.find_notebook() == (folder / assignment.notebook).resolve()
    selfcheck.self_check()
    out = capsys.readouterr().out
    assert f"Checking {assignment.notebook}" in out and "TODO" in out


def test_a_syntax_error_in_an_answer_cell_is_reported_on_its_function(tmp_path):
    assignment = course.by_name("initialization")
    nb = demo_class.solved_notebook(assignment)
    cell = answer_cells(nb)["initialize_parameters_random"]
    cell.source = cell.source.replace("return parameters", "return parameters[")
    folder = release_copy(tmp_path, assignment, nb)
    done = run_cli(folder, assignment.notebook)
    rows = report_lines(done.stdout)
    assert rows["initialize_parameters_random"][0] == "FAIL"
    assert "SyntaxError" in rows["initialize_parameters_random"][1]
    assert rows["initialize_parameters_zeros"][0] == rows["initialize_parameters_he"][0] == "PASS"
