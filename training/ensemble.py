"""Ensembles in the lab's terms: ``k`` networks of one :class:`training.NetworkSpec` trained from different
seeds, and the checkpoints of one run, scored on the validation split with :mod:`nets.ensemble`.

Member ``i`` (``i = 0 .. k - 1``) is the spec with ``init_seed + i`` and the mini-batch, dropout and noise
seed ``seed + i``, so that member 0 is the lab's own run. The members share one budget: their price is ``k``
times one run's (:func:`ensemble_seconds`), and one ``stop`` callable is handed to every member's run loop;
when it ends a member early, that member (unfinished) and the ones after it are left out, and the result
says so. A network with batch normalisation is scored in evaluation mode with each member's (or each
checkpoint's) own running statistics.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from nets.ensemble import EnsembleScores, ensemble_scores
from paramspec import Param

from . import NetworkSpec, build, estimated_seconds, train
from .run import Run

__all__ = [
    "MEMBERS",
    "SNAPSHOTS",
    "Ensemble",
    "checkpoint_ensemble",
    "ensemble_seconds",
    "member_spec",
    "train_ensemble",
]

MAX_MEMBERS = 16
# The network lab's two ensembles of configuration 1, in its link as ensemble=K and snapshots=M (0: off)
MEMBERS = Param(
    "ensemble",
    0,
    kind="int",
    low=0,
    high=8,
    label="ensemble members",
    help="Train configuration 1 this many times from different seeds and average the networks' predicted "
    "probabilities (0: off). Each member costs as much as one run.",
)
SNAPSHOTS = Param(
    "snapshots",
    0,
    kind="int",
    low=0,
    high=50,
    label="checkpoint ensemble",
    help="Average the predictions of the last this many checkpoints of configuration 1's own run (0: off); "
    "the lab's checkpoints are evenly spaced over the run.",
)
# a member is scored, not drawn: two checkpoints (start and end) on a small grid
MEMBER_CHECKPOINTS, MEMBER_GRID = 2, 2


class Ensemble(NamedTuple):
    """Members trained to the end, their validation scores and the averaged prediction's (``scores`` is
    ``None`` when no member finished), and whether ``stop`` ended the training early."""

    members: tuple[Run, ...]
    scores: EnsembleScores | None
    requested: int
    stopped: bool


def member_spec(spec: NetworkSpec, index: int) -> NetworkSpec:
    """Member ``index``'s spec: the same network, initialised from ``init_seed + index``."""
    from dataclasses import replace

    return replace(spec, init_seed=spec.init_seed + index)


def _check_members(k: int) -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= MAX_MEMBERS:
        raise ValueError(f"an ensemble has 1 to {MAX_MEMBERS} members, got {k!r}")
    return int(k)


def ensemble_seconds(spec: NetworkSpec, optimizer, steps: int, k: int, batch_size: int = 0) -> float:
    """Predicted seconds of :func:`train_ensemble`: ``k`` runs of ``steps`` steps (:mod:`training.cost`)."""
    one = estimated_seconds(spec, steps, batch_size, MEMBER_CHECKPOINTS, MEMBER_GRID, optimizer=optimizer)
    return _check_members(k) * one


def train_ensemble(
    spec: NetworkSpec,
    optimizer,
    steps: int,
    k: int,
    batch_size: int = 0,
    seed: int = 0,
    *,
    schedule=None,
    stop=None,
) -> Ensemble:
    """Train ``k`` members (see the module docstring) and score them and their average on validation."""
    k = _check_members(k)
    members, stopped = [], False
    for index in range(k):
        run = train(
            member_spec(spec, index),
            optimizer,
            steps,
            batch_size,
            seed + index,
            checkpoints=MEMBER_CHECKPOINTS,
            schedule=schedule,
            grid=MEMBER_GRID,
            bins=1,
            stop=stop,
        )
        if run.stopped_at is not None:
            stopped = True
            break
        members.append(run)
    scores = None
    if members:
        data, _, _ = build(spec)
        runnings = None if members[0].running is None else [run.running[-1] for run in members]
        scores = ensemble_scores(
            members[0].architecture,
            spec.loss,
            [run.params[-1] for run in members],
            data.validation_inputs,
            data.validation_targets,
            runnings,
        )
    return Ensemble(tuple(members), scores, k, stopped)


def checkpoint_ensemble(run: Run, spec: NetworkSpec, last: int = 5) -> EnsembleScores:
    """The last ``last`` checkpoints of one ``run`` of ``spec`` as an ensemble, scored on validation (with
    each checkpoint's running statistics under batch normalisation)."""
    if not 1 <= last <= len(run.params):
        raise ValueError(f"last must be between 1 and the run's {len(run.params)} checkpoints, got {last}")
    data, _, _ = build(spec)
    runnings = None if run.running is None else list(run.running[-last:])
    return ensemble_scores(
        run.architecture,
        spec.loss,
        list(run.params[-last:]),
        data.validation_inputs,
        data.validation_targets,
        runnings,
    )


def _percent(value: float) -> str:
    return f"{value:.1%}" if value == value else "–"  # NaN: regression has no accuracy


def score_rows(scores: EnsembleScores, names) -> list[dict[str, str]]:
    """The page's table: one row per member (``names``, in order), then the averaged prediction's row."""
    rows = [
        {"network": name, "validation loss": f"{loss:.3f}", "validation accuracy": _percent(accuracy)}
        for name, loss, accuracy in zip(names, scores.member_losses, scores.member_accuracies, strict=True)
    ]
    rows.append(
        {
            "network": f"average of the {len(names)}",
            "validation loss": f"{scores.ensemble_loss:.3f}",
            "validation accuracy": _percent(scores.ensemble_accuracy),
        }
    )
    return rows


def verdict(scores: EnsembleScores, members: str) -> str:
    """One sentence on what averaging ``members`` gained, as measured: the loss against the members' mean
    and best, the accuracy against their mean (either may be a loss on a small validation split)."""
    losses, accuracies = scores.member_losses, scores.member_accuracies
    below = "below every member's" if scores.ensemble_loss < losses.min() else "not below the best member's"
    line = (
        f"Averaging the {len(losses)} {members} gives validation loss {scores.ensemble_loss:.3f} against "
        f"their mean {losses.mean():.3f} (best {losses.min():.3f}): {below}"
    )
    if scores.ensemble_accuracy == scores.ensemble_accuracy:  # classification (NaN for regression)
        line += (
            f"; accuracy {scores.ensemble_accuracy:.1%} against their mean {accuracies.mean():.1%} "
            f"({round(100 * scores.accuracy_gain, 1) + 0.0:+.1f} points)"  # + 0.0: no "-0.0"
        )
    return line + "."


def snapshot_verdict(scores: EnsembleScores) -> str:
    """One sentence on a checkpoint ensemble against the run's final network (its last member), the one a
    run would otherwise keep."""
    final_loss, final_accuracy = scores.member_losses[-1], scores.member_accuracies[-1]
    line = (
        f"Averaging the last {len(scores.member_losses)} checkpoints gives validation loss "
        f"{scores.ensemble_loss:.3f} against the final network's {final_loss:.3f}"
    )
    if scores.ensemble_accuracy == scores.ensemble_accuracy:
        line += f"; accuracy {scores.ensemble_accuracy:.1%} against {final_accuracy:.1%}"
    return line + "."
