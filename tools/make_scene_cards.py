"""Draw the gallery's small picture of every scene: its map with every lane's path, as a PNG.

Run after changing a scene (``tests/scenes/test_cards.py`` says which pictures are stale)::

    .venv/bin/python -m tools.make_scene_cards            # every scene
    .venv/bin/python -m tools.make_scene_cards sgd-zigzag  # some of them

Each picture is ``assets/scenes/<id>.png`` (CARD_SIZE pixels, the scene's window widened to that shape),
rendered with the plotting layer's landscape raster and Pillow; ``assets/scenes/cards.json`` records the
fingerprint of the scene each picture was drawn from. A Playground scene and a Landscape explorer scene
(its playground part: surface, lane, start) get their map with the paths; a scene of a page without a map
(activation functions, initialisation) gets a title card, labelled as one: the page's name, the scene's
title and its topic on a plain background.
"""

from __future__ import annotations

import json
import pathlib
import sys
import textwrap

import numpy as np
from PIL import Image, ImageDraw, ImageFont

import scenes
from playground.compute import build_surface, run_lane, shared_start
from playground.picture import lane_average
from viz.landscape import compute, render_bands
from viz.palette import OUTLINE_COLOR, lane_style

ROOT = pathlib.Path(__file__).resolve().parents[1]
CARDS = ROOT / "assets" / "scenes"
MANIFEST = CARDS / "cards.json"
CARD_SIZE = (480, 270)
TITLE_CARD_BACKGROUND, TITLE_CARD_ACCENT = "#EEF3F8", "#0072B2"
SUPERSAMPLE = 2  # lines are drawn at twice the size and scaled down: smooth without an antialiasing pass


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


def _on_map(positions, window, diverged: bool):
    """The finite positions; for a diverging path only those up to and including the first one off the map
    (its growing zigzag would otherwise paint a solid band across the picture)."""
    (x_low, x_high), (y_low, y_high) = window
    positions = positions[np.all(np.isfinite(positions), axis=-1)]
    outside = (
        (positions[:, 0] < x_low)
        | (positions[:, 0] > x_high)
        | (positions[:, 1] < y_low)
        | (positions[:, 1] > y_high)
    )
    first = np.flatnonzero(outside)
    return positions[: first[0] + 1] if diverged and first.size else positions


def _pixels(points, window, size):
    """Map coordinates to pixel coordinates (row 0 at the top); far-away points are pinned, not dropped."""
    (x_low, x_high), (y_low, y_high) = window
    points = np.asarray(points, dtype=float)
    column = (points[:, 0] - x_low) / (x_high - x_low) * size[0]
    row = (y_high - points[:, 1]) / (y_high - y_low) * size[1]
    return np.clip(np.stack([column, row], axis=-1), -4 * max(size), 5 * max(size))


def render(scene, size=CARD_SIZE) -> Image.Image:
    """The card picture of one scene of any page: a map where the page has one, else a title card."""
    state = getattr(scene.state, "playground", scene.state)  # an explorer preset's playground part
    if hasattr(state, "lanes"):
        return render_map(state, size)
    return render_title_card(scene, size)


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
    return image.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)


def render_map(state, size=CARD_SIZE) -> Image.Image:
    """The map of a playground state with every lane's path."""
    surface = build_surface(state)
    window = card_window(surface.window, size)
    landscape = compute(surface, window=window, resolution=32, image_resolution=max(size))
    image = Image.fromarray(render_bands(landscape.bands, landscape.n_levels)).resize(size)
    big = (size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE)
    image = image.resize(big, Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(image)
    start = shared_start(state, surface)
    for index, lane in enumerate(state.lanes):
        trajectory = run_lane(surface, lane, start, state.steps, average=state.average)
        diverged = trajectory.diverged_at is not None
        path = [tuple(p) for p in _pixels(_on_map(trajectory.positions, window, diverged), window, big)]
        color = lane_style(index, lane.color).color
        if len(path) > 1:
            draw.line(path, fill=color, width=3 * SUPERSAMPLE, joint="curve")
        x, y = path[0]
        radius = 4 * SUPERSAMPLE
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill="white", outline=OUTLINE_COLOR)
        averaged, _ = lane_average(lane.optimizer, trajectory, state.average)
        if averaged is not None:
            tail = [tuple(p) for p in _pixels(_on_map(averaged, window, diverged), window, big)]
            draw.line(tail, fill=OUTLINE_COLOR, width=2 * SUPERSAMPLE)
    for minimum in _pixels(surface.minima, window, big) if len(surface.minima) else []:
        x, y = minimum
        radius = 3 * SUPERSAMPLE
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill="white", outline=OUTLINE_COLOR)
    # a 256-colour palette keeps the lanes' colours (an adaptive palette of fewer washed them out) at a
    # third of the bytes
    small = image.resize(size, Image.Resampling.LANCZOS)
    return small.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)


def card_path(scene_id: str) -> pathlib.Path:
    return CARDS / f"{scene_id}.png"


def read_manifest() -> dict[str, str]:
    return json.loads(MANIFEST.read_text()) if MANIFEST.exists() else {}


def main(ids: list[str]) -> int:
    chosen = [scenes.get(i) for i in ids] if ids else list(scenes.scenes())
    CARDS.mkdir(parents=True, exist_ok=True)
    manifest = read_manifest()
    for scene in chosen:
        render(scene).save(card_path(scene.id), optimize=True)
        manifest[scene.id] = scene.fingerprint
        print(f"{scene.id}: {card_path(scene.id).stat().st_size:,} bytes")
    known = set(scenes.names())
    manifest = {k: v for k, v in manifest.items() if k in known}
    MANIFEST.write_text(json.dumps(dict(sorted(manifest.items())), indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
