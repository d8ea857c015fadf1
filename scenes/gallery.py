"""What the Scenes gallery writes on a card, as plain values: the one-line summary of a scene and the link
that opens it in its page, under the app's address rebuilt from what the browser reports.
``app_pages/scenes.py`` lays the cards out.
"""

from __future__ import annotations

import html
import re
import urllib.parse

import optimizers
import surfaces
from playground.compute import build_surface
from scenes.scene import Scene, ScenePage

# A host as a browser reports it: a name or IPv4 address, or an IPv6 address in brackets, and a port.
_HOST = re.compile(r"(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")


def app_base(url: str | None, page_path: str = "scenes") -> str:
    """The address of the app's default page from ``url``, the browser's address of the page at
    ``page_path``: ``http://host:8501/app/scenes`` gives ``http://host:8501/app/``.

    The address is the browser's to report (``st.context.url``), so it is rebuilt from checked parts: an
    http(s) scheme, a plain host and port, a path with every character a link or HTML could read as syntax
    percent-quoted. Anything else (no address, ``javascript:``, a user name in the host) gives the relative
    ``./``, which the links resolve against the page itself.
    """
    if not url:
        return "./"
    address = urllib.parse.urlsplit(str(url))
    if address.scheme.lower() not in ("http", "https") or not _HOST.fullmatch(address.netloc):
        return "./"
    path = urllib.parse.quote(urllib.parse.unquote(address.path), safe="/").rstrip("/")
    if path.endswith("/" + page_path):
        path = path[: -len(page_path) - 1]
    return urllib.parse.urlunsplit((address.scheme.lower(), address.netloc, path + "/", "", ""))


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


def card_alt(scene: Scene) -> str:
    """The text alternative of a card's picture (``tools/make_scene_cards.py`` draws it): what it shows.

    A map card: "Contour map of the Ravine surface with the paths of Momentum and Nesterov over 300 steps;
    a white dot marks where a path starts and a smaller one the known minimum." A card of a page
    without a map is a title card, and says so.
    """
    state = getattr(scene.state, "playground", scene.state)  # an explorer preset's playground part
    if not hasattr(state, "lanes"):
        return f"Title card: {scene.page.title} page, {scene.title}."
    names = list(dict.fromkeys(optimizers.spec(lane.optimizer).title for lane in state.lanes))
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    known = state.surface in surfaces.names()
    surface = f"the {surfaces.spec(state.surface).title} surface" if known else "a custom formula's surface"
    paths = "the path" if len(state.lanes) == 1 else "the paths"
    count = len(build_surface(state).minima)
    minima = {0: "", 1: " and a smaller one the known minimum"}.get(count, " and smaller ones the minima")
    return (
        f"Contour map of {surface} with {paths} of {listed} over {state.steps:,} steps; a white dot marks "
        f"where a path starts{minima}."
    )


# A card's picture: 16:9, as tools/make_scene_cards.py draws it (its CARD_SIZE)
PICTURE_SIZE = (480, 270)


def card_head(number: int, scene: Scene, picture: str | None) -> str:
    """The top of a card as HTML, one element where a title, a picture and a summary were three: the
    numbered title, the picture at address ``picture`` (None: none) and the lanes' summary, every text
    HTML-escaped. The picture is an ``<img>`` the browser loads lazily, when its card nears the screen,
    with its size given so that the cards below keep their places."""
    parts = [f'<p class="scene-title"><strong>{html.escape(f"{number}. {scene.title}")}</strong></p>']
    if picture is not None:
        width, height = PICTURE_SIZE
        parts.append(
            f'<img class="scene-picture" src="{html.escape(picture, quote=True)}" '
            f'alt="{html.escape(card_alt(scene), quote=True)}" width="{width}" height="{height}" '
            'loading="lazy" decoding="async">'
        )
    parts.append(f'<p class="scene-summary">{html.escape(lanes_summary(scene))}</p>')
    return "".join(parts)


def card_check(scene: Scene) -> str:
    """The card's last line, HTML: the test that checks the scene (empty for none)."""
    if not scene.check:
        return ""
    return f'<p class="scene-summary">Checked by a test: {html.escape(scene.check)}</p>'


def numbered(outline) -> list[tuple]:
    """The lecture's sections that have scenes (:func:`scenes.lecture.sections`), each with its scenes
    numbered in lecture order from 1 across the whole lecture: ``[(section, ((1, scene), ...)), ...]``."""
    numbered_sections, number = [], 0
    for section, group in outline:
        if group:
            numbered_sections.append((section, tuple(enumerate(group, start=number + 1))))
            number += len(group)
    return numbered_sections
