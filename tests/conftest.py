"""Shared fixtures: a scratch copy of the course, graded once per test session."""
import sys
import warnings
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SHARED_REFERENCE = REPO.parent / "shared" / "reference"

import matplotlib  # noqa: E402

matplotlib.use("Agg")
warnings.filterwarnings("ignore", category=DeprecationWarning)

from instructor import course, demo_class, grade  # noqa: E402
from instructor.scratch import scratch_course  # noqa: E402


def make_scratch_course(root, db_url=None):
    """A scratch course in `root` (see instructor.scratch.scratch_course); returns `root`."""
    scratch_course(root, db_url)
    return Path(root)


@pytest.fixture(scope="session")
def graded_demo_class(tmp_path_factory):
    """The demo class, graded through the real grading path in a scratch course.

    Returns (root, db_url, results): one result per submission.
    """
    root = tmp_path_factory.mktemp("course")
    db_url = f"sqlite:///{root / 'gradebook.db'}"
    make_scratch_course(root, db_url)
    demo_class.write_demo_class(root)
    results = grade.autograde(root=root, db_url=db_url)
    return root, db_url, results


@pytest.fixture(scope="session")
def solution_hidden_values():
    """{assignment: HiddenValues}: what the solution's graded functions return inside the hidden tests, recorded
    by grading the solution in this process (see instructor.accuracy.leaks.hidden_values)."""
    from instructor.accuracy.leaks import hidden_values
    return {a.name: hidden_values(a) for a in course.assignments()}


def reference_file(name):
    """A file from ../shared/reference/, or a skip when this clone has none."""
    path = SHARED_REFERENCE / name
    if not path.exists():
        pytest.skip(f"reference data {path} is not available on this machine")
    return path


def grade_jobs_in_this_process(patch):
    """Makes grade.autograde run each job in this process (`patch`: a pytest MonkeyPatch), for tests whose
    stand-in grading function need not (or cannot) be sent to a worker; the pool is tested elsewhere."""
    import contextlib
    from instructor.grading import pool
    patch.setattr(pool, "_run_locally", lambda jobs, settings, run: (run(job) for job in jobs))
    patch.setattr(grade, "workers_starting", lambda settings, grader=None: contextlib.nullcontext())
