"""Text helpers shared by the reports: blanking measured numbers in a message, and saying how late.

mask_numbers groups the same diagnosis across students: "got -1.3176, expected 7" and "got 4.5e-3, expected
2" read alike once their numbers are '#'. A number that is part of the formula the message names stays, so
"(2 * epsilon)" keeps its 2. The rule: a plain integer of at most FORMULA_DIGITS digits that is an operand of
an arithmetic operator whose other operand is a name or a bracket ("2 * epsilon", "x ** 2", "n - 1") is part
of a formula; every other number (decimals, exponents, longer integers, lone integers such as an index or a
count) is a measured value and is masked.

NUMBER is the number pattern of the reports (instructor/accuracy.py has the same one as a string). It never
matches inside a name, so "W1" stays "W1"; the student process's mask_numbers (instructor/grading/
student_process.py) deliberately masks those too, as a student's message could quote a hidden key.
"""
import re

NUMBER = re.compile(r"(?<![A-Za-z_\d.])[-+]?(?:\d+\.\d+|\.\d+|\d+)(?:[eE][-+]?\d+)?")
MASK = "#"
FORMULA_DIGITS = 2

_SMALL_INTEGER = re.compile(rf"[-+]?\d{{1,{FORMULA_DIGITS}}}")
_OPERATOR = r"(?:\*\*|//|[*/+\-%^@])"
_THEN_OPERAND = re.compile(rf"\s*{_OPERATOR}\s*[A-Za-z_(\[\\]")       # "2 * epsilon", "2*(x"
_OPERAND_THEN = re.compile(rf"[A-Za-z_)\]]\s*{_OPERATOR}\s*\Z")      # "x ** 2", "epsilon / 2"
_LOOK_BEHIND = 40  # characters searched before a number for "name operator"


def formula_constant(text, match):
    """True when the number `match` found in `text` is a small integer operand of a formula (see above)."""
    if not _SMALL_INTEGER.fullmatch(match.group()):
        return False
    before = text[max(0, match.start() - _LOOK_BEHIND):match.start()]
    return bool(_THEN_OPERAND.match(text, match.end()) or _OPERAND_THEN.search(before))


def mask_numbers(text):
    """`text` with its measured numbers written as MASK, the numbers of a formula kept."""
    text = str(text)
    return NUMBER.sub(lambda m: m.group() if formula_constant(text, m) else MASK, text)


def describe_delay(seconds):
    """A delay as "1 d 2 h 30 min" (rounded to the minute)."""
    minutes = int(round(seconds / 60))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{days} d"] * bool(days) + [f"{hours} h"] * bool(hours) + [f"{minutes} min"] * bool(minutes)
    return " ".join(parts) or "less than a minute"
