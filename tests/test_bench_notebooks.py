"""The notebook benchmark (instructor/bench_notebooks.py) measures and reports what it should."""
import io

import nbformat

from instructor import bench_notebooks
from instructor.bench_notebooks import longest_silence


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

    # Lower bounds only: a loaded machine makes every step slower, never faster.
    assert result["total"] >= result["startup"] + 2.4
    seconds = [s for _, s in result["cells"]]
    assert len(seconds) == len(nb.cells)
    assert seconds[1] >= 1.1 and seconds[2] >= 1.1
    assert result["images"] == 1
    assert [message for _, message in result["errors"]] == ["ValueError: broken cell"]
    gap, where = result["silent"]
    assert gap >= 1.1 and where != nb.cells[1].get("id")  # never the loop that prints every 0.4 s
    assert "the kernel runs in the notebook's folder" in nb.cells[-1].outputs[0]["text"]


def test_longest_silence_finds_the_longest_gap_between_outputs():
    bounds = {0: (0.0, 1.0), 2: (1.0, 4.0), 3: (4.0, 9.0)}
    events = {2: [1.5, 2.0, 2.5, 3.0, 3.5], 3: [5.0, 6.5]}  # cell 2 prints every 0.5 s; cell 3 is silent 2.5 s
    assert longest_silence(bounds, events) == (2.5, 3)
    assert longest_silence({1: (0.0, 3.0)}, {}) == (3.0, 1)  # no output at all: the whole cell
    assert longest_silence({}, {}) == (0.0, None)


def test_bench_prints_seconds_per_notebook(tmp_path, monkeypatch):
    calls = []

    def fake_run(nb, folder, timeout=1800):
        calls.append(folder)
        assert (folder / "Initialization.ipynb").is_file(), "the self-check cell needs the notebook beside it"
        return {"total": 12.5, "startup": 1.0, "cells": [("setup", 0.5), ("he_run", 9.0)], "errors": [],
                "images": 4, "silent": (25.0, "he_run")}

    monkeypatch.setattr(bench_notebooks, "run_notebook", fake_run)
    out = io.StringIO()
    results = bench_notebooks.bench(["initialization"], out=out, budget=10)
    text = out.getvalue()
    assert "Initialization.ipynb" in text and "12.5 s" in text and "SLOW" in text
    assert "9.0 s  he_run" in text and "add progress output" in text
    assert set(results) == {"initialization"} and len(calls) == 1
