"""Data set loaders. Every loader returns train_X (2, m), train_Y (1, m), test_X, test_Y."""
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from .plots import plot_dataset
from .runmode import is_autograding


def load_circles(plot=True):
    """Two noisy concentric circles: 300 training and 100 test points.

    The draws are seeded (1 for training, 2 for test) so every student sees the
    same data and the graded numbers are reproducible. They come from the course's
    datasets/circles.npz (see datasets/make_circles.py), and numpy's random generator
    is left where drawing them leaves it.
    """
    path = Path(__file__).resolve().parent.parent / "datasets" / "circles.npz"
    with np.load(path) as data:
        train_X, train_Y = data["X"].T, data["y"].reshape(1, -1)
        test_X, test_Y = data["Xval"].T, data["yval"].reshape(1, -1)
        np.random.set_state(("MT19937", data["rng_key"], int(data["rng_pos"]), int(data["rng_has_gauss"]),
                             float(data["rng_cached_gaussian"])))
    if plot and not is_autograding():
        plot_dataset(train_X, train_Y, title="Training set: blue = 0, red = 1")
        plt.show()
    return train_X, train_Y, test_X, test_Y


# The classic assignment calls this loader load_dataset().
load_dataset = load_circles


def load_2D_dataset(path=None, plot=True):
    """The football data set: where players headed the ball, and which team won the header.

    Returns train_X (2, m), train_Y (1, m), test_X (2, m_test), test_Y (1, m_test), one point per column.

    path: the course's datasets/football.npz by default (found next to this utils/ folder); a classic
    ``.mat`` file with the keys X, y, Xval, yval (one point per row) is read too.
    """
    if path is None:
        path = Path(__file__).resolve().parent.parent / "datasets" / "football.npz"
    path = Path(path)
    if path.suffix.lower() == ".mat":
        import scipy.io
        data = scipy.io.loadmat(path)
    else:
        with np.load(path) as npz:
            data = {key: npz[key] for key in npz.files}
    train_X = np.asarray(data["X"], dtype=np.float64).T
    train_Y = np.asarray(data["y"]).astype(np.int64).reshape(1, -1)
    test_X = np.asarray(data["Xval"], dtype=np.float64).T
    test_Y = np.asarray(data["yval"]).astype(np.int64).reshape(1, -1)
    if plot and not is_autograding():
        plot_dataset(train_X, train_Y, title="Training set: red = our team won the header, blue = theirs")
        plt.show()
    return train_X, train_Y, test_X, test_Y
