"""nbgrader configuration for the course. Paths are relative to this folder."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)  # so nbgrader can load the feedback filters from instructor/

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)

c.CourseDirectory.course_id = "improving-deep-networks"
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

# A test cell has this long to run before it is stopped and scored 0.
c.Execute.timeout = 120
c.ExecutePreprocessor.timeout = 120

# A deleted test or answer cell is restored from the source and graded, never silently skipped.
c.OverwriteCells.add_missing_cells = True

# Feedback shows what failed and why, never hidden test source (cells or tracebacks),
# under a per-function score summary (ScoreSummary runs after the other two: it reads their work).
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "instructor.feedback_filters.HideHiddenTests",
    "instructor.feedback_filters.ScoreSummary",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
