"""The grading-accuracy catalogue: real student answers, wrong and right, one module per assignment.

Each module (initialization.py, regularization.py, gradient_checking.py) defines ENTRIES, a list built
with the two helpers below. An entry is a FULL answer cell, exactly as a student would hand it in:

    mistake(function, name, description, expect, code)
        a realistic wrong answer; `expect` lists the words (case-insensitive, all of them) that the message
        the student gets back must contain for the diagnosis to count as naming the mistake.
    correct(function, name, description, code)
        a differently written right answer: it must earn full marks.

`python -m instructor.accuracy` (make accuracy) turns every entry into a submission (the release notebook
with that one answer cell replaced and every other one solved), grades them all with the real grader and
reports what was caught, accepted and diagnosed. tests/test_grading_accuracy.py runs the same in `make test`.

To add an entry: copy one of the same function, change the code, the name (unique within the module; it
becomes the student folder's name) and the description, and, for a mistake, the words you expect the
feedback to say. A rewrite that changes nothing observable is not a mistake: put it under correct(), with a
comment saying why it is equivalent.
"""
import textwrap
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    function: str       # the graded function whose answer cell this replaces
    name: str           # unique within its assignment; the submission's student folder is <kind>-<name>
    kind: str           # "mistake" or "correct"
    description: str    # one line: what the student did
    code: str           # the full answer cell
    expect: tuple = ()  # mistakes: words the diagnostic message should contain

    @property
    def student(self):
        return f"{self.kind}-{self.name}"


def mistake(function, name, description, expect, code):
    expect = (expect,) if isinstance(expect, str) else tuple(expect)
    if not expect:
        raise ValueError(f"{name}: a mistake needs the words its diagnosis should contain")
    return Entry(function, name, "mistake", description, textwrap.dedent(code).strip("\n") + "\n", expect)


def correct(function, name, description, code):
    return Entry(function, name, "correct", description, textwrap.dedent(code).strip("\n") + "\n")
