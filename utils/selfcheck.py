"""Self-check before you hand in: which graded functions pass their public tests.

From a terminal, in the assignment's folder (the one holding the notebook and utils/):

    python -m utils.selfcheck                       # the folder's notebook
    python -m utils.selfcheck Initialization.ipynb

From a cell of the notebook (save it first: the check runs the saved file):

    from utils.selfcheck import self_check; self_check()

The check runs the saved notebook top to bottom in a fresh Python process, as a
"Restart & Run All" would, with the long training demonstrations shortened and no
plots (as the grader runs them), then says for each function you write whether its
public tests pass and, if not, what they said. Only the public tests of your notebook
run: the grader also runs hidden tests on other inputs, so passing here is necessary
for full marks, not a promise of them.
"""
import argparse
import contextlib
import io
import json
import os
import subprocess
import sys
import time
import traceback
from pathlib import Path

DEFAULT_TIMEOUT = 900  # seconds for the whole notebook, when run from a notebook cell
INSIDE = "COURSE_SELFCHECK_RUNNING"  # set while a self-check runs a notebook: a self_check() cell then does nothing
PASS, FAIL, TODO = "PASS", "FAIL", "TODO"


# ------------------------------------------------------------------ reading the notebook

def _nbgrader(cell):
    return (cell.get("metadata") or {}).get("nbgrader") or {}


def _source(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _without_magics(source):
    """Drops IPython-only lines (%magic, !shell) so the code runs in plain Python."""
    return "\n".join(l for l in source.splitlines() if not l.lstrip().startswith(("%", "!")))


def function_of(test_id, functions):
    """The function a test cell checks: the longest function name its grade_id starts with."""
    name = test_id[len("test_"):] if test_id.startswith("test_") else test_id
    matches = [f for f in functions if name == f or name.startswith(f + "_")]
    return max(matches, key=len) if matches else name


def find_notebook(path=None, folder=None):
    """The notebook to check: `path`, else the one Jupyter says this kernel runs, else the folder's only one."""
    if path:
        p = Path(path)
        if not p.is_file():
            raise FileNotFoundError(f"no notebook {p}")
        return p.resolve()
    session = os.environ.get("JPY_SESSION_NAME", "")
    if session.endswith(".ipynb") and Path(session).is_file():
        return Path(session).resolve()
    folder = Path(folder or os.getcwd())
    candidates = sorted(p for p in folder.glob("*.ipynb") if p.is_file())
    if len(candidates) == 1:
        return candidates[0].resolve()
    if not candidates:
        raise FileNotFoundError(f"no notebook in {folder}: give its path, e.g. python -m utils.selfcheck NB.ipynb")
    raise FileNotFoundError(f"several notebooks in {folder} ({', '.join(p.name for p in candidates)}): "
                            "say which one to check")


# ------------------------------------------------------------------ running it

def _message(exc, answer_cells):
    """The exception's message, plus where in your own code it was raised, if it was."""
    text = f"{type(exc).__name__}: {exc}".strip()
    where = None
    for frame, line in traceback.walk_tb(exc.__traceback__):
        name = frame.f_code.co_filename
        if name in answer_cells:
            code = answer_cells[name][1].splitlines()
            source_line = code[line - 1].strip() if 0 < line <= len(code) else ""
            where = f"in your {answer_cells[name][0]}, line {line}: {source_line}"
    return text + (f"\n  ({where})" if where else "")


def _first_line(text):
    return next((l for l in text.splitlines() if l.strip()), "")


class _Quiet:
    """Captures what a cell prints, so the report stays readable."""

    def __enter__(self):
        self.out, self.err = io.StringIO(), io.StringIO()
        self._stack = contextlib.ExitStack()
        self._stack.enter_context(contextlib.redirect_stdout(self.out))
        self._stack.enter_context(contextlib.redirect_stderr(self.err))
        return self

    def __exit__(self, *exc):
        self._stack.close()
        return False


def check_notebook(path, progress=None):
    """Runs the notebook's code cells in this process; returns the results as a dict.

    {"notebook": name, "functions": [{"function", "status" (PASS|FAIL|TODO), "message"}],
     "problems": [{"cell", "message"}], "seconds": float}

    Runs in the notebook's folder, with the grader's quick mode (NBGRADER_EXECUTION=autograde:
    shortened demonstrations, no plots) and matplotlib drawing off-screen; restores both after.
    Meant for a fresh Python process (the command line and self_check() give it one): the
    notebook's cells import its utils/ into this process and change its random state.
    """
    path = Path(path).resolve()
    with open(path, encoding="utf-8") as f:
        nb = json.load(f)
    cells = [c for c in nb.get("cells", []) if c.get("cell_type") == "code"]
    functions = [_nbgrader(c).get("grade_id") for c in cells
                 if _nbgrader(c).get("solution") and not _nbgrader(c).get("grade") and _nbgrader(c).get("grade_id")]
    results = {f: {"function": f, "status": TODO, "message": "no test cell found for it", "tested": False}
               for f in functions}
    answer_files = {}
    problems = []

    saved = (os.getcwd(), list(sys.path), os.environ.get("NBGRADER_EXECUTION"), os.environ.get("MPLBACKEND"),
             os.environ.get(INSIDE))
    started = time.time()
    try:
        os.chdir(path.parent)
        sys.path.insert(0, str(path.parent))
        os.environ["NBGRADER_EXECUTION"] = "autograde"
        os.environ["MPLBACKEND"] = "Agg"
        os.environ[INSIDE] = "1"
        try:
            import matplotlib
            matplotlib.use("Agg")
        except ImportError:
            pass
        namespace = {"__name__": "__main__"}
        try:
            from IPython.display import display
            namespace["display"] = display
        except ImportError:
            namespace["display"] = print
        for number, cell in enumerate(cells, start=1):
            meta = _nbgrader(cell)
            gid = meta.get("grade_id") or f"cell {number}"
            source = _source(cell)
            filename = f"<notebook cell {number}: {gid}>"
            if gid in results and meta.get("solution"):
                answer_files[filename] = (gid, source)
            if progress:
                progress(number, len(cells), gid)
            error = None
            try:
                code = compile(_without_magics(source), filename, "exec")
                with _Quiet():
                    exec(code, namespace)
            except KeyboardInterrupt:
                raise
            except BaseException as exc:  # SystemExit too: a cell must not end the check
                error = exc
            finally:
                plt = sys.modules.get("matplotlib.pyplot")
                if plt is not None:
                    plt.close("all")
            if meta.get("grade") and not meta.get("solution"):
                f = function_of(gid, functions)
                r = results.setdefault(f, {"function": f, "status": TODO, "message": "", "tested": False})
                if error is not None:
                    todo = isinstance(error, NotImplementedError) or "NotImplementedError" in str(error)
                    r.update(status=TODO if todo else FAIL,
                             message="not written yet: the function still raises NotImplementedError" if todo
                             else _message(error, answer_files))
                elif not r["tested"]:  # a function with several test cells passes when all of them pass
                    r.update(status=PASS, message="public tests passed")
                if r.get("cell_error") and r["status"] != TODO:
                    r.update(status=FAIL, message=f"its cell raised an error when run: {r['cell_error']}\n"
                                                  + r["message"])
                r["tested"] = True
            elif error is not None:
                if isinstance(error, SyntaxError):
                    text = f"SyntaxError: {error.msg} (line {error.lineno})"
                else:
                    text = _first_line(_message(error, answer_files))
                if gid in results and meta.get("solution"):
                    results[gid]["cell_error"] = text
                problems.append({"cell": gid, "message": text})
    finally:
        os.chdir(saved[0])
        sys.path[:] = saved[1]
        for name, value in (("NBGRADER_EXECUTION", saved[2]), ("MPLBACKEND", saved[3]), (INSIDE, saved[4])):
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return {"notebook": path.name, "functions": [{k: r[k] for k in ("function", "status", "message")}
                                                 for r in results.values()],
            "problems": problems, "seconds": time.time() - started}


# ------------------------------------------------------------------ the report

def format_report(result):
    functions = result["functions"]
    width = max([len(r["function"]) for r in functions] + [8])
    lines = [f"Self-check of {result['notebook']}: public tests only (the grader also runs hidden tests)"]
    for r in functions:
        message = r["message"].splitlines() or [""]
        lines.append(f"  {r['status']}  {r['function']:<{width}}  {message[0]}")
        for extra in message[1:12]:
            lines.append(f"        {'':<{width}}  {extra}")
        if len(message) > 12:
            lines.append(f"        {'':<{width}}  ...")
    passed = sum(r["status"] == PASS for r in functions)
    lines.append(f"{passed} of {len(functions)} function(s) pass their public tests "
                 f"({result['seconds']:.0f} s).")
    setup = [p for p in result["problems"] if p["cell"] not in {r["function"] for r in functions}]
    if setup and passed == len(functions):
        lines.append("Other cells raised errors (fix them: the grader runs the whole notebook):")
        lines += [f"  {p['cell']}: {p['message']}" for p in setup[:10]]
    if passed == len(functions):
        lines.append("All public tests pass. Hidden tests use other inputs: keep your code general.")
    return "\n".join(lines)


def all_passed(result):
    return bool(result["functions"]) and all(r["status"] == PASS for r in result["functions"])


def self_check(notebook=None, timeout=DEFAULT_TIMEOUT):
    """Checks the saved notebook in a fresh Python process and prints the report.

    notebook: the .ipynb to check; by default the notebook this kernel belongs to, or the
    only notebook in the current folder. Prints, returns nothing; use check_notebook() in a
    fresh process for the results as data.
    """
    if os.environ.get(INSIDE) or os.environ.get("NBGRADER_EXECUTION"):
        return  # this cell is being run by a self-check or by nbgrader: do not start another run
    path = find_notebook(notebook)
    saved_at = time.strftime("%H:%M:%S", time.localtime(path.stat().st_mtime))
    print(f"Checking {path.name} as last saved ({saved_at}); save first (Ctrl+S) to check your latest changes.",
          flush=True)
    env = dict(os.environ)
    env["MPLBACKEND"] = "Agg"
    env.pop("JPY_SESSION_NAME", None)
    here = str(Path(__file__).resolve().parent.parent)  # the folder holding utils/
    env["PYTHONPATH"] = here + os.pathsep + env.get("PYTHONPATH", "")
    try:
        done = subprocess.run([sys.executable, "-m", "utils.selfcheck", "--json", str(path)], cwd=str(path.parent),
                              env=env, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        print(f"The notebook did not finish within {timeout} s: look for a loop that never ends.")
        return
    result = None
    for line in reversed(done.stdout.splitlines()):
        if line.startswith("{"):
            try:
                result = json.loads(line)
                break
            except ValueError:
                pass
    if result is None:
        print("The self-check could not run the notebook:")
        print((done.stderr or done.stdout).strip()[-2000:])
        return
    print(format_report(result))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m utils.selfcheck",
                                     description="Check which graded functions pass their public tests.")
    parser.add_argument("notebook", nargs="?", help="the notebook (default: the only one in this folder)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON (used by self_check)")
    args = parser.parse_args(argv)
    for stream in (sys.stdout, sys.stderr):  # a message with a character the console cannot show stays readable
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        path = find_notebook(args.notebook)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 2

    live = not args.json and sys.stderr.isatty()

    def progress(number, total, name):
        if live:
            print(f"\r  running cell {number}/{total} ({name})".ljust(72), end="", file=sys.stderr, flush=True)

    if not args.json:
        print(f"Running {path.name} top to bottom (demonstrations shortened, no plots)...", file=sys.stderr)
    result = check_notebook(path, progress=progress)
    if args.json:
        print(json.dumps(result))
    else:
        if live:
            print("\r" + " " * 72 + "\r", end="", file=sys.stderr)
        print(format_report(result))
    return 0 if all_passed(result) else 1


if __name__ == "__main__":
    sys.exit(main())
