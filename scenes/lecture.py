"""The lecture's order across pages: two parts, each a run of sections, and every scene in one section.

>>> from scenes import lecture
>>> [section.title for section in lecture.SECTIONS if section.part == 1][:3]
['Activation functions', 'Preprocessing', 'Weight initialisation']

A scene lands in the section whose ``title`` or ``topics`` name its ``topic`` (:func:`section_of`), so a new
scene whose ``topic`` is a section's title (``topic=lecture.REGULARISATION``) takes its place in the lecture,
the gallery and presenter mode's PageDown with no other change. The scenes of one section keep the order in
which ``scenes/__init__.py`` lists them; :data:`PLACED` moves the few whose family topic spans two sections.

Pure: no streamlit, no plotly.
"""

from __future__ import annotations

import dataclasses

PARTS = {
    1: "Part one: the network and its data",
    2: "Part two: optimizing it",
}

ACTIVATIONS = "Activation functions"
PREPROCESSING = "Preprocessing"
INITIALISATION = "Weight initialisation"
BATCH_NORM = "Batch normalisation"
REGULARISATION = "Regularisation and dropout"
AUGMENTATION = "Data augmentation"
OPTIMIZERS = "Optimizers"
SCHEDULES = "Learning-rate schedules"
SECOND_ORDER = "Curvature and second-order methods"
ENSEMBLES = "Ensembles and averaging"
DEBUGGING = "Debugging a training run"


@dataclasses.dataclass(frozen=True)
class Section:
    """One section of the lecture: its ``part`` (1 or 2), its heading, and the scene topics it takes besides
    its own title (the headings the scene families were written under)."""

    part: int
    title: str
    topics: tuple[str, ...] = ()


SECTIONS = (
    Section(1, ACTIVATIONS),
    Section(1, PREPROCESSING, ("Data, noise and regularization",)),
    Section(1, INITIALISATION),
    Section(1, BATCH_NORM),
    Section(1, REGULARISATION),
    Section(1, AUGMENTATION),
    Section(
        2,
        OPTIMIZERS,
        (
            "SGD and momentum",
            "Adaptive learning rates",
            "Sign steps, averaging without a schedule, learning-rate-free methods",
            "The shape of the landscape",
            "Landscapes: many runs at once",
        ),
    ),
    Section(2, SCHEDULES, ("Learning-rate schedules and averaging",)),
    Section(2, SECOND_ORDER, ("Learning rate and curvature",)),
    Section(2, ENSEMBLES),
    Section(2, DEBUGGING),
)

# Scenes whose family's topic spans two sections: the section each belongs to in the lecture.
PLACED = {
    "minibatch-noise": OPTIMIZERS,
    "weight-decay": REGULARISATION,
    "iterate-averaging": ENSEMBLES,
    "asgd-averages-from-t0": ENSEMBLES,
    "snapshot-ensembles": ENSEMBLES,
}


def section_of(scene) -> Section:
    """The section ``scene`` belongs to; ``KeyError`` for a topic no section takes (a new topic needs its
    section here, or the scene would have no place in the lecture)."""
    wanted = PLACED.get(scene.id, scene.topic)
    for section in SECTIONS:
        if wanted == section.title or wanted in section.topics:
            return section
    raise KeyError(f"scene {scene.id!r}: no lecture section takes the topic {scene.topic!r}")


def ordered(listed) -> tuple:
    """The scenes ``listed`` in lecture order: by section, and in their listed order within one."""
    position = {section.title: index for index, section in enumerate(SECTIONS)}
    return tuple(sorted(listed, key=lambda scene: position[section_of(scene).title]))


def step(ids, scene_id: str | None, move: str) -> str | None:
    """The id after (``move == "next"``) or before (``"prev"``) ``scene_id`` in ``ids``; None past either end.
    From no scene (or one not in ``ids``), "next" opens the first.

    >>> step(["a", "b"], "a", "next"), step(["a", "b"], "a", "prev"), step(["a", "b"], None, "next")
    ('b', None, 'a')
    """
    ids = list(ids)
    if scene_id not in ids:
        return ids[0] if move == "next" and ids else None
    position = ids.index(scene_id) + (1 if move == "next" else -1)
    return ids[position] if 0 <= position < len(ids) else None


def walk(ids, scene_id: str | None, moves) -> str | None:
    """Where the key ``moves`` lead from ``scene_id``, one after the other (a move past either end stays);
    None when no move went anywhere.

    >>> walk(["a", "b", "c"], "a", ["next", "next", "next", "prev"])
    'b'
    """
    target = None
    for move in moves:
        if (found := step(ids, target or scene_id, move)) is not None:
            target = found
    return target


def sections(listed) -> list[tuple[Section, tuple]]:
    """``(section, its scenes)`` in lecture order, every section (an empty one has no scene yet)."""
    return [(section, tuple(s for s in listed if section_of(s) == section)) for section in SECTIONS]


def part_starts(listed) -> dict[int, object]:
    """``{part: its first scene}`` over ``listed`` (in lecture order), for parts that have a scene."""
    starts: dict[int, object] = {}
    for scene in listed:
        starts.setdefault(section_of(scene).part, scene)
    return starts
