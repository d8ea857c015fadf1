"""The :class:`Scene` record: one named lesson, a preset of one of the pages with the words around it."""

from __future__ import annotations

import dataclasses
import hashlib
import re

import optimizers

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclasses.dataclass(frozen=True)
class ScenePage:
    """The page a scene opens: its title (for the gallery's button) and its ``url_path`` in ``app.py``.

    ``url_path`` is ``""`` for the app's default page. A page that offers scenes defines one of these next to
    its scenes; the gallery builds every link from it and needs no change when a page is added.
    """

    title: str
    url_path: str = ""


PLAYGROUND = ScenePage("Playground", "")


def update_row(optimizer: str) -> str:
    """The last row of an optimizer's update rule (its ``OptimizerSpec.latex``): the parameter step, for a
    rules block that sets several optimizers side by side without retyping their rules."""
    body = optimizers.spec(optimizer).latex.replace(r"\begin{aligned}", "").replace(r"\end{aligned}", "")
    return body.split(r"\\")[-1].strip()


@dataclasses.dataclass(frozen=True)
class Scene:
    """A curated page preset that shows one phenomenon of the lecture.

    Attributes:
      id: stable slug used in deep links (``?scene=sgd-zigzag``); never rename one that has been published.
      title: a short headline that states the lesson (``"SGD zigzags across a ravine"``).
      caption: two to four sentences for students: what to look at and why it happens. Every number in it is
        formatted from the engine or asserted by the scene's test.
      rules: LaTeX (KaTeX) of the update rules involved, one ``aligned`` block.
      state: the state of ``page`` the scene opens (a ``PlaygroundState`` for the playground); where that
        state has a ``scene`` field it is set to this ``id``.
      check: one sentence saying what ``tests/scenes`` measures in the trajectories, so that a lecturer knows
        the picture is not a lucky accident.
      topic: the part of the lecture the scene belongs to (the gallery's section headings).
      page: the page the scene opens, :data:`PLAYGROUND` unless another page registers it.
    """

    id: str
    title: str
    caption: str
    rules: str
    state: object
    check: str = ""
    topic: str = ""
    page: ScenePage = PLAYGROUND

    def __post_init__(self) -> None:
        if not _SLUG.match(self.id):
            raise ValueError(f"scene id must be a lowercase slug like 'sgd-zigzag', got {self.id!r}")
        if getattr(self.state, "scene", self.id) != self.id:
            object.__setattr__(self, "state", dataclasses.replace(self.state, scene=self.id))

    @property
    def query(self) -> dict[str, str]:
        """The query parameters of this scene's deep link into its page."""
        return {"scene": self.id}

    @property
    def presenter_query(self) -> dict[str, str]:
        """The query parameters that open this scene in presenter mode."""
        return {"scene": self.id, "presenter": "1"}

    @property
    def fingerprint(self) -> str:
        """A short hash of what the scene shows (page, state), to tell whether a picture of it is current."""
        text = repr((self.page, self.state))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclasses.dataclass(frozen=True)
class MeasuredScene(Scene):
    """A scene whose caption quotes training runs too long to train when the app starts: ``measure()``
    formats the caption from them the first time it is read (the gallery, the page showing the scene, a
    test), and the scene keeps it. ``caption`` is given as ``""`` and filled on that first read."""

    measure: object = dataclasses.field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__delattr__(self, "caption")  # read through __getattr__ until measured

    def __getattr__(self, name: str):
        # called only for an attribute not found the ordinary way: the caption before its first read
        if name != "caption" or self.measure is None:
            raise AttributeError(name)
        text = self.measure()
        object.__setattr__(self, "caption", text)
        return text
