"""The accuracy report (text) and the figures `make accuracy` publishes in README.md."""
from pathlib import Path

from ..course import REPO
from .diagnosis import outcome_key, same_words, shared_words, summary, unmet_goals, wrong_diagnoses

README = REPO / "README.md"
README_BEGIN = "<!-- grading-accuracy:begin (written by `make accuracy`; do not edit by hand) -->"
README_END = "<!-- grading-accuracy:end -->"


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
              f"{', '.join(shared[outcome_key(o)])}" for o in mistakes if shared.get(outcome_key(o))] or ["  none"]
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
