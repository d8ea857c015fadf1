"""What the explorer page says about a result, as plain values: captions, panel titles, the clicked cell and
the SGD stability limit drawn on the range test. The page (``ui/explorer.py``) only shows them.

Pure: no streamlit, no plotly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from explorer import theory
from playground import budget

# The settings each tool's panel shows as widgets (beyond the sidebar's tolerance).
TOOL_WIDGETS = {
    "basins": ("grid",),
    "sweep": ("cells",),
    "ensemble": ("members", "compare", "levels"),
    "range": ("lrs", "ramp"),
}


def picked_cells(event: Mapping | None, n_axes: int) -> list[tuple[int, ...]]:
    """The grid indices of the sweep cells selected in a chart's selection ``event`` (customdata first)."""
    points = (event or {}).get("selection", {}).get("points", [])
    return [tuple(int(i) for i in p["customdata"][:n_axes]) for p in points if "customdata" in p]


def setting_words(setting: Mapping[str, float], names: Sequence[str]) -> str:
    """``lr = 0.01, momentum = 0.9``: the swept values of one cell."""
    return ", ".join(f"{a} = {setting[a]:.4g}" for a in names)


def sweep_caption(result) -> str:
    """What the theory line says beside what was measured (or why there is no theory line)."""
    if result.theory is None:
        return "No theory line: it needs a quadratic surface and SGD, momentum or Nesterov."
    return (
        f"Theory: spectral radius of the iteration matrix, λ_max = {result.theory.lambda_max:.4g}. Cells "
        f"where it is below 1: {int(result.theory.converges.sum())}; measured converged: "
        f"{int((result.grid.labels >= 0).sum())} of {result.grid.labels.size}."
    )


def ensemble_panel(result, compare: str, level: float) -> dict:
    """One panel of the ensemble figure: its title (setting, fractions) and the cloud it draws."""
    what = f"noise std {level:g}" if compare == "noise" else f"batch of {int(level)}"
    fractions = f"{result.fraction_converged:.0%} converged, {result.fraction_diverged:.0%} diverged"
    return {
        "title": f"{what}: {fractions}",
        "points": result.members.final_points,
        "losses": result.members.final_losses,
        "centroid": result.centroid,
        "spread": result.spread,
    }


def batch_size_problem(surface, compare: str, levels) -> str | None:
    """Why an ensemble cannot compare these batch sizes on ``surface`` (None when it can): batch sizes
    need a data surface, and a batch no larger than its data set (0 is the full batch)."""
    if compare != "batch_size":
        return None
    if getattr(surface, "data", None) is None:
        return "Batch sizes need a data surface (linear or logistic regression); compare noise levels here."
    samples = len(surface.data.targets)
    larger = [int(level) for level in levels if int(level) > samples]
    if larger:
        return (
            f"A batch of {larger[0]:,} is more than the data set's {samples:,} points: compare batch "
            f"sizes up to {samples:,} (0 is the full batch)."
        )
    return None


def ensemble_caption(members: int) -> str:
    return (
        f"{members} seeds per setting; seed s is the Playground's run with seed s. Spread: the "
        "root-mean-square distance of the final points from their centroid (the cross)."
    )


def range_caption(ramp: int, stopped_at: int | None) -> str:
    stop = "ran to the end" if stopped_at is None else f"stopped at step {stopped_at + 1}"
    return f"One run of {ramp} steps with the learning rate growing exponentially; it {stop}."


def sgd_limit(surface, optimizer: str) -> float | None:
    """``2 / λ_max`` for plain SGD on a quadratic bowl (the range test's marked limit), else None."""
    bowl = theory.bowl(surface)
    if bowl is None or optimizer != "sgd":
        return None
    return 2.0 / float(bowl.eigenvalues[-1])


def floor(surface) -> float:
    """The lowest known minimum's value (the ensemble's loss floor); 0 when no minimum is known."""
    return float(min(surface.value(surface.minima))) if len(surface.minima) else 0.0


def time_limit_notice(estimated_seconds: float, deadline_seconds: float) -> str:
    """What the page says when a tool's runs reach the CPU deadline before they finish."""
    return (
        f"Stopped at this server's time limit of {budget.duration(deadline_seconds)} of computing: these "
        f"runs took longer than their estimate of about {budget.duration(estimated_seconds)} (a line search "
        "that keeps trying, or a busy machine). Ask for fewer starts, cells, seeds or steps, or run it "
        f"locally (`make run`) with a larger {budget.ENVIRONMENT_VARIABLE}."
    )
