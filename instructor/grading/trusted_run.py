"""Grades one submission: the unit of work a local worker or a Dask worker runs.

grade_submission(job) -> result, both plain data (jobs.py), so the job can travel to
another machine. Scores are decided here, in trusted code: the instructor
notebook runs in this process with its hidden tests, and only the graded
functions run in the student's sandbox (see proxies.py). Nothing is written to
the gradebook or to autograded/ here; the parent merges the result.

The student's notebook contributes only the source of its answer cells, found
by grade_id (or, for a cell whose metadata was lost, by the `def` of the
function). Every other cell, test cells and nbgrader metadata included, comes
from the course, so edited, deleted or re-typed cells change nothing.

Hidden tests call a second student process, started (lazily) in its own sandbox
and workspace: an answer that saves a hidden test's inputs in a global has them
only there, and the public process, which serves the public tests and the
demonstration cells, never sees them. After the hidden part of a test cell the
grader puts back what that part changed on its side (the namespace's names,
numpy's random state, arrays changed in place), as in the student's own
notebook, where hidden tests do not exist.
"""
import ast
import base64
import builtins
import compileall
import contextlib
import functools
import io
import json
import os
import sys
import tempfile
import threading
import time
import traceback
import warnings
from pathlib import Path

import nbformat
import numpy as np

from .. import notebooks
from .jobs import Result, failed_result, read_support_files
from .proxies import StudentFunction, undo
from .sandbox import SandboxUnavailable, make_readable
from .student_process import StudentError, StudentProcess
from .worker_folders import worker_folder

MAX_OUTPUT = 20_000  # characters of printed text kept per cell in the autograded notebook
MAX_NOTE = 500  # characters of a student's full error message kept in the (instructor-only) notes


def _one_line_note(text):
    """A student's full error message on one line, shortened, for the grading notes."""
    text = " / ".join(line.strip() for line in text.splitlines() if line.strip())
    return text if len(text) <= MAX_NOTE else text[:MAX_NOTE] + " ..."

# A job changes its whole process: working directory, sys.path, os.environ, the `utils` modules,
# sys.stdout. Jobs in one process (threads of a Dask worker) must therefore run one at a time.
ONE_JOB_AT_A_TIME = threading.Lock()


def find_notebook(files, expected_name):
    """Picks the submitted notebook among {file name: text}, tolerating a renamed file.

    Returns (name, note) or raises ValueError saying what is wrong.
    """
    if expected_name in files:
        return expected_name, None
    candidates = sorted(name for name in files if name.endswith(".ipynb"))
    if len(candidates) == 1:
        return candidates[0], f"graded {candidates[0]} (expected {expected_name})"
    if not candidates:
        found = ", ".join(sorted(files)) or "an empty folder"
        raise ValueError(f"no notebook found (expected {expected_name}; found {found})")
    raise ValueError(f"{expected_name} is missing and several other notebooks were handed in: "
                     f"{', '.join(candidates)}")


def student_answers(nb, functions):
    """{function: source} from the student's notebook; a missing function has no entry."""
    answers = {}
    for cell in nb.cells:
        grade_id = notebooks.grade_id(cell)
        if cell.get("cell_type") == "code" and grade_id in functions:
            answers[grade_id] = cell.source  # the last copy of a duplicated cell wins
    for function in functions:
        if function not in answers:
            for cell in nb.cells:
                if cell.get("cell_type") == "code" and f"def {function}(" in cell.get("source", ""):
                    answers[function] = cell.source
    return answers


def copy_support_files(release_folder, target):
    """Copies what the notebook imports (everything but notebooks) into `target`."""
    write_support_files(read_support_files(release_folder), target)


def write_support_files(files, target):
    for relative, data in files.items():
        dest = Path(target) / relative
        if ".." in Path(relative).parts or dest.is_absolute() and not str(dest).startswith(str(target)):
            raise ValueError(f"refusing to write outside the workspace: {relative}")
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(base64.b64decode(data))


DEFINITIONS = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
ASSIGNMENT_NODES = (ast.Assign, ast.AnnAssign, ast.AugAssign)


def definitions_only(source, defined=None):
    """The imports, definitions and self-contained assignments of a course cell, without its demonstrations.

    The student's process needs what the answers may use (imports, helpers, constants),
    not the course's training runs and plots: the grader runs those itself, calling the
    student's functions, so running them twice would only cost time. An assignment is
    kept only if it calls nothing and reads only names already defined (by a kept
    statement, here or in an earlier cell, or a builtin): `slowdown = timings[...]`
    after a dropped timing run would only fail.

    defined: the names kept statements of earlier cells define; this cell's are added to it.
    """
    defined = set() if defined is None else defined
    try:
        tree = ast.parse(notebooks.without_magics(source))
    except SyntaxError:
        return source
    kept = []
    for node in tree.body:
        if isinstance(node, DEFINITIONS) or (isinstance(node, ASSIGNMENT_NODES) and _self_contained(node, defined)):
            kept.append(node)
            defined.update(_names_defined(node))
    tree.body = kept
    return ast.unparse(tree)


def _names_defined(node):
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    if isinstance(node, ASSIGNMENT_NODES):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return {t.id for t in targets}
    return {node.name}


def _self_contained(assignment, defined):
    """A call-free assignment to plain names that reads only names defined before it."""
    targets = assignment.targets if isinstance(assignment, ast.Assign) else [assignment.target]
    # new names only: settings such as plt.rcParams[...] = ... are the course's business
    if not all(isinstance(t, ast.Name) for t in targets):
        return False
    if any(isinstance(n, ast.Call) for n in ast.walk(assignment)):
        return False
    read = {n.id for n in ast.walk(assignment.value) if isinstance(n, ast.Name)} if assignment.value else set()
    bound_inside = {n.arg for n in ast.walk(assignment) if isinstance(n, ast.arg)} | \
        {n.id for n in ast.walk(assignment.value) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    if isinstance(assignment, ast.AugAssign):  # x += 1 reads x too
        read.add(assignment.target.id)
    return read - bound_inside <= defined | set(dir(builtins))


# Outputs are built as plain nodes: nbformat.v4.new_output would validate each against the schema.
def _stream(text):
    return nbformat.from_dict({"output_type": "stream", "name": "stdout", "text": text[:MAX_OUTPUT]})


def _error(exc):
    message = str(exc)
    return nbformat.from_dict({"output_type": "error", "ename": type(exc).__name__, "evalue": message,
                               "traceback": [f"{type(exc).__name__}: {message}"]})


# A worker grades many submissions of the same few assignments: the course's notebooks are parsed, and
# their cells reduced and compiled, once per worker.
@functools.lru_cache(maxsize=16)
def _course_notebook(text):
    return notebooks.parse(text)


@functools.lru_cache(maxsize=1024)
def _definitions_of(source, defined):
    names = set(defined)
    return definitions_only(source, names), frozenset(names)


def _definitions(source, defined):
    """definitions_only(source, defined), cached; `defined` grows as definitions_only's does."""
    kept, names = _definitions_of(source, frozenset(defined))
    defined.update(names)
    return kept


_support_folders = {}  # {the support files: a folder holding them}


def _support_folder(support):
    """A folder with the support files (as CourseFiles.support has them) and their byte code, made once per
    worker: the trusted run never writes to it, and student code sees it read-only."""
    key = tuple(sorted(support.items()))
    folder = _support_folders.get(key)
    if folder is None or not folder.is_dir():
        folder = Path(tempfile.mkdtemp(prefix="support-", dir=_worker_scratch()))
        write_support_files(support, folder)
        compileall.compile_dir(folder, quiet=2)
        make_readable(folder)
        _support_folders[key] = folder
    return folder


@functools.lru_cache(maxsize=1)
def _worker_scratch():
    return worker_folder("grader-support-")


@functools.lru_cache(maxsize=1024)
def _compiled(source):
    return compile(notebooks.without_magics(source), "<course cell>", "exec")


class _TrustedRun:
    """Executes the instructor notebook in this process, student functions proxied.

    process serves the course's cells and the public part of each test cell; hidden_process the hidden part.
    observer: a GradingObserver (see observer.py), or None.
    """

    def __init__(self, process, functions, hidden_process=None, answers=None, observer=None):
        self.observer = observer
        self.namespace = {"__name__": "__main__"}
        self.process = process
        self.hidden_process = process if hidden_process is None else hidden_process  # None: tests of the runner
        answers = answers or {}
        self.proxies = {f: StudentFunction(f, process, self.namespace, functions, answers.get(f), observer)
                        for f in functions}

    def run_cell(self, source, is_test, grade_id=None):
        """Returns (outputs, passed). A test cell runs its public part, then (if that passed) its hidden part."""
        public, hidden = notebooks.split_hidden_tests(source) if is_test else (source, "")
        out = io.StringIO()
        for proxy in self.proxies.values():
            proxy.changed_arguments = []
        if self.observer is not None:
            self.observer.part_started(grade_id, "public" if is_test else "cell")
        error = self._execute(public, is_test, out)
        if error is None and hidden:
            if self.observer is not None:
                self.observer.part_started(grade_id, "hidden")
            error = self._execute_hidden(hidden, out)
        if is_test and error is None:
            error = self._changed_inputs()
        outputs = [_stream(out.getvalue())] if out.getvalue() else []
        if error is not None:
            outputs.append(_error(error))
        return outputs, error is None

    def _execute_hidden(self, source, out):
        """Runs a hidden part with the proxies on the hidden process, then puts back what it changed here."""
        names, rng = dict(self.namespace), np.random.get_state()
        journal = []
        for proxy in self.proxies.values():
            proxy.process, proxy.undo_journal = self.hidden_process, journal
        try:
            return self._execute(source, True, out)
        finally:
            for proxy in self.proxies.values():
                proxy.process, proxy.undo_journal = self.process, None
            undo(journal)
            self.namespace.clear()
            self.namespace.update(names)
            np.random.set_state(rng)

    def _execute(self, source, is_test, out):
        """Runs `source` in the namespace, printed text into `out`; returns the exception it raised, or None."""
        baseline = {k: v for k, v in self.namespace.items() if callable(v)} if is_test else {}
        for proxy in self.proxies.values():
            proxy.rebind_baseline = baseline  # globals a test rebinds are passed on to the student's process
            # The student's prints never reach a cell's output: they could show hidden inputs.
            proxy.silenced_stream = out
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()), \
                    warnings.catch_warnings():
                warnings.simplefilter("ignore")
                exec(_compiled(source), self.namespace)
        except Exception as exc:  # a failed assertion, the student's error, or a crash of their process
            return exc
        finally:
            for proxy in self.proxies.values():
                proxy.rebind_baseline, proxy.silenced_stream = {}, None
            plt = sys.modules.get("matplotlib.pyplot")
            if plt is not None:
                plt.close("all")
        return None

    def _changed_inputs(self):
        """A failure when a graded function changed its arguments during the test cell, else None.

        The changes were carried back, so the test saw them (and may have failed with its own,
        better message). A test that still passed may have been fooled: a student who zeroes an
        array the test later uses for its reference can make a wrong answer look right.
        """
        for name, proxy in self.proxies.items():
            if proxy.changed_arguments:
                return StudentError(f"{name}() changed its {proxy.changed_arguments[0]} in place: a graded "
                                    "function must leave its inputs unchanged (work on a copy)")
        return None


def grade_submission(job, observer=None):
    """Grades one submission described entirely by `job` (no shared file system needed).

    job: a jobs.Job with its submission and course; its settings bound the student's processes.
    Returns a jobs.Result.
    observer: a GradingObserver watching the run in this process (see observer.py), or None.
    """
    with ONE_JOB_AT_A_TIME:
        try:
            return _grade(job, observer)
        except SandboxUnavailable as exc:
            return failed_result(job, str(exc))
        except MemoryError:
            return failed_result(job, "the grader ran out of memory while grading this submission "
                                      "(the limit is GRADER_WORKER_MEMORY_MB)")
        except Exception as exc:  # a grader bug must still end as a row with its reason
            return failed_result(job, f"internal grader error: {type(exc).__name__}: {exc}",
                                 traceback.format_exc().splitlines()[-5:])


def _grade(job, observer=None):
    began = time.perf_counter()
    notes = []
    try:
        name, note = find_notebook(job.submission, job.notebook)
    except ValueError as exc:
        return failed_result(job, str(exc))
    if note:
        notes.append(note)
    try:
        submitted = notebooks.parse(job.submission[name])
    except Exception as exc:
        return failed_result(job, f"the notebook cannot be read ({type(exc).__name__}: {str(exc)[:200]})")

    source, release = _course_notebook(job.course.source), _course_notebook(job.course.release)  # not to be changed
    functions = list(notebooks.answer_cells(source))
    answers = student_answers(submitted, functions)
    missing = [f for f in functions if f not in answers]
    if missing:
        notes.append(f"no answer cell found for {', '.join(missing)}")

    # The student's process gets the release's cells (never hidden tests) with the answers in place.
    student_cells, defined = [], set()
    for cell in release.cells:
        grade_id = notebooks.grade_id(cell)
        if cell.cell_type != "code" or cell.metadata.get("nbgrader", {}).get("grade"):
            continue
        code = answers.get(grade_id, cell.source) if grade_id in functions else _definitions(cell.source, defined)
        student_cells.append({"id": grade_id or "cell", "source": code})

    # The course's support files: the trusted run works in this folder, and both student processes see
    # it read-only, each in a workspace of its own.
    trusted = student_support = _support_folder(job.course.support)
    process = StudentProcess(str(student_support), student_cells, job.settings)
    # hidden tests get a process of their own: what an answer saves during them stays there
    hidden = StudentProcess(str(student_support), student_cells, job.settings)
    hidden.budget_ends = process.budget_ends  # one time budget for the whole submission
    saved = (os.getcwd(), list(sys.path), os.environ.get("NBGRADER_EXECUTION"))
    try:
        os.chdir(trusted)
        sys.path.insert(0, str(trusted))
        _forget_modules("utils")
        os.environ["NBGRADER_EXECUTION"] = "autograde"
        result_nb, scores, messages, masked = _run_trusted(source, answers, functions, (process, hidden),
                                                           observer)
    finally:
        closing = time.perf_counter()
        process.close()
        hidden.close()
        stopping = time.perf_counter() - closing
        os.chdir(saved[0])
        sys.path[:] = saved[1]
        _forget_modules("utils")
        if saved[2] is None:
            os.environ.pop("NBGRADER_EXECUTION", None)
        else:
            os.environ["NBGRADER_EXECUTION"] = saved[2]
    public_notes = _process_notes(process)
    # the hidden tests' process runs the same cells: only what went otherwise there is news
    notes += public_notes + [f"hidden tests' process: {n}" for n in _process_notes(hidden) if n not in public_notes]
    notes += masked
    notebook = _notebook_text(result_nb)
    return Result(student=job.student, assignment=job.assignment, status="graded", reason="", scores=scores,
                  max_scores=job.max_scores, notes=notes, messages=messages, notebook=notebook,
                  timings=_job_timings((process, hidden), stopping, time.perf_counter() - began))


def _notebook_text(nb):
    """The autograded notebook as nbformat.v4.writes_json writes it, without its two costs: a check against
    the schema (the notebook is ours) and a deep copy first (`nb` is not used again)."""
    from nbformat.v4.nbjson import BytesEncoder
    from nbformat.v4.rwbase import split_lines, strip_transient
    return json.dumps(strip_transient(split_lines(nb)), cls=BytesEncoder, indent=1, sort_keys=True,
                      separators=(",", ": "), ensure_ascii=False)


def _job_timings(processes, stopping, job_seconds):
    """{phase: seconds} of one job: the student processes' own phases (summed), the seconds spent stopping
    them, and the rest of the job's wall time in this worker (reading notebooks, the course's cells and
    tests, writing the autograded notebook) as trusted compute."""
    timings = {phase: float(sum(p.timings[phase] for p in processes))
               for phase in ("sandbox start", "student cells", "calls")}
    timings["sandbox stop"] = stopping
    timings["trusted compute"] = max(job_seconds - sum(timings.values()), 0.0)
    return timings


def _process_notes(process):
    """The grading notes of one student process: its setup errors, faults and why it broke, if it did."""
    notes = [f"setup: {e['cell']}: {e['error']}" for e in process.setup_errors] + list(process.faults)
    return notes + ([process.broken] if process.broken else [])


def _run_trusted(source, answers, functions, processes, observer=None):
    """processes: (public, hidden) StudentProcess."""
    run = _TrustedRun(processes[0], functions, processes[1], answers, observer)
    result = nbformat.from_dict(source)  # the autograded notebook: course cells, student answers, our outputs
    scores, messages, masked = {}, {}, []
    for cell in result.cells:
        if cell.cell_type != "code":
            continue
        grade_id = notebooks.grade_id(cell)
        meta = cell.metadata.get("nbgrader", {})
        if grade_id in functions:
            cell.source = answers.get(grade_id, "")
            run.namespace[grade_id] = run.proxies[grade_id]
            cell.outputs = []
            continue
        is_test = bool(meta.get("grade"))
        raised_before = [len(p.masked_errors) for p in processes]
        cell.outputs, passed = run.run_cell(cell.source, is_test, grade_id)
        if is_test:
            scores[grade_id] = float(meta.get("points", 0)) if passed else 0.0
            if not passed:
                messages[grade_id] = next(o.evalue for o in cell.outputs if o.output_type == "error")
                # the test cell shows what the grader can vouch for of the student's exception; the
                # instructor sees it all
                errors = [text for p, before in zip(processes, raised_before) for text in p.masked_errors[before:]]
                masked += [f"{grade_id} (full error, not shown to the student): {_one_line_note(text)}"
                           for text in errors[:1]]
    return result, scores, messages, masked


def _forget_modules(package):
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]
