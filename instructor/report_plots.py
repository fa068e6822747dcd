"""The class report's figures: matplotlib PNGs, returned as base64 text for a data: URL.

Every figure counts a submission whose grading failed the same way: it is "not graded", left out of the
scores and named as its own count (in the title or the axis label), never drawn as a score of 0.
"""
import base64
import io
from collections import Counter

BLUE, RED, GREEN, ORANGE = "#4C72B0", "#C44E52", "#55A868", "#DD8452"


def _pyplot():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def _png(fig):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    _pyplot().close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def score_counts(percents):
    """[(score, count)] for each distinct score (rounded to 0.1 %), lowest first: equal scores drawn once, counted."""
    return sorted(Counter(round(p, 1) for p in percents).items())


def describe_counts(percents):
    """The scores as text, "0% ×1, 100% ×3": what the strip plot shows, for its alt text."""
    return ", ".join(f"{score:g}% ×{count}" for score, count in score_counts(percents))


def not_graded_note(count):
    return f"; {count} not graded" if count else ""


def histogram(a):
    """Score distribution of the graded submissions of one assignment."""
    plt = _pyplot()
    graded = [s.percent for s in a.graded]
    fig, ax = plt.subplots(figsize=(6.4, 3.2))
    bins = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100.0001]
    ax.hist(graded, bins=bins, color=BLUE, edgecolor="white")
    ax.set_xlim(0, 100)
    ax.set_xticks(range(0, 101, 10))
    ax.set_xlabel("score (% of the maximum)")
    ax.set_ylabel("graded submissions")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_title(f"{a.name}: score distribution ({len(graded)} graded{not_graded_note(len(a.not_graded))})")
    ax.grid(axis="y", alpha=0.3)
    return _png(fig)


def pass_rate_chart(a, rates):
    """Per function, the share of graded submissions with every point."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 0.5 + 0.45 * max(len(rates), 1)))
    names = [r.function for r in rates][::-1]
    values = [r.pass_rate for r in rates][::-1]
    bars = ax.barh(names, values, color=[GREEN if v >= 70 else ORANGE if v >= 40 else RED for v in values])
    for bar, value in zip(bars, values):
        ax.text(min(value + 1, 88), bar.get_y() + bar.get_height() / 2, f"{value:.0f}%", va="center")
    ax.set_xlim(0, 100)
    ax.set_xlabel(f"graded submissions with full marks on the function (%){not_graded_note(len(a.not_graded))}")
    ax.set_title(f"{a.name}: pass rate per graded function")
    ax.grid(axis="x", alpha=0.3)
    return _png(fig)


def overview_chart(data):
    """Box plot of each assignment's graded scores, with one dot per distinct score: its area grows with the
    number of submissions at that score, and a count beside it says how many when more than one."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 0.8 + 0.6 * max(len(data), 1)))
    rows = data[::-1]
    series = [[s.percent for s in a.graded] for a in rows]
    labels = [f"{a.name}\n{len(a.graded)} graded{not_graded_note(len(a.not_graded))}" for a in rows]
    ax.boxplot([v or [float("nan")] for v in series], orientation="horizontal", tick_labels=labels, widths=0.4)
    for i, values in enumerate(series, start=1):
        counts = score_counts(values)
        ax.scatter([x for x, _ in counts], [i] * len(counts), s=[18 + 30 * (n - 1) for _, n in counts],
                   alpha=0.6, color=BLUE, zorder=3)
        for x, n in counts:
            if n > 1:
                ax.annotate(f"×{n}", (x, i), xytext=(0, 8), textcoords="offset points", ha="center", va="bottom",
                            fontsize=8)
    ax.set_xlim(-2, 104)
    ax.set_xlabel("score of the graded submissions (% of the maximum); dot area and ×n: submissions at that score")
    ax.set_title("Scores by assignment")
    ax.grid(axis="x", alpha=0.3)
    return _png(fig)
