"""Lecture scenes: named presets of the playground, in the order a lecture on training neural networks reads.

>>> import scenes
>>> scenes.names()[:2]
['sgd-zigzag', 'momentum-overshoot']
>>> scenes.get("sgd-zigzag").state.surface
'ravine'

Each :class:`Scene` is a playground state with a title, a caption for students, the update rules in LaTeX
and a stable id for deep links (``?scene=sgd-zigzag``). Every scene's phenomenon is measured by a test in
``tests/scenes`` that runs its state through ``playground.compute``, the same functions the page draws.
Adding a scene is a ``Scene(...)`` in one of the family modules and one line in ``_SCENES``.

Pure: no streamlit, no plotly.
"""

from __future__ import annotations

from scenes import adaptive, curvature, data, landscape, ravine
from scenes.scene import Scene

__all__ = ["Scene", "get", "names", "scenes"]

_SCENES: tuple[Scene, ...] = (
    ravine.SGD_ZIGZAG,
    ravine.MOMENTUM_OVERSHOOT,
    ravine.NESTEROV_VS_MOMENTUM,
    adaptive.ADAGRAD_STALLS,
    adaptive.RMSPROP_FIXES_ADAGRAD,
    adaptive.ADAM_COMBINES,
    curvature.LEARNING_RATE_TOO_LARGE,
    curvature.NEWTON_ONE_STEP,
    curvature.NEWTON_AND_LBFGS,
    landscape.SADDLE_ESCAPE,
    landscape.LOCAL_MINIMA,
    data.ITERATE_AVERAGING,
    data.FEATURE_SCALING,
    data.FEATURE_SCALING_STANDARDIZED,
    data.MINIBATCH_NOISE,
    data.WEIGHT_DECAY_SCENE,
)
_BY_ID = {scene.id: scene for scene in _SCENES}
if len(_BY_ID) != len(_SCENES):
    raise RuntimeError("two scenes share an id")


def names() -> list[str]:
    """Scene ids in lecture order (the order of the gallery and of presenter mode's prev/next)."""
    return [scene.id for scene in _SCENES]


def scenes() -> tuple[Scene, ...]:
    """All scenes in lecture order."""
    return _SCENES


def get(scene_id: str) -> Scene:
    """The scene ``scene_id``; ``KeyError`` listing the valid ids otherwise."""
    try:
        return _BY_ID[scene_id]
    except (KeyError, TypeError):
        raise KeyError(f"unknown scene {scene_id!r}; choose one of {', '.join(names())}") from None
