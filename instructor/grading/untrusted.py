"""What the parent process does with text and files a hand-in controls: check, read safely, clean, cap.

Everything in submitted/ is the student's: folder and file names, file contents, timestamp.txt, and, through
the grading job, exception texts and outputs. None of it may stop a grading run, reach nbgrader in a form it
cannot handle, or make a report unreadable. So:

- student ids must follow STUDENT_ID_RULE (what nbgrader's globs, regexes, gradebook and feedback handle);
- files are opened without following links and without blocking (a FIFO), and only regular files are read;
- text is cleaned before the parent writes it anywhere: lone surrogates (from a notebook's JSON escapes or a
  folder name that is not UTF-8) become U+FFFD, one-line fields lose their control characters, and every
  field is capped far below the csv module's field limit;
- the CSV files of an earlier run are read robustly: a corrupt one never stops a run.
"""
import csv
import hashlib
import os
import re
import stat
import sys

# Letters, digits and _ . @ - only: no glob or regex metacharacters (nbgrader globs and matches ids), no
# whitespace or newline (nbgrader strips or cannot match them), no comma (student_id_exclude is a list), no
# leading '.' (glob skips hidden names, so such a student would never get a feedback page), ASCII (valid UTF-8).
STUDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}")
STUDENT_ID_RULE = ("a student id is 1 to 64 characters: ASCII letters, digits and _ . @ -, "
                   "starting with a letter or a digit")

MAX_FIELD = 2_000       # characters of one status field (reason, one note); csv's default limit is 131,072
MAX_NOTES = 20_000      # characters of all notes of one row together
MAX_NAME_SHOWN = 80     # characters of a refused name shown in a row or a message
MAX_TIMESTAMP_BYTES = 200
SURROGATE = re.compile(r"[\ud800-\udfff]")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


class Refused(Exception):
    """A path in submitted/ that is not read: a link, a special file, too large. The message says which."""


def valid_student_id(name):
    return isinstance(name, str) and STUDENT_ID.fullmatch(name) is not None


def no_surrogates(text):
    """`text` with every lone surrogate replaced by U+FFFD, so it can be encoded as UTF-8."""
    return SURROGATE.sub("\ufffd", text)


def one_line(text, cap=MAX_FIELD):
    """A field shown on one line: no surrogates, control characters (newlines too) become a space, capped."""
    text = CONTROL.sub(" ", no_surrogates(str(text))).strip()
    return text if len(text) <= cap else text[:cap] + " ..."


def block(text, cap):
    """Multi-line text (a message, a notebook) made writable as UTF-8, capped."""
    text = no_surrogates(str(text))
    return text if len(text) <= cap else text[:cap] + "\n... (cut)"


def shown_name(name):
    """A name from submitted/ made safe to show: escaped as Python would (so distinct names stay distinct),
    capped; a capped name keeps a short hash of the whole name so two long names never show the same."""
    shown = ascii(name)
    if len(shown) <= MAX_NAME_SHOWN:
        return shown
    digest = hashlib.sha256(os.fsencode(name)).hexdigest()[:12]
    return f"{shown[:MAX_NAME_SHOWN - 20]}...#{digest}"


def display_name(name):
    """A name as it is when it is plain printable text of a sensible length, else escaped (shown_name)."""
    plain = name.isprintable() and not SURROGATE.search(name) and len(name) <= MAX_NAME_SHOWN
    return name if plain else shown_name(name)


def sorted_entries(folder):
    """The entries of a folder, sorted by name; their types come from the folder itself, never through a link."""
    with os.scandir(folder) as found:
        return sorted(found, key=lambda e: e.name)


def read_regular_file(path, max_bytes):
    """The bytes of a regular file, never following a link and never blocking; Refused otherwise.

    O_NOFOLLOW refuses a link in the last component, O_NONBLOCK keeps a FIFO from blocking the open, and
    fstat on the open descriptor checks what was really opened (the path may have been swapped meanwhile).
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        if os.path.islink(path):
            raise Refused(f"{shown_name(os.path.basename(path))} is a symbolic link (links are refused, "
                          "never followed)") from None
        raise Refused(f"{shown_name(os.path.basename(path))} cannot be opened ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Refused(f"{shown_name(os.path.basename(path))} is not a regular file")
        if info.st_size > max_bytes:
            raise Refused(f"{shown_name(os.path.basename(path))} is larger than {max_bytes} bytes")
        chunks, left = [], max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > max_bytes:  # grew after fstat
            raise Refused(f"{shown_name(os.path.basename(path))} is larger than {max_bytes} bytes")
        return data
    finally:
        os.close(fd)


def read_csv_rows(path, fields=None):
    """The rows of a CSV file this course wrote, each a {field: clean text} dict; [] when it is missing.

    A file from an older run may be corrupt (a field over csv's limit, bytes that are not UTF-8, a cut line):
    the rows read before the damage are kept, a warning goes to stderr, and nothing raises.
    """
    rows = []
    try:
        with open(path, newline="", encoding="utf-8", errors="replace") as f:
            reader = csv.DictReader(f)
            for row in _guarded(reader, path):
                names = fields or [k for k in row if isinstance(k, str)]
                rows.append({k: one_line(row.get(k) or "", MAX_NOTES) if isinstance(row.get(k), str) else ""
                             for k in names})
    except FileNotFoundError:
        return []
    except (OSError, csv.Error, ValueError) as exc:
        print(f"warning: {path} cannot be read ({type(exc).__name__}); ignoring it", file=sys.stderr)
    return rows


def _guarded(reader, path):
    """Iterates a csv reader with a higher field limit; stops with a warning at the first broken row."""
    previous = csv.field_size_limit()
    csv.field_size_limit(max(previous, 16 * 1024 * 1024))  # rows of older runs had no cap
    try:
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                print(f"warning: {path}: unreadable from line {reader.line_num} on ({exc}); "
                      "the rest is ignored", file=sys.stderr)
                return
            yield row
    finally:
        csv.field_size_limit(previous)
