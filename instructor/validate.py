"""Runs each instructor notebook and fails loudly if any test cell fails.

`nbgrader validate` prints failures but exits 0 even when validation fails, so
CI cannot rely on its exit code. This uses nbgrader's validator and turns its
verdict into an exit code.

    python -m instructor.validate                       every source notebook
    python -m instructor.validate path/to/nb.ipynb      one notebook (any copy)
"""
import os
import sys
from contextlib import contextmanager
from pathlib import Path

import nbformat
from nbgrader.validator import Validator
from traitlets.config import Config

from .course import REPO, assignments
from .notebooks import HIDDEN_TESTS


@contextmanager
def _repository_importable(path):
    """Puts this repository on the kernel's PYTHONPATH while `path` runs, if it has hidden tests.

    Hidden tests import their helpers from instructor.hidden_tests. A notebook without them (a release copy)
    runs on what it carries alone, so a missing support file there still fails.
    """
    nb = nbformat.read(str(path), as_version=4)
    if not any(c.cell_type == "code" and HIDDEN_TESTS.search(c.source) for c in nb.cells):
        yield
        return
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join([str(REPO)] + ([old] if old else []))
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = old


def validate(path):
    """Returns a list of failure descriptions; empty when every test cell passes."""
    config = Config()
    config.Execute.timeout = 600  # the instructor notebook runs the full training demonstrations
    with _repository_importable(path):
        result = Validator(config=config).validate(str(path))
    failures = []
    for key in ("type_changed", "changed", "failed", "passed"):
        for cell in result.get(key, []):
            failures.append(f"{key}: {cell.get('source', '').strip().splitlines()[:1]} "
                            f"{cell.get('raw_error', '').strip()[-400:]}")
    return failures


def main(argv):
    paths = [Path(p) for p in argv] or [a.source_notebook() for a in assignments()]
    ok = True
    for path in paths:
        failures = validate(path)
        print(f"{'FAIL' if failures else 'ok  '}  {path}")
        for f in failures:
            print("      ", f)
        ok = ok and not failures
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main(sys.argv[1:])
