"""Grading accuracy: does the grader catch real mistakes, accept every right answer, and say what is wrong?

    python -m instructor.accuracy [ASSIGNMENT ...]      (make accuracy)
    python -m instructor.accuracy --show NAME           one catalogue entry: its full cell and the message it got

The catalogue (instructor/accuracy_catalogue/<assignment>.py) holds, for every graded function, realistic
wrong answers and differently written right ones, each a full answer cell. Every entry becomes one submission:
the release notebook with every answer cell solved, except the entry's function, which gets the entry's cell.
All submissions of one notebook are graded together, in one run of the real grader (instructor.grade.autograde)
in a scratch copy of the course. Then:

  kill rate     a mistake is caught when it costs points on its own function and on no other;
  acceptance    a right answer is accepted when it earns full marks;
  diagnosis     a caught mistake is diagnosed when the message the student gets for that function contains
                every word or phrase the catalogue expects, as whole words (case-insensitive: "column" does not
                match "columns");
  specific      a diagnosis is specific when its words appear in no other mistake's message of the same
                function: the message names this mistake, not just the family it belongs to;
  wrong         a caught mistake's message is a wrong diagnosis when it names another mistake's cause: it holds
                every word another mistake of the same function expects, and those words are not already among
                this mistake's own expected words (see wrong_diagnoses);
  public        every entry is graded a second time, against a copy of the course whose test cells keep only
                their public tests (what the student's release notebook runs). A mistake is caught by the public
                tests when its function's test cell fails there. A right answer that passes its function's public
                tests must pass its hidden tests too: otherwise the hidden tests require something the student
                could not find out before handing in (a hidden-only requirement).

Hidden expected values must never reach a student. To check that, the solution is graded once more in this
process with every value its graded functions return inside hidden tests recorded; a number printed in a
failure message that equals one of them (to its printed precision) is a leak, unless the student was given
it (it is in the release notebook or its utils/), it is an integer or has fewer than MIN_DIGITS significant
digits, or the message labels it as the student's own result ("got ...").

The report prints these per function and overall, lists every escapee, rejection, undiagnosed or unspecific
diagnosis and leak, and is written to reports/grading_accuracy.txt; a full run also rewrites the figures
between the accuracy markers of README.md. The exit code is 1 unless every mistake is caught, every right
answer accepted, at least DIAGNOSIS_GOAL of the mistakes diagnosed, at least SPECIFIC_GOAL of them specifically
(overall) and SPECIFIC_GOAL_PER_FUNCTION for every function, no message is a wrong diagnosis, no right answer
meets a hidden-only requirement and no hidden value is revealed.
"""
import argparse
import html
import importlib
import re
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import numpy as np

from . import grade
from .grading import proxies, trusted_run
from .course import REPO, assignments, by_name
from .demo_class import solved_notebook
from .grading.jobs import course_files, new_job
from .grading.settings import Settings
from .notebooks import HIDDEN_TESTS, answer_cells, grade_id, hidden_test_parts, test_cells
from .release import generate, stage_support_files

DIAGNOSIS_GOAL = 0.8              # share of the mistakes whose message names them
SPECIFIC_GOAL = 0.9               # share of the mistakes diagnosed specifically, overall
SPECIFIC_GOAL_PER_FUNCTION = 0.8  # the same, for every graded function
PUBLIC_ONLY = "public-only"       # the folder, inside a scratch course, of its copy without hidden tests
MIN_DIGITS = 4  # a printed number with fewer significant digits is too common to be a hidden value
README = REPO / "README.md"
README_BEGIN = "<!-- grading-accuracy:begin (written by `make accuracy`; do not edit by hand) -->"
README_END = "<!-- grading-accuracy:end -->"


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


def phrase_pattern(phrase):
    """A regex finding `phrase` as whole words, case-insensitive, with any whitespace between its words."""
    phrase = phrase.strip()
    body = r"\s+".join(re.escape(word) for word in phrase.split())
    before = r"(?<!\w)" if re.match(r"\w", phrase) else ""
    after = r"(?!\w)" if re.search(r"\w$", phrase) else ""
    return re.compile(before + body + after, re.IGNORECASE)


def names_mistake(message, expect):
    """True when `message` contains every phrase of `expect` as whole words."""
    return all(phrase_pattern(phrase).search(message or "") for phrase in expect)


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


def scratch_course(root):
    """A scratch copy of the course in `root` (source/ staged, release/ and gradebook generated); returns its db URL."""
    root = Path(root)
    db_url = f"sqlite:///{root / 'gradebook.db'}"
    for assignment in assignments():
        stage_support_files(assignment)
        shutil.copytree(REPO / "source" / assignment.name, root / "source" / assignment.name)
    generate(root / "release", root=root, db_url=db_url)
    return db_url


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


# ---------------------------------------------------------------- are the diagnoses specific?

def _key(outcome):
    return outcome.assignment, outcome.entry.name


def shared_words(outcomes):
    """{(assignment, entry name): [other mistakes of the same function whose message has every word it expects]}.

    A diagnosis whose words also fit another mistake's message names a family of mistakes, not this one.
    """
    mistakes = [o for o in outcomes if o.entry.kind == "mistake"]
    return {_key(o): [p.entry.name for p in mistakes
                      if p is not o and (p.assignment, p.entry.function) == (o.assignment, o.entry.function)
                      and p.message and names_mistake(p.message, o.entry.expect)]
            for o in mistakes}


def specific(outcome, shared):
    return outcome.diagnosed and not shared.get(_key(outcome))


def same_words(entries):
    """[(function, [names])] of mistakes of one function that expect exactly the same words: the catalogue
    cannot tell them apart by their messages."""
    groups = {}
    for e in entries:
        if e.kind == "mistake":
            words = tuple(sorted({" ".join(p.lower().split()) for p in e.expect}))
            groups.setdefault((e.function, words), []).append(e.name)
    return [(function, names) for (function, _), names in groups.items() if len(names) > 1]


def implied(expect, other):
    """True when every phrase of `other` stands, as whole words, inside a phrase of `expect`: any message that
    names `expect` then names `other` too, so naming `other` is no wrong diagnosis (this covers the mistakes
    that expect exactly the same words, see same_words)."""
    return names_mistake(" | ".join(expect), other)  # "|" is no whitespace: a phrase cannot span two of them


def wrong_diagnoses(outcomes):
    """[(e, o)]: the caught mistake e's message names the cause of another mistake o of the same function.

    Precisely: e is caught, o is another mistake of the same assignment and function, o's expected words are
    not implied by e's (see implied), and e's message contains every phrase o expects (names_mistake).
    """
    mistakes = [o for o in outcomes if o.entry.kind == "mistake"]
    return [(e, o) for e in mistakes if e.caught for o in mistakes
            if o is not e and (o.assignment, o.entry.function) == (e.assignment, e.entry.function)
            and not implied(e.entry.expect, o.entry.expect) and names_mistake(e.message, o.entry.expect)]


def summary(outcomes):
    """{function or "overall": {mistakes, caught, public, diagnosed, specific, correct, accepted}}, functions in
    course order; public counts the mistakes the public tests catch."""
    shared = shared_words(outcomes)
    rows = {}
    for o in outcomes:
        for key in (o.entry.function, "overall"):
            row = rows.setdefault(key, dict(mistakes=0, caught=0, public=0, diagnosed=0, specific=0, correct=0,
                                            accepted=0))
            if o.entry.kind == "mistake":
                row["mistakes"] += 1
                row["caught"] += o.caught
                row["public"] += o.public_caught
                row["diagnosed"] += o.diagnosed
                row["specific"] += specific(o, shared)
            else:
                row["correct"] += 1
                row["accepted"] += o.accepted
    if "overall" in rows:
        rows["overall"] = rows.pop("overall")
    return rows


# ---------------------------------------------------------------- hidden expected values

# A number as printed (the same pattern the class report blanks): not part of a name such as W1 or float64.
NUMBER = r"(?<![A-Za-z_\d.])[-+]?(?:\d+\.\d+|\.\d+|\d+)(?:[eE][-+]?\d+)?"
# What labels a number: "got" (the student's own result; "got:" heads a printed array), "expected" (not theirs).
LABELLED = re.compile(rf"(?P<got>\bgot\b(?P<block>:)?)|(?P<expected>\bexpected\b)|(?P<number>{NUMBER})",
                      re.IGNORECASE)


def printed_number(token):
    """(value, half a unit of its last printed digit, significant digits) of a number as it was printed."""
    mantissa, _, exponent = token.lower().partition("e")
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    digits = mantissa.lstrip("+-").replace(".", "").lstrip("0")
    return float(token), 0.5 * 10.0 ** (int(exponent or 0) - decimals), len(digits)


def message_numbers(text):
    """[(token, theirs)] for every number in a message; theirs is True for the student's own results:
    the number after "got", an array printed under "got:", and X in "... is X, expected Y"."""
    found, block, pending = [], False, False
    for m in LABELLED.finditer(text):
        if m.group("got"):
            block, pending = bool(m.group("block")), not m.group("block")
        elif m.group("expected"):
            block = pending = False
        else:
            own = block or pending or (re.search(r"\bis\s+$", text[:m.start()]) is not None
                                       and re.match(r"\s*,\s*expected\b", text[m.end():]) is not None)
            found.append((m.group("number"), own))
            pending = False
    return found


def readable_text(page):
    """What a reader of an HTML page sees: no style or script blocks, no tags, entities decoded."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _floats(value):
    """Every finite float in a returned value (arrays, numbers, and dicts, lists and tuples of them)."""
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        parts = [_floats(v) for v in value]
        return np.concatenate(parts) if parts else np.zeros(0)
    try:
        array = np.asarray(value, dtype=float).ravel()
    except (TypeError, ValueError):
        return np.zeros(0)
    return array[np.isfinite(array)]


@dataclass
class HiddenValues:
    """What the solution's graded functions returned inside one assignment's hidden tests, and the numbers the
    student is given (release notebook and utils/), which are never secret."""
    assignment: str
    values: np.ndarray           # sorted
    given: np.ndarray            # values of the given numbers
    given_half_units: np.ndarray  # half a unit of the last printed digit of each

    def is_given(self, value, half_unit):
        near = np.abs(self.given - value) <= np.maximum(self.given_half_units, half_unit) * (1 + 1e-9)
        return bool(np.any(near))

    def is_hidden(self, value, half_unit):
        tolerance = half_unit * (1 + 1e-9) + 1e-12 * abs(value)
        lo = np.searchsorted(self.values, value - tolerance, side="left")
        hi = np.searchsorted(self.values, value + tolerance, side="right")
        return bool(hi > lo)

    def revealed_in(self, text):
        """The numbers of `text` that reveal a hidden expected value (see the module's docstring)."""
        leaks = []
        for token, theirs in message_numbers(text):
            value, half_unit, digits = printed_number(token)
            if theirs or value.is_integer() or digits < MIN_DIGITS:
                continue
            if self.is_hidden(value, half_unit) and not self.is_given(value, half_unit):
                leaks.append(token)
        return leaks


def given_numbers(assignment, root=REPO):
    """(values, half units) of every non-integer number in the release notebook's cells and its utils/."""
    folder = Path(root) / "release" / assignment.name
    nb = nbformat.read(folder / assignment.notebook, as_version=4)
    texts = [c.source for c in nb.cells] + [p.read_text() for p in sorted((folder / "utils").glob("*.py"))]
    numbers = [printed_number(m.group()) for text in texts for m in re.finditer(NUMBER, text)]
    numbers = [(v, u) for v, u, _ in numbers if not v.is_integer()]
    return np.array([v for v, _ in numbers]), np.array([u for _, u in numbers])


@contextmanager
def recording_hidden_returns(into):
    """While active, every value a graded function returns inside a hidden-test region is appended to `into`.

    Wraps the grader from outside (no hook in job.py or proxies.py): a test cell runs as its public part,
    then its hidden part, then anything after, in the same namespace, recording only during the hidden part.
    """
    run_cell, call = trusted_run._TrustedRun.run_cell, proxies.StudentFunction.__call__
    hidden = [False]

    def recorded_call(self, *args, **kwargs):
        value = call(self, *args, **kwargs)
        if hidden[0]:
            into.append(_floats(value))
        return value

    def run_in_parts(self, source, is_test):
        if not is_test or not HIDDEN_TESTS.search(source):
            return run_cell(self, source, is_test)
        outputs, passed = [], True
        for part, is_hidden in hidden_test_parts(source):
            hidden[0] = is_hidden
            try:
                more, passed = run_cell(self, part, is_test)
            finally:
                hidden[0] = False
            outputs += more
            if not passed:
                break
        return outputs, passed

    trusted_run._TrustedRun.run_cell, proxies.StudentFunction.__call__ = run_in_parts, recorded_call
    try:
        yield into
    finally:
        trusted_run._TrustedRun.run_cell, proxies.StudentFunction.__call__ = run_cell, call


def solution_job(assignment, root=REPO):
    """The grading job of the instructor's solution, handed in as a student would (see submissions.find_jobs)."""
    submitted = nbformat.writes(solved_notebook(assignment, root))
    return new_job(course_files(assignment, root), "instructor-solution", Settings.from_environment(),
                   submission={assignment.notebook: submitted})


def hidden_values(assignment, root=REPO):
    """Grades the solution in this process, recording what its graded functions return in hidden tests.

    Reads source/ and release/ of `root` only. The hidden tests' freshly drawn cases (unseeded) differ from run
    to run, so their values cannot be matched; every seeded case can.
    """
    assignment = by_name(assignment) if isinstance(assignment, str) else assignment
    recorded = []
    with recording_hidden_returns(recorded):
        result = trusted_run.grade_submission(solution_job(assignment, root))
    lost = [t for t, points in result["max_scores"].items() if result["scores"].get(t, 0.0) < points]
    if result["status"] != "graded" or lost:
        raise RuntimeError(f"{assignment.name}: the solution does not earn full marks ({result['reason'] or lost}); "
                           "its hidden-test values cannot be trusted")
    values = np.sort(np.concatenate(recorded)) if recorded else np.zeros(0)
    if not len(values):
        raise RuntimeError(f"{assignment.name}: no graded function was called inside a hidden test")
    return HiddenValues(assignment.name, values, *given_numbers(assignment, root))


def revealed_values(outcomes, hidden):
    """[(where, token)] for every number in the catalogue's failure messages that reveals a hidden value.

    hidden: {assignment name: HiddenValues}.
    """
    found = []
    for o in outcomes:
        if o.assignment not in hidden:
            continue
        messages = o.messages or ({o.own_test: o.message} if o.message else {})
        for test_id, message in sorted(messages.items()):
            found += [(f"{o.assignment}/{o.entry.name} ({test_id})", token)
                      for token in hidden[o.assignment].revealed_in(message)]
    return found


# ---------------------------------------------------------------- the report and the README figures

def _rate(part, whole):
    return f"{part:>3}/{whole:<3} {100 * part / whole:5.1f}%" if whole else f"{'-':>13}"


def _public_measured(outcomes):
    return any(o.public is not None for o in outcomes)


def report(outcomes, seconds=None, leaks=None):
    """The accuracy report as text. leaks: the result of revealed_values, when it was checked."""
    rows = summary(outcomes)
    shared = shared_words(outcomes)
    measured = _public_measured(outcomes)
    lines = ["Grading accuracy: real student mistakes and right answers, graded by the real grader", ""]
    if seconds is not None:
        how = " twice (all tests, then public tests only)" if measured else ""
        lines += [f"{len(outcomes)} submissions graded{how} in {seconds:.0f} s", ""]
    lines.append(f"{'function':<42} {'mistakes caught':>15} {'by public tests':>15} {'right answers accepted':>23} "
                 f"{'diagnosed':>15} {'specific':>15}")
    for function, r in rows.items():
        if function == "overall":
            lines.append("-" * 130)
        public = _rate(r["public"], r["mistakes"]) if measured else f"{'-':>13}"
        lines.append(f"{function:<42} {_rate(r['caught'], r['mistakes']):>15} {public:>15} "
                     f"{_rate(r['accepted'], r['correct']):>23} "
                     f"{_rate(r['diagnosed'], r['mistakes']):>15} {_rate(r['specific'], r['mistakes']):>15}")
    lines += ["", "by public tests: the mistake fails its function's public tests (the student can find it before "
              "handing in);", "diagnosed: the message has every word the catalogue expects; specific: and those "
              "words fit no other mistake's message of the same function."]
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
    if measured:
        lines += ["", "Right answers that pass their public tests but lose points in hidden ones "
                  "(a hidden-only requirement):"]
        lines += [f"  {o.assignment}/{o.entry.name} ({o.entry.function}): {o.entry.description}; points lost "
                  f"on {o.hidden_only_losses}: {o.message[:300]!r}"
                  for o in outcomes if o.hidden_only_losses] or ["  none"]
        lines += ["", "Mistakes only the hidden tests catch (the public tests pass them):"]
        lines += [f"  {o.assignment}/{o.entry.name} ({o.entry.function}): {o.entry.description}"
                  for o in mistakes if o.caught and not o.public_caught] or ["  none"]
    lines += ["", "Caught, but the message does not name the mistake:"]
    lines += [f"  {o.assignment}/{o.entry.name} ({o.entry.function}): {o.entry.description}\n"
              f"      expected words: {list(o.entry.expect)}\n      message: {o.message[:400]!r}"
              for o in undiagnosed] or ["  none"]
    lines += ["", "Wrong diagnoses (the message names another mistake's cause):"]
    lines += [f"  {e.assignment}/{e.entry.name} ({e.entry.function}): its message names {o.entry.name}'s "
              f"{list(o.entry.expect)}" for e, o in wrong_diagnoses(outcomes)] or ["  none"]
    lines += ["", "Expected words that also fit the messages of other mistakes of the same function "
              "(the diagnosis is not specific):"]
    lines += [f"  {o.assignment}/{o.entry.name} ({o.entry.function}): {list(o.entry.expect)} also in "
              f"{', '.join(shared[_key(o)])}" for o in mistakes if shared.get(_key(o))] or ["  none"]
    twins = [(a, f, names) for a in sorted({o.assignment for o in outcomes})
             for f, names in same_words([o.entry for o in outcomes if o.assignment == a])]
    lines += ["", "Mistakes of one function that expect exactly the same words:"]
    lines += [f"  {a}/{f}: {', '.join(names)}" for a, f, names in twins] or ["  none"]
    if leaks is not None:
        lines += ["", "Hidden expected values printed in a failure message:"]
        lines += [f"  {where}: {token}" for where, token in leaks] or ["  none"]
    lines += ["", "Goals not met:"]
    lines += [f"  {goal}" for goal in unmet_goals(outcomes, leaks or ())] or ["  none"]
    return "\n".join(lines) + "\n"


def readme_figures(outcomes):
    """The Markdown table `make accuracy` writes between the README's accuracy markers."""
    def cell(part, whole):
        return f"{part} / {whole} ({100 * part / whole:.1f}%)" if whole else "-"

    measured = _public_measured(outcomes)
    lines = ["| function | mistakes caught | caught by public tests | right answers accepted | diagnosed | "
             "specific diagnoses |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for function, r in summary(outcomes).items():
        name = "**overall**" if function == "overall" else f"`{function}`"
        public = cell(r["public"], r["mistakes"]) if measured else "-"
        lines.append(f"| {name} | {cell(r['caught'], r['mistakes'])} | {public} | {cell(r['accepted'], r['correct'])} | "
                     f"{cell(r['diagnosed'], r['mistakes'])} | {cell(r['specific'], r['mistakes'])} |")
    return "\n".join(lines)


def readme_block(text):
    """The text between the README's accuracy markers (None when they are missing)."""
    start, end = text.find(README_BEGIN), text.find(README_END)
    if start < 0 or end < start:
        return None
    return text[start + len(README_BEGIN):end].strip("\n")


def write_readme_figures(outcomes, path=README):
    """Replaces the figures between the README's accuracy markers; returns False when the markers are missing."""
    text = Path(path).read_text()
    if readme_block(text) is None:
        return False
    start, end = text.index(README_BEGIN) + len(README_BEGIN), text.index(README_END)
    Path(path).write_text(text[:start] + "\n" + readme_figures(outcomes) + "\n" + text[end:])
    return True


def short_of_specific_goals(outcomes):
    """[(function or "overall", specific, mistakes, goal)] where specific diagnoses fall short of their goal."""
    short = []
    for function, r in summary(outcomes).items():
        goal = SPECIFIC_GOAL if function == "overall" else SPECIFIC_GOAL_PER_FUNCTION
        if r["specific"] < goal * r["mistakes"]:
            short.append((function, r["specific"], r["mistakes"], goal))
    return short


def unmet_goals(outcomes, leaks=()):
    """One line per goal the outcomes miss (see the module's docstring); empty when all are met."""
    rows = summary(outcomes).get("overall")
    if rows is None:
        return ["nothing was graded"]
    unmet = []
    if rows["caught"] < rows["mistakes"]:
        unmet.append(f"{rows['mistakes'] - rows['caught']} mistake(s) escaped")
    if rows["accepted"] < rows["correct"]:
        unmet.append(f"{rows['correct'] - rows['accepted']} right answer(s) rejected")
    if rows["diagnosed"] < DIAGNOSIS_GOAL * rows["mistakes"]:
        unmet.append(f"diagnosed {rows['diagnosed']} / {rows['mistakes']}, below {DIAGNOSIS_GOAL:.0%}")
    for function, part, whole, goal in short_of_specific_goals(outcomes):
        unmet.append(f"specific diagnoses {function}: {part} / {whole}, below {goal:.0%}")
    wrong = wrong_diagnoses(outcomes)
    if wrong:
        unmet.append(f"{len(wrong)} wrong diagnosis(es)")
    hidden_only = [o for o in outcomes if o.hidden_only_losses]
    if hidden_only:
        unmet.append(f"{len(hidden_only)} right answer(s) meet a hidden-only requirement")
    if leaks:
        unmet.append(f"{len(leaks)} hidden value(s) revealed")
    return unmet


def goals_met(outcomes, leaks=()):
    return not unmet_goals(outcomes, leaks)


# ---------------------------------------------------------------- command line

def find_entry(name):
    """(assignment, entry) for NAME, "assignment/NAME" or the entry's student folder ("mistake-NAME")."""
    wanted_assignment, _, wanted = name.rpartition("/")
    found = [(a, e) for a in assignments() if wanted_assignment in ("", a.name)
             for e in catalogue(a) if wanted in (e.name, e.student)]
    if len(found) != 1:
        known = "" if found else "; see reports/grading_accuracy.txt or instructor/accuracy_catalogue/"
        raise SystemExit(f"{len(found) or 'no'} catalogue entries are called {name!r}"
                         + (": write assignment/name" if found else known))
    return found[0]


def show(name):
    """Prints one entry's full cell, grades it alone, and prints the verdict and the message it got."""
    assignment, entry = find_entry(name)
    print(f"{assignment.name}/{entry.name}: a {'mistake' if entry.kind == 'mistake' else 'right answer'} in "
          f"{entry.function}\nwhat the student did: {entry.description}")
    if entry.kind == "mistake":
        print(f"words the message should name: {list(entry.expect)}")
    print(f"\n---- the answer cell handed in\n{entry.code}")
    with tempfile.TemporaryDirectory(prefix="accuracy-") as tmp:
        (o,) = grade_with_public_verdicts(tmp, scratch_course(tmp), assignment, [entry], workers=1)
    print(f"---- verdict\n{verdict(o)}\npublic tests only: {public_verdict(o)}\n")
    for test_id, message in sorted(o.messages.items()):
        print(f"---- the message for {test_id}\n{message}\n")
    public_message = o.public.messages.get(o.own_test) if o.public is not None else None
    if public_message and public_message != o.message:
        print(f"---- the message the public tests alone give for {o.own_test}\n{public_message}\n")
    return 0 if o.ok and not o.hidden_only_losses else 1


def verdict(o):
    """One line: what the full grading made of an entry."""
    if o.status != "graded":
        return f"grading failed: {o.reason}"
    if o.entry.kind == "mistake":
        said = "; the message names it" if o.diagnosed else "; the message does NOT name it"
        return ("caught: it costs points on its own function only" if o.caught else
                f"ESCAPED: points lost on {o.lost or 'nothing'}") + said
    return "accepted: full marks" if o.accepted else f"REJECTED: points lost on {o.lost}"


def public_verdict(o):
    """One line: what the public tests alone (the student's own check) made of an entry."""
    if o.public is None:
        return "not measured"
    if o.public.status != "graded":
        return f"grading failed: {o.public.reason}"
    fails = o.own_test in o.public.lost
    if o.entry.kind == "mistake":
        return ("they catch it: the student can find it before handing in" if fails else
                "they pass it: only the hidden tests can catch it")
    if o.hidden_only_losses:
        return f"they pass it, but the hidden tests take points on {o.hidden_only_losses}: a HIDDEN-ONLY requirement"
    return "they fail it" if fails else "they pass it"


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("assignments", nargs="*", help="only these assignments (default: all)")
    parser.add_argument("--show", metavar="NAME", help="print one entry's full cell and the message it gets")
    args = parser.parse_args(argv)
    if args.show:
        return show(args.show)
    names = args.assignments or None
    with tempfile.TemporaryDirectory(prefix="accuracy-") as tmp:
        print("Building a scratch copy of the course ...")
        db_url = scratch_course(tmp)
        start = time.perf_counter()
        outcomes = grade_catalogue(tmp, db_url, names)
        seconds = time.perf_counter() - start
    print("Grading the solution once more, recording the hidden tests' expected values ...")
    hidden = {a.name: hidden_values(a) for a in sorted({by_name(o.assignment) for o in outcomes},
                                                       key=lambda a: a.name)}
    leaks = revealed_values(outcomes, hidden)
    text = report(outcomes, seconds, leaks)
    out = REPO / "reports" / "grading_accuracy.txt"
    out.parent.mkdir(exist_ok=True)
    out.write_text(text)
    print()
    print(text)
    print(f"Written to {out}")
    if names is None:
        if write_readme_figures(outcomes):
            print(f"Figures written to {README} (between the grading-accuracy markers)")
        else:
            print(f"WARNING: {README} has no grading-accuracy markers: the figures were not published")
    return 0 if goals_met(outcomes, leaks) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
