"""Generates datasets/football.npz, the data set of the Regularization notebook.

The story: our goalkeeper kicks the ball upfield from the left. Each point is the
spot (x1 along the pitch, x2 across it) where a player got a head to the ball;
the label is 1 when one of our players won the header and 0 when the other team
did. Our players win most headers on one side of a slightly wavy diagonal line
and lose most on the other. The labels are noisy in two ways:

* close to the line a header is a toss-up, so labels there are often flipped;
* now and then a handful of headers in one small patch, a little way from the
  line, all went to the "wrong" team (say a tall opponent strayed there once).

A network with enough freedom bends its decision boundary to reach those noisy
points, and that is what the notebook's regularization has to cure. The test
set is drawn from exactly the same process as the training set, with its own
noise.

Run it from the repository root (the output is committed, so this is only
needed after changing the recipe):

    .venv/bin/python datasets/make_football.py [output.npz]

Keys of the file: X (m, 2) float64 and y (m, 1) uint8 for training, Xval and
yval for testing, one point per row.
"""
import sys
from pathlib import Path

import numpy as np

SEED = 8                   # the one seed of the whole data set (training draw first, then test)
M_TRAIN = M_TEST = 200     # points per set
FIELD_X1 = (-0.75, 0.35)   # the part of the pitch where headers land (along it)
FIELD_X2 = (-0.75, 0.75)   # (across it)
SLOPE = -0.75              # the dividing line x2 = SLOPE * (x1 + 0.2) + WAVE * sin(7 x1)
WAVE = 0.08
TOSS_UP_WIDTH = 0.08       # how far from the line the labels are noisy
TOSS_UP_FLIP = 0.45        # chance of a flipped label right on the line
PATCHES = 2                # patches of headers won by the "wrong" team, per set
PATCH_SIZE = 4             # headers per patch
PATCH_SPREAD = 0.03        # standard deviation of a patch around its centre
PATCH_DISTANCE = (0.12, 0.3)  # how far a patch centre lies from the line


def dividing_line(x1):
    """x2 on the line that separates the two teams' headers."""
    return SLOPE * (x1 + 0.2) + WAVE * np.sin(7.0 * x1)


def distance_to_line(x1, x2):
    """Signed distance from the line (approximately): positive on our team's side."""
    return (x2 - dividing_line(x1)) / np.sqrt(1 + SLOPE ** 2)


def draw_set(rng, m):
    """One set of m headers: X (m, 2) and y (m, 1), in random order."""
    n_plain = m - PATCHES * PATCH_SIZE
    x1 = rng.uniform(*FIELD_X1, n_plain)
    x2 = rng.uniform(*FIELD_X2, n_plain)
    d = distance_to_line(x1, x2)
    y = (d > 0).astype(np.uint8)
    flip = rng.uniform(size=n_plain) < TOSS_UP_FLIP * np.exp(-(d / TOSS_UP_WIDTH) ** 2)
    y[flip] = 1 - y[flip]
    points, labels = [np.c_[x1, x2]], [y]
    while len(points) <= PATCHES:
        centre = np.array([rng.uniform(FIELD_X1[0] + 0.05, FIELD_X1[1] - 0.05),
                           rng.uniform(FIELD_X2[0] + 0.05, FIELD_X2[1] - 0.05)])
        d_centre = distance_to_line(*centre)
        if not PATCH_DISTANCE[0] < abs(d_centre) < PATCH_DISTANCE[1]:
            continue
        points.append(centre + PATCH_SPREAD * rng.standard_normal((PATCH_SIZE, 2)))
        labels.append(np.full(PATCH_SIZE, 0 if d_centre > 0 else 1, dtype=np.uint8))
    X, y = np.concatenate(points), np.concatenate(labels)
    order = rng.permutation(m)
    return X[order], y[order].reshape(-1, 1)


def make_football(seed=SEED):
    """{"X", "y", "Xval", "yval"} drawn from one seeded generator."""
    rng = np.random.default_rng(seed)
    X, y = draw_set(rng, M_TRAIN)
    Xval, yval = draw_set(rng, M_TEST)
    return {"X": X, "y": y, "Xval": Xval, "yval": yval}


def main(argv):
    out = Path(argv[0]) if argv else Path(__file__).resolve().parent / "football.npz"
    data = make_football()
    np.savez(out, **data)
    print(f"wrote {out}: " + ", ".join(f"{k} {v.shape} {v.dtype}" for k, v in data.items()))


if __name__ == "__main__":
    main(sys.argv[1:])
