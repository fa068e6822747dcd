"""Plots shared by the notebooks: data sets, cost curves, decision boundaries."""
import matplotlib.pyplot as plt
import numpy as np

from .runmode import is_autograding


def plot_dataset(X, Y, title=None, ax=None):
    """Scatter plot of 2-D points X (2, m) coloured by label Y (1, m)."""
    ax = ax or plt.gca()
    ax.scatter(X[0, :], X[1, :], c=np.ravel(Y), s=30, cmap=plt.cm.coolwarm, edgecolors="k", linewidths=0.3)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    return ax


def plot_costs(costs, learning_rate=None, every=1000, title=None):
    """Cost curve: `costs[i]` is the cost after i * `every` iterations."""
    if is_autograding():  # nobody looks at plots while grading; drawing them is slow
        return
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(np.arange(len(costs)) * every, np.squeeze(costs), marker="o", markersize=3)
    ax.set_xlabel("iteration")
    ax.set_ylabel("cost")
    label = title or "Training cost"
    if learning_rate is not None:
        label += f" (learning rate {learning_rate})"
    ax.set_title(label)
    ax.grid(alpha=0.3)
    plt.show()


def plot_decision_boundary(model, X, y, title=None, ax=None, step=0.01, margin=0.5):
    """Shades the regions `model` labels 0 and 1, with the points of X on top.

    model: a function taking an (k, 2) array of points and returning k labels,
    for example ``lambda pts: predict_dec(parameters, pts.T)``.
    """
    if is_autograding():
        return
    own_figure = ax is None
    ax = ax or plt.figure(figsize=(5, 4)).gca()
    x_min, x_max = X[0, :].min() - margin, X[0, :].max() + margin
    y_min, y_max = X[1, :].min() - margin, X[1, :].max() + margin
    xx, yy = np.meshgrid(np.arange(x_min, x_max, step), np.arange(y_min, y_max, step))
    labels = np.asarray(model(np.c_[xx.ravel(), yy.ravel()]), dtype=float).reshape(xx.shape)
    ax.contourf(xx, yy, labels, levels=[-0.5, 0.5, 1.5], cmap=plt.cm.coolwarm, alpha=0.35)
    plot_dataset(X, y, title=title, ax=ax)
    ax.set_xlim(x_min, x_max)
    ax.set_ylim(y_min, y_max)
    if own_figure:
        plt.show()
