"""Make the gallery's small picture of every scene: its map, photographed from the map player in Chromium.

Run after changing a scene (``tests/scenes/test_cards.py`` says which pictures are stale)::

    .venv/bin/python -m tools.make_scene_cards            # every scene
    .venv/bin/python -m tools.make_scene_cards sgd-zigzag  # some of them

Each picture is ``static/scenes/<id>.png`` (CARD_SIZE pixels; the server serves ``static/`` as files, which
the gallery's cards load lazily). A Playground scene and a Landscape explorer
scene (its playground part: surface, lanes, start) get their map as the Playground draws it, because it is
the Playground's drawing: the scene's runs go into the canvas player's message (:mod:`viz.player`, the
window widened to the card's shape), the player's offline page (:func:`ui.map_player.page`) is opened in
headless Chromium (``make chromium`` installs it) and the map's box is photographed on its full paths. A
scene of a page without a map (activation functions, initialisation) gets a title card, labelled as one:
the page's name, the scene's title and its topic on a plain background.

``assets/scenes/cards.json`` records, for each picture, the fingerprint of the scene it was made from
(``Scene.fingerprint``, a hash of its state: the runs and the map's inputs), so the unit tests can tell a
stale picture without a browser.
"""

from __future__ import annotations

import json
import pathlib
import sys
import textwrap

from PIL import Image, ImageDraw, ImageFont

import scenes
from playground.compute import build_surface, run_lane, shared_start
from playground.picture import lanes_key
from scenes.gallery import PICTURE_SIZE
from surfaces.theory import quadratic_theory
from viz import player
from viz.landscape import compute
from viz.palette import OUTLINE_COLOR

ROOT = pathlib.Path(__file__).resolve().parents[1]
CARDS = ROOT / "static" / "scenes"
MANIFEST = ROOT / "assets" / "scenes" / "cards.json"  # development data: not served
CARD_SIZE = PICTURE_SIZE
TITLE_CARD_BACKGROUND, TITLE_CARD_ACCENT = "#EEF3F8", "#0072B2"
# The player drawn 800 px wide and 700 px tall puts a map of about 670 x 376 CSS pixels above its panels;
# photographed at twice that and scaled down to the card, its lines stay about 2 px wide.
VIEWPORT, PLAYER_HEIGHT, PIXEL_RATIO = {"width": 800, "height": 900}, 700, 2


def card_window(window, size=CARD_SIZE):
    """``window`` widened (never cut) about its centre to the aspect ratio of ``size``."""
    (x_low, x_high), (y_low, y_high) = window
    width, height = x_high - x_low, y_high - y_low
    aspect = size[0] / size[1]
    if width / height < aspect:
        width = height * aspect
    else:
        height = width / aspect
    cx, cy = (x_low + x_high) / 2, (y_low + y_high) / 2
    return ((cx - width / 2, cx + width / 2), (cy - height / 2, cy + height / 2))


def has_map(scene) -> bool:
    return hasattr(_playground_state(scene), "lanes")


def _playground_state(scene):
    return getattr(scene.state, "playground", scene.state)  # an explorer preset's playground part


def card_message(state, size=CARD_SIZE) -> bytes:
    """The player's message of a playground ``state`` on the card's window: every lane's full path, the
    start, the minima and marks (the theory's lines are left to the page: too small to read on a card)."""
    from ui.figures import map_parts  # the page's own rule for what the map shows

    surface = build_surface(state)
    shared = shared_start(state, surface)
    runs = [run_lane(surface, lane, shared, state.steps, average=state.average) for lane in state.lanes]
    parts = map_parts(surface, lanes_key(state, shared), runs, state.average, quadratic_theory(surface))
    landscape = compute(surface, window=card_window(surface.window, size), resolution=160)
    return player.payload(
        landscape,
        parts["paths"],
        minima=parts["minima"],
        min_loss=parts["min_loss"],
        marks=parts["marks"],
        height=PLAYER_HEIGHT,
        clickable=False,
    )


def photograph(page, message: bytes, size=CARD_SIZE) -> Image.Image:
    """The map's box of the player showing ``message``, photographed in the Chromium ``page``."""
    import io

    from ui.map_player import page as player_page

    page.set_content(player_page(message, title=""))
    page.wait_for_function("() => document.querySelector('#map .mp-root')?.dataset.image === '1'")
    canvas = page.locator("#map canvas.mp-canvas").bounding_box()
    x, y, w, h = (float(v) for v in page.locator("#map .mp-root").get_attribute("data-map").split(","))
    clip = {"x": canvas["x"] + x + 1, "y": canvas["y"] + y + 1, "width": w - 2, "height": h - 2}  # no frame
    shot = Image.open(io.BytesIO(page.screenshot(clip=clip))).convert("RGB")
    return _palette(shot.resize(size, Image.Resampling.LANCZOS))


def _palette(image: Image.Image) -> Image.Image:
    # a 256-colour palette keeps the lanes' colours (an adaptive palette of fewer washed them out) at a
    # third of the bytes
    return image.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)


def render_title_card(scene, size=CARD_SIZE) -> Image.Image:
    """A title card: the page's name, the scene's title and ``Title card`` on a light background."""
    image = Image.new("RGB", size, TITLE_CARD_BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, size[0], 8), fill=TITLE_CARD_ACCENT)
    small, large = ImageFont.load_default(size=18), ImageFont.load_default(size=30)
    draw.text((24, 28), f"{scene.page.title} page", font=small, fill=TITLE_CARD_ACCENT)
    lines = textwrap.wrap(scene.title, width=26)[:4]
    for index, line in enumerate(lines):
        draw.text((24, 66 + 38 * index), line, font=large, fill=OUTLINE_COLOR)
    draw.text((24, size[1] - 36), f"Title card · {scene.topic}", font=small, fill="#555555")
    return _palette(image)


def card_path(scene_id: str) -> pathlib.Path:
    return CARDS / f"{scene_id}.png"


def read_manifest() -> dict[str, str]:
    return json.loads(MANIFEST.read_text()) if MANIFEST.exists() else {}


def main(ids: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    from tools.serve import CHROMIUM_ARGS, SYSTEM_CHROMIUM

    chosen = [scenes.get(i) for i in ids] if ids else list(scenes.scenes())
    CARDS.mkdir(parents=True, exist_ok=True)
    MANIFEST.parent.mkdir(parents=True, exist_ok=True)
    manifest = read_manifest()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=SYSTEM_CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT, device_scale_factor=PIXEL_RATIO)
        for scene in chosen:
            if has_map(scene):
                card = photograph(page, card_message(_playground_state(scene)))
            else:
                card = render_title_card(scene)
            card.save(card_path(scene.id), optimize=True)
            manifest[scene.id] = scene.fingerprint
            print(f"{scene.id}: {card_path(scene.id).stat().st_size:,} bytes")
        browser.close()
    known = set(scenes.names())
    manifest = {k: v for k, v in manifest.items() if k in known}
    MANIFEST.write_text(json.dumps(dict(sorted(manifest.items())), indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
