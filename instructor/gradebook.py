"""Reads scores out of the nbgrader gradebook."""
import os
from dataclasses import dataclass
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from .course import REPO


def default_db_url(root=REPO):
    return os.environ.get("NBGRADER_DB_URL") or f"sqlite:///{Path(root) / 'gradebook.db'}?timeout=60"


@dataclass
class CellScore:
    student: str
    assignment: str
    notebook: str
    grade_id: str
    score: float
    max_score: float


def cell_scores(db_url):
    """One CellScore per graded test cell of every submitted notebook."""
    rows = []
    with Gradebook(db_url) as gb:
        for assignment in gb.assignments:
            for notebook in assignment.notebooks:
                for student in gb.students:
                    try:
                        submission = gb.find_submission_notebook(notebook.name, assignment.name, student.id)
                    except MissingEntry:
                        continue
                    for grade in submission.grades:
                        rows.append(CellScore(student.id, assignment.name, notebook.name, grade.name,
                                              float(grade.score or 0), float(grade.max_score or 0)))
    rows.sort(key=lambda r: (r.assignment, r.student, r.notebook, r.grade_id))
    return rows


def assignment_scores(db_url):
    """{(student, assignment): (score, max_score)} for every submission in the gradebook."""
    totals = {}
    for row in cell_scores(db_url):
        score, maximum = totals.get((row.student, row.assignment), (0.0, 0.0))
        totals[(row.student, row.assignment)] = (score + row.score, maximum + row.max_score)
    return totals
