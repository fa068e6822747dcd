"""Generates datasets/circles.npz, the data set of the Initialization notebook.

Two noisy concentric circles, drawn as the course's specification says: numpy's global generator seeded
with 1, then scikit-learn's make_circles(n_samples=300, noise=0.05) for the training set; seeded with 2,
then make_circles(n_samples=100, noise=0.05) for the test set. The loader (utils/data.py, load_circles)
reads the draws from this file, so neither grading nor the notebooks import scikit-learn (1.5 s in
every process that does), and it leaves numpy's generator where the draws left it (the state is in the
file too), as seeding and drawing there would.

Run it from the repository root (the output is committed; tests/test_initialization.py checks it against
a fresh draw):

    .venv/bin/python datasets/make_circles.py [output.npz]

Keys of the file, as make_circles returns them (one point per row): X (300, 2) float64 and y (300,) int64
for training, Xval and yval for testing; rng_key (624,) uint32, rng_pos, rng_has_gauss and
rng_cached_gaussian: numpy's global random state after the test draw.
"""
import sys
from pathlib import Path

import numpy as np

DRAWS = (("X", "y", 1, 300), ("Xval", "yval", 2, 100))  # (keys, seed, points): training set, then test set
NOISE = 0.05


def make_circles_data():
    """The arrays of circles.npz, drawn as the module docstring says."""
    import sklearn.datasets
    data = {}
    for x_key, y_key, seed, m in DRAWS:
        np.random.seed(seed)
        data[x_key], data[y_key] = sklearn.datasets.make_circles(n_samples=m, noise=NOISE)
    _, key, pos, has_gauss, cached_gaussian = np.random.get_state()
    data.update(rng_key=key, rng_pos=np.int64(pos), rng_has_gauss=np.int64(has_gauss),
                rng_cached_gaussian=np.float64(cached_gaussian))
    return data


def main(argv):
    out = Path(argv[0]) if argv else Path(__file__).resolve().parent / "circles.npz"
    data = make_circles_data()
    np.savez(out, **data)
    print(f"wrote {out}: " + ", ".join(f"{k} {v.shape} {v.dtype}" for k, v in data.items()))


if __name__ == "__main__":
    main(sys.argv[1:])
