"""The Playground in headless Chromium: it plays, the landscape survives Play, links and clicks carry state.

Times to chart are measured by benchmarks/playground.py, not here.
"""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qsl, urlencode

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from playground.state import Lane, PlaygroundState, to_query
from tests.browser.helpers import PLOT, wait_for_chart

# Visible points of the path traces (the invisible landscape grid left out), the scrub slider's frame, and
# the on-screen size of the landscape raster (layout.images).
PROBE = """(selector) => {
    const gd = document.querySelector(selector);
    let points = 0;
    for (const trace of gd._fullData) {
        if (trace.visible === true && trace.type === 'scatter' && trace.name !== 'landscape') {
            points += trace._length || 0;
        }
    }
    const image = gd.querySelector('.layer-below image, g.imagelayer image');
    const box = image ? image.getBoundingClientRect() : null;
    const slider = gd._fullLayout.sliders && gd._fullLayout.sliders[0];
    return {points, image: box ? [box.width, box.height] : [0, 0], frame: slider ? slider.active : null};
}"""


def probe(page) -> dict:
    return page.evaluate(PROBE, PLOT)


def test_default_page_plays_and_keeps_the_landscape(page, app_url, artifacts_dir):
    page.goto(app_url)
    wait_for_chart(page, timeout=60_000)
    before = probe(page)
    assert min(before["image"]) > 0, "the landscape raster is not drawn"
    page.screenshot(path=str(artifacts_dir / "playground.png"))

    page.locator(".updatemenu-button").filter(has_text="Play").click()
    page.wait_for_timeout(600)
    early = probe(page)
    page.wait_for_function(
        "([selector, frame]) => document.querySelector(selector)._fullLayout.sliders[0].active > frame + 3",
        arg=[PLOT, early["frame"]],
        timeout=90_000,  # the machine is shared: frames may come slowly, but they must come
    )
    later = probe(page)
    assert later["points"] > early["points"], (early, later)
    assert later["frame"] > early["frame"]
    assert min(later["image"]) > 0, "the landscape vanished during Play"
    page.screenshot(path=str(artifacts_dir / "playground-playing.png"))


def test_shared_link_reproduces_the_state(page, app_url, artifacts_dir):
    state = PlaygroundState(
        surface="ravine",
        surface_params={"condition_number": 25.0},
        lanes=(Lane("adam", {"lr": 0.03}), Lane("nesterov", {"lr": 0.01}, label="Nesterov slow")),
        start=(-6.0, 3.0),
        steps=150,
        layout="multiples",
    )
    query = to_query(state)
    page.goto(f"{app_url}/?{urlencode(query, safe=':,|=')}")
    wait_for_chart(page, timeout=60_000)
    sidebar = page.locator("[data-testid='stSidebar']")
    assert sidebar.get_by_text("1. Adam · lr 0.03").first.is_visible()
    assert sidebar.get_by_text("2. Nesterov slow · lr 0.01").first.is_visible()
    assert sidebar.get_by_role("spinbutton", name="start x").input_value() == "-6"
    assert sidebar.get_by_role("spinbutton", name="Steps (at most 5,000)").input_value() == "150"
    assert sidebar.get_by_role("radio", name="Small multiples").is_checked()
    page.wait_for_timeout(500)
    assert dict(parse_qsl(page.evaluate("() => location.search").lstrip("?"))) == query
    panels = page.evaluate(
        "(s) => Object.keys(document.querySelector(s)._fullLayout._subplots.cartesian)", PLOT
    )
    assert len(panels) >= 4, panels  # two map panels plus the loss and distance panels
    page.screenshot(path=str(artifacts_dir / "playground-shared-link.png"))


def test_click_on_the_map_moves_the_start(page, app_url):
    page.goto(app_url)
    wait_for_chart(page, timeout=60_000)
    box = page.evaluate(
        """(s) => { const gd = document.querySelector(s);
        const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, r = gd.getBoundingClientRect();
        return {left: r.left + xa._offset, top: r.top + ya._offset, w: xa._length, h: ya._length,
                x0: xa.range[0], x1: xa.range[1], y0: ya.range[0], y1: ya.range[1]}; }""",
        PLOT,
    )
    x = box["left"] + (5 - box["x0"]) / (box["x1"] - box["x0"]) * box["w"]
    y = box["top"] + (box["y1"] - 2) / (box["y1"] - box["y0"]) * box["h"]
    for _ in range(3):  # plotly needs the hover before the click; on a loaded machine it may miss one
        page.mouse.move(x, y)
        page.wait_for_timeout(300)
        page.mouse.click(x, y)
        try:
            page.wait_for_function("() => location.search.includes('start=')", timeout=20_000)
            break
        except PlaywrightTimeout:
            continue
    assert "start=" in page.evaluate("() => location.search"), "a click on the map did not move the start"
    start = dict(parse_qsl(page.evaluate("() => location.search").lstrip("?")))["start"]
    sx, sy = (float(v) for v in start.split(","))
    assert abs(sx - 5) < 0.5 and abs(sy - 2) < 0.5, start


def test_exports_download(page, app_url, tmp_path):
    page.goto(app_url)
    wait_for_chart(page, timeout=60_000)
    files = {}
    for label in ("Trajectories (CSV)", "Trajectories and state (JSON)", "Animation (HTML, plays offline)"):
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name=label).click()
        target = tmp_path / download.value.suggested_filename
        download.value.save_as(target)
        files[target.suffix] = target.read_text()
    rows = list(csv.reader(io.StringIO(files[".csv"])))
    header, body = rows[0], rows[1:]
    assert header[:6] == ["lane", "optimizer", "step", "x", "y", "loss"]
    assert len(body) == 3 * 201 and all(len(row) == len(header) for row in body)  # three lanes, steps 0..200
    assert [row[2] for row in body[:3]] == ["0", "1", "2"]
    assert '"lane3": "adam:lr=0.1"' in files[".json"]
    html = files[".html"]
    assert "Plotly.newPlot" in html and "Plotly.addFrames" in html
    assert len(html) > 1_000_000, "plotly.js must be inlined"
    assert "<script src=" not in html, "the animation must play offline (no external script)"
