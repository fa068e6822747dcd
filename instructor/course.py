"""The course's assignments and folders, and a way to call nbgrader on them."""
import ast
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = str(Path(sys.executable).parent)

# nbgrader creates a new gradebook by running `alembic` found through PATH, also
# when the gradebook is opened from this process: put the venv's bin first.
if os.environ.get("PATH", "").split(os.pathsep)[0] != VENV_BIN:
    os.environ["PATH"] = VENV_BIN + os.pathsep + os.environ.get("PATH", "")
UTILS = REPO / "utils"
DATASETS = REPO / "datasets"
# utils modules every release carries whatever its notebook imports: students run them from a terminal.
STUDENT_TOOLS = ("__init__", "selfcheck")


@dataclass(frozen=True)
class Assignment:
    name: str                      # nbgrader assignment id and folder name
    notebook: str                  # notebook file name inside the folder
    datasets: tuple = ()           # files from datasets/ the notebook needs
    # The demo class's "one wrong function" student: (function, text in the solution, replacement).
    demo_mistake: tuple = field(default=())

    def source_notebook(self, root=REPO):
        return Path(root) / "source" / self.name / self.notebook

    def utils_modules(self, root=REPO):
        """The utils modules (names without .py) this assignment's release carries.

        Those its instructor notebook imports (answer and test cells included), the ones
        they import in turn, and the STUDENT_TOOLS; no other: a release must not carry
        helpers it does not use (one may sit a factor away from another assignment's answer).
        """
        import nbformat  # here: the rest of this module needs no third-party package

        nb = nbformat.read(self.source_notebook(root), as_version=4)
        wanted = set().union(*(utils_imports(c.source) for c in nb.cells if c.cell_type == "code"))
        wanted |= set(STUDENT_TOOLS)
        done = set()
        while wanted - done:
            module = min(wanted - done)
            path = UTILS / f"{module}.py"
            if not path.exists():
                raise FileNotFoundError(f"{self.name} imports utils.{module}, which is not in {UTILS}")
            wanted |= utils_imports(path.read_text(), inside_utils=True)
            done.add(module)
        return sorted(done)


ASSIGNMENTS = [
    Assignment("initialization", "Initialization.ipynb", datasets=("circles.npz",),
               demo_mistake=("initialize_parameters_he", "np.sqrt(2.0 / layers_dims[l - 1])",
                             "np.sqrt(1.0 / layers_dims[l - 1])")),
    Assignment("regularization", "Regularization.ipynb", datasets=("football.npz",),
               demo_mistake=("backward_propagation_with_dropout", "dA2 = (W3.T @ dZ3) * D2 / keep_prob",
                             "dA2 = (W3.T @ dZ3) * D2")),
    Assignment("gradient_checking", "Gradient_Checking.ipynb",
               demo_mistake=("gradient_check_n", "gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)",
                             "gradapprox[i] = (J_plus[i] - forward_propagation_n(X, Y, "
                             "vector_to_dictionary(parameters_values))[0]) / epsilon")),
]


# Due dates, one per assignment (UTC), for instructors to set. `make autograde` records them in the gradebook
# (nbgrader's Assignment.duedate) before grading, so a change here counts from the next grading run. A
# submission whose timestamp.txt (written by `nbgrader collect`) is later than its due date is reported late in
# grades.csv, the class report and the summary. An assignment left out keeps the gradebook's due date (none
# unless set with `nbgrader db assignment add NAME --duedate=...`).
DUE_DATES = {
    "initialization": "2025-10-06 17:00:00 UTC",
    "regularization": "2025-10-20 17:00:00 UTC",
    "gradient_checking": "2025-11-03 17:00:00 UTC",
}


def utils_imports(source, inside_utils=False):
    """Names of the utils modules a piece of Python imports, anywhere in it (in functions too).

    Reads `from utils.X import ...`, `import utils.X` and `from utils import X`; inside utils/
    itself, also the relative forms `from .X import ...` and `from . import X`. IPython-only lines
    (%magic, !shell) are skipped.
    """
    code = "\n".join(l for l in source.splitlines() if not l.lstrip().startswith(("%", "!")))
    found = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("utils.")}
        elif isinstance(node, ast.ImportFrom):
            package = node.module or ""
            if node.level == 1 and inside_utils:
                package = "utils" + ("." + package if package else "")
            elif node.level:
                continue
            if package == "utils":
                found |= {a.name for a in node.names}
            elif package.startswith("utils."):
                found.add(package.split(".")[1])
    return found


def assignments(root=REPO):
    """The assignments whose instructor notebook exists, in course order."""
    return [a for a in ASSIGNMENTS if a.source_notebook(root).exists()]


def by_name(name):
    for a in ASSIGNMENTS:
        if a.name == name:
            return a
    raise SystemExit(f"unknown assignment {name!r}; known: {[a.name for a in ASSIGNMENTS]}")


def course_env(root=REPO, db_url=None):
    """Environment for an nbgrader call on the course at `root`.

    The venv's bin goes first on PATH: nbgrader creates a new gradebook by
    running `alembic`, which it finds through PATH.
    """
    env = dict(os.environ)
    env["NBGRADER_COURSE_ROOT"] = str(root)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    if db_url:
        env["NBGRADER_DB_URL"] = db_url
    return env


def nbgrader(*args, root=REPO, db_url=None, check=True, capture=False):
    """Runs `nbgrader <args>` against the course at `root` with this repo's configuration."""
    cmd = [str(Path(sys.executable).parent / "nbgrader"), *args]
    return subprocess.run(cmd, cwd=REPO, env=course_env(root, db_url), check=check,
                          capture_output=capture, text=True)
