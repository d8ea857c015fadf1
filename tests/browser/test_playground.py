"""The Playground in headless Chromium: the canvas player plays, scrubs, changes speed and keeps the
landscape; the inspector follows the scrubber; links, clicks and downloads carry state.

Times to chart and frames per second are measured by benchmarks/playground.py, not here: these tests only
compare the player with itself (a ratio of speeds), never with a clock.
"""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import parse_qsl, urlencode

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from playground import story
from playground.state import Lane, PlaygroundState, to_query
from tools.browser import PLAYER, player_state, wait_for_idle, wait_for_player

# The share of the map's pixels that are not white (the landscape raster under the paths), and a digest
# of the whole canvas (it changes when anything drawn changes).
PIXELS = """(selector) => {
    const root = document.querySelector(selector), canvas = root.querySelector('canvas.mp-canvas');
    const [x, y, w, h] = root.dataset.map.split(',').map(Number), dpr = canvas.width / canvas.clientWidth;
    const ctx = canvas.getContext('2d');
    const [px, py, pw, ph] = [x, y, w, h].map((v) => Math.round(v * dpr));
    const map = ctx.getImageData(px, py, pw, ph).data;
    let coloured = 0;
    for (let i = 0; i < map.length; i += 4) {
        if (map[i] < 245 || map[i + 1] < 245 || map[i + 2] < 245) coloured++;
    }
    const all = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let digest = 0;
    for (let i = 0; i < all.length; i += 16) digest = (digest * 31 + all[i] + 7 * all[i + 1]) >>> 0;
    return {landscape: coloured / (map.length / 4), digest};
}"""

# Rewind to step 0 (an input on the scrubber without its change event: nothing is reported, so no rerun's
# answer to an earlier report can land mid-measure and move the player), play, and note each drawn frame's
# time (the player's own clock, ``data-clock``) and step until 0.6 s of playing are drawn (or the run
# ends), then pause: the steps advanced per second between the first and the last frame before the end.
# Times of frames, not of the test: a busy machine that draws two frames a second measures the same speed
# as an idle one. All in the page: at 4x a whole run takes 2 s, round trips to the test must not eat it.
RATE = """async (selector) => {
    const root = document.querySelector(selector), button = root.querySelector('.mp-play');
    const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    const scrub = root.querySelector('.mp-scrub'), steps = +scrub.max;
    scrub.value = '0'; scrub.dispatchEvent(new Event('input'));
    delete root.dataset.clock;
    const frames = [];
    const seen = new MutationObserver(() => {
        const { clock, step } = root.dataset;
        if (clock === undefined || +step >= steps || +clock === frames.at(-1)?.[0]) return;
        frames.push([+clock, +step]);
    });
    seen.observe(root, { attributes: true, attributeFilter: ['data-step'] });
    button.click();
    const span = () => (frames.length < 2 ? 0 : frames.at(-1)[0] - frames[0][0]);
    while (root.dataset.playing === '1' && span() < 600) await pause(20);
    seen.disconnect();
    if (root.dataset.playing === '1') button.click();
    if (frames.length < 2) return null;
    return (frames.at(-1)[1] - frames[0][1]) / (span() / 1000);
}"""


def pixels(page) -> dict:
    return page.evaluate(PIXELS, PLAYER)


def scrub_to(page, step: int) -> None:
    """Drag the scrubber to ``step`` (what a mouse release does: an input, then a change event)."""
    page.evaluate(
        """([selector, step]) => { const s = document.querySelector(selector + ' .mp-scrub');
        s.value = String(step); s.dispatchEvent(new Event('input'));
        s.dispatchEvent(new Event('change')); }""",
        [PLAYER, step],
    )


INSPECTOR_STEP = ".st-key-pg_inspect_step input[type=range]"


def inspector_step(page) -> int:
    return int(page.locator(INSPECTOR_STEP).input_value())


def test_default_page_plays_and_keeps_the_landscape(page, app_url, artifacts_dir):
    page.goto(app_url)
    wait_for_player(page)
    before = pixels(page)
    assert before["landscape"] > 0.9, "the landscape raster is not drawn"
    assert player_state(page)["step"] == 200, "the map opens on the full paths"
    page.screenshot(path=str(artifacts_dir / "playground.png"))

    page.locator(PLAYER).get_by_role("button", name="Play").click()
    page.wait_for_function(
        "(s) => +document.querySelector(s).dataset.frames >= 5", arg=PLAYER, timeout=90_000
    )
    early, early_pixels = player_state(page), pixels(page)
    page.wait_for_function(
        "([s, step]) => +document.querySelector(s).dataset.step > step + 5",
        arg=[PLAYER, early["step"]],
        timeout=90_000,  # the machine is shared: frames may come slowly, but they must come
    )
    later, later_pixels = player_state(page), pixels(page)
    assert later["playing"] and later["frames"] > early["frames"] and later["step"] > early["step"]
    assert later_pixels["digest"] != early_pixels["digest"], "the canvas did not change while playing"
    assert later_pixels["landscape"] > 0.9, "the landscape vanished during Play"
    page.screenshot(path=str(artifacts_dir / "playground-playing.png"))


def test_scrubbing_shows_that_step_and_the_inspector_follows(page, app_url, artifacts_dir):
    page.goto(app_url)
    wait_for_player(page)
    page.get_by_text("Draw gradient and step on the map").click()  # the arrows of the inspected step
    wait_for_idle(page)
    wait_for_player(page)
    scrub_to(page, 37)
    assert player_state(page)["step"] == 37
    page.wait_for_function(
        "(s) => { const e = document.querySelector(s); return !!e && e.value === '37'; }",
        arg=INSPECTOR_STEP,
        timeout=60_000,
    )
    assert inspector_step(page) == 37
    assert page.get_by_text("step taken", exact=False).count() >= 1  # the legend names the arrows
    assert player_state(page)["step"] == 37, "the echo of the report moved the map"
    page.locator(INSPECTOR_STEP).focus()
    page.keyboard.press("ArrowLeft")  # the inspector's slider moves the map too
    page.wait_for_function(
        "(s) => document.querySelector(s).dataset.step === '36'", arg=PLAYER, timeout=60_000
    )
    wait_for_idle(page)  # the player reports the jump: one more rerun, which must not move anything
    assert player_state(page)["step"] == 36 and inspector_step(page) == 36
    scrub_to(page, 37)  # back to the step reported before the jump: still a change the inspector follows
    page.wait_for_function(
        "(s) => { const e = document.querySelector(s); return !!e && e.value === '37'; }",
        arg=INSPECTOR_STEP,
        timeout=60_000,
    )
    page.locator(PLAYER).scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "playground-scrubbed.png"))
    scrub_to(page, 0)
    assert player_state(page)["step"] == 0  # every step is reachable, the start too


def test_speed_menu_changes_the_playback_speed(page, app_url):
    page.goto(app_url)
    wait_for_player(page)
    speed = page.locator(PLAYER + " select.mp-speed")
    rates = {}
    for label, value in (("1×", "1"), ("4×", "4")):
        speed.select_option(label=label)
        assert player_state(page)["rate"] == float(value)
        for _ in range(3):  # a browser that stalls for a whole run (2 s at 4x) draws under two frames of it
            rates[label] = page.evaluate(RATE, PLAYER)
            if rates[label] is not None:
                break
        assert not player_state(page)["playing"]
    assert rates["1×"] > 0 and rates["4×"] is not None, rates
    assert 3 < rates["4×"] / rates["1×"] < 5, rates  # four times as fast, at any frame rate


def test_space_toggles_play(page, app_url):
    page.goto(app_url)
    wait_for_player(page)
    page.locator("h1").first.click()  # focus on the page, not in a text field
    page.keyboard.press("Space")
    page.wait_for_function("(s) => document.querySelector(s).dataset.playing === '1'", arg=PLAYER)
    page.keyboard.press("Space")
    page.wait_for_function("(s) => document.querySelector(s).dataset.playing === '0'", arg=PLAYER)


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
    wait_for_player(page)  # small multiples are the canvas player too
    wait_for_idle(page)  # the page as the visitor reads it once its reruns are over
    sidebar = page.locator("[data-testid='stSidebar']")
    assert sidebar.get_by_text("1. Adam · lr 0.03").first.is_visible()
    assert sidebar.get_by_text("2. Nesterov slow · lr 0.01").first.is_visible()
    assert sidebar.get_by_role("spinbutton", name="start x").input_value() == "-6"
    assert sidebar.get_by_role("spinbutton", name="Steps (at most 5,000)").input_value() == "150"
    assert sidebar.get_by_role("radio", name="Small multiples").is_checked()
    assert dict(parse_qsl(page.evaluate("() => location.search").lstrip("?"))) == query
    maps = page.locator(PLAYER).get_attribute("data-maps").split(";")
    assert len(maps) == 2, maps  # one map per lane
    page.screenshot(path=str(artifacts_dir / "playground-shared-link.png"))
    # One scrubber, Play and speed menu for every map: it plays, and 4x plays faster than 1x.
    speed, rates = page.locator(PLAYER + " select.mp-speed"), {}
    for label in ("1×", "4×"):
        speed.select_option(label=label)
        rates[label] = page.evaluate(RATE, PLAYER)
    assert rates["1×"] > 0 and 3 < rates["4×"] / rates["1×"] < 5, rates


def test_click_on_the_map_moves_the_start(page, app_url):
    page.goto(app_url)
    wait_for_player(page)
    root = page.locator(PLAYER)
    left, top, width, height = (float(v) for v in root.get_attribute("data-map").split(","))
    (x0, x1), (y0, y1) = json.loads(root.get_attribute("data-window"))
    canvas = page.locator(PLAYER + " canvas.mp-canvas").bounding_box()
    x = canvas["x"] + left + (5 - x0) / (x1 - x0) * width
    y = canvas["y"] + top + (y1 - 2) / (y1 - y0) * height
    for _ in range(3):  # on a loaded machine a click may come before the player listens: try again
        page.mouse.click(x, y)
        try:
            page.wait_for_function("() => location.search.includes('start=')", timeout=20_000)
            break
        except PlaywrightTimeout:
            continue
    # the clicks' rerun may still be on its way (over 3 x 20 s at load 15): wait for it as for any state
    page.wait_for_function("() => location.search.includes('start=')")
    assert "start=" in page.evaluate("() => location.search"), "a click on the map did not move the start"
    start = dict(parse_qsl(page.evaluate("() => location.search").lstrip("?")))["start"]
    sx, sy = (float(v) for v in start.split(","))
    assert abs(sx - 5) < 0.5 and abs(sy - 2) < 0.5, start


def test_exports_download(page, app_url, tmp_path):
    page.goto(app_url)
    wait_for_player(page)
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
    assert f'"lane3": "adam:lr={story.opening().lanes[2].hyperparams["lr"]:g}"' in files[".json"]
    html = files[".html"]
    assert 'id="map-message"' in html and "mountPlayer(" in html, "the canvas player and its message"
    assert len(html) < 300_000, "no plotly.js: the player's script and the message only"
    assert "<script src=" not in html, "the animation must play offline (no external script)"
    assert "<math" in html, "the surface's formula, drawn by the browser"
