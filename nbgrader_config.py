"""nbgrader configuration for the course. Paths are relative to this folder."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)  # so nbgrader can load the feedback filters from instructor/

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)

c.CourseDirectory.course_id = "improving-deep-networks"
# nbgrader's exchange (release_assignment, collect, release_feedback; students' fetch_assignment, submit,
# fetch_feedback): a folder every user can write (mode 0o777). nbgrader's default is
# /usr/local/share/nbgrader/exchange; NBGRADER_EXCHANGE sets another (tests use a scratch one).
if os.environ.get("NBGRADER_EXCHANGE"):
    c.Exchange.root = os.environ["NBGRADER_EXCHANGE"]
# The instructor tools point nbgrader at another course folder (tests use a scratch copy).
ROOT = os.environ.get("NBGRADER_COURSE_ROOT", HERE)
c.CourseDirectory.root = ROOT
# SQLite by default; the timeout lets parallel writers wait for the lock instead of failing.
# Set NBGRADER_DB_URL to use another SQLAlchemy URL (for example PostgreSQL).
c.CourseDirectory.db_url = os.environ.get(
    "NBGRADER_DB_URL", "sqlite:///" + os.path.join(ROOT, "gradebook.db") + "?timeout=60")
# Support files staged next to each notebook are part of the assignment; caches are not.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]

# Student answer cells start with a stub that says what to do.
c.ClearSolutions.code_stub = {
    "python": "# YOUR CODE HERE: write your solution, then delete the line below\n"
              "raise NotImplementedError(\"not implemented yet\")",
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# nbgrader's Execute preprocessor (autograde, validate) gives each cell this many seconds (its default is 30);
# a cell still running then is interrupted and records an error, so a test cell that times out scores 0.
c.Execute.timeout = 120

# nbgrader always overwrites submitted test cells with the source's; this also puts back a test cell the student
# deleted (added after the cell before it), so it is graded, never silently skipped. It restores grade cells only:
# a deleted answer cell stays deleted, its function is undefined and its tests score 0.
c.OverwriteCells.add_missing_cells = True

# Feedback shows what failed and why, never hidden test source (cells or tracebacks),
# under a per-function score summary (ScoreSummary runs after the other two: it reads their work).
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "instructor.feedback_filters.HideHiddenTests",
    "instructor.feedback_filters.ScoreSummary",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
