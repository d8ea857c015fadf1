"""One optimizer lane of the page: which optimizer, its hyperparameters, schedule, noise and looks."""

from __future__ import annotations

from dataclasses import dataclass, field

CONSTANT = "constant"  # the schedule of a constant learning rate


@dataclass(frozen=True)
class Lane:
    """One optimizer racing on the map: which optimizer, its hyperparameters, schedule, noise and looks.

    ``hyperparams`` and ``schedule_params`` hold only what differs from the library defaults (a lane
    always carries its ``lr`` so that a link keeps meaning the same thing when a default changes).
    """

    optimizer: str = "sgd"
    hyperparams: dict = field(default_factory=dict)
    schedule: str = CONSTANT
    schedule_params: dict = field(default_factory=dict)
    noise: float = 0.0
    seed: int = 0
    start: tuple[float, float] | None = None  # None: the shared start
    color: str | None = None  # None: palette colour by lane index
    label: str | None = None
