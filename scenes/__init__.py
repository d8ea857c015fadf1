"""Lecture scenes: named presets of the playground, in the order a lecture on training neural networks reads.

>>> import scenes
>>> scenes.names()[:2]
['sigmoid-vanishes-deep', 'relus-die-large-step']
>>> list(scenes.presets())[:2]
['zero-centring', 'feature-scaling']
>>> scenes.get("sgd-zigzag").state.surface
'ravine'

Each :class:`Scene` is a page state with a title, a caption for students, the update rules in LaTeX, the
page it opens (:class:`ScenePage`, the Playground unless another page registers it) and a stable id for deep
links (``?scene=sgd-zigzag``); the Landscape explorer's scenes are in ``scenes/explorer.py``, the
activation and initialisation pages' in ``scenes/lessons.py``. Every scene's phenomenon is measured by a test
(in ``tests/scenes``, for the explorer in ``tests/explorer/test_scenes.py``) that runs its state through
the functions the page draws with (``playground.compute`` for the Playground). Adding a scene is a
``Scene(...)`` in one of the family modules and one line in ``_SCENES``; its ``topic`` places it in the
lecture (:mod:`scenes.lecture`), across pages: the gallery and presenter mode's PageDown follow that order.

Pure: no streamlit, no plotly.
"""

from __future__ import annotations

from paramspec.registry import Registry
from scenes import (
    adafactor,
    adaptive,
    averaged,
    centring,
    curvature,
    data,
    explorer,
    lab_ensembles,
    lab_regularisation,
    landscape,
    lecture,
    lesson_sections,
    lessons,
    network_lab,
    ravine,
    recent,
    schedules,
)
from scenes.scene import PLAYGROUND, Scene, ScenePage

__all__ = ["PLAYGROUND", "Scene", "ScenePage", "get", "names", "on_page", "presets", "scenes"]

# Listed by family; ordered as the lecture runs (scenes/lecture.py: two parts, a section per topic).
_SCENES: tuple[Scene, ...] = lecture.ordered(
    (
        ravine.SGD_ZIGZAG,
        ravine.MOMENTUM_OVERSHOOT,
        ravine.NESTEROV_VS_MOMENTUM,
        adaptive.ADAGRAD_STALLS,
        adaptive.RMSPROP_FIXES_ADAGRAD,
        adaptive.ADAM_COMBINES,
        curvature.LEARNING_RATE_TOO_LARGE,
        curvature.NEWTON_ONE_STEP,
        curvature.NEWTON_AND_LBFGS,
        curvature.LBFGS_MINIBATCH,
        schedules.LR_SCHEDULES,
        schedules.WARMUP,
        data.ITERATE_AVERAGING,
        averaged.ASGD_AVERAGE,
        schedules.SNAPSHOT_ENSEMBLES,
        landscape.SADDLE_ESCAPE,
        landscape.LOCAL_MINIMA,
        landscape.BAD_LOCAL_MINIMUM,
        centring.ZERO_CENTRING,
        data.FEATURE_SCALING,
        data.FEATURE_SCALING_STANDARDIZED,
        data.MINIBATCH_NOISE,
        data.WEIGHT_DECAY_SCENE,
        recent.SIGN_DIAGONALS,
        recent.SCHEDULE_FREE,
        averaged.SCHEDULE_FREE_ADAMW,
        recent.PRODIGY,
        adafactor.ADAFACTOR_RELATIVE,
        *explorer.SCENES,
        *lessons.ACTIVATION_SCENES,
        *lesson_sections.ACTIVATION_SCENES,
        lesson_sections.CONSTANT_SYMMETRY,  # the first pitfall of initialisation
        *lessons.INITIALISATION_SCENES,
        lesson_sections.BATCH_NORM_HISTOGRAMS,
        *network_lab.SCENES,
        *lab_regularisation.SCENES,
        *lab_ensembles.SCENES,
        *lesson_sections.DROPOUT_SCENES,
    )
)
_REGISTRY = Registry("scene", {scene.id: scene for scene in _SCENES})
if len(_REGISTRY) != len(_SCENES):
    raise RuntimeError("two scenes share an id")


def names() -> list[str]:
    """Scene ids in lecture order (the order of the gallery and of presenter mode's prev/next)."""
    return [scene.id for scene in _SCENES]


def scenes() -> tuple[Scene, ...]:
    """All scenes in lecture order."""
    return _SCENES


def get(scene_id: str) -> Scene:
    """The scene ``scene_id``; ``KeyError`` listing the valid ids otherwise."""
    return _REGISTRY[scene_id]


def on_page(url_path: str) -> tuple[Scene, ...]:
    """The scenes that open the page ``url_path`` (as in ``app.py``), in lecture order: its presets."""
    return tuple(scene for scene in _SCENES if scene.page.url_path == url_path)


def presets(page: ScenePage = PLAYGROUND) -> dict[str, object]:
    """``{id: state}`` of the scenes that open ``page``, in lecture order (what a page's URL codec needs)."""
    return {scene.id: scene.state for scene in _SCENES if scene.page == page}
