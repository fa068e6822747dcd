"""Runs each instructor notebook and fails loudly if any test cell fails.

`nbgrader validate` prints failures but exits 0 even when validation fails, so
CI cannot rely on its exit code. This uses nbgrader's validator and turns its
verdict into an exit code.

    python -m instructor.validate                       every source notebook
    python -m instructor.validate path/to/nb.ipynb      one notebook (any copy)
"""
import sys
from pathlib import Path

from nbgrader.validator import Validator
from traitlets.config import Config

from .course import assignments


def validate(path):
    """Returns a list of failure descriptions; empty when every test cell passes."""
    config = Config()
    config.Execute.timeout = 600  # the instructor notebook runs the full training demonstrations
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
