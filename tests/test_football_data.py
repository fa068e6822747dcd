"""The football data set: the committed file is what its seeded generator makes, and load_2D_dataset finds it."""
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from utils.data import load_2D_dataset

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "datasets" / "football.npz"
GENERATOR = REPO / "datasets" / "make_football.py"


def generator():
    spec = importlib.util.spec_from_file_location("make_football", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_file_is_what_the_generator_makes():
    made = generator().make_football()
    with np.load(DATA) as committed:
        assert sorted(committed.files) == ["X", "Xval", "y", "yval"]
        for key, value in made.items():
            assert committed[key].dtype == value.dtype, key
            np.testing.assert_array_equal(committed[key], value, err_msg=key)


def test_generator_script_writes_the_same_data(tmp_path):
    out = tmp_path / "football.npz"
    subprocess.run([sys.executable, str(GENERATOR), str(out)], check=True, capture_output=True)
    with np.load(out) as fresh, np.load(DATA) as committed:
        for key in committed.files:
            np.testing.assert_array_equal(fresh[key], committed[key], err_msg=key)


def test_layout_one_point_per_row():
    with np.load(DATA) as d:
        assert d["X"].shape == (200, 2) and d["X"].dtype == np.float64
        assert d["y"].shape == (200, 1) and d["y"].dtype == np.uint8
        assert d["Xval"].shape == (200, 2) and d["Xval"].dtype == np.float64
        assert d["yval"].shape == (200, 1) and d["yval"].dtype == np.uint8
        for X, y in ((d["X"], d["y"]), (d["Xval"], d["yval"])):
            assert set(np.unique(y)) == {0, 1}
            assert 0.35 < y.mean() < 0.65, "both teams win a fair share of the headers"
            # roughly the classic coordinate range: x1 in [-0.8, 0.4], x2 in [-0.8, 0.8]
            assert X[:, 0].min() > -0.85 and X[:, 0].max() < 0.45
            assert X[:, 1].min() > -0.85 and X[:, 1].max() < 0.85


def test_labels_split_along_a_noisy_diagonal():
    """Most labels follow the generator's dividing line, but not all: the noise is what gets overfitted."""
    gen = generator()
    with np.load(DATA) as d:
        for X, y in ((d["X"], d["y"]), (d["Xval"], d["yval"])):
            side = (gen.distance_to_line(X[:, 0], X[:, 1]) > 0).astype(np.uint8)
            agreement = np.mean(side == y.ravel())
            assert 0.85 < agreement < 0.97, agreement


def test_load_2D_dataset_default_path():
    train_X, train_Y, test_X, test_Y = load_2D_dataset(plot=False)
    assert (train_X.shape, train_Y.shape, test_X.shape, test_Y.shape) == ((2, 200), (1, 200), (2, 200), (1, 200))
    with np.load(DATA) as d:
        np.testing.assert_array_equal(train_X, d["X"].T)
        np.testing.assert_array_equal(train_Y, d["y"].T)
        np.testing.assert_array_equal(test_X, d["Xval"].T)
        np.testing.assert_array_equal(test_Y, d["yval"].T)


def test_load_2D_dataset_plots_when_asked(monkeypatch):
    import matplotlib.pyplot as plt
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    plt.close("all")
    monkeypatch.setattr(plt, "show", lambda *a, **k: None)
    load_2D_dataset(plot=True)
    assert len(plt.gca().collections) == 1 and plt.gca().collections[0].get_offsets().shape == (200, 2)
    plt.close("all")


def test_load_2D_dataset_in_a_release_folder(tmp_path):
    """A student's folder: utils/ and datasets/ side by side, far from the repository."""
    folder = tmp_path / "regularization"
    shutil.copytree(REPO / "utils", folder / "utils", ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "datasets").mkdir()
    shutil.copy2(DATA, folder / "datasets" / DATA.name)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NBGRADER_EXECUTION")}
    env["MPLBACKEND"] = "Agg"
    code = ("import utils.data as d; from utils.data import load_2D_dataset\n"
            "a = load_2D_dataset(plot=False); print(d.__file__, [x.shape for x in a])")
    out = subprocess.run([sys.executable, "-c", code], cwd=folder, env=env, capture_output=True, text=True,
                         check=True).stdout
    assert str(folder / "utils") in out and "[(2, 200), (1, 200), (2, 200), (1, 200)]" in out


def test_no_mat_files_in_the_repository():
    found = [p for p in REPO.rglob("*.mat") if ".venv" not in p.parts and ".git" not in p.parts]
    assert not found, found
