"""Debugging a training run, as the lecture's checklist (cs231n's notes on babysitting the learning process):
every check states what it measured, a verdict, and a plain sentence saying what to try.

1. **Loss at initialisation**: with small random weights a ``C``-class softmax predicts about ``1/C`` for
   every class, so its loss starts near :math:`\\ln C` (:math:`\\ln 2` for one logit). Kaiming-sized
   weights start somewhat above it; more than :data:`FAR_FROM_CHANCE` times above, the initial weights or
   the inputs are too large.
2. **Overfit a small sample**: the same network and optimizer, without regularisation or dropout, on
   :data:`SMALL_SAMPLE` training points should drive the loss near zero. If it cannot, the problem is the
   learning rate, the initialisation or the network, not the data's size.
3. **Loss curve shape**: exploding (diverged, or ends above its start), flat (moved by less than
   :data:`FLAT_CHANGE` of its start: "try a larger learning rate"), noisy (the losses' spread around
   their moving average is over :data:`NOISY_JITTER` of the whole descent: a larger batch or a smaller
   rate), or falling.
4. **Update/weight ratio** per layer at the end, against the rule of thumb of about :math:`10^{-3}`: below
   :math:`10^{-4}` the rate is probably too low, above :math:`10^{-2}` too high.
5. **Dead and saturated units** at the end: a layer with over half its units dead (ReLU never active) or
   saturated (tanh or sigmoid on their flat tails) passes no gradient.

:func:`checklist` reads a finished :class:`training.Run` (plus the small-sample run, which
:func:`small_sample_run` trains, priced by the caller's budget like any run).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

__all__ = [
    "Check",
    "checklist",
    "curve_shape",
    "small_sample_run",
    "small_sample_seconds",
    "small_sample_spec",
]

SMALL_SAMPLE = 20  # training points of the overfitting check
SMALL_SAMPLE_STEPS = 300
FITTED_LOSS = 0.05  # "near zero" for the overfitting check
NEAR_CHANCE = 0.25  # within this relative distance of ln C the loss "starts at chance"
FAR_FROM_CHANCE = 3.0  # above this many times ln C the initial weights or inputs are too large
FLAT_CHANGE = 0.01
NOISY_JITTER = 0.5  # a spread around the trend above this share of the whole descent counts as noisy
RATIO_LOW, RATIO_HIGH = 1e-4, 1e-2
BAD_LAYER_SHARE = 0.5


@dataclass(frozen=True)
class Check:
    """One line of the checklist: ``status`` is "ok", "warn" or "n/a"."""

    title: str
    status: str
    measured: str
    advice: str


def _chance_loss(loss: str, n_classes: int) -> float | None:
    if loss == "softmax_cross_entropy":
        return math.log(n_classes)
    if loss == "binary_cross_entropy":
        return math.log(2.0)
    return None  # squared error has no chance level independent of the targets


def initial_loss_check(run, loss: str, n_classes: int) -> Check:
    title = "Loss at initialisation"
    chance = _chance_loss(loss, n_classes)
    start = float(run.train_loss[0])
    if chance is None:
        return Check(
            title, "n/a", f"initial loss {start:.3g}", "Squared error has no chance level to compare."
        )
    measured = f"initial loss {start:.3f} against ln {n_classes} = {chance:.3f}"
    if not math.isfinite(start) or start > FAR_FROM_CHANCE * chance:
        return Check(
            title,
            "warn",
            measured,
            "The network starts far above chance: its initial weights (or the inputs) are too large. "
            "Try a smaller initialisation or standardised inputs.",
        )
    if abs(start - chance) <= NEAR_CHANCE * chance:
        return Check(title, "ok", measured, "The network starts at chance, as small random weights should.")
    return Check(
        title,
        "ok",
        measured,
        "Within a few times chance: fine. With small initial weights it would start at ln C exactly.",
    )


def curve_shape(step_losses: np.ndarray, diverged_at: int | None) -> tuple[str, str]:
    """``(shape, figure)``: "exploding", "flat", "noisy" or "falling", and the numbers behind it."""
    losses = np.asarray(step_losses, dtype=float)
    finite = losses[np.isfinite(losses)]
    if diverged_at is not None or len(finite) < 2:
        return "exploding", f"diverged at step {diverged_at}" if diverged_at else "no finite loss"
    window = max(1, len(finite) // 10)
    start, end = float(np.mean(finite[:window])), float(np.mean(finite[-window:]))
    change = (start - end) / abs(start) if start else 0.0
    figure = f"mean loss {start:.3g} over the first {window} steps, {end:.3g} over the last {window}"
    if end > float(finite[0]) * 1.05:  # ends above the very first loss (a spike inflates the first window)
        return "exploding", figure + f"; first step's loss {float(finite[0]):.3g}"
    if abs(change) < FLAT_CHANGE:
        return "flat", figure
    # the jitter: the spread of the losses around their moving average, against the whole descent
    width = max(5, len(finite) // 20)
    smooth = np.convolve(finite, np.ones(width) / width, mode="valid")
    jitter = float(np.std(finite[width // 2 : width // 2 + len(smooth)] - smooth))
    if jitter > NOISY_JITTER * abs(start - end):
        return "noisy", figure + f"; spread around the trend {jitter:.2g}"
    return "falling", figure


_SHAPE_ADVICE = {
    "exploding": (
        "warn",
        "The loss grows: the learning rate is too large (or the initialisation is). Lower it.",
    ),
    "flat": ("warn", "The loss has not moved: try a larger learning rate (or check for dead units)."),
    "noisy": ("warn", "The loss jitters more than it falls: a larger batch or a smaller learning rate."),
    "falling": ("ok", "The loss falls steadily."),
}


def _last_finite_row(values: np.ndarray) -> np.ndarray | None:
    for row in values[::-1]:
        if np.all(np.isfinite(row)):
            return row
    return None


def update_ratio_check(run) -> Check:
    title = "Update/weight ratio"
    row = _last_finite_row(np.asarray(run.update_ratio))
    if row is None:
        return Check(title, "n/a", "no step measured", "Run at least one step to measure it.")
    typical = float(np.median(row))
    measured = f"median over layers {typical:.1e} (rule of thumb: about 1e-3)"
    if typical < RATIO_LOW:
        return Check(
            title, "warn", measured, "Updates are tiny against the weights: the rate is probably too low."
        )
    if typical > RATIO_HIGH:
        return Check(
            title, "warn", measured, "Updates are large against the weights: the rate is probably too high."
        )
    return Check(title, "ok", measured, "Updates are a sensible fraction of the weights.")


def _bounded(architecture) -> bool:
    """Whether the activation is bounded on both sides (sigmoid, tanh): only those saturate in the lecture's
    sense (for ReLU the "flat" side is simply its inactive half, counted as dead when it is everywhere)."""
    from training.stats import activation_shape

    params = tuple(architecture.activation_params.items())
    low, high, _ = activation_shape(architecture.activation, params)
    return bool(np.isfinite(low) and np.isfinite(high))


def units_check(run) -> Check:
    title = "Dead and saturated units"
    dead, saturated = np.asarray(run.dead_fraction)[-1], np.asarray(run.saturated_fraction)[-1]
    if len(dead) == 0:
        return Check(
            title, "n/a", "no hidden layer", "A network without hidden layers has no units to check."
        )
    bounded = _bounded(run.architecture)
    measured = f"most dead {dead.max():.0%}" + (f", most saturated {saturated.max():.0%}" if bounded else "")
    measured += " (worst layer)"
    if dead.max() > BAD_LAYER_SHARE:
        return Check(
            title,
            "warn",
            measured,
            "Over half of a layer's ReLUs never fire: lower the rate, or try Leaky ReLU.",
        )
    if bounded and saturated.max() > BAD_LAYER_SHARE:
        return Check(
            title,
            "warn",
            measured,
            "Over half of a layer sits on the flat tails: smaller weights or scaled inputs.",
        )
    return Check(title, "ok", measured, "Every layer passes gradient.")


def small_sample_spec(spec):
    """``spec`` for the overfitting check: the first :data:`SMALL_SAMPLE` training points, no L1/L2/dropout or
    augmentation.

    The data set keeps its points and split; only the network's regularisation is switched off."""
    return replace(spec, l2=0.0, l1=0.0, dropout=0.0, augment="none")


def small_sample_run(spec, optimizer, schedule=None, stop=None) -> float | None:
    """The overfitting check's run: ``spec`` without regularisation on its first :data:`SMALL_SAMPLE`
    training points, full batch, :data:`SMALL_SAMPLE_STEPS` steps. Returns the final training loss
    (``inf`` if it diverged), or ``None`` when ``stop`` ended it first (nothing to conclude)."""
    import nets
    import optimizers
    from training import build

    data, _, theta = build(small_sample_spec(spec))
    rows = slice(0, min(SMALL_SAMPLE, len(data.train_inputs)))
    objective = nets.NetworkObjective(
        nets.Architecture(
            data.input_dim,
            spec.hidden,
            nets.losses.output_dim(spec.loss, data.task, data.n_classes),
            spec.activation,
            dict(spec.activation_params),
            getattr(spec, "norm", "none"),
        ),
        spec.loss,
        data.train_inputs[rows],
        data.train_targets[rows],
    )
    stopped = []

    def asked(step):
        said = stop(step)
        if said:
            stopped.append(step)
        return said

    path = optimizers.run(
        optimizer,
        objective,
        theta,
        SMALL_SAMPLE_STEPS,
        schedule=schedule,
        stop=None if stop is None else asked,
    )
    if stopped:
        return None
    final = path[-1] if np.all(np.isfinite(path[-1])) else None
    return float(objective.value(final)) if final is not None else float("inf")


def small_sample_seconds(spec, optimizer: str, hyperparams: dict) -> float:
    """Predicted seconds of :func:`small_sample_run` (:mod:`training.cost`'s factors on its 20 rows)."""
    import datasets

    from . import cost

    data = datasets.get(spec.dataset, **dict(spec.dataset_params))
    architecture = cost._architecture(spec, data)
    rows = min(SMALL_SAMPLE, len(data.train_inputs))
    per_step = cost._optimizer_seconds(optimizer, hyperparams, architecture.size)
    per_step += cost.evaluations(optimizer, hyperparams, architecture.size) * cost.eval_seconds(
        architecture, rows
    )
    return SMALL_SAMPLE_STEPS * per_step


def small_sample_check(final_loss: float | None) -> Check:
    title = f"Overfit {SMALL_SAMPLE} points"
    if final_loss is None:
        return Check(title, "n/a", "stopped by the time limit", "Give it fewer steps or a cheaper optimizer.")
    measured = f"training loss {final_loss:.3g} after {SMALL_SAMPLE_STEPS} steps"
    if final_loss <= FITTED_LOSS:
        return Check(title, "ok", measured, "The network can fit a small sample: it can learn at all.")
    return Check(
        title,
        "warn",
        measured,
        "It cannot even fit a small sample: fix the learning rate or the initialisation first.",
    )


def checklist(
    run, loss: str, n_classes: int, small_sample_loss: float | None = None, small_sample: bool = False
) -> tuple[Check, ...]:
    """The lecture's checks of ``run`` (and of the small-sample run's final loss, when given or when
    ``small_sample`` says it ran: ``None`` then means it was stopped)."""
    shape, figure = curve_shape(run.step_losses, run.diverged_at)
    status, advice = _SHAPE_ADVICE[shape]
    checks = [
        initial_loss_check(run, loss, n_classes),
        Check("Loss curve", status, f"{shape}: {figure}", advice),
        update_ratio_check(run),
        units_check(run),
    ]
    if small_sample_loss is not None or small_sample:
        checks.insert(1, small_sample_check(small_sample_loss))
    return tuple(checks)
