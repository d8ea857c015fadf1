"""The Network lab's runs as its scenes measure them: what the page trains for a
:class:`training.lab.LabState`, kept once per process (several captions and tests quote the same run).

:func:`lab_run` trains configuration ``index`` exactly as the page does (its steps, batch, seed, schedule
and the lab's checkpoints) but draws no decision grid or histograms and traces no curve between
checkpoints, which change no parameter, loss or accuracy at a checkpoint; :func:`members` is the page's
ensemble section (:func:`training.ensemble.train_ensemble`) and :func:`snapshots` its checkpoint ensemble.
A scene's link is the state's URL (:func:`link`), the page's own form, read back by
``ui.network_lab.read_link``.

Pure: no streamlit, no plotly.
"""

from __future__ import annotations

import dataclasses
import functools

import training
from scenes import lessons
from scenes.scene import MeasuredScene
from training import ensemble, lab


def lab_run(state: lab.LabState, index: int = 0) -> training.Run:
    """Configuration ``index`` of ``state`` trained as the lab trains it (no grid: see the module
    docstring)."""
    config = state.configs[index]
    return _train(lab.network_spec(state, index), config, state.steps, state.batch, state.seed)


@functools.cache  # keyed on what the run depends on: scenes that share a configuration share its run
def _train(spec: training.NetworkSpec, config: lab.Config, steps: int, batch: int, seed: int) -> training.Run:
    return lab.train(spec, config, steps, batch, seed, grid=2, bins=1)


@functools.cache
def members(state: lab.LabState) -> ensemble.Ensemble:
    """The lab's ensemble section: ``state.ensemble`` networks of configuration 1 from seeds ``seed + i``."""
    config = state.configs[0]
    return ensemble.train_ensemble(
        lab.network_spec(state, 0),
        lab.optimizer_of(config),
        state.steps,
        state.ensemble,
        state.batch,
        state.seed,
        schedule=lab.schedule_of(config),
    )


def snapshots(state: lab.LabState):
    """The lab's checkpoint ensemble: the last ``state.snapshots`` checkpoints of configuration 1's run."""
    return ensemble.checkpoint_ensemble(lab_run(state, 0), lab.network_spec(state, 0), state.snapshots)


def reseeded(state: lab.LabState, seed: int) -> lab.LabState:
    """``state`` with another draw of everything random: the data set's seed and the lab's (weights,
    batches, dropout masks, augmentation) both moved by ``seed``."""
    data = dict(state.dataset_params)
    data["seed"] = int(data.get("seed", 0)) + seed
    return dataclasses.replace(state, dataset_params=tuple(sorted(data.items())), seed=state.seed + seed)


def with_lr(state: lab.LabState, factor: float) -> lab.LabState:
    """``state`` with every configuration's learning rate times ``factor``."""
    configs = tuple(
        dataclasses.replace(c, hyperparams=tuple(sorted({**dict(c.hyperparams), "lr": lr * factor}.items())))
        for c in state.configs
        for lr in [dict(c.hyperparams)["lr"]]
    )
    return dataclasses.replace(state, configs=configs)


def link(state: lab.LabState) -> tuple:
    """The scene's preset: the state's URL query as ``(key, value)`` pairs."""
    return tuple(lab.to_query(state).items())


def lab_scene(scene_id: str, title: str, measure, state: lab.LabState, topic: str, check: str):
    """A Network lab scene whose caption ``measure()`` formats from its runs on first read."""
    return MeasuredScene(
        id=scene_id,
        title=title,
        caption="",
        rules="",
        state=lessons.LessonPreset(lessons.NETWORK_LAB, link(state)),
        check=check,
        topic=topic,
        page=lessons.LAB_PAGE,
        measure=measure,
    )
