"""Brings the students' hand-ins from nbgrader's exchange into submitted/, then checks what landed.

    python -m instructor.collect [ASSIGNMENT ...] [-- NBGRADER_OPTION ...]      (make collect)

Runs `nbgrader collect --update` for every assignment (the course id and exchange folder come from
nbgrader_config.py: CourseDirectory.course_id, Exchange.root or NBGRADER_EXCHANGE). nbgrader keeps each
student's latest hand-in and writes it, with its timestamp.txt, to submitted/<student>/<assignment>/; --update
replaces an earlier collected one. Then the runner's own checks on submitted/ (instructor.grade: valid student
ids, no links or special files, a readable timestamp.txt) print what `make autograde` will refuse or note.

Exits non-zero when nothing was collected: `nbgrader collect` failed, or the exchange holds no hand-in.
"""
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import grade
from .course import REPO, assignments, by_name, nbgrader
from .gradebook import course_root, usable_db_url
from .grading import submissions
from .grading.settings import Settings
from .grading.untrusted import display_name


@dataclass
class Collected:
    new: list = field(default_factory=list)        # [(student, assignment)] collected in this run
    failed: dict = field(default_factory=dict)     # {assignment: why nbgrader collect failed}
    jobs: list = field(default_factory=list)       # what `make autograde` will find (submissions.find_jobs)
    root: Path = REPO
    assignments: list = field(default_factory=list)  # the names of the assignments collected


def exchange_settings():
    """(exchange folder, course id) as nbgrader_config.py sets them (nbgrader's default folder otherwise)."""
    from nbgrader.exchange.default import Exchange
    from traitlets.config.loader import PyFileConfigLoader
    config = PyFileConfigLoader("nbgrader_config.py", path=str(REPO)).load_config()
    root = config.Exchange.root if "root" in config.Exchange else Exchange.root.default_value
    return root, config.CourseDirectory.course_id


def handed_in(root, chosen):
    """{(student, assignment): timestamp or None} of the submissions in submitted/ (valid student folders)."""
    submitted = Path(root) / "submitted"
    found = {}
    for student, refusal in submissions.student_folders(submitted):
        for assignment in [] if refusal else chosen:
            folder = submitted / student / assignment.name
            if folder.is_dir() and not folder.is_symlink():
                found[(student, assignment.name)] = submissions.read_timestamp(folder)[0]
    return found


def _cause(run):
    """nbgrader's line naming why it failed (its CRITICAL line; its last line says only that it failed)."""
    lines = [line.strip() for line in (run.stderr + run.stdout).splitlines() if line.strip()]
    for level in ("CRITICAL", "ERROR"):
        found = [line for line in lines if level in line]
        if found:
            return found[0].split("] ", 1)[-1]  # without nbgrader's "[CollectApp | CRITICAL]"
    return lines[-1] if lines else f"exit status {run.returncode}"


def collect(names=None, root=REPO, db_url=None, nbgrader_args=()):
    """Collects every chosen assignment into submitted/; returns what happened (Collected)."""
    root = Path(root)
    chosen = [by_name(n) for n in names] if names else assignments(root)
    before = handed_in(root, chosen)
    done = Collected(root=root, assignments=[a.name for a in chosen])
    for assignment in chosen:
        run = nbgrader("collect", assignment.name, "--update", "--log-level=WARN", *nbgrader_args,
                       root=root, db_url=db_url, check=False, capture=True)
        if run.returncode:  # its cause is printed once, by report()
            done.failed[assignment.name] = _cause(run)
        else:  # warnings only: no submission of this assignment, a hand-in owned by someone else
            sys.stdout.write(run.stdout)
            sys.stderr.write(run.stderr)
    after = handed_in(root, chosen)
    done.new = sorted(key for key in after if key not in before or before[key] != after[key])
    done.jobs = submissions.find_jobs(root, chosen, Settings.from_environment())
    return done


def report(done):
    """Prints what was collected and what the runner will refuse; returns the exit status."""
    exchange, course_id = exchange_settings()
    causes = set(done.failed.values())
    if len(causes) == 1 and len(done.failed) > 1:
        print(f"FAILED  nbgrader collect {', '.join(done.failed)}: {causes.pop()}", file=sys.stderr)
    else:
        for assignment, cause in done.failed.items():
            print(f"FAILED  nbgrader collect {assignment}: {cause}", file=sys.stderr)
    for student, assignment in done.new:
        print(f"COLLECTED {student}/{assignment}")
    refused = [job for job in done.jobs if job.refused]
    for job in refused:
        print(f"REFUSED {display_name(job.student)}/{job.assignment}: {job.refused} "
              "(make autograde records it as failed; its feedback page says why)")
    for job in done.jobs:
        for note in job.runner_notes:
            print(f"NOTE    {job.student}/{job.assignment}: {note}")
    grade.print_ignored(done.root)
    settings = (f"Exchange.root ({exchange}; set it in nbgrader_config.py or with NBGRADER_EXCHANGE=/path) and "
                f"CourseDirectory.course_id ({course_id!r})")
    if done.failed and len(done.failed) == len(done.assignments):
        print(f"Nothing collected: `nbgrader collect` failed for every assignment.\n"
              f"  Check {settings}: the exchange must exist, writable by everyone (mode 777), and hold the "
              "course's inbound/ folder, which `nbgrader release_assignment <assignment>` creates.", file=sys.stderr)
        return 1
    if not done.jobs:
        print(f"Nothing collected: no hand-in of {', '.join(done.assignments)} in the exchange.\n"
              f"  Students hand in with `nbgrader submit <assignment>` (or JupyterLab's Assignments tab) under the "
              f"same {settings}.", file=sys.stderr)
        return 1
    ready = len(done.jobs) - len(refused)
    print(f"Collected {len(done.new)} new hand-in(s); submitted/ holds {len(done.jobs)} submission(s): "
          f"{ready} ready to grade, {len(refused)} refused. Next: make autograde")
    return 1 if done.failed else 0


def main(argv):
    names, nbgrader_args = argv, []
    if "--" in argv:
        names, nbgrader_args = argv[:argv.index("--")], argv[argv.index("--") + 1:]
    root = course_root()
    return report(collect(names, root=root, db_url=usable_db_url(root), nbgrader_args=nbgrader_args))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
