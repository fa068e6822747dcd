"""Nothing given away: no solution line of a graded function stands in its release notebook outside the answer.

The rule (issue 14, item 5). A *solution line* is a non-blank line between `### BEGIN SOLUTION` and
`### END SOLUTION` of an answer cell in source/, its comment cut off and all its whitespace removed. Not counted:
comment-only lines, lines shorter than MIN_LENGTH characters (once whitespace is removed), the `def` line,
`return` lines, and lines the release stub of that answer cell shows anyway (its given scaffolding).
None of the others may appear, as a whitespace-free substring, anywhere in the release notebook a student reads:
its markdown cells, its other code cells (public tests, demonstrations), or the comments and docstrings of its
answer cells. The instructions teach each step in words and maths; the student writes the code.
"""
import io
import re
import tokenize

import nbformat
import pytest

from instructor import course
from instructor.notebooks import answer_cells, grade_id

ASSIGNMENTS = course.assignments()
SOLUTION_BLOCK = re.compile(r"^[ \t]*### BEGIN SOLUTION[^\n]*\n(.*?)^[ \t]*### END SOLUTION", re.S | re.M)
MIN_LENGTH = 10  # shorter lines (`dZ3=A3-Y`, `J=theta*x`) are steps any text about the network writes


def squeezed(text):
    """`text` with all whitespace removed: how lines and texts are compared."""
    return re.sub(r"\s+", "", text)


def tokens(source):
    """The tokens of `source` as far as Python can read it (a lone line may leave a bracket open)."""
    found = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            found.append(token)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return found


def code_part(line):
    """One line without its comment."""
    comments = [t for t in tokens(line.strip() + "\n") if t.type == tokenize.COMMENT]
    stripped = line.strip()
    return stripped[:comments[0].start[1]] if comments else stripped


def solution_lines(source_cell, stub_cell):
    """The solution lines of one answer cell (see the module's docstring), whitespace removed, in order."""
    given = {squeezed(code_part(line)) for line in stub_cell.source.splitlines()}
    lines = []
    for block in SOLUTION_BLOCK.findall(source_cell.source):
        for line in block.splitlines():
            code = squeezed(code_part(line))
            if len(code) < MIN_LENGTH or re.match(r"(def|return)\b", code_part(line)) or code in given:
                continue
            lines.append(code)
    return lines


def comments_and_docstrings(cell_source):
    """The comments and string literals (docstrings included) of a release answer cell: the text a student reads."""
    return "\n".join(t.string for t in tokens(cell_source) if t.type in (tokenize.COMMENT, tokenize.STRING))


def readable_texts(release_nb):
    """[(where, text)] for everything of the release notebook a solution line must not appear in."""
    texts = []
    for index, cell in enumerate(release_nb.cells):
        where = f"{cell.cell_type} cell {grade_id(cell) or index}"
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution"):
            texts.append((f"comments/docstrings of answer cell {grade_id(cell)}", comments_and_docstrings(cell.source)))
        else:
            texts.append((where, cell.source))
    return texts


def given_away(source_nb, release_nb):
    """([(function, solution line, where it stands)], number of solution lines) for one notebook and its release."""
    source = answer_cells(source_nb)
    stubs = answer_cells(release_nb)
    texts = [(where, squeezed(text)) for where, text in readable_texts(release_nb)]
    found, total = [], 0
    for function, cell in source.items():
        for line in solution_lines(cell, stubs[function]):
            total += 1
            found += [(function, line, where) for where, text in texts if line in text]
    return found, total


def test_solution_lines_are_read_as_the_rule_says():
    """The rule's exceptions, on a made-up cell: def, return, comments, short lines and stub lines do not count."""
    source = nbformat.v4.new_code_cell(
        "def f(x, keep_prob):\n"
        "    scale = 1 / keep_prob  # given\n"
        "    ### BEGIN SOLUTION\n"
        "    # a comment-only line is not a solution line\n"
        "    y = x\n"
        "    mask = np.random.rand(*x.shape) < keep_prob  # a trailing comment is cut off\n"
        "    scale = 1 / keep_prob\n"
        "    return x * mask * scale\n"
        "    ### END SOLUTION\n")
    stub = nbformat.v4.new_code_cell("def f(x, keep_prob):\n    scale = 1 / keep_prob  # given\n"
                                     "    # YOUR CODE HERE\n    raise NotImplementedError()\n")
    assert solution_lines(source, stub) == ["mask=np.random.rand(*x.shape)<keep_prob"]


def test_comments_and_docstrings_of_answer_cells_are_searched():
    cell = nbformat.v4.new_code_cell('def f(x):\n    """Returns y = x * mask / keep_prob."""\n'
                                     '    # hint: z = relu(W @ x + b)\n    raise NotImplementedError()\n')
    text = squeezed(comments_and_docstrings(cell.source))
    assert "y=x*mask/keep_prob" in text and "z=relu(W@x+b)" in text
    assert "raiseNotImplementedError" not in text


def notebooks(assignment):
    """(instructor notebook, release notebook) of one assignment."""
    return (nbformat.read(assignment.source_notebook(), as_version=4),
            nbformat.read(course.REPO / "release" / assignment.name / assignment.notebook, as_version=4))


def test_a_solution_line_is_found_wherever_the_student_reads_it():
    """The Regularization instructions of before this test: a table row that wrote the backward step as code."""
    source_nb, release_nb = notebooks(course.by_name("regularization"))
    assert given_away(source_nb, release_nb)[0] == []
    by_id = {grade_id(c): c for c in release_nb.cells}
    by_id["backward_l2_text"].source += "\n| second hidden | `dA2 = W3.T @ dZ3`; `dZ2 = dA2 *  (A2 > 0)` |"
    by_id["test_forward_propagation_with_dropout"].source += '\n# no dropout on the output layer, A3 = sigmoid(Z3)'
    by_id["compute_cost_with_regularization"].source = by_id["compute_cost_with_regularization"].source.replace(
        '"""The cross-entropy cost', '"""weight_term = lambd * sum_of_squares / (2 * n_examples)\n    The cross-entropy cost')
    found = {(function, line, where) for function, line, where in given_away(source_nb, release_nb)[0]}
    assert found >= {
        ("backward_propagation_with_regularization", "dA2=W3.T@dZ3", "markdown cell backward_l2_text"),
        ("backward_propagation_with_regularization", "dZ2=dA2*(A2>0)", "markdown cell backward_l2_text"),
        ("backward_propagation_with_dropout", "dZ2=dA2*(A2>0)", "markdown cell backward_l2_text"),
        ("forward_propagation_with_dropout", "A3=sigmoid(Z3)", "code cell test_forward_propagation_with_dropout"),
        ("compute_cost_with_regularization", "weight_term=lambd*sum_of_squares/(2*n_examples)",
         "comments/docstrings of answer cell compute_cost_with_regularization")}


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=[a.name for a in ASSIGNMENTS])
def test_no_solution_line_stands_in_the_release_notebook(assignment):
    found, total = given_away(*notebooks(assignment))
    assert total, f"{assignment.name}: no solution lines found: is the rule reading the notebook?"
    lines = sorted({(function, line) for function, line, _ in found})
    assert not found, (
        f"{assignment.name}: {len(lines)} of {total} solution lines stand in the release notebook outside the "
        f"answer cells' code (teach the step in words and maths instead):\n"
        + "\n".join(f"  {function}: {line!r} in {where}" for function, line, where in found))
