"""The instructor's commands end a mistake in one or two lines that say what is wrong and what to do next.

Each runs as `make` runs it (`python -m instructor.<module>`), on a scratch course folder named by
NBGRADER_COURSE_ROOT; where nothing was done it exits non-zero, and never shows a Python traceback.
"""
import os
import shutil
import subprocess
import sys

import pytest

from instructor import course
from instructor.gradebook import db_url_problem, masked, usable_db_url

REPO = course.REPO
COMMANDS = ["grade", "feedback", "export", "summary", "report"]
PASSWORD = "s3cret-pw"


@pytest.fixture
def root(tmp_path):
    """A course folder with the instructor notebooks and their releases, and nothing graded or handed in."""
    for a in course.assignments():
        (tmp_path / "source" / a.name).mkdir(parents=True)
        shutil.copy2(a.source_notebook(), tmp_path / "source" / a.name / a.notebook)
    shutil.copytree(REPO / "release", tmp_path / "release")
    return tmp_path


def run(module, root, db_url=None):
    """`python -m instructor.<module>` on the course at root, as `make` runs it; (exit code, stdout + stderr)."""
    env = {k: v for k, v in os.environ.items() if k != "NBGRADER_DB_URL"}
    env.update(NBGRADER_COURSE_ROOT=str(root), PYTHONWARNINGS="ignore")
    if db_url is not None:
        env["NBGRADER_DB_URL"] = db_url
    done = subprocess.run([sys.executable, "-m", f"instructor.{module}"], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=600)
    return done.returncode, done.stdout + done.stderr


def files_in(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def assert_told_briefly(code, output):
    assert code != 0, output
    assert "Traceback" not in output, output
    assert 1 <= len(output.strip().splitlines()) <= 2, output


@pytest.mark.parametrize("submitted", ["missing", "empty"])
def test_autograde_with_nothing_handed_in_says_where_notebooks_go(root, submitted):
    if submitted == "empty":
        (root / "submitted").mkdir()
    before = files_in(root)
    code, output = run("grade", root)
    assert_told_briefly(code, output)
    assert "Nothing to grade" in output and str(root / "submitted") in output
    assert "submitted/<student_id>/<assignment>/<Notebook>.ipynb" in output
    assert "submitted/alice/initialization/Initialization.ipynb" in output and "`make demo`" in output
    assert files_in(root) == before  # no gradebook, no status file: nothing was done


def test_feedback_before_grading_says_to_autograde_first(root):
    code, output = run("feedback", root)
    assert_told_briefly(code, output)
    assert "`make autograde` first" in output and str(root / "autograded") in output
    assert "No notebooks were matched" not in output
    assert not (root / "feedback").exists() and not (root / "reports").exists()


BAD_URLS = {
    "not a URL": ("garbage", ["is not a database URL"]),
    "unreachable": (f"postgresql+psycopg2://teacher:{PASSWORD}@127.0.0.1:1/gradebook",
                    ["cannot connect to the gradebook", "Connection refused", "teacher:***@127.0.0.1:1"]),
    "driver missing": (f"postgresql://teacher:{PASSWORD}@127.0.0.1/gradebook",
                       ["driver psycopg for postgresql is not installed", "installed driver psycopg2"]),
}


@pytest.mark.parametrize("module", COMMANDS)
@pytest.mark.parametrize("case", BAD_URLS)
def test_an_unusable_database_url_is_named_with_the_fix(root, module, case):
    url, causes = BAD_URLS[case]
    (root / "autograded").mkdir()  # so each command would get as far as opening the gradebook
    before = files_in(root)
    code, output = run(module, root, url)
    assert_told_briefly(code, output)
    assert "NBGRADER_DB_URL" in output
    for cause in causes:
        assert cause in output
    assert "postgresql+psycopg2://user:password@host:5432/gradebook" in output  # a valid one to copy
    assert PASSWORD not in output
    assert files_in(root) == before


def test_a_password_is_masked_even_in_a_url_that_does_not_parse():
    assert PASSWORD not in masked(f"postgres ql://teacher:{PASSWORD}@host/db")
    assert "teacher:***@host" in masked(f"postgresql://teacher:{PASSWORD}@host/db")


def test_the_default_gradebook_of_a_course_folder_is_usable(tmp_path, monkeypatch):
    monkeypatch.delenv("NBGRADER_DB_URL", raising=False)
    assert usable_db_url(tmp_path).startswith(f"sqlite:///{tmp_path / 'gradebook.db'}")


def test_a_sqlite_gradebook_in_a_missing_folder_is_reported(tmp_path):
    problem = db_url_problem(f"sqlite:///{tmp_path / 'no-such-folder' / 'gradebook.db'}")
    assert problem and "NBGRADER_DB_URL" in problem and "cannot connect to the gradebook" in problem
    assert not (tmp_path / "no-such-folder").exists()
