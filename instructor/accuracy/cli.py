"""The command line of the accuracy harness: `python -m instructor.accuracy [ASSIGNMENT ...] [--show NAME]`."""
import argparse
import tempfile
import time

from . import __doc__ as USAGE  # the package's docstring is the --help text
from ..course import REPO, assignments, by_name
from ..scratch import scratch_course
from .catalogue import catalogue, grade_catalogue, grade_with_public_verdicts
from .diagnosis import goals_met
from .leaks import hidden_values, revealed_values
from .report import README, report, write_readme_figures


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
    parser = argparse.ArgumentParser(prog="python -m instructor.accuracy", description=USAGE,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
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
