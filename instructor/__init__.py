"""Instructor tooling: authoring, release, grading, export and reports.

Nothing in this package is shipped to students (see utils/ for that).
"""
