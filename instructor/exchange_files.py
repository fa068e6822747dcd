"""The two files nbgrader's exchange adds to a hand-in, carried from submitted/ to autograded/ and feedback/.

`nbgrader submit` writes timestamp.txt and submission_secret.txt beside the notebook; `nbgrader collect` brings
them into submitted/<student>/<assignment>/. `nbgrader release_feedback` reads both from the feedback folder
(the secret names the page in the exchange, so only the student who holds it can fetch it) and stops at the
first page without them. Stock nbgrader copies them along; the runner and the page for an ungraded hand-in do
it here. They are the student's files: read without following links, small, or not at all.
"""
import os
import stat
from pathlib import Path

from .grading.untrusted import Refused, read_regular_file

EXCHANGE_FILES = ("timestamp.txt", "submission_secret.txt")
MAX_BYTES = 4096  # nbgrader's secret is 128 hex digits; its timestamp about 30 characters


def _real_folder(path):
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def copy_exchange_files(root, student, assignment_name, dest):
    """Copies timestamp.txt and submission_secret.txt from submitted/<student>/<assignment>/ into `dest`.

    A file that is missing, a link, too large or unreadable is skipped (the hand-in was not collected from
    the exchange, or was tampered with); a link in `dest` is replaced, never written through.
    """
    submitted = Path(root) / "submitted"
    source = submitted / student / assignment_name
    if not (_real_folder(submitted / student) and _real_folder(source)):
        return
    for name in EXCHANGE_FILES:
        try:
            data = read_regular_file(source / name, MAX_BYTES)
        except (Refused, OSError):
            continue
        target = Path(dest) / name
        if target.is_symlink():
            target.unlink()
        target.write_bytes(data)
