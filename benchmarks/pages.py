"""Every page's first visit against the Welcome page's, in Chromium, in one run (issue 25, point 3).

    .venv/bin/python benchmarks/pages.py [--rounds N]

One server (``tools.serve.serve_app``, the app as ``make run`` serves it) and headless Chromium. A first visit
is a new browser context (no cookies, no HTTP cache, a new Streamlit session) that navigates to the page
and waits until its figures are drawn: the script has finished and nothing on the page is stale, every
Plotly chart has drawn its SVG, every canvas player its map (the lab player its columns), every image has
loaded (a lazy image, ``loading="lazy"``, once it is on the first screen: the Scenes gallery's card pictures
load as their cards near the screen, and those further down are not part of the first visit); the time is
from ``goto`` to the first of two polls in a row that see all that. Target: every page within 1.2x of the
Welcome page.

Round 0 opens every page right after the server has started, so it also shows what the first visitor of a
fresh server meets (the server warms the experiments that are the same for everyone in a background
thread, ``ui.warm``); rounds 1.. are the first visits of later visitors. The pages are visited in
interleaved rounds, each round in a rotated order, so that a busier moment of the shared machine weighs
on every page alike; each figure is the median over rounds 1.., with the load average printed beside it,
and so is the time the page's main thread was busy (Chromium's TaskDuration), the browser's part.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.serve import CHROMIUM_ARGS, SYSTEM_CHROMIUM, serve_app  # noqa: E402

TARGET = 1.2  # a page's first visit / the Welcome page's
PAGES = {  # title -> url path (app.py)
    "Welcome": "welcome",
    "Playground": "",
    "Scenes": "scenes",
    "Landscape explorer": "explorer",
    "Activation functions": "activations",
    "Initialisation": "initialisation",
    "Network lab": "network_lab",
}

# The page as a visitor reads it: run finished, nothing stale, and every figure drawn.
DRAWN = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (document.querySelector('[data-stale="true"]')) return false;
    const main = document.querySelector('[data-testid="stMainBlockContainer"]');
    if (!main || !main.querySelector('.stElementContainer')) return false;
    const plots = Array.from(main.querySelectorAll("[data-testid='stPlotlyChart']"));
    if (!plots.every((p) => { const gd = p.querySelector('.js-plotly-plot');
        return !!(gd && gd._fullLayout && gd.querySelector('.main-svg')); })) return false;
    if (!Array.from(main.querySelectorAll('.mp-root:not(.lp-root)')).every((r) => r.dataset.image === '1'))
        return false;
    if (!Array.from(main.querySelectorAll('.lp-root')).every((r) => r.querySelector('.lp-column[data-step]')))
        return false;
    const onScreen = (i) => { const r = i.getBoundingClientRect();
        return r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth; };
    return Array.from(main.querySelectorAll('img'))
        .every((i) => (i.complete && i.naturalWidth > 0) || (i.loading === 'lazy' && !onScreen(i)));
}"""
# two polls in a row: a page between two reruns can look drawn for one poll
STEADY = (
    "() => { const ok = (" + DRAWN + ")(); window.__drawnPolls = ok ? (window.__drawnPolls || 0) + 1 : 0;"
    " return window.__drawnPolls >= 2; }"
)


def first_visit(browser, url: str) -> tuple[float, float]:
    """Seconds from navigation to the page drawn, for a visitor new to the server, and the seconds the
    page's main thread was busy meanwhile (Chromium's ``TaskDuration``: the browser's share of the visit,
    which a busy machine stretches less than the wall time)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    devtools = context.new_cdp_session(page)
    devtools.send("Performance.enable")
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_function(STEADY, timeout=300_000, polling=100)
    seconds = time.perf_counter() - started
    metrics = {m["name"]: m["value"] for m in devtools.send("Performance.getMetrics")["metrics"]}
    context.close()
    return seconds, metrics["TaskDuration"]


def load() -> str:
    return " ".join(f"{v:.1f}" for v in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds after round 0 (default 5)")
    parser.add_argument(
        "--pages",
        nargs="+",
        choices=list(PAGES),
        default=list(PAGES),
        metavar="TITLE",
        help="the pages to visit besides the Welcome page (default: all)",
    )
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print(f"load before (1, 5, 15 min): {load()}")
    names = ["Welcome", *(name for name in args.pages if name != "Welcome")]
    times: dict[str, list[float]] = {name: [] for name in names}
    busy: dict[str, list[float]] = {name: [] for name in names}
    loads = []
    with serve_app() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=SYSTEM_CHROMIUM, args=CHROMIUM_ARGS)
        for round_ in range(args.rounds + 1):
            order = names[round_ % len(names) :] + names[: round_ % len(names)]
            loads.append(os.getloadavg()[0])
            for name in order:
                seconds, task = first_visit(browser, f"{url}/{PAGES[name]}")
                times[name].append(seconds)
                busy[name].append(task)
            if round_ == 0:
                print("round 0, a fresh server (the experiments warming in the background):")
                for name in names:
                    print(f"  {name:22s} {times[name][0]:6.2f} s")
        browser.close()
    welcome = statistics.median(times["Welcome"][1:])
    welcome_busy = statistics.median(busy["Welcome"][1:])
    print(
        f"first visit in Chromium, median of rounds 1-{args.rounds} (interleaved), "
        f"load {min(loads):.1f}-{max(loads):.1f}; target: page / Welcome <= {TARGET}"
    )
    for name in names:
        median = statistics.median(times[name][1:])
        ratio = median / welcome
        mark = "ok" if ratio <= TARGET else "MISSED"
        task = statistics.median(busy[name][1:])
        print(
            f"  {name:22s} {median:6.2f} s  / Welcome {ratio:5.2f}  (target <= {TARGET}) {mark:6s}"
            f"  main thread busy {task:5.2f} s, / Welcome {task / welcome_busy:4.2f}"
        )
    print(f"load after: {load()}")


if __name__ == "__main__":
    main()
