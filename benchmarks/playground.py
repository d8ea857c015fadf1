"""Figures of the Playground page: issue 14's four targets, the Plotly map and the canvas player side by side.

Run with ``python benchmarks/playground.py`` (``--no-browser`` skips the Chromium parts). Prints only; the
targets, for the default page and for 6 lanes x 1,000 steps:

1. navigation to the drawn, interactive map within 1.5x of the chart-free app shell;
2. playback at >= 30 frames drawn per second in headless Chromium, every step reachable by the scrubber;
3. the data sent for the map <= 4x the raw float32 positions and losses, linear in steps;
4. a rerun after one hyperparameter change <= 300 ms of server time.

"Plotly" is the map the page drew until the canvas player replaced it (``PLAYGROUND_MAP=plotly`` brings it
back; small multiples, the 3D view and the HTML export still use it); "player" is the canvas player.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pathlib
import statistics
import sys
import time
from urllib.parse import urlencode

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playground import compute  # noqa: E402
from playground.state import Lane, PlaygroundState, to_query  # noqa: E402
from tools.serve import CHROMIUM_ARGS, SYSTEM_CHROMIUM, serve_app  # noqa: E402
from ui.figures import MAP_VARIABLE  # noqa: E402
from viz import figures, landscape, player  # noqa: E402
from viz.palette import lane_style  # noqa: E402

SIX = ("sgd", "momentum", "nesterov", "rmsprop", "adam", "adagrad")
DRAWINGS = ("plotly", "player")
SERVED = ("none", *DRAWINGS)  # "none": the same page without its map, the chart-free shell


def six_lanes(steps: int, surface: str = "ravine", layout: str = "overlay") -> PlaygroundState:
    from playground.defaults import new_lane_hyperparams

    lanes = tuple(Lane(name, new_lane_hyperparams(surface, name)) for name in SIX)
    return PlaygroundState(surface=surface, lanes=lanes, steps=steps, layout=layout)


def _inputs(state: PlaygroundState):
    surface, runs = compute.run_state(state)
    paths = [
        figures.LanePath(
            f"{i + 1}. {lane.optimizer}", run.positions, run.losses, lane_style(i), run.diverged_at
        )
        for i, (lane, run) in enumerate(zip(state.lanes, runs, strict=True))
    ]
    return surface, paths, landscape.compute(surface, resolution=160)


def map_of(state: PlaygroundState):
    surface, paths, land = _inputs(state)
    return figures.map_figure(land, paths, layout=state.layout, minima=surface.minima, max_frames=200)


def payload_sizes() -> None:
    """Target 3: bytes for the map, against the raw float32 positions and losses (12 bytes a lane-step)."""
    print(
        "3. data sent for the map (Plotly: figure JSON; player: its binary message) vs raw float32 x, y, loss"
    )
    print(f"  {'case':30s} {'raw':>9s} {'Plotly':>10s} {'ratio':>6s} {'player':>10s} {'ratio':>6s}")
    cases = [("default page (3 lanes x 200)", PlaygroundState())]
    cases += [(f"6 lanes x {n:,}", six_lanes(n)) for n in (1000, 2000, 5000)]
    cases += [("6 x 1,000 Rosenbrock", six_lanes(1000, "rosenbrock"))]
    for name, state in cases:
        surface, paths, land = _inputs(state)
        raw = sum(len(p.positions) * 12 for p in paths)
        plotly = figures.figure_json_size(figures.map_figure(land, paths, minima=surface.minima))
        message = len(player.payload(land, paths, minima=surface.minima))
        print(
            f"  {name:30s} {raw / 1e3:6.0f} kB {plotly / 1e3:7.0f} kB {plotly / raw:6.1f} "
            f"{message / 1e3:7.0f} kB {message / raw:6.2f}"
        )
    js = sum(len(p.read_bytes()) for p in (ROOT / "ui" / "map_player").iterdir())
    print(f"  (the player's own code, sent inline with the element: {js / 1e3:.0f} kB, not counted above)")


@contextlib.contextmanager
def drawing(name: str):
    """The page's contour map drawn by ``name`` ("plotly" or "player"), for AppTest and served apps."""
    before = os.environ.get(MAP_VARIABLE)
    os.environ[MAP_VARIABLE] = {"player": "canvas"}.get(name, name)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(MAP_VARIABLE, None)
        else:
            os.environ[MAP_VARIABLE] = before


def rerun_times(repeats: int = 5) -> None:
    """Target 4: AppTest opens 6 x 1,000, changes one lane's lr and times the rerun (the whole script)."""
    from streamlit.testing.v1 import AppTest

    print("4. rerun after one hyperparameter change, 6 lanes x 1,000 steps (AppTest, whole script, median)")
    lrs = [0.01, 0.02, 0.05, 0.1, 0.12, 0.15, 0.03, 0.04]
    for name in DRAWINGS:
        with drawing(name):
            app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
            for key, value in to_query(six_lanes(1000)).items():
                app.query_params[key] = value
            app.run()
            assert not app.exception, app.exception
            times = []
            for lr in lrs[:repeats]:
                started = time.perf_counter()
                app.select_slider(key="w:lane0:sgd:lr").set_value(lr).run()
                times.append(time.perf_counter() - started)
                assert not app.exception, app.exception
            started = time.perf_counter()
            app.run()
            idle = time.perf_counter() - started
        print(
            f"  {name:7s} median {statistics.median(times) * 1e3:5.0f} ms, best {min(times) * 1e3:5.0f} ms"
            f"   (a rerun that changes nothing: {idle * 1e3:.0f} ms)"
        )


def _plotly_fps(browser, seconds: float) -> float:
    """Play the exported Plotly map of 6 x 1,000 and count the animation frames plotly.js draws."""
    import tempfile

    from viz import export

    with tempfile.TemporaryDirectory() as folder:
        html = pathlib.Path(folder) / "play.html"
        html.write_text(export.standalone_html(map_of(six_lanes(1000))), encoding="utf-8")
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(html.as_uri())
        page.wait_for_function("() => !!document.querySelector('.js-plotly-plot .main-svg')")
        page.evaluate(
            "() => { window.__frames = 0; document.querySelector('.js-plotly-plot')"
            ".on('plotly_animatingframe', () => { window.__frames += 1; }); }"
        )
        page.locator(".updatemenu-button").filter(has_text="Play").click()
        page.wait_for_function("() => window.__frames >= 2", timeout=60_000)
        first, started = page.evaluate("() => window.__frames"), time.perf_counter()
        page.wait_for_timeout(seconds * 1000)
        drawn = page.evaluate("() => window.__frames") - first
        elapsed = time.perf_counter() - started
        page.close()
    return drawn / elapsed


PLAYER = ".st-key-pg_map .mp-root"


def _player_fps(browser, url: str, seconds: float) -> tuple[float, int, int]:
    """Play the served page's player at 6 x 1,000; frames drawn per second, and the scrubber's range."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{url}/?{urlencode(to_query(six_lanes(1000)), safe=':,|=')}")
    page.wait_for_function(
        f"() => document.querySelector('{PLAYER}')?.dataset.image === '1'", timeout=120_000
    )
    scrub = page.locator(f"{PLAYER} .mp-scrub")
    low, high = int(scrub.get_attribute("min")), int(scrub.get_attribute("max"))
    page.locator(PLAYER).get_by_role("button", name="Play").click()
    rate = page.evaluate(
        """async ([selector, ms]) => { const root = document.querySelector(selector);
        const f0 = +(root.dataset.frames || 0), t0 = performance.now();
        await new Promise((resolve) => setTimeout(resolve, ms));
        return (+root.dataset.frames - f0) / ((performance.now() - t0) / 1000); }""",
        [PLAYER, seconds * 1000],
    )
    page.close()
    return rate, low, high


def playback(url: str, seconds: float = 4.0) -> None:
    """Target 2: frames drawn per second while playing 6 x 1,000 (1x plays the run in 8 s)."""
    from playwright.sync_api import sync_playwright

    print(f"2. playback, 6 lanes x 1,000 steps, headless Chromium 1280x900 ({seconds:.0f} s of Play)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=SYSTEM_CHROMIUM, args=CHROMIUM_ARGS)
        plotly = _plotly_fps(browser, seconds)
        fps, low, high = _player_fps(browser, url, seconds)
        browser.close()
    print(f"  Plotly  {plotly:5.1f} frames/s (its slider stops at 200 of the 1,001 steps)")
    print(f"  player  {fps:5.1f} frames/s (its scrubber: every step {low}..{high})")


def _time_to(page, target: str, wait: str | None) -> float:
    started = time.perf_counter()
    page.goto(target)
    if wait is None:
        page.get_by_role("heading", name="Optimizer Playground").first.wait_for(timeout=60_000)
    else:
        page.wait_for_function(wait, timeout=120_000)
    return time.perf_counter() - started


DOWNLOADS = "() => document.querySelectorAll(\"[data-testid='stDownloadButton'] button\").length >= 3"


def navigation(urls: dict[str, str], repeats: int = 3) -> None:
    """Target 1: navigation to the drawn map against two chart-free shells, every drawing in one run.

    The shells: the Welcome page's text (the app shell, as measured before), and the playground page itself
    without its map (``PLAYGROUND_MAP=none``) until its last element, the downloads, is drawn. The maps
    are timed until they are drawn and listen to clicks (the downloads are drawn by then too).
    """
    from playwright.sync_api import sync_playwright

    chart = (
        "() => { const g = document.querySelector(\"[data-testid='stPlotlyChart'] .js-plotly-plot\");"
        " return !!(g && g._fullLayout && g.querySelector('.main-svg')); }"
    )
    drawn = f"() => document.querySelector('{PLAYER}')?.dataset.image === '1'"
    six = f"/?{urlencode(to_query(six_lanes(1000)), safe=':,|=')}"
    cases = [("shell: Welcome page's text", urls["player"] + "/welcome", None)]
    for name, wait in (("none", DOWNLOADS), ("plotly", chart), ("player", drawn)):
        label = "shell: playground, no map" if name == "none" else name
        cases += [(f"{label}, default", urls[name], wait), (f"{label}, 6 x 1,000", urls[name] + six, wait)]
    results: dict[str, list[float]] = {name: [] for name, _, _ in cases}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=SYSTEM_CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(repeats + 1):  # the first round warms the servers' caches
            for name, target, wait in cases:
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                results[name].append(_time_to(page, target, wait))
                page.close()
        browser.close()
    medians = {name: statistics.median(times[1:]) for name, times in results.items()}
    welcome = medians[cases[0][0]]
    print("1. headless Chromium: navigation to drawn (median of the warm rounds); ratios to the two shells")
    print(f"  {'case':36s} {'time':>7s} {'/ Welcome':>10s} {'/ same page, no map':>20s}")
    for name, median in medians.items():
        size = "6 x 1,000" if name.endswith("6 x 1,000") else "default"
        shell = medians.get(f"shell: playground, no map, {size}")
        same = f"{median / shell:20.2f}" if shell and not name.startswith("shell") else " " * 20
        print(f"  {name:36s} {median:5.2f} s {median / welcome:10.2f} {same}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    print(f"machine load (uptime): {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    payload_sizes()
    rerun_times()
    if args.no_browser or not os.path.exists(SYSTEM_CHROMIUM):
        print("Chromium parts skipped" + ("" if args.no_browser else ": /usr/bin/chromium not found"))
        return
    with contextlib.ExitStack() as stack:
        urls = {}
        for name in SERVED:
            with drawing(name):  # the server reads the variable when it starts
                urls[name] = stack.enter_context(serve_app())
        playback(urls["player"])
        navigation(urls)
    print(f"machine load afterwards: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
