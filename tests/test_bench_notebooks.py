"""The notebook benchmark (instructor/bench_notebooks.py) measures and reports what it should."""
import io

import nbformat

from instructor import bench_notebooks


def test_run_notebook_times_cells_counts_figures_and_reports_errors(tmp_path):
    cells = [
        "import time\nimport matplotlib.pyplot as plt\n%matplotlib inline",
        "for i in range(3):\n    time.sleep(0.4)\n    print('step', i)",
        "time.sleep(1.2)",
        "plt.plot([0, 1], [1, 0]); plt.show()",
        "raise ValueError('broken cell')",
        "x = 1",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    (tmp_path / "data.txt").write_text("the kernel runs in the notebook's folder")
    nb.cells.append(nbformat.v4.new_code_cell("print(open('data.txt').read())"))
    result = bench_notebooks.run_notebook(nb, tmp_path, timeout=120)

    assert result["total"] >= result["startup"] + 2.4
    seconds = [s for _, s in result["cells"]]
    assert len(seconds) == len(nb.cells)
    assert 1.1 <= seconds[1] < 5 and 1.1 <= seconds[2] < 5
    assert result["images"] == 1
    assert [message for _, message in result["errors"]] == ["ValueError: broken cell"]
    gap, where = result["silent"]
    assert 1.1 <= gap < 5 and where == nb.cells[2].get("id")  # the silent sleep, not the loop that prints
    assert "the kernel runs in the notebook's folder" in nb.cells[-1].outputs[0]["text"]


def test_bench_prints_seconds_per_notebook(tmp_path, monkeypatch):
    calls = []

    def fake_run(nb, folder, timeout=1800):
        calls.append(folder)
        return {"total": 12.5, "startup": 1.0, "cells": [("setup", 0.5), ("he_run", 9.0)], "errors": [],
                "images": 4, "silent": (25.0, "he_run")}

    monkeypatch.setattr(bench_notebooks, "run_notebook", fake_run)
    out = io.StringIO()
    results = bench_notebooks.bench(["initialization"], out=out, budget=10)
    text = out.getvalue()
    assert "Initialization.ipynb" in text and "12.5 s" in text and "SLOW" in text
    assert "9.0 s  he_run" in text and "add progress output" in text
    assert set(results) == {"initialization"} and len(calls) == 1
