"""Screenshots of the playground at the sizes a lecture meets, and the layout figures they are judged by.

    python -m tools.screenshots [OUT_DIR]        # default: artifacts/screenshots

Serves the app (tools/serve.py), opens it in Debian's Chromium at 1400x900, 1920x1080, 1280x720, 768x1024
and 390x844, in normal mode (the fresh page) and in presenter mode (a square-map scene and a ravine scene),
saves one PNG each and prints, per shot: the map's box (the element ``.st-key-pg_map``, whatever draws
inside it) against the viewport, the share of the viewport it covers, the share the landscape itself
covers, and the smallest font size of the page's headings, captions, buttons and chart text.
tests/browser/test_presenter.py asserts on the same measurements (:data:`MEASURE`).
"""

from __future__ import annotations

import pathlib
import sys

from tools.browser import MAP
from tools.browser import wait_for_map as drawn

SIZES = ((1400, 900), (1920, 1080), (1280, 720), (768, 1024), (390, 844))
PAGES = (
    ("normal", ""),
    ("presenter-ravine", "?scene=sgd-zigzag&presenter=1"),
    ("presenter-square", "?scene=local-minima&presenter=1"),
)

# The map's box, the landscape's box (the canvas player's map box) and the font sizes of the text a hall must
# read (visible elements only).
MEASURE = """(selector) => {
    const box = (el) => {
        const r = el.getBoundingClientRect();
        return {x: r.x, y: r.y, w: r.width, h: r.height};
    };
    const root = document.querySelector(selector);
    const map = root ? box(root) : null;
    let land = null;
    const player = root && root.querySelector('.mp-root');
    if (player && player.dataset.map) {  // the canvas player's map box, in canvas pixels
        const [x, y, w, h] = player.dataset.map.split(',').map(Number);
        const canvas = box(player.querySelector('canvas.mp-canvas'));
        land = {x: canvas.x + x, y: canvas.y + y, w, h};
    }
    const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
    const size = (el) => parseFloat(getComputedStyle(el).fontSize);
    const fonts = {};
    const groups = {
        heading: 'h1, h2, h3',
        caption: '[data-testid="stCaptionContainer"], [data-testid="stExpander"] summary p',
        button: '.stButton button, .stButton button p',
        chart: selector + ' .mp-bar button, ' + selector + ' .mp-bar select, ' + selector + ' .mp-legend, '
            + selector + ' .mp-step',
    };
    for (const [name, query] of Object.entries(groups)) {
        const sizes = Array.from(document.querySelectorAll(query)).filter(visible).map(size);
        fonts[name] = sizes.length ? Math.min(...sizes) : null;
    }
    const canvasFont = player ? parseFloat(getComputedStyle(player).getPropertyValue('--mp-font')) : null;
    // the canvas's smallest text: 0.87 of its font, all of it in presenter mode (ui/map_player/canvas.js)
    const presenting = root && root.querySelector('.mp-root.mp-presenter');
    if (canvasFont) fonts.canvas = Math.round(canvasFont * (presenting ? 1 : 0.87) * 10) / 10;
    const buttons = Array.from(document.querySelectorAll(selector + ' button'));
    const play = buttons.filter((el) => /Play/.test(el.textContent || '')).map(box)[0] || null;
    const title = document.querySelector('h1');
    return {viewport: [window.innerWidth, window.innerHeight], map, land, fonts, play,
            title: title ? box(title) : null};
}"""


def inside(box: dict | None, viewport, slack: float = 1.0) -> bool:
    """Whether ``box`` (x, y, w, h) lies within the viewport (width, height)."""
    if not box:
        return False
    width, height = viewport
    return (
        box["x"] >= -slack
        and box["y"] >= -slack
        and box["x"] + box["w"] <= width + slack
        and box["y"] + box["h"] <= height + slack
    )


def fraction(box: dict | None, viewport) -> float:
    """The share of the viewport that ``box`` covers (its visible part)."""
    if not box:
        return 0.0
    width, height = viewport
    w = max(0.0, min(box["x"] + box["w"], width) - max(box["x"], 0.0))
    h = max(0.0, min(box["y"] + box["h"], height) - max(box["y"], 0.0))
    return w * h / (width * height)


def wait_for_map(page, timeout: float = 120_000) -> None:
    """Until the map is drawn at the height that fits the window (:func:`tools.browser.wait_for_map`)."""
    drawn(page, timeout)
    page.wait_for_timeout(500)


def shoot(out: pathlib.Path) -> list[dict]:
    from playwright.sync_api import sync_playwright

    from tools.serve import CHROMIUM_ARGS, SYSTEM_CHROMIUM, serve_app

    out.mkdir(parents=True, exist_ok=True)
    rows = []
    with serve_app() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=SYSTEM_CHROMIUM, args=CHROMIUM_ARGS)
        for width, height in SIZES:
            for name, query in PAGES:
                mobile = width < 500
                context = browser.new_context(
                    viewport={"width": width, "height": height}, is_mobile=mobile, has_touch=mobile
                )
                page = context.new_page()
                page.goto(url + "/" + query)
                wait_for_map(page)
                figures = page.evaluate(MEASURE, MAP)
                path = out / f"{name}-{width}x{height}.png"
                page.screenshot(path=str(path))
                figures.update(shot=path.name, inside=inside(figures["map"], (width, height)))
                figures["map_share"] = fraction(figures["map"], (width, height))
                figures["land_share"] = fraction(figures["land"], (width, height))
                rows.append(figures)
                context.close()
        browser.close()
    return rows


def main() -> None:
    out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "artifacts/screenshots")
    for row in shoot(out):
        m = row["map"] or {}
        print(
            f"{row['shot']:34s} map {m.get('w', 0):5.0f}x{m.get('h', 0):4.0f} at y {m.get('y', 0):4.0f} "
            f"inside={row['inside']!s:5s} map {100 * row['map_share']:4.1f} % "
            f"land {100 * row['land_share']:4.1f} % fonts {row['fonts']}"
        )


if __name__ == "__main__":
    main()
