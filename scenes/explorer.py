"""Scenes of the Landscape explorer: Himmelblau's four basins, the ravine's lr x momentum phase diagram
against theory, and the noise ball's spread against the batch size.

A scene's state is an :class:`ExplorerPreset`: the playground part (surface, one lane, start, steps) and the
explorer's own settings. Each phenomenon is measured by ``tests/explorer/test_scenes.py`` with the same
engine calls the page makes.
"""

from __future__ import annotations

import dataclasses

from explorer.settings import ExplorerSettings
from playground.state import Lane, PlaygroundState
from scenes.scene import Scene, ScenePage

EXPLORER = ScenePage("Landscape explorer", "explorer")
TOPIC = "Landscapes: many runs at once"


@dataclasses.dataclass(frozen=True)
class ExplorerPreset:
    """What the explorer page shows: its playground part (one lane) and its own settings."""

    playground: PlaygroundState
    settings: ExplorerSettings
    scene: str | None = None


HIMMELBLAU_BASINS = Scene(
    id="himmelblau-basins",
    title="Four minima, four basins: where you start decides where you end",
    caption=(
        "Every pixel is a start; its colour is the minimum that plain gradient descent with a small step "
        "(lr = 0.005) reaches from there. With so small a step the runs follow the gradient flow, so the "
        "picture is the four basins of attraction of Himmelblau's function, each about a quarter of the "
        "window, split along the ridges through the saddles. Raise the learning rate and watch the borders "
        "fray and whole regions turn black (diverged)."
    ),
    rules=r"\theta_t = \theta_{t-1} - \eta\, \nabla f(\theta_{t-1})",
    state=ExplorerPreset(
        PlaygroundState(surface="himmelblau", lanes=(Lane("sgd", {"lr": 0.005}),), steps=500),
        ExplorerSettings(tool="basins", grid=100, tol=1e-2),
    ),
    check="each of the four minima drains between 15 % and 35 % of the starts, and the starts near each "
    "minimum reach it.",
    topic=TOPIC,
    page=EXPLORER,
)

RAVINE_PHASE_DIAGRAM = Scene(
    id="ravine-phase-diagram",
    title="The lr x momentum phase diagram of the ravine, measured and predicted",
    caption=(
        "Each cell runs heavy-ball SGD on the ravine with one learning rate (across, log scale) and one "
        "momentum (up) and is coloured by the steps it needs to come within 0.01 of the minimum; vermillion "
        "cells diverged. The dashed line is the theory's stability boundary lr = 2 (1 + momentum) / "
        "lambda_max, where the spectral radius of the iteration matrix reaches 1, and the star the tuned "
        "heavy ball: the measured cells diverge just beyond the line and are fastest near the star."
    ),
    rules=r"\theta_{t+1} = \theta_t - \eta \nabla f(\theta_t) + \beta (\theta_t - \theta_{t-1})",
    state=ExplorerPreset(
        PlaygroundState(surface="ravine", lanes=(Lane("momentum", {"lr": 0.01}),), steps=500),
        ExplorerSettings(tool="sweep", x="lr", xr=(1e-3, 1.0), y="momentum", yr=(0.0, 0.99), cells=30),
    ),
    check="every cell with spectral radius below 0.95 converges, every cell above 1.02 diverges, and the "
    "fastest cell is within a factor e in lr of the tuned heavy ball.",
    topic=TOPIC,
    page=EXPLORER,
)

NOISE_BALL = Scene(
    id="noise-ball-batch-size",
    title="The noise ball shrinks as the batch grows",
    caption=(
        "Fifty runs of SGD (lr = 0.3) on the standardized least-squares fit, each with its own stream of "
        "mini-batches: with batches of 4 the final points scatter in a wide cloud around the minimum, "
        "with batches of 64 in a much tighter one. A constant step never settles on noisy gradients: it "
        "settles into a ball whose size grows with the gradient noise, which shrinks as the batch grows."
    ),
    rules=r"\theta_t = \theta_{t-1} - \eta\, \frac{1}{|B_t|} \sum_{i \in B_t} \nabla f_i(\theta_{t-1})",
    state=ExplorerPreset(
        PlaygroundState(
            surface="linear_regression",
            surface_params={"standardize": True},
            lanes=(Lane("sgd", {"lr": 0.3}),),
            steps=300,
        ),
        ExplorerSettings(tool="ensemble", members=50, compare="batch_size", levels=(4.0, 64.0)),
    ),
    check="over 50 seeds the spread with batches of 4 is more than twice the spread with batches of 64, "
    "and no run diverges.",
    topic=TOPIC,
    page=EXPLORER,
)

SCENES = (HIMMELBLAU_BASINS, RAVINE_PHASE_DIAGRAM, NOISE_BALL)
