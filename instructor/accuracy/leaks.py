"""Hidden expected values must never reach a student: what the solution's graded functions return inside hidden
tests, recorded through the grader's observer hook, and the numbers of failure messages that reveal one (see the
package's docstring)."""
import html
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import numpy as np

from ..text import NUMBER as PRINTED_NUMBER
from ..course import REPO, by_name
from ..grading import trusted_run
from ..grading.observer import GradingObserver
from .catalogue import solution_job

MIN_DIGITS = 4  # a printed number with fewer significant digits is too common to be a hidden value

# A number as printed (the same pattern the class report blanks): not part of a name such as W1 or float64.
NUMBER = PRINTED_NUMBER.pattern
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
    """What a reader of an HTML page sees: no style or script blocks, no tags, entities decoded. A span is
    inline: it adds no space (highlighted code puts the minus of "-0.5" and the number in two spans)."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"</?span\b[^>]*>", "", page, flags=re.I)
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
        """The numbers of `text` that reveal a hidden expected value (see the package's docstring)."""
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


class HiddenReturns(GradingObserver):
    """Watches a grading run (see instructor/grading/observer.py): every value a graded function returns inside
    the hidden part of a test cell is appended to .values, as an array of its finite floats."""

    def __init__(self):
        self.values = []
        self.in_hidden_part = False

    def part_started(self, grade_id, part):
        self.in_hidden_part = part == "hidden"

    def returned(self, function, args, kwargs, value):
        if self.in_hidden_part:
            self.values.append(_floats(value))


def hidden_values(assignment, root=REPO):
    """Grades the solution in this process, recording what its graded functions return in hidden tests.

    Reads source/ and release/ of `root` only. The hidden tests' freshly drawn cases (unseeded) differ from run
    to run, so their values cannot be matched; every seeded case can.
    """
    assignment = by_name(assignment) if isinstance(assignment, str) else assignment
    recorded = HiddenReturns()
    result = trusted_run.grade_submission(solution_job(assignment, root), observer=recorded)
    lost = [t for t, points in result["max_scores"].items() if result["scores"].get(t, 0.0) < points]
    if result["status"] != "graded" or lost:
        raise RuntimeError(f"{assignment.name}: the solution does not earn full marks ({result['reason'] or lost}); "
                           "its hidden-test values cannot be trusted")
    values = np.sort(np.concatenate(recorded.values)) if recorded.values else np.zeros(0)
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
