"""Lecture scenes of the activation-function and initialisation pages: each a URL preset of one page.

A :class:`LessonPreset` is the page's ``url_path`` and the query it opens with, read back by the page
through ``nets.lesson_settings.from_query`` (so a preset can never hold a value the page would refuse:
``tests/scenes/test_lessons.py`` checks each with no notice).
"""

from __future__ import annotations

from dataclasses import dataclass

from scenes.scene import Scene, ScenePage

ACTIVATIONS_PAGE, INITIALISATION_PAGE = "activations", "initialisation"
# the pages as the gallery links them (titles and url_paths as in app.py)
PAGES = {
    ACTIVATIONS_PAGE: ScenePage("Activation functions", ACTIVATIONS_PAGE),
    INITIALISATION_PAGE: ScenePage("Initialisation", INITIALISATION_PAGE),
}


@dataclass(frozen=True)
class LessonPreset:
    """``page``: the page's ``url_path``; ``query``: ``(key, value)`` text pairs; ``scene``: the scene id."""

    page: str
    query: tuple[tuple[str, str], ...] = ()
    scene: str = ""


def _scene(scene_id, title, caption, page, query, topic):
    return Scene(
        id=scene_id,
        title=title,
        caption=caption,
        rules="",
        state=LessonPreset(page, tuple(query)),
        topic=topic,
        page=PAGES[page],
    )


ACTIVATION_SCENES = (
    _scene(
        "sigmoid-vanishes-deep",
        "Sigmoid gradients vanish through 30 layers",
        "Each sigmoid passes at most its largest slope of the gradient: the bound over 30 layers is its "
        "30th power.",
        ACTIVATIONS_PAGE,
        (("depth", "30"),),
        "Activation functions",
    ),
    _scene(
        "relus-die-large-step",
        "One step with learning rate 30 kills most ReLUs",
        "A huge step pushes the biases so far negative that units never fire again; Leaky ReLU and ELU "
        "keep a gradient and stay alive.",
        ACTIVATIONS_PAGE,
        (("lr", "30"),),
        "Activation functions",
    ),
    _scene(
        "leaky-relu-steep-slope",
        "A Leaky ReLU with slope 0.3 and an ELU with alpha 2",
        "Larger negative slopes: no saturated region for Leaky ReLU, and ELU saturates at -2.",
        ACTIVATIONS_PAGE,
        (("negative_slope", "0.3"), ("alpha", "2")),
        "Activation functions",
    ),
)

INITIALISATION_SCENES = (
    _scene(
        "tanh-small-init-collapses",
        "Small weights: tanh activations collapse to zero",
        "N(0, 0.01²) weights shrink the activations by the same factor every layer, towards zero.",
        INITIALISATION_PAGE,
        (("activation", "tanh"), ("setting", "small")),
        "Weight initialisation",
    ),
    _scene(
        "tanh-large-init-saturates",
        "Large weights: tanh saturates at ±1",
        "N(0, 1) weights on 500 inputs push almost every unit into tanh's flat tails.",
        INITIALISATION_PAGE,
        (("activation", "tanh"), ("setting", "large")),
        "Weight initialisation",
    ),
    _scene(
        "xavier-keeps-tanh",
        "Xavier keeps tanh's spread",
        "Weights of variance 1/fan_in (with torch's tanh gain) keep the activations' spread layer after "
        "layer.",
        INITIALISATION_PAGE,
        (("activation", "tanh"), ("setting", "xavier_gain")),
        "Weight initialisation",
    ),
    _scene(
        "xavier-halves-relu",
        "Xavier with ReLU halves the variance every layer",
        "ReLU zeroes half of its inputs, so Xavier's variance 1/fan_in loses half the second moment a layer.",
        INITIALISATION_PAGE,
        (("activation", "relu"), ("setting", "xavier")),
        "Weight initialisation",
    ),
    _scene(
        "kaiming-fixes-relu",
        "Kaiming's factor 2 fixes ReLU",
        "Weights of variance 2/fan_in keep ReLU's second moment constant through the layers.",
        INITIALISATION_PAGE,
        (("activation", "relu"), ("setting", "kaiming")),
        "Weight initialisation",
    ),
)
