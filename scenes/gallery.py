"""What the Scenes gallery writes on a card, as plain values: the one-line summary of a scene and the link
that opens it in its page. ``app_pages/scenes.py`` lays the cards out.
"""

from __future__ import annotations

import urllib.parse

import optimizers
import surfaces
from scenes.scene import Scene, ScenePage


def link(base: str, page: ScenePage, query: dict[str, str]) -> str:
    """The address of ``page`` (its ``url_path`` under the app's ``base``) with ``query``, escaped."""
    address = urllib.parse.urlsplit(urllib.parse.urljoin(base, page.url_path))
    return urllib.parse.urlunsplit(address._replace(query=urllib.parse.urlencode(query)))


def lanes_summary(scene: Scene) -> str:
    """``Ravine · SGD, Momentum · 300 steps``: what a Playground scene runs, titles from the registries; the
    page's title for a scene of another page."""
    state = scene.state
    if not hasattr(state, "lanes"):
        return scene.page.title
    names = list(dict.fromkeys(optimizers.spec(lane.optimizer).title for lane in state.lanes))
    surface = surfaces.spec(state.surface).title if state.surface in surfaces.names() else "Custom formula"
    return f"{surface} · {', '.join(names)} · {state.steps:,} steps"
