"""Figures of the Playground page's map (the canvas player) and of its offline HTML export.

Run with ``python benchmarks/playground.py`` (``--no-browser`` skips the Chromium parts). Prints only; the
targets, for the default page and for 6 lanes x 1,000 steps:

1. navigation to the drawn, interactive map within 1.5x of the chart-free shell (the same page without
   its map, ``PLAYGROUND_MAP=none``, and the Welcome page's text);
2. playback at >= 30 frames drawn per second in headless Chromium, every step reachable by the scrubber;
   the exported file, opened from disk with every network request blocked, plays as many steps a second
   as the page;
3. the data sent for the map <= 4x the raw float32 positions and losses, linear in steps; the exported
   HTML file well under 1 MB;
4. a rerun after one hyperparameter change <= 300 ms of server time;
5. the interaction loop (issue 25, point 5): in Chromium, from a change of a lane's learning-rate slider to
   the redrawn map, median over 10 changes, beside the page's rerun that changes nothing, measured in the
   same run; and the map's part of a rerun (the player's message rebuilt from cached trajectories and
   landscape, ``ui.figures.player_message``) under 100 ms of server time.

The Plotly map the player replaced played 1.6-11 frames a second at 6 x 1,000 and its export inlined
5.1 MB of plotly.js (docs/benchmarks.md has the logs).
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
from tools.browser import file_only  # noqa: E402
from tools.serve import CHROMIUM_ARGS, SYSTEM_CHROMIUM, serve_app  # noqa: E402
from ui import map_player  # noqa: E402
from ui.figures import MAP_VARIABLE  # noqa: E402
from viz import figures, landscape, player  # noqa: E402
from viz.palette import lane_style  # noqa: E402

SIX = ("sgd", "momentum", "nesterov", "rmsprop", "adam", "adagrad")
SERVED = ("none", "player")  # "none": the same page without its map, the chart-free shell


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


def message_of(state: PlaygroundState) -> bytes:
    surface, paths, land = _inputs(state)
    return player.payload(land, paths, minima=surface.minima, layout=state.layout, clickable=False)


def export_of(state: PlaygroundState) -> str:
    """The HTML export of ``state`` as the page writes it (ui.map_player.page; no scene, no caption)."""
    surface = compute.build_surface(state)
    return map_player.page(
        message_of(state), title=f"Optimizer race on {surface.title}", formula=surface.latex
    )


def payload_sizes() -> None:
    """Target 3: bytes for the map, against the raw float32 positions and losses (12 bytes a lane-step), and
    the exported HTML file (the message in base64 and the player's script)."""
    print("3. data sent for the map (the player's binary message) vs raw float32 x, y, loss; the HTML export")
    print(f"  {'case':30s} {'raw':>9s} {'message':>10s} {'ratio':>6s} {'export file':>12s}")
    cases = [("default page (3 lanes x 200)", PlaygroundState())]
    cases += [(f"6 lanes x {n:,}", six_lanes(n)) for n in (1000, 2000, 5000)]
    cases += [("6 x 1,000 Rosenbrock", six_lanes(1000, "rosenbrock"))]
    for name, state in cases:
        _, paths, _ = _inputs(state)
        raw = sum(len(p.positions) * 12 for p in paths)
        message = len(message_of(state))
        page = len(export_of(state).encode("utf-8"))
        sizes = f"{raw / 1e3:6.0f} kB {message / 1e3:7.0f} kB {message / raw:6.2f} {page / 1e3:9.0f} kB"
        print(f"  {name:30s} {sizes}")
    js = len(map_player.script().encode("utf-8")) + len(map_player.style().encode("utf-8"))
    print(f"  (the player's own code, sent inline with the element and in the file: {js / 1e3:.0f} kB)")


@contextlib.contextmanager
def drawing(name: str):
    """The page with its map ("player") or without it ("none"), for AppTest and served apps."""
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
    for name in ("player",):
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


PLAYER = ".st-key-pg_map .mp-root"


# Frames drawn and steps advanced per second while the player at ``selector`` plays for ``ms``.
RATES = """async ([selector, ms]) => { const root = document.querySelector(selector);
    const f0 = +(root.dataset.frames || 0), s0 = +root.dataset.step, t0 = performance.now();
    await new Promise((resolve) => setTimeout(resolve, ms));
    const dt = (performance.now() - t0) / 1000;
    return [(+root.dataset.frames - f0) / dt, (+root.dataset.step - s0) / dt]; }"""


def _play(page, root: str, seconds: float) -> tuple[float, float]:
    page.locator(root).get_by_role("button", name="Play").click()
    page.wait_for_function(f"() => document.querySelector('{root}').dataset.playing === '1'")
    page.wait_for_timeout(300)  # past the first frames
    return tuple(page.evaluate(RATES, [root, seconds * 1000]))


def _player_rates(browser, url: str, seconds: float) -> tuple[float, float, int, int]:
    """Play the served page's player at 6 x 1,000: frames and steps per second, and the scrubber's range."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{url}/?{urlencode(to_query(six_lanes(1000)), safe=':,|=')}")
    page.wait_for_function(
        f"() => document.querySelector('{PLAYER}')?.dataset.image === '1'", timeout=120_000
    )
    scrub = page.locator(f"{PLAYER} .mp-scrub")
    low, high = int(scrub.get_attribute("min")), int(scrub.get_attribute("max"))
    fps, steps = _play(page, PLAYER, seconds)
    page.close()
    return fps, steps, low, high


def _export_rates(browser, seconds: float) -> tuple[float, float, int, list[str]]:
    """The exported file of 6 x 1,000, opened from disk with every network request blocked: frames and
    steps per second, its size, and the requests it tried to make (none)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "race.html"
        path.write_text(export_of(six_lanes(1000)), encoding="utf-8")
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        blocked = file_only(context)
        page = context.new_page()
        page.goto(path.as_uri())
        root = "#map .mp-root"
        page.wait_for_function(f"() => document.querySelector('{root}')?.dataset.image === '1'")
        fps, steps = _play(page, root, seconds)
        context.close()
        return fps, steps, path.stat().st_size if path.exists() else 0, blocked


def playback(url: str, seconds: float = 4.0) -> None:
    """Target 2: frames drawn and steps advanced per second while playing 6 x 1,000 (1x plays the run in
    8 s, 125 steps a second): on the page, and in the exported file with the network blocked."""
    from playwright.sync_api import sync_playwright

    print(f"2. playback, 6 lanes x 1,000 steps, headless Chromium 1280x900 ({seconds:.0f} s of Play at 1x)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=SYSTEM_CHROMIUM, args=CHROMIUM_ARGS)
        fps, steps, low, high = _player_rates(browser, url, seconds)
        file_fps, file_steps, size, blocked = _export_rates(browser, seconds)
        browser.close()
    print(f"  page    {fps:5.1f} frames/s, {steps:5.1f} steps/s (its scrubber: every step {low}..{high})")
    print(f"  export  {file_fps:5.1f} frames/s, {file_steps:5.1f} steps/s ({size / 1e3:.0f} kB file)")
    print(f"  export / page steps/s = {file_steps / steps:.2f}; requests the file tried: {len(blocked)}")


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

    drawn = f"() => document.querySelector('{PLAYER}')?.dataset.image === '1'"
    six = f"/?{urlencode(to_query(six_lanes(1000)), safe=':,|=')}"
    cases = [("shell: Welcome page's text", urls["player"] + "/welcome", None)]
    for name, wait in (("none", DOWNLOADS), ("player", drawn)):
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


MAP_PART_TARGET = 0.1  # seconds of server time for the map's message from cached trajectories


def map_part(repeats: int = 10) -> None:
    """Target 5, server side: ``ui.figures.player_message`` of the fresh page and of 6 x 1,000, its caches
    (trajectories, landscape, the map's parts) warm, as a rerun after a slider change finds them; thread CPU
    time, median of ``repeats``."""
    import logging

    from playground import story
    from playground.keys import surface_key
    from playground.picture import lanes_key
    from ui import figures as page_figures

    # cached calls outside a server say so, once per call
    logging.getLogger("streamlit.runtime.caching.cache_data_api").setLevel(logging.ERROR)
    print("5. the map's part of a rerun: the player's message from cached trajectories (thread CPU, median)")
    for title, state in (("fresh page", story.opening()), ("6 x 1,000", six_lanes(1000))):
        surface = compute.build_surface(state)
        key = page_figures.FigureKey(
            surface=surface_key(state),
            lanes=lanes_key(state, compute.shared_start(state, surface)),
            steps=state.steps,
            average=state.average,
            layout=state.layout,
            inspect=None,
            presenter=False,
        )
        page_figures.player_message(key, step=state.steps, lane=-1)  # fills the caches
        times = []
        for _ in range(repeats):
            started = time.thread_time()
            page_figures.player_message(key, step=state.steps, lane=-1)
            times.append(time.thread_time() - started)
        median = statistics.median(times)
        print(
            f"  {title:10s} {median * 1e3:6.1f} ms (target < {MAP_PART_TARGET * 1e3:.0f} ms; "
            f"load {os.getloadavg()[0]:.1f})"
        )


# Counts the page's finished runs (the app's script state leaving running).
COUNT_RUNS = """() => { const app = document.querySelector('[data-testid="stApp"]');
    window.__runs = 0;  // each record keeps the state it replaced: a short run is counted even when both
    // of its changes arrive in one batch
    const count = (records) => { for (const r of records) if (r.oldValue === 'running') window.__runs += 1; };
    const watch = {attributes: true, attributeOldValue: true, attributeFilter: ['data-test-script-state']};
    new MutationObserver(count).observe(app, watch); }"""
LR_SLIDER = ".st-key-w-lane0-sgd-lr input"
CHANGES = 10


def _loop_seconds(page, act, redrawn: bool, timeout: float = 120) -> float | None:
    """Browser seconds from ``act()`` to the end of the run it starts (and, ``redrawn``, the map's new
    image drawn); None if no run came within ``timeout`` seconds."""
    before = page.evaluate(
        f"() => {{ window.__t0 = performance.now(); document.querySelector('{PLAYER}').dataset.image = '0';"
        " return window.__runs; }"
    )
    act()
    done = f"window.__runs > {before}" + (
        f" && document.querySelector('{PLAYER}').dataset.image === '1'" if redrawn else ""
    )
    from playwright.sync_api import TimeoutError as Timeout

    try:
        page.wait_for_function(f"() => {done}", timeout=timeout * 1000, polling=20)
    except Timeout:
        return None
    return page.evaluate("() => (performance.now() - window.__t0) / 1000")


def interaction(url: str) -> None:
    """Target 5 in Chromium: the fresh page, its first lane's learning rate moved one notch at a time
    (ArrowRight on the slider, a new rate each time) until the map is redrawn, and the rerun Streamlit's
    "R" key asks for, which changes nothing; the two interleaved."""
    from playwright.sync_api import sync_playwright

    from tools.browser import wait_for_player

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=SYSTEM_CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        wait_for_player(page, timeout=180_000)
        page.evaluate(COUNT_RUNS)
        slider = page.locator(LR_SLIDER).first
        main = page.locator("[data-testid='stMain']")

        def rerun():  # Streamlit's "R" key, pressed outside any widget (on the page's main area)
            page.evaluate("() => document.activeElement && document.activeElement.blur()")
            main.press("r")

        changes, idle, loads = [], [], []
        for _ in range(CHANGES):
            loads.append(os.getloadavg()[0])
            changes.append(_loop_seconds(page, lambda: slider.press("ArrowRight"), redrawn=True))
            idle.append(_loop_seconds(page, rerun, redrawn=False, timeout=10))
        browser.close()
    # Streamlit's "R" key was seen to rerun the page only once or twice per page load: the reruns it did
    # not start are left out (counted below)
    answered = [seconds for seconds in idle if seconds is not None]
    change, nothing = statistics.median(changes), statistics.median(answered) if answered else float("nan")
    print(
        f"5. interaction loop in Chromium, fresh page, median of {CHANGES} interleaved, "
        f"load {min(loads):.1f}-{max(loads):.1f}:"
    )
    print(f"  learning-rate slider change -> map redrawn: {change:.2f} s")
    print(f"  rerun that changes nothing ('R'): {nothing:.2f} s ({len(answered)} of {CHANGES} keys reran)")
    print(f"  change / no-op = {change / nothing:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    print(f"machine load (uptime): {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    payload_sizes()
    rerun_times()
    map_part()
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
        interaction(urls["player"])
    print(f"machine load afterwards: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
