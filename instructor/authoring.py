"""Edit instructor notebooks as plain text, then write them back as notebooks.

The notebook in source/<assignment>/ stays the single source of truth; this
tool only gives a comfortable round trip for editing it in a text editor:

    python -m instructor.authoring to-text source/initialization/Initialization.ipynb > /tmp/init.py
    (edit /tmp/init.py)
    python -m instructor.authoring to-notebook /tmp/init.py source/initialization/Initialization.ipynb

Cells are separated by marker lines:

    # %% [markdown]                      a locked markdown cell
    # %%                                 a locked, ungraded code cell
    # %% answer <function_name>          an autograded answer cell (grade_id = function name)
    # %% tests <grade_id> <points>       an autograder tests cell
    # %% free                            an unlocked scratch cell for the student

Markdown lines are written without a leading '# '.
"""
import re
import sys

import nbformat

MARKER = re.compile(r"^# %%(?: (?P<kind>\[markdown\]|answer|tests|free))?(?: (?P<id>\S+))?(?: (?P<points>\d+))?\s*$")


def nbgrader_metadata(kind, grade_id, points):
    meta = {"schema_version": 3, "grade": False, "solution": False, "locked": True, "task": False,
            "grade_id": grade_id}
    if kind == "answer":
        meta.update(solution=True, locked=False)
    elif kind == "tests":
        meta.update(grade=True, points=int(points))
    return meta


def text_to_notebook(text):
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}}
    counters = {}
    blocks = []
    for line in text.splitlines():
        match = MARKER.match(line)
        if match:
            blocks.append([match.group("kind"), match.group("id"), match.group("points"), []])
        elif blocks:
            blocks[-1][3].append(line)
    for kind, grade_id, points, lines in blocks:
        body = "\n".join(lines).strip("\n")
        if kind == "[markdown]":
            body = "\n".join(l[2:] if l.startswith("# ") else l.lstrip("#") for l in body.splitlines())
            cell = nbformat.v4.new_markdown_cell(body)
        else:
            cell = nbformat.v4.new_code_cell(body)
        if kind != "free":
            label = {"[markdown]": "text", None: "code"}.get(kind, kind)
            if grade_id is None:
                counters[label] = counters.get(label, 0) + 1
                grade_id = f"{label}_{counters[label]:02d}"
            cell.metadata["nbgrader"] = nbgrader_metadata(kind, grade_id, points)
        cell.pop("id", None)
        blocks_id = grade_id or f"free_{len(nb.cells)}"
        cell["id"] = re.sub(r"[^A-Za-z0-9_-]", "-", blocks_id)[:64]
        nb.cells.append(cell)
    return nb


def notebook_to_text(nb):
    out = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "markdown":
            out.append(f"# %% [markdown] {meta.get('grade_id', '')}".rstrip())
            out.extend(("# " + l).rstrip() for l in cell.source.splitlines())
        elif meta.get("solution"):
            out.append(f"# %% answer {meta['grade_id']}")
            out.append(cell.source)
        elif meta.get("grade"):
            out.append(f"# %% tests {meta['grade_id']} {meta.get('points', 0)}")
            out.append(cell.source)
        elif meta:
            out.append(f"# %% {meta.get('grade_id', '')}".rstrip())
            out.append(cell.source)
        else:
            out.append("# %% free")
            out.append(cell.source)
        out.append("")
    return "\n".join(out)


def main(argv):
    if len(argv) == 2 and argv[0] == "to-text":
        sys.stdout.write(notebook_to_text(nbformat.read(argv[1], as_version=4)))
    elif len(argv) == 3 and argv[0] == "to-notebook":
        with open(argv[1]) as f:
            nb = text_to_notebook(f.read())
        nbformat.validate(nb)
        nbformat.write(nb, argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
