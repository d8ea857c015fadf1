"""The README's pictures: every page of the app as a newcomer first sees it, at 1400x900.

    python -m tools.page_shots [OUT_DIR]        # default: docs/screens

Serves the app (tools/serve.py), opens each page of :data:`PAGES` in Debian's Chromium, waits until the
app is idle and its figures are drawn, and saves ``<name>.png`` (the first screen, as a visitor sees it).
"""

from __future__ import annotations

import pathlib
import sys

from tools.browser import wait_for_idle

SIZE = (1400, 900)
PAGES = (
    ("playground", ""),
    ("scenes", "scenes"),
    ("explorer", "explorer"),
    ("activations", "activations"),
    ("initialisation", "initialisation"),
    ("network_lab", "network_lab"),
    ("welcome", "welcome"),
)


def shoot(out: pathlib.Path) -> list[pathlib.Path]:
    from playwright.sync_api import sync_playwright

    from tools.serve import CHROMIUM_ARGS, SYSTEM_CHROMIUM, serve_app

    out.mkdir(parents=True, exist_ok=True)
    shots = []
    with serve_app() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=SYSTEM_CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": SIZE[0], "height": SIZE[1]})
        for name, path in PAGES:
            page = context.new_page()
            page.goto(f"{url}/{path}")
            wait_for_idle(page)
            page.wait_for_timeout(2500)  # canvases and Plotly figures settle after the script ends
            shots.append(out / f"{name}.png")
            page.screenshot(path=str(shots[-1]))
            page.close()
        browser.close()
    return shots


def main() -> None:
    out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screens")
    for shot in shoot(out):
        print(shot)


if __name__ == "__main__":
    main()
