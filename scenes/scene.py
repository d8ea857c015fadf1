"""The :class:`Scene` record: one named lesson, a preset of the playground with the words around it."""

from __future__ import annotations

import dataclasses
import re

from playground.state import PlaygroundState

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclasses.dataclass(frozen=True)
class Scene:
    """A curated playground preset that shows one phenomenon of the lecture.

    Attributes:
      id: stable slug used in deep links (``?scene=sgd-zigzag``); never rename one that has been published.
      title: a short headline that states the lesson (``"SGD zigzags across a ravine"``).
      caption: two to four sentences for students: what to look at and why it happens.
      rules: LaTeX (KaTeX) of the update rules involved, one ``aligned`` block.
      state: the playground state the scene opens; its ``scene`` field is this ``id``.
      check: one sentence saying what ``tests/scenes`` measures in the trajectories, so that a lecturer knows
        the picture is not a lucky accident.
      topic: the part of the lecture the scene belongs to (the gallery's section headings).
    """

    id: str
    title: str
    caption: str
    rules: str
    state: PlaygroundState
    check: str = ""
    topic: str = ""

    def __post_init__(self) -> None:
        if not _SLUG.match(self.id):
            raise ValueError(f"scene id must be a lowercase slug like 'sgd-zigzag', got {self.id!r}")
        if self.state.scene != self.id:
            object.__setattr__(self, "state", dataclasses.replace(self.state, scene=self.id))

    @property
    def query(self) -> dict[str, str]:
        """The query parameters of this scene's deep link into the playground."""
        return {"scene": self.id}

    @property
    def presenter_query(self) -> dict[str, str]:
        """The query parameters that open this scene in presenter mode."""
        return {"scene": self.id, "presenter": "1"}
