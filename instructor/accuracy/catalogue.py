"""The catalogue's entries, the submissions made of them, and grading them with the real grader: with every test,
then against the public tests only (see the package's docstring)."""
import importlib
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .. import grade
from ..course import REPO, assignments, by_name
from ..demo_class import solved_notebook
from ..grading.jobs import course_files, new_job
from ..grading.settings import Settings
from ..notebooks import answer_cells, grade_id, hidden_test_parts, test_cells
from .diagnosis import names_mistake

PUBLIC_ONLY = "public-only"       # the folder, inside a scratch course, of its copy without hidden tests


def catalogue(assignment):
    """The catalogue entries of one assignment (an Assignment or its name), checked for consistency."""
    assignment = by_name(assignment) if isinstance(assignment, str) else assignment
    entries = importlib.import_module(f"..accuracy_catalogue.{assignment.name}", __package__).ENTRIES
    functions = set(answer_cells(nbformat.read(assignment.source_notebook(), as_version=4)))
    seen = set()
    for entry in entries:
        if entry.function not in functions:
            raise ValueError(f"{assignment.name}/{entry.name}: {entry.function} is not a graded function here")
        if entry.name in seen:
            raise ValueError(f"{assignment.name}: two entries are named {entry.name}")
        if f"def {entry.function}(" not in entry.code:
            raise ValueError(f"{assignment.name}/{entry.name}: the cell does not define {entry.function}")
        seen.add(entry.name)
    return list(entries)


def submission(assignment, entry, root=REPO):
    """The notebook a student would hand in: every answer solved, the entry's function answered by the entry."""
    nb = solved_notebook(assignment, root)
    cells = [c for c in nb.cells if grade_id(c) == entry.function]
    assert len(cells) == 1, f"{assignment.name}: no single answer cell for {entry.function}"
    cells[0].source = entry.code
    return nb


@dataclass
class Outcome:
    """What the grader made of one catalogue entry handed in as its own submission."""
    assignment: str
    entry: object
    status: str                  # the grader's status: "graded" or "failed"
    scores: dict                 # {test grade_id: points earned}
    max_scores: dict             # {test grade_id: points possible}
    message: str = ""            # what the student is told about the entry's function
    reason: str = ""             # why grading failed, if it did
    lost: list = field(default_factory=list)  # test cells that did not earn full points
    messages: dict = field(default_factory=dict)  # {test grade_id: message} of every failed test cell
    public: "Outcome" = None     # the same entry graded against the public tests only (None: not measured)

    @property
    def own_test(self):
        return f"test_{self.entry.function}"

    @property
    def caught(self):
        """A mistake that cost points on its own function and on no other."""
        return self.status == "graded" and self.lost == [self.own_test]

    @property
    def collateral(self):
        return [t for t in self.lost if t != self.own_test]

    @property
    def accepted(self):
        return self.status == "graded" and not self.lost

    @property
    def diagnosed(self):
        return self.caught and names_mistake(self.message, self.entry.expect)

    @property
    def ok(self):
        return self.caught if self.entry.kind == "mistake" else self.accepted

    @property
    def public_caught(self):
        """A mistake that fails its function's public tests (the ones the student can run)."""
        return (self.public is not None and self.public.status == "graded"
                and self.own_test in self.public.lost)

    @property
    def hidden_only_losses(self):
        """The test cells of a right answer that pass their public tests but lose points in their hidden ones."""
        if self.entry.kind != "correct" or self.public is None or self.public.status != "graded":
            return []
        return [t for t in self.lost if t not in self.public.lost]


def solution_job(assignment, root=REPO):
    """The grading job of the instructor's solution, handed in as a student would (see submissions.find_jobs)."""
    submitted = nbformat.writes(solved_notebook(assignment, root))
    return new_job(course_files(assignment, root), "instructor-solution", Settings.from_environment(),
                   submission={assignment.notebook: submitted})


def without_hidden_tests(source):
    """A test cell's source with its hidden tests cut out: what the release notebook's test cell runs."""
    return "".join(part for part, is_hidden in hidden_test_parts(source) if not is_hidden)


def public_course(root, db_url):
    """A copy of the scratch course `root`, in root/PUBLIC_ONLY, whose test cells keep their public tests only.

    Its release/ is the same (nbgrader strips hidden tests from a release anyway) and so is its gradebook when
    `db_url` is the scratch course's SQLite file; otherwise autograde records the assignments in a new one.
    Returns (its root, its db URL).
    """
    root, target = Path(root), Path(root) / PUBLIC_ONLY
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(root / "release", target / "release")
    for assignment in assignments(root):
        shutil.copytree(root / "source" / assignment.name, target / "source" / assignment.name)
        nb = nbformat.read(assignment.source_notebook(target), as_version=4)
        for cell in test_cells(nb).values():
            cell.source = without_hidden_tests(cell.source)
        nbformat.write(nb, assignment.source_notebook(target))
    if db_url == f"sqlite:///{root / 'gradebook.db'}":
        shutil.copy2(root / "gradebook.db", target / "gradebook.db")
    return target, f"sqlite:///{target / 'gradebook.db'}"


def grade_entries(root, db_url, assignment, entries, workers=None):
    """Grades the given entries of one assignment together, one submission each; returns their Outcomes."""
    for entry in entries:
        folder = Path(root) / "submitted" / entry.student / assignment.name
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(submission(assignment, entry, root), folder / assignment.notebook)
    results = {r["student"]: r for r in grade.autograde([assignment.name], root=root, db_url=db_url,
                                                        workers=workers)}
    outcomes = []
    for entry in entries:
        r = results.get(entry.student)
        if r is None:
            outcomes.append(Outcome(assignment.name, entry, "failed", {}, {}, reason="not graded"))
            continue
        lost = sorted(t for t, points in r["max_scores"].items() if r["scores"].get(t, 0.0) < points)
        outcomes.append(Outcome(assignment.name, entry, r["status"], r["scores"], r["max_scores"],
                                r["messages"].get(f"test_{entry.function}", ""), r["reason"], lost,
                                dict(r["messages"])))
    return outcomes


def grade_with_public_verdicts(root, db_url, assignment, entries, workers=None, public=None):
    """grade_entries, then the same entries once more against the public tests only (see public_course);
    each Outcome gets the second one as its .public. public: (root, db URL) of a public course already made."""
    outcomes = grade_entries(root, db_url, assignment, entries, workers)
    public_root, public_db = public or public_course(root, db_url)
    for outcome, verdict in zip(outcomes, grade_entries(public_root, public_db, assignment, entries, workers)):
        outcome.public = verdict
    return outcomes


def grade_catalogue(root, db_url, names=None, workers=None):
    """Grades every catalogue entry as its own submission in the scratch course `root`, then against its public
    tests only; returns the Outcomes (with their .public verdicts).

    One autograde run per notebook and course, all of its entries together (one student folder per entry).
    """
    outcomes = []
    chosen = [by_name(n) for n in names] if names else assignments(root)
    public = public_course(root, db_url)
    for assignment in chosen:
        outcomes += grade_with_public_verdicts(root, db_url, assignment, catalogue(assignment), workers, public)
    return outcomes
