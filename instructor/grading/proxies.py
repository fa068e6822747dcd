"""Stand-ins for the student's functions inside the grader's own namespace.

The grader runs the instructor notebook itself (trusted code, real numpy, the
hidden tests) with every graded function replaced by a `StudentFunction`. A call
goes to the student's sandboxed process as plain data and comes back as fresh
plain data, so nothing the student's code does can reach the grader's objects,
modules or verdicts. What a call does that a test can observe is carried over:
the return value, printed text (only to a test that captures it: in any cell's
output it could show hidden inputs), in-place changes to array
arguments (see write_back) and the state of numpy's global random generator (once
rng_state_problem finds nothing wrong with it: a forged state could hang the grader).

In-place changes are also recorded (`changed_arguments`): no graded function of
this course may change its inputs, and a test cell in which one did cannot pass
(see trusted_run.py), so a student's process that reports forged changes to the arrays
a hidden test shares with the call cannot make that test pass. While a hidden test
runs, each change is also journaled (`undo_journal`), so the grader can put the
arrays back afterwards: nothing of a hidden call stays in the grader's objects.

A stand-in also looks like the student's function from outside, without running
any of their code: `inspect.signature(proxy)` gives the parameters of their `def`
(read with ast; defaults shown as written, never evaluated), so a test can pass an
optional argument only to an answer that takes it. An answer cell that does not
compile makes every call raise a StudentError that names the error, the line of
the student's cell and a hint (compile_problem), instead of "is not defined".
"""
import ast
import inspect
import math
import sys

import numpy as np

from ..notebooks import blank_magics
from .inside_sandbox.wire import first_change
from .student_process import StudentError


def write_back(original, after, journal=None):
    """Applies in-place changes the student made to an argument to the grader's own object.

    Only what an in-place operation on the argument could do is believed: new values in
    arrays that keep their shape and dtype, inside dicts, lists and tuples that keep their
    keys and lengths. Whatever else the student's process reports (new or deleted keys,
    other shapes, dtypes or types) is a forgery or a rebinding: that part stays as it was.
    journal: a list, or None; each array changed is appended with a copy of its old values (see undo).
    """
    if isinstance(original, np.ndarray):
        if isinstance(after, np.ndarray) and original.shape == after.shape and \
                original.dtype == after.dtype and original.flags.writeable:
            if journal is not None:
                journal.append((original, original.copy()))
            np.copyto(original, after)
    elif isinstance(original, dict) and isinstance(after, dict):
        for key in original:
            if key in after:
                write_back(original[key], after[key], journal)
    elif isinstance(original, (list, tuple)) and type(after) is type(original) and len(original) == len(after):
        for o, a in zip(original, after):
            write_back(o, a, journal)


def undo(journal):
    """Puts back, newest first, the old values of the arrays write_back journaled; empties the journal."""
    while journal:
        array, old = journal.pop()
        np.copyto(array, old)


MT_KEY_WORDS = 624  # numpy's legacy generator, MT19937: 624 words of 32 bits, of which 19,937 bits count


def rng_state_problem(state):
    """Why `state`, numpy's global random state as the student's process reports it, is not one the
    grader may take over, or None. A real np.random.get_state() passes. Rejected: anything of another
    form, a key whose 19,937 bits that count are all zero (numpy's generator then draws only zeros and
    np.random.randn never returns), and a position outside the key (numpy does not check it)."""
    if type(state) is not tuple or len(state) != 5:
        return "it is not a (name, key, pos, has_gauss, cached_gaussian) tuple"
    name, key, pos, has_gauss, cached_gaussian = state
    if name != "MT19937":
        return "its generator is not MT19937"
    if not (isinstance(key, np.ndarray) and key.dtype == np.uint32 and key.shape == (MT_KEY_WORDS,)):
        return f"its key is not an array of {MT_KEY_WORDS} uint32"
    if not key[0] & np.uint32(0x80000000) and not key[1:].any():  # only the top bit of key[0] is used
        return "its key is all zeros, from which numpy's generator draws only zeros"
    if not isinstance(pos, (int, np.integer)) or isinstance(pos, bool) or not 0 <= pos <= MT_KEY_WORDS:
        return f"its position is not a whole number from 0 to {MT_KEY_WORDS}"
    if not isinstance(has_gauss, (int, np.integer)) or has_gauss not in (0, 1):
        return "its has_gauss flag is not 0 or 1"
    if not isinstance(cached_gaussian, (float, np.floating)) or not math.isfinite(cached_gaussian):
        return "its cached Gaussian is not a finite number"
    return None


class SourceDefault:
    """A parameter's default in a signature read from source: shows the text the student wrote, never runs it."""

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text


def signature_from_source(source, name):
    """inspect.Signature of the last top-level `def name(...)` in `source`, or None (no such def, or the
    source does not parse). Only ast reads the student's code here: nothing of it runs in the grader."""
    try:
        tree = ast.parse(blank_magics(source))
    except (SyntaxError, ValueError):
        return None
    defs = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == name]
    if not defs:
        return None
    a = defs[-1].args
    P = inspect.Parameter
    positional = [(arg, P.POSITIONAL_ONLY) for arg in a.posonlyargs] + \
        [(arg, P.POSITIONAL_OR_KEYWORD) for arg in a.args]
    defaults = [P.empty] * (len(positional) - len(a.defaults)) + [SourceDefault(ast.unparse(d)) for d in a.defaults]
    parameters = [P(arg.arg, kind, default=default) for (arg, kind), default in zip(positional, defaults)]
    if a.vararg:
        parameters.append(P(a.vararg.arg, P.VAR_POSITIONAL))
    parameters += [P(arg.arg, P.KEYWORD_ONLY, default=P.empty if d is None else SourceDefault(ast.unparse(d)))
                   for arg, d in zip(a.kwonlyargs, a.kw_defaults)]
    if a.kwarg:
        parameters.append(P(a.kwarg.arg, P.VAR_KEYWORD))
    try:
        return inspect.Signature(parameters)
    except ValueError:  # a duplicated parameter name: Python itself would not compile it
        return None


# A one-line hint for each way an answer cell commonly fails to compile (first match of the message wins).
SYNTAX_HINTS = [
    ("expected an indented block", "a block (for/if/def/while/with) needs an indented body on the lines after "
                                   "its ':' line"),
    ("unindent does not match", "indent this line exactly as far as the other lines of its block"),
    ("unexpected indent", "this line is indented further than the block it belongs to"),
    ("inconsistent use of tabs", "tabs and spaces are mixed: indent with spaces only"),
    ("was never closed", "a bracket opened on this line is never closed"),
    ("unterminated", "a quote opened on this line is never closed"),
]
SYNTAX_HINT_BY_TYPE = {
    "IndentationError": "indent the body of each block (for/if/def) by the same number of spaces",
    "TabError": "tabs and spaces are mixed: indent with spaces only",
    "SyntaxError": "check brackets, colons and quotes on this line or the one before",
}


def compile_problem(source, name):
    """A StudentError saying why the answer cell of `name` does not compile, or None when it does.

    compile() only: nothing of the student's code runs in the grader."""
    try:
        compile(blank_magics(source), f"<cell {name}>", "exec")
        return None
    except SyntaxError as exc:
        error = exc
    except (ValueError, OverflowError) as exc:  # a null byte, a literal too large: nothing to point at
        return StudentError(f"{name}() cannot run: its cell does not compile ({type(exc).__name__}).")
    kind, lines = type(error).__name__, source.splitlines()
    hint = next((h for words, h in SYNTAX_HINTS if words in (error.msg or "")), SYNTAX_HINT_BY_TYPE.get(
        kind, SYNTAX_HINT_BY_TYPE["SyntaxError"]))
    number = error.lineno
    where = ""
    if number is not None and 1 <= number <= len(lines):
        where = f"\ncell {name}, line {number}: {lines[number - 1].strip()[:160]}"
    elif number is not None:
        where = f"\ncell {name}, line {number} (the end of the cell)"
    return StudentError(f"{name}() cannot run: its cell does not compile.\n{kind}: {error.msg}{where}\n"
                        f"Hint: {hint}.")


class StudentFunction:
    """Calls one of the student's graded functions in their sandboxed process.

    answer_source: the student's answer cell, read (never run) for the signature and compile errors.
    observer: a GradingObserver told of every value returned (see observer.py), or None.
    """

    def __init__(self, name, process, namespace, graded_names, answer_source=None, observer=None):
        self.__name__ = self.name = name
        self.process = process
        self.observer = observer
        if answer_source is not None:
            self.__signature__ = signature_from_source(answer_source, name)
        self.compile_error = compile_problem(answer_source, name) if answer_source is not None else None
        self.undo_journal = None  # a list while a hidden test runs: in-place changes to put back afterwards
        self.namespace = namespace
        self.graded_names = graded_names
        self.rebind_baseline = {}  # callables as they stood when the current test cell began
        # The current cell's own output: the student's prints are dropped there (they could show hidden
        # inputs in the feedback) but still reach a test that captures stdout to check them.
        self.silenced_stream = None
        self.changed_arguments = []  # "argument 2['dW3']" for each in-place change since the last reset

    @property
    def __globals__(self):
        """Like a real function's: tests may rebind globals through it (and the student sees that)."""
        return self.namespace

    def __repr__(self):
        return f"<student function {self.name}>"

    def overrides(self):
        """Globals the grader has rebound that the student's code should see rebound too."""
        found = {}
        for name in self.graded_names:
            value = self.namespace.get(name)
            if callable(value) and not (isinstance(value, StudentFunction) and value.name == name):
                found[name] = value
        for name, value in self.rebind_baseline.items():
            current = self.namespace.get(name)
            if current is not value and callable(current):
                found[name] = current
        return found

    def _show_output(self, text):
        if sys.stdout is not self.silenced_stream:
            sys.stdout.write(text)

    def __call__(self, *args, **kwargs):
        if self.compile_error is not None:  # a fresh exception each time: a raised one keeps its traceback
            raise StudentError(str(self.compile_error), self.compile_error.detail)
        value, args_after, kwargs_after, rng_after = self.process.call(
            self.name, args, kwargs, overrides=self.overrides(), rng_state=np.random.get_state(),
            on_output=self._show_output)
        if rng_after is not None and (problem := rng_state_problem(rng_after)) is not None:
            # the grader's own generator stays as it was: a broken one could hang the trusted grader
            raise StudentError(f"{self.name}() left numpy's random generator in a state numpy itself never "
                               f"produces ({problem}); did it call np.random.set_state?")
        changes = []
        if args_after is not None:
            changes += [(f"argument {i + 1}", original, after) for i, (original, after) in enumerate(zip(args, args_after))]
        if kwargs_after is not None:
            changes += [(f"argument {key}", kwargs[key], kwargs_after[key]) for key in kwargs if key in kwargs_after]
        for label, original, after in changes:
            where = first_change(original, after)
            if where is not None:
                self.changed_arguments.append(label + where)
                write_back(original, after, self.undo_journal)
        if rng_after is not None:
            np.random.set_state(rng_after)
        if self.observer is not None:
            self.observer.returned(self.name, args, kwargs, value)
        return value


__all__ = ["StudentFunction", "StudentError", "compile_problem", "first_change", "rng_state_problem",
           "signature_from_source", "undo", "write_back"]
