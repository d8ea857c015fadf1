"""Figures of the Playground page: payload size, server time of a rerun, and time to chart in Chromium.

Run with ``python benchmarks/playground.py`` (``--no-browser`` skips the Chromium part). Prints only; the
targets of issue 4 are: figure JSON <= 1 MB for 6 lanes x 1,000 steps and linear in steps; <= 300 ms of
server time for a rerun after one hyperparameter changed (6 x 1,000); chart drawn within 1.5x the time of a
chart-free page.
"""

from __future__ import annotations

import argparse
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
from viz import figures, landscape  # noqa: E402
from viz.palette import lane_style  # noqa: E402

SIX = ("sgd", "momentum", "nesterov", "rmsprop", "adam", "adagrad")


def six_lanes(steps: int, surface: str = "ravine", layout: str = "overlay") -> PlaygroundState:
    from playground.defaults import new_lane_hyperparams

    lanes = tuple(Lane(name, new_lane_hyperparams(surface, name)) for name in SIX)
    return PlaygroundState(surface=surface, lanes=lanes, steps=steps, layout=layout)


def map_of(state: PlaygroundState):
    surface, runs = compute.run_state(state)
    paths = [
        figures.LanePath(
            f"{i + 1}. {lane.optimizer}", run.positions, run.losses, lane_style(i), run.diverged_at
        )
        for i, (lane, run) in enumerate(zip(state.lanes, runs, strict=True))
    ]
    land = landscape.compute(surface, resolution=160)
    return figures.map_figure(land, paths, layout=state.layout, minima=surface.minima, max_frames=200)


def payload_sizes() -> None:
    print("figure JSON sent to the browser (map with loss panels, 200 frames at most)")
    cases = [("default page (3 lanes x 200)", PlaygroundState())]
    try:
        import scenes

        first = scenes.names()[0]
        cases.append((f"scene {first}", scenes.get(first).state))
    except (ImportError, AttributeError, IndexError):
        pass
    cases += [(f"6 lanes x {n:,}", six_lanes(n)) for n in (1000, 2000, 5000)]
    cases += [
        ("6 x 1,000 Rosenbrock", six_lanes(1000, "rosenbrock")),
        ("6 x 1,000 small multiples", six_lanes(1000, layout="multiples")),
    ]
    for name, state in cases:
        started = time.perf_counter()
        figure = map_of(state)
        built = time.perf_counter() - started
        size = figures.figure_json_size(figure)
        frames = len(figure["frames"])
        print(f"  {name:32s} {size / 1e6:7.3f} MB   ({frames} frames, runs + build {built * 1e3:.0f} ms)")


def _median_ms(action, repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1e3


def _chart_costs(state: PlaygroundState, repeats: int) -> tuple[float, float, float, int]:
    """Build time of the map, server time per rerun through ui.chart and with the dict as it is, bytes."""
    import plotly.io
    import plotly.tools

    from ui.chart import _ReadyFigure

    surface, runs = compute.run_state(state)
    paths = [
        figures.LanePath(
            f"{i + 1}. {lane.optimizer}", run.positions, run.losses, lane_style(i), run.diverged_at
        )
        for i, (lane, run) in enumerate(zip(state.lanes, runs, strict=True))
    ]
    land = landscape.compute(surface, resolution=160)

    def build():
        return figures.map_figure(land, paths, layout=state.layout, minima=surface.minima)

    figure = build()

    def through(wrapped):  # what st.plotly_chart does with its argument
        spec = plotly.tools.return_figure_from_figure_or_data(wrapped, validate_figure=True)
        return plotly.io.to_json(spec, validate=False)

    helper = _median_ms(lambda: through(_ReadyFigure(figure)), repeats)
    as_is = _median_ms(lambda: through(figure), max(1, repeats // 2))
    return _median_ms(build, repeats), helper, as_is, len(through(_ReadyFigure(figure)).encode())


def serialisation(repeats: int = 5) -> None:
    """What one chart costs the server on each rerun, measured on the path st.plotly_chart takes.

    ``ui.chart`` hands the cached figure dict over as a Figure whose ``to_dict()`` returns it, so a rerun
    pays only plotly's JSON writer; handing st.plotly_chart the dict itself would rebuild and validate it
    through plotly.graph_objects first (``plotly.tools.return_figure_from_figure_or_data``).
    """
    print("server time per chart and rerun (median of 5), figure already built and cached")
    print(f"  {'case':28s} {'build':>8s} {'ui.chart':>9s} {'dict as is':>11s} {'ratio':>6s} {'JSON':>9s}")
    for name, state in (
        ("default page (3 x 200)", PlaygroundState()),
        ("6 x 1,000", six_lanes(1000)),
        ("6 x 1,000 small multiples", six_lanes(1000, layout="multiples")),
        ("6 x 5,000", six_lanes(5000)),
    ):
        build, helper, as_is, size = _chart_costs(state, repeats)
        print(
            f"  {name:28s} {build:6.0f} ms {helper:6.0f} ms {as_is:8.0f} ms {as_is / helper:6.1f} "
            f"{size / 1e6:6.3f} MB"
        )


def _frames_per_second(page, seconds: float = 4.0) -> float:
    """Play the exported figure open in ``page`` and count the animation frames plotly.js draws."""
    page.evaluate(
        "() => { window.__frames = 0; document.querySelector('.js-plotly-plot')"
        ".on('plotly_animatingframe', () => { window.__frames += 1; }); }"
    )
    page.locator(".updatemenu-button").filter(has_text="Play").click()
    page.wait_for_function("() => window.__frames >= 2", timeout=60_000)
    first, started = page.evaluate("() => window.__frames"), time.perf_counter()
    page.wait_for_timeout(seconds * 1000)
    drawn = page.evaluate("() => window.__frames") - first
    return drawn / (time.perf_counter() - started)


def playback(seconds: float = 4.0) -> None:
    """Frames per second of Play in headless Chromium (the exported figure, 1x asks for 25 per second), for
    the page's map and for variants that say where plotly.js spends its time per frame."""
    if not os.path.exists(SYSTEM_CHROMIUM):
        print("Chromium: /usr/bin/chromium not found, playback figures skipped")
        return
    import tempfile

    from playwright.sync_api import sync_playwright

    from viz import export

    state = six_lanes(1000)
    surface, runs = compute.run_state(state)
    paths = [
        figures.LanePath(
            f"{i + 1}. {lane.optimizer}", run.positions, run.losses, lane_style(i), run.diverged_at
        )
        for i, (lane, run) in enumerate(zip(state.lanes, runs, strict=True))
    ]
    land = landscape.compute(surface, resolution=160)
    variants = {
        "as the page draws it": {},
        "without the pick grid": {"pick_grid": 0},
        "without the side panels": {"side_panels": False},
        "5 chunks a path": {"chunks": 5},
        "20 chunks a path": {"chunks": 20},
    }
    print(f"playback, 6 lanes x 1,000 steps, headless Chromium 1280x900 ({seconds:.0f} s of Play each)")
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=SYSTEM_CHROMIUM, args=CHROMIUM_ARGS)
        for name, options in variants.items():
            figure = figures.map_figure(land, paths, minima=surface.minima, **options)
            html = pathlib.Path(folder) / "play.html"
            html.write_text(export.standalone_html(figure), encoding="utf-8")
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(html.as_uri())
            page.wait_for_function("() => !!document.querySelector('.js-plotly-plot .main-svg')")
            fps = _frames_per_second(page, seconds)
            page.close()
            print(f"  {name:28s} {fps:5.1f} frames/s")
        browser.close()


def rerun_time(repeats: int = 5) -> None:
    """AppTest: open 6 x 1,000, then change one lane's lr and time the rerun (server side, whole script)."""
    from streamlit.testing.v1 import AppTest

    state = six_lanes(1000)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in to_query(state).items():
        app.query_params[key] = value
    started = time.perf_counter()
    app.run()
    first = time.perf_counter() - started
    assert not app.exception, app.exception
    lrs = [0.01, 0.02, 0.05, 0.1, 0.12, 0.15, 0.03, 0.04]
    times = []
    for lr in lrs[:repeats]:
        started = time.perf_counter()
        app.select_slider(key="w:lane0:sgd:lr").set_value(lr).run()
        times.append(time.perf_counter() - started)
        assert not app.exception, app.exception
    server = [c.value for c in app.caption if "Server time" in str(c.value)]
    print("rerun after one hyperparameter changed, 6 lanes x 1,000 steps (AppTest, whole script)")
    print(f"  first run (cold caches): {first * 1e3:.0f} ms")
    print(f"  reruns: median {statistics.median(times) * 1e3:.0f} ms, min {min(times) * 1e3:.0f} ms")
    if server:
        print(f"  page's own measure of the last rerun (numbers and figures): {server[-1]}")
    started = time.perf_counter()
    app.run()
    print(f"  rerun with nothing changed: {(time.perf_counter() - started) * 1e3:.0f} ms")


def browser_times(repeats: int = 3) -> None:
    if not os.path.exists(SYSTEM_CHROMIUM):
        print("Chromium: /usr/bin/chromium not found, browser figures skipped")
        return
    from playwright.sync_api import sync_playwright

    with serve_app() as url:
        chart = (
            "() => { const g = document.querySelector(\"[data-testid='stPlotlyChart'] .js-plotly-plot\");"
            " return !!(g && g._fullLayout && g.querySelector('.main-svg')); }"
        )
        six = f"{url}/?{urlencode(to_query(six_lanes(1000)), safe=':,|=')}"
        cases = (
            ("chart-free (welcome text)", f"{url}/welcome", None),
            ("welcome's small chart", f"{url}/welcome", chart),
            ("default playground", url, chart),
            ("playground 6 x 1,000", six, chart),
        )
        results: dict[str, list[float]] = {name: [] for name, _, _ in cases}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=SYSTEM_CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(repeats + 1):  # the first round warms the server's caches
                for name, target, wait in cases:
                    page = browser.new_page(viewport={"width": 1280, "height": 900})
                    started = time.perf_counter()
                    page.goto(target)
                    if wait is None:
                        heading = page.get_by_role("heading", name="Optimizer Playground").first
                        heading.wait_for(timeout=60_000)
                    else:
                        page.wait_for_function(wait, timeout=120_000)
                    results[name].append(time.perf_counter() - started)
                    page.close()
            browser.close()
        print("headless Chromium: navigation to drawn (median of the warm rounds)")
        base = statistics.median(results["chart-free (welcome text)"][1:])
        for name, times in results.items():
            median = statistics.median(times[1:])
            print(f"  {name:28s} {median:6.2f} s   ratio to chart-free {median / base:5.2f}")
        print("  (any page with a Plotly chart first loads Streamlit's plotly.js bundle: the welcome page's")
        print("   small chart is the floor for a chart, the playground's own cost is the difference)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    print(
        f"machine load (uptime): {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}"
    )
    payload_sizes()
    serialisation()
    rerun_time()
    if not args.no_browser:
        playback()
        browser_times()


if __name__ == "__main__":
    main()
