"""Grading accuracy: does the grader catch real mistakes, accept every right answer, and say what is wrong?

    python -m instructor.accuracy [ASSIGNMENT ...]      (make accuracy)

The catalogue (instructor/accuracy_catalogue/<assignment>.py) holds, for every graded function, realistic
wrong answers and differently written right ones, each a full answer cell. Every entry becomes one submission:
the release notebook with every answer cell solved, except the entry's function, which gets the entry's cell.
All submissions of one notebook are graded together, in one run of the real grader (instructor.grade.autograde)
in a scratch copy of the course. Then:

  kill rate     a mistake is caught when it costs points on its own function and on no other;
  acceptance    a right answer is accepted when it earns full marks;
  diagnosis     a caught mistake is diagnosed when the message the student gets for that function contains
                every word the catalogue expects (case-insensitive).

The report prints these per function and overall, lists every escapee, rejection and undiagnosed mistake,
and is written to reports/grading_accuracy.txt. The exit code is 1 unless every mistake is caught, every
right answer accepted and at least DIAGNOSIS_GOAL of the mistakes diagnosed.
"""
import importlib
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import grade
from .course import REPO, assignments, by_name
from .demo_class import solved_notebook
from .notebooks import answer_cells, grade_id
from .release import generate, stage_support_files

DIAGNOSIS_GOAL = 0.8


def catalogue(assignment):
    """The catalogue entries of one assignment (an Assignment or its name), checked for consistency."""
    assignment = by_name(assignment) if isinstance(assignment, str) else assignment
    entries = importlib.import_module(f"{__package__}.accuracy_catalogue.{assignment.name}").ENTRIES
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
    assignment: str
    entry: object
    status: str                  # the grader's status: "graded" or "failed"
    scores: dict                 # {test grade_id: points earned}
    max_scores: dict             # {test grade_id: points possible}
    message: str = ""            # what the student is told about the entry's function
    reason: str = ""             # why grading failed, if it did
    lost: list = field(default_factory=list)  # test cells that did not earn full points

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
        text = self.message.lower()
        return self.caught and all(word.lower() in text for word in self.entry.expect)

    @property
    def ok(self):
        return self.caught if self.entry.kind == "mistake" else self.accepted


def scratch_course(root):
    """A scratch copy of the course in `root` (source/ staged, release/ and gradebook generated); returns its db URL."""
    root = Path(root)
    db_url = f"sqlite:///{root / 'gradebook.db'}"
    for assignment in assignments():
        stage_support_files(assignment)
        shutil.copytree(REPO / "source" / assignment.name, root / "source" / assignment.name)
    generate(root / "release", root=root, db_url=db_url)
    return db_url


def grade_catalogue(root, db_url, names=None, workers=None):
    """Grades every catalogue entry as its own submission in the scratch course `root`; returns the Outcomes.

    One autograde run per notebook, all of its entries together (one student folder per entry).
    """
    outcomes = []
    chosen = [by_name(n) for n in names] if names else assignments(root)
    for assignment in chosen:
        entries = catalogue(assignment)
        for entry in entries:
            folder = Path(root) / "submitted" / entry.student / assignment.name
            folder.mkdir(parents=True, exist_ok=True)
            nbformat.write(submission(assignment, entry, root), folder / assignment.notebook)
        results = {r["student"]: r for r in grade.autograde([assignment.name], root=root, db_url=db_url,
                                                            workers=workers)}
        for entry in entries:
            r = results.get(entry.student)
            if r is None:
                outcomes.append(Outcome(assignment.name, entry, "failed", {}, {}, reason="not graded"))
                continue
            lost = sorted(t for t, points in r["max_scores"].items() if r["scores"].get(t, 0.0) < points)
            outcomes.append(Outcome(assignment.name, entry, r["status"], r["scores"], r["max_scores"],
                                    r["messages"].get(f"test_{entry.function}", ""), r["reason"], lost))
    return outcomes


def summary(outcomes):
    """{function or "overall": {mistakes, caught, diagnosed, correct, accepted}}, functions in course order."""
    rows = {}
    for o in outcomes:
        for key in (o.entry.function, "overall"):
            row = rows.setdefault(key, dict(mistakes=0, caught=0, diagnosed=0, correct=0, accepted=0))
            if o.entry.kind == "mistake":
                row["mistakes"] += 1
                row["caught"] += o.caught
                row["diagnosed"] += o.diagnosed
            else:
                row["correct"] += 1
                row["accepted"] += o.accepted
    if "overall" in rows:
        rows["overall"] = rows.pop("overall")
    return rows


def _rate(part, whole):
    return f"{part:>3}/{whole:<3} {100 * part / whole:5.1f}%" if whole else f"{'-':>13}"


def report(outcomes, seconds=None):
    """The accuracy report as text."""
    rows = summary(outcomes)
    lines = ["Grading accuracy: real student mistakes and right answers, graded by the real grader", ""]
    if seconds is not None:
        lines += [f"{len(outcomes)} submissions graded in {seconds:.0f} s", ""]
    lines.append(f"{'function':<42} {'mistakes caught':>15} {'right answers accepted':>23} {'diagnosed':>15}")
    for function, r in rows.items():
        if function == "overall":
            lines.append("-" * 98)
        lines.append(f"{function:<42} {_rate(r['caught'], r['mistakes']):>15} {_rate(r['accepted'], r['correct']):>23} "
                     f"{_rate(r['diagnosed'], r['mistakes']):>15}")
    mistakes = [o for o in outcomes if o.entry.kind == "mistake"]
    escaped = [o for o in mistakes if not o.caught]
    rejected = [o for o in outcomes if o.entry.kind == "correct" and not o.accepted]
    undiagnosed = [o for o in mistakes if o.caught and not o.diagnosed]
    lines += ["", "Escaped mistakes (not caught, or costing points on another function):"]
    lines += [f"  {o.assignment}/{o.entry.name} ({o.entry.function}): {o.entry.description}; "
              + (f"grading failed: {o.reason}" if o.status != "graded" else
                 f"points lost on {o.lost or 'nothing'}") for o in escaped] or ["  none"]
    lines += ["", "Rejected right answers:"]
    lines += [f"  {o.assignment}/{o.entry.name} ({o.entry.function}): {o.entry.description}; "
              + (f"grading failed: {o.reason}" if o.status != "graded" else
                 f"points lost on {o.lost}: {o.message[:300]!r}") for o in rejected] or ["  none"]
    lines += ["", "Caught, but the message does not name the mistake:"]
    lines += [f"  {o.assignment}/{o.entry.name} ({o.entry.function}): {o.entry.description}\n"
              f"      expected words: {list(o.entry.expect)}\n      message: {o.message[:400]!r}"
              for o in undiagnosed] or ["  none"]
    return "\n".join(lines) + "\n"


def goals_met(outcomes):
    rows = summary(outcomes)["overall"]
    return (rows["caught"] == rows["mistakes"] and rows["accepted"] == rows["correct"]
            and rows["diagnosed"] >= DIAGNOSIS_GOAL * rows["mistakes"])


def main(argv):
    names = argv or None
    with tempfile.TemporaryDirectory(prefix="accuracy-") as tmp:
        print("Building a scratch copy of the course ...")
        db_url = scratch_course(tmp)
        start = time.perf_counter()
        outcomes = grade_catalogue(tmp, db_url, names)
        seconds = time.perf_counter() - start
    text = report(outcomes, seconds)
    out = REPO / "reports" / "grading_accuracy.txt"
    out.parent.mkdir(exist_ok=True)
    out.write_text(text)
    print()
    print(text)
    print(f"Written to {out}")
    return 0 if goals_met(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
