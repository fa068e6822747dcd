"""nbgrader feedback preprocessor: students see what failed and why, not hidden tests.

Stock feedback shows the full source of every test cell, hidden region included,
and full tracebacks, which quote the hidden lines that failed. This filter removes
the hidden region from test cells and reduces every error in a test cell to its
one-line message (our hidden tests word their messages so they reveal no expected
values).
"""
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor
from nbgrader import utils


class HideHiddenTests(NbGraderPreprocessor):
    """Strips hidden test source and traceback lines from graded test cells."""

    def preprocess(self, nb, resources):
        clear = ClearHiddenTests(enforce_metadata=False)
        for cell in nb.cells:
            if cell.cell_type != "code" or not utils.is_grade(cell):
                continue
            clear._remove_hidden_test_region(cell)
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    message = output.get("evalue", "")
                    output["traceback"] = [f"{output.get('ename', 'Error')}: {message}"]
        return nb, resources
