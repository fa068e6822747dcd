"""Finds the hand-ins in submitted/ and turns each into a job, reading them as plain files only.

submitted/ is read as plain files and folders (see untrusted.py): a link or a special file anywhere in a
submission refuses it, and is never followed or opened; a student folder whose name is no valid id is refused.
What is refused is never read, and still gets a job (a failed row saying why). A hand-in in the wrong place
(a misspelt folder, a loose notebook) is matched to its assignment by name only (sort_strays) and gets a
failed row saying where it belongs.
"""
import os
import re
import stat
from difflib import SequenceMatcher
from pathlib import Path

from ..course import ASSIGNMENTS
from .jobs import course_files, new_job
from .untrusted import (MAX_TIMESTAMP_BYTES, STUDENT_ID_RULE, Refused, display_name, one_line, read_regular_file,
                        shown_name, sorted_entries, valid_student_id)

MAX_SUBMITTED_BYTES = 20 * 1024 * 1024  # a larger notebook is refused, not read
MAX_ENTRIES = 10_000  # files and folders in one submission folder, all levels: more is refused, not read
LINKS_REFUSED = "links are refused, never followed"


def _is_dir(path):
    """True for a real folder (a link to one is not)."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def check_tree(folder):
    """Refused if anything under `folder` is a link or neither a regular file nor a folder (a FIFO, a socket,
    a device), or if it holds more than MAX_ENTRIES entries. Nothing is followed or opened."""
    pending, seen = [Path(folder)], 0
    while pending:
        current = pending.pop()
        for entry in sorted_entries(current):
            seen += 1
            if seen > MAX_ENTRIES:
                raise Refused(f"more than {MAX_ENTRIES} files and folders")
            relative = Path(entry.path).relative_to(folder)
            if entry.is_symlink():
                raise Refused(f"{display_name(str(relative))} is a symbolic link ({LINKS_REFUSED})")
            if entry.is_dir(follow_symlinks=False):
                pending.append(Path(entry.path))
            elif not entry.is_file(follow_symlinks=False):
                raise Refused(f"{display_name(str(relative))} is not a regular file or folder")


def read_submission(folder):
    """{file name: text} of the notebooks in a submission folder (other files by name only).

    Refused (with the reason) if the folder holds a link or a special file anywhere, or a notebook larger
    than MAX_SUBMITTED_BYTES.
    """
    check_tree(folder)
    files = {}
    for entry in sorted_entries(folder):
        if not entry.is_file(follow_symlinks=False) or entry.name == "timestamp.txt":
            continue
        if not entry.name.endswith(".ipynb"):
            files[entry.name] = ""
        else:
            files[entry.name] = read_regular_file(entry.path, MAX_SUBMITTED_BYTES).decode("utf-8", errors="replace")
    return files


# A date, a time, and a zone as a short name of letters (a file name under zoneinfo, never a path) or an offset
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?"
                       r"( ?([A-Za-z]{1,5}|[+-]\d{2}:?\d{2}))?", re.ASCII)


def read_timestamp(folder):
    """(UTC datetime or None, note or None) from the timestamp.txt `nbgrader collect` writes in `folder`.

    A timestamp.txt that is missing gives no time and no note. One that cannot be read or parsed (a link,
    not a time, a zone that is a path) gives no time and a note: nbgrader then counts the submission on time, and
    the note asks the instructor to check it. Only the formats nbgrader writes are accepted, so no
    student-chosen text reaches the date parser's time-zone lookup (which reads files by name).
    """
    path = Path(folder) / "timestamp.txt"
    if not os.path.lexists(path):
        return None, None
    unread = "timestamp.txt {}: recorded without a time (counted on time); check the hand-in's time by hand"
    try:
        text = read_regular_file(path, MAX_TIMESTAMP_BYTES).decode("utf-8").strip()
    except (Refused, UnicodeDecodeError) as exc:
        return None, unread.format(f"cannot be read ({one_line(exc, 200)})" if isinstance(exc, Refused)
                                   else "is not UTF-8 text")
    if not TIMESTAMP.fullmatch(text):
        return None, unread.format(f"does not hold a time as nbgrader writes it ({display_name(text)})")
    from nbgrader.utils import parse_utc
    try:
        return parse_utc(text), None
    except Exception as exc:  # whatever the date parser raises on the student's text: a note, never a stop
        return None, unread.format(f"holds an impossible time ({display_name(text)}: {one_line(exc, 200)})")



def student_folders(submitted):
    """[(name, refusal or None)] for the entries of submitted/ that are student folders (or links).

    A link is refused (never followed), and so is a name that is no valid student id (STUDENT_ID_RULE).
    Loose files are nobody's folder: unrecognised_entries lists them.
    """
    if not Path(submitted).is_dir():
        return []
    found = []
    for entry in sorted_entries(submitted):
        if not (entry.is_symlink() or entry.is_dir(follow_symlinks=False)):
            continue
        if not valid_student_id(entry.name):
            found.append((entry.name, f"the folder name {shown_name(entry.name)} is refused: {STUDENT_ID_RULE}"))
        elif entry.is_symlink():
            found.append((entry.name, f"submitted/{entry.name} is a symbolic link ({LINKS_REFUSED})"))
        else:
            found.append((entry.name, None))
    return found


def find_jobs(root, chosen, settings):
    """One self-contained job per (student, assignment) submission in submitted/.

    A submission is normally the folder submitted/<student>/<assignment>/. A student
    folder that lacks it but holds a stray that plausibly is that assignment (see
    sort_strays) gets a job that fails with the path expected, so the hand-in is not
    lost silently; a stray beside the right folder is only noted on its row.
    A student folder that is refused (a link, a name that is no valid id) gets a refused
    job for every assignment graded, and so does a submission holding a link anywhere:
    what is refused is never read. A job whose unsafe_id is set never reaches the
    gradebook or autograded/ (its student is the name, escaped).
    """
    jobs = []
    submitted = Path(root) / "submitted"
    folders = student_folders(submitted)
    strays = {name: sort_strays(submitted / name)[0] for name, refusal in folders if not refusal}
    for assignment in chosen:
        course = course_files(assignment, root)
        for student, refusal in folders:
            if refusal:
                unsafe = not valid_student_id(student)
                jobs.append(new_job(course, shown_name(student) if unsafe else student, settings, refused=refusal,
                                    unsafe_id=unsafe))
            else:
                job = _job_of_folder(course, submitted / student, settings, strays[student].get(assignment.name, []))
                if job is not None:
                    jobs.append(job)
    return jobs


def _job_of_folder(course, student_folder, settings, found):
    """The job of one student's hand-in of `course`'s assignment, or None if there is none.

    found: the strays in the student's folder that plausibly are this assignment.
    """
    student, name = student_folder.name, course.assignment
    folder = student_folder / name
    shown = ", ".join(_shown(p) for p in found)
    if os.path.islink(folder):
        return new_job(course, student, settings,
                       refused=f"submitted/{student}/{name} is a symbolic link ({LINKS_REFUSED})")
    if _is_dir(folder):
        timestamp, note = read_timestamp(folder)
        notes = [note] if note else []
        if found:
            notes.append(f"also handed in, not graded: {shown} in submitted/{student}")
        try:
            return new_job(course, student, settings, timestamp=timestamp, runner_notes=notes,
                           submission=read_submission(folder))
        except Refused as exc:
            refused = f"submitted/{student}/{name}: {exc}"
        except OSError as exc:  # vanished or unreadable while being read
            refused = f"submitted/{student}/{name} cannot be read ({exc.strerror})"
        return new_job(course, student, settings, timestamp=timestamp, runner_notes=notes, refused=refused)
    if found:
        beside = found[0] if _is_dir(found[0]) else found[0].parent
        timestamp, note = read_timestamp(beside)
        expected = f"submitted/{student}/{name}/{course.notebook}"
        return new_job(course, student, settings, timestamp=timestamp, runner_notes=[note] if note else [],
                       refused=f"no folder named {name} in submitted/{student} (found: {shown}); expected {expected}")
    return None


NEAR_MATCH = 0.8  # difflib ratio: "initialisation" vs "initialization" is 0.93; two course names, 0.57 at most


def _normalised(name):
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _shown(path):
    return display_name(path.name) + ("/" if _is_dir(path) else "")


def sort_strays(student_folder, known=ASSIGNMENTS):
    """({assignment name: [stray paths]}, [unrecognised paths]) in a student's folder.

    A stray is an entry other than an assignment's exact folder (hidden ones such as
    .ipynb_checkpoints are skipped). It plausibly is the assignment whose name or
    notebook name it matches best, ignoring case, punctuation and a file's extension,
    if that match is close (difflib ratio NEAR_MATCH) or contains the name: Initialization/,
    initialisation/, Regularization.ipynb, gradient-checking-v2/. Anything else
    (notes.txt, hw1/) could be any assignment or none: guessing would fail every
    assignment for one stray file, so it gets no row and autograde lists it as ignored.
    Only names are compared: nothing is opened, and links are not followed.
    """
    matched, unrecognised = {}, []
    exact = {a.name for a in known}
    for entry in sorted_entries(student_folder):
        path = Path(entry.path)
        if entry.name.startswith(".") or (entry.name in exact and (entry.is_dir(follow_symlinks=False)
                                                                   or entry.is_symlink())):
            continue
        name = _normalised(path.name if entry.is_dir(follow_symlinks=False) else path.stem)
        best, best_score = None, 0.0
        for assignment in known:
            for key in {_normalised(assignment.name), _normalised(Path(assignment.notebook).stem)}:
                score = 1.0 if key in name else SequenceMatcher(None, name, key).ratio()
                if score > best_score:
                    best, best_score = assignment.name, score
        if best_score >= NEAR_MATCH:
            matched.setdefault(best, []).append(path)
        else:
            unrecognised.append(path)
    return matched, unrecognised


def unrecognised_entries(root):
    """Paths in submitted/ that are no student's submission of any assignment (see sort_strays)."""
    submitted = Path(root) / "submitted"
    found = []
    for name, refusal in student_folders(submitted):
        if not refusal:
            found += sort_strays(submitted / name)[1]
    if submitted.is_dir():
        found += [Path(e.path) for e in sorted_entries(submitted) if not e.name.startswith(".")
                  and not e.is_symlink() and not e.is_dir(follow_symlinks=False)]
    return sorted(found)
