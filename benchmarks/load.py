"""A load test of the served app on all seven pages: a crowd, a lecture hall, a hostile visitor, memory.

Run with ``python benchmarks/load.py`` (``--help`` for the sizes; ``--phases`` picks some). It starts the
app on a free localhost port (tools/serve.py) and drives sessions over Streamlit's own websocket protocol
(benchmarks/load_protocol.py), so the figures are the server's. Nothing leaves localhost; every phase is
bounded in sessions and seconds. Every figure is printed with the machine's load average (it is shared).

- memory: ``--sessions`` mixed sessions spread over the seven pages, each with its own state, all open
  at once: the server's peak RSS; then its RSS while nobody visits, sampled for ``--settle`` seconds.
- hall: a lecture hall, ``--hall`` sessions opening the same scene link within a few seconds: p50/p95
  time to chart.
- hostile: for each page of ``--hostile``, mixed sessions alone and beside a visitor who reopens that
  page's worst link as soon as it is drawn, in alternating blocks: p50/p95 and the ratio beside/alone;
  the worst link's server CPU time alone, what the page said about it, and the server's CPU time in the
  3 s after that visitor closed the tab one second into the run.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import sys
import threading
import time
from urllib.parse import urlparse

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.load_protocol import (  # noqa: E402
    TIMEOUT,
    Link,
    ServerMeter,
    Visit,
    crowd,
    load_average,
    quantiles,
    server_pid,
    visit,
)
from playground.defaults import new_lane_hyperparams  # noqa: E402
from playground.state import Lane, PlaygroundState, to_query  # noqa: E402
from tools.serve import serve_app  # noqa: E402

SURFACES = ("ravine", "rosenbrock", "himmelblau", "saddle", "beale", "six_hump_camel", "booth")
OPTIMIZERS = ("sgd", "momentum", "adam", "rmsprop", "nesterov")
LONG_FORMULA = " + ".join(f"{k / 10:g}*sin({k}*x + y)*cos(x - {k}*y)" for k in range(1, 16))
BLOCK = 5  # sessions per block; blocks alone and beside the hostile visitor alternate
LBFGS_WORST = "lbfgs:lr={lr},line_search_fn=strong_wolfe,max_eval=100"


def scale(index: int, variant: int) -> float:
    """A learning-rate factor near 1 that differs per session and phase, so no phase finds another's
    results cached."""
    return 1.0 - 0.004 * index - 0.0013 * variant


def playground(index: int, variant: int) -> Link:
    """A built-in surface, three lanes at their own learning rates, a few hundred steps."""
    surface = SURFACES[index % len(SURFACES)]
    lanes = []
    for k in range(3):
        name = OPTIMIZERS[(index + k) % len(OPTIMIZERS)]
        hyper = new_lane_hyperparams(surface, name)
        hyper["lr"] = float(f"{hyper['lr'] * scale(index, variant):.6g}")
        lanes.append(Lane(name, hyper))
    state = PlaygroundState(surface=surface, lanes=tuple(lanes), steps=200 + 50 * (index % 5))
    return Link.of("", **to_query(state))


def explorer(index: int, variant: int) -> Link:
    """One of the four tools at its default size on a built-in surface."""
    tool = ("basins", "sweep", "ensemble", "range")[index % 4]
    surface = ("himmelblau", "ravine", "rosenbrock")[index % 3]
    lr = f"{0.005 * scale(index, variant):.6g}"
    return Link.of("explorer", tool=tool, surface=surface, lane1=f"momentum:lr={lr}", steps=300)


def network_lab(index: int, variant: int) -> Link:
    """One configuration at the default network on a toy data set, 300 steps."""
    data = ("two_moons", "circles", "spirals", "xor")[index % 4]
    lr = f"{0.01 * scale(index, variant):.6g}"
    return Link.of("network_lab", data=data, opt1=f"adam:lr={lr}", steps=300, seed=index)


def activations(index: int, variant: int) -> Link:
    return Link.of("activations", depth=2 + (index * 7 + variant) % 39, lr=f"{10 + index + 0.1 * variant:g}")


def initialisation(index: int, variant: int) -> Link:
    setting = ("small", "large", "xavier", "kaiming")[index % 4]
    return Link.of(
        "initialisation", setting=setting, layers=4 + index % 12, width=100 + 10 * variant % 400, points=500
    )


def scenes_page(index: int, variant: int) -> Link:
    return Link.of("scenes")


def welcome(index: int, variant: int) -> Link:
    return Link.of("welcome")


PAGES = (playground, explorer, network_lab, activations, initialisation, scenes_page, welcome)


def mixed(count: int, variant: int, first: int = 0) -> list[Link]:
    """``count`` sessions spread over the seven pages in turn, each page's state its own."""
    return [PAGES[i % len(PAGES)](i // len(PAGES), variant) for i in range(first, first + count)]


def hostile_state(variant: int) -> PlaygroundState:
    """The Playground's worst case: a long formula, 6 noisy L-BFGS lanes with strong-Wolfe and max_eval
    100, 5,000 steps, small multiples, Polyak averaging, every lane at its own lr so nothing is cached."""
    lanes = tuple(
        Lane(
            "lbfgs",
            {
                "lr": round(1.0 - 0.01 * k - 0.001 * variant, 6),
                "line_search_fn": "strong_wolfe",
                "max_eval": 100,
            },
            noise=0.1,
        )
        for k in range(6)
    )
    return PlaygroundState(
        surface="custom",
        expression=LONG_FORMULA,
        lanes=lanes,
        steps=5000,
        layout="multiples",
        average="polyak",
    )


def hostile(page: str, variant: int) -> Link:
    """The worst link of ``page`` (a new variant each time, so nothing is cached)."""
    lr = f"{1.0 - 0.001 * variant:.6g}"
    if page == "explorer":  # a 500-character formula, 200 L-BFGS runs with strong-Wolfe line searches
        return Link.of(
            "explorer",
            tool="ensemble",
            surface="custom",
            expr=LONG_FORMULA,
            lane1=LBFGS_WORST.format(lr=lr),
            members=200,
            steps=250,
        )
    if page == "network_lab":  # two 6 x 32 networks on 2,000 spiral points, L-BFGS, 5,000 steps
        net = "hidden_layers=6,width=32"
        worst = LBFGS_WORST.format(lr=lr)
        return Link.of(
            "network_lab",
            data="spirals:n_points=2000",
            net1=net,
            opt1=worst,
            net2=net,
            opt2=worst,
            steps=5000,
        )
    return Link.of("", **to_query(hostile_state(variant)))


def crowd_beside_hostile(url: str, links: list[Link], page: str, args, variant: int) -> list[Visit]:
    """:func:`crowd`, while a hostile visitor reopens ``page``'s worst link (a new variant) once drawn."""
    phase_over = threading.Event()

    def hostile_reloads():
        count = variant
        while not phase_over.is_set():
            visit(url, hostile(page, count), leave_when=phase_over.is_set)
            count += 1

    hammer = threading.Thread(target=hostile_reloads, daemon=True)
    hammer.start()
    time.sleep(0.5)  # the hostile run is under way when the first visitor arrives
    visits = crowd(url, links, args.spacing, args.stay)
    phase_over.set()
    hammer.join(TIMEOUT)
    return visits


def times(label: str, visits) -> tuple[float, float]:
    p50, p95, failed = quantiles(visits)
    errors = sorted({v.error for v in visits if v.error})[:3]
    print(
        f"  {label}: p50 {p50:6.2f} s  p95 {p95:6.2f} s  ({failed} of {len(visits)} failed)"
        f" [{load_average()}]"
    )
    if errors:
        print(f"    errors: {errors}")
    return p50, p95


def memory_phase(url: str, meter: ServerMeter, args) -> None:
    meter.reset_peak()
    links = mixed(args.sessions, variant=2)
    together = crowd(url, links, 0.5, 0.5 * args.sessions + 10)
    pages = sorted({link.page or "playground" for link in links})
    print(
        f"\nmemory: {args.sessions} mixed sessions over {len(pages)} pages ({', '.join(pages)}),"
        " all open at once"
    )
    times("time to chart", together)
    print(f"  server peak RSS: {meter.peak_rss / 1e6:.0f} MB (target < 400 MB) [{load_average()}]")
    start, samples = time.monotonic(), []
    while time.monotonic() - start < args.settle:
        time.sleep(min(10.0, args.settle))
        samples.append((time.monotonic() - start, meter.rss()))
    shown = ", ".join(f"{t:.0f} s: {rss / 1e6:.0f} MB" for t, rss in samples[:: max(1, len(samples) // 6)])
    print(f"  server RSS after every session left: {shown}")
    if samples:
        print(
            f"  settled RSS: {samples[-1][1] / 1e6:.0f} MB after {samples[-1][0]:.0f} s (target < 250 MB)"
            f" [{load_average()}]"
        )


def hall_phase(url: str, meter: ServerMeter, args) -> None:
    meter.reset_peak()
    link = Link.of("", scene=args.scene)
    cpu = meter.cpu()
    visits = crowd(url, [link] * args.hall, args.hall_spacing, 10.0)
    cpu = meter.cpu() - cpu
    print(f"\nlecture hall: {args.hall} sessions open {link.address()} {args.hall_spacing:g} s apart")
    times("time to chart", visits)
    print(f"  server CPU: {cpu:.1f} s in all, {cpu / args.hall:.2f} s per session [{load_average()}]")
    print(f"  server peak RSS during the hall: {meter.peak_rss / 1e6:.0f} MB [{load_average()}]")


def hostile_phase(url: str, meter: ServerMeter, page: str, number: int, args) -> None:
    alone, beside = [], []
    base = 100 * (number + 1)
    for block in range(max(1, args.sessions // BLOCK)):
        first = block * BLOCK
        count = min(BLOCK, args.sessions - first)
        alone += crowd(url, mixed(count, base + 10, first), args.spacing, args.stay)
        beside += crowd_beside_hostile(
            url, mixed(count, base + 20, first), page, args, 1000 * (number + 1) + 50 * block
        )
    name = page or "playground"
    print(f"\nhostile visitor on the {name}'s worst link: {hostile(page, 0).address()[:140]}...")
    print(
        f"  {len(alone)} mixed sessions alone and {len(beside)} beside, blocks of {BLOCK},"
        f" {args.spacing:g} s apart"
    )
    p50_alone, p95_alone = times("time to chart alone", alone)
    p50_beside, p95_beside = times("time to chart beside", beside)
    print(
        f"  ratio beside / alone: p50 {p50_beside / p50_alone:.2f}  p95 {p95_beside / p95_alone:.2f}"
        f" (goal <= 1.3) [{load_average()}]"
    )
    pages = [link.page or "playground" for link in mixed(len(alone), 0)]
    by_page = []
    for shown in dict.fromkeys(pages):
        mine = [i for i, p in enumerate(pages) if p == shown]
        median_alone, _, _ = quantiles([alone[i] for i in mine])
        median_beside, _, _ = quantiles([beside[i] for i in mine])
        by_page.append(f"{shown} {median_alone:.2f} -> {median_beside:.2f} s")
    print(f"  p50 per page, alone -> beside: {'; '.join(by_page)}")
    cpu = meter.cpu()
    worst = visit(url, hostile(page, 7))
    wall = f"{worst.done_seconds:.1f} s" if worst.done_seconds is not None else f"no end within {TIMEOUT:g} s"
    print(
        f"  the worst link alone: {meter.cpu() - cpu:.1f} s of server CPU, {wall} to the end of its run"
        f" [{load_average()}]"
    )
    for alert in worst.alerts[:2]:
        print(f"    it says: {alert!r}")
    if worst.error:
        print(f"    error: {worst.error}")
    visit(url, hostile(page, 8), leave_after=1.0)
    time.sleep(0.5)
    cpu = meter.cpu()
    time.sleep(3.0)
    print(
        f"  closed 1 s into the worst link: server CPU in the 3 s after: {meter.cpu() - cpu:.2f} s"
        f" [{load_average()}]"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20, help="mixed sessions per phase (default 20)")
    parser.add_argument("--spacing", type=float, default=2.0, help="seconds between arrivals (default 2)")
    parser.add_argument("--stay", type=float, default=10.0, help="seconds a visitor stays after the run (10)")
    parser.add_argument("--settle", type=float, default=180.0, help="seconds to watch memory after (180)")
    parser.add_argument("--hall", type=int, default=60, help="sessions of the lecture hall (default 60)")
    parser.add_argument("--hall-spacing", type=float, default=0.1, help="seconds between the hall's arrivals")
    parser.add_argument("--scene", default="sgd-zigzag", help="the scene the hall opens (default sgd-zigzag)")
    parser.add_argument(
        "--hostile", default="explorer,network_lab,playground", help="pages with a hostile visitor"
    )
    parser.add_argument("--phases", default="memory,hall,hostile", help="which phases to run, in this order")
    args = parser.parse_args()
    args.sessions = max(1, min(args.sessions, 60))
    args.hall = max(1, min(args.hall, 100))
    print(f"{load_average()} at start, on {os.cpu_count()} cores")

    with serve_app() as url:
        meter = ServerMeter(server_pid(urlparse(url).port))
        for page in PAGES:  # warm-up: imports and each page's first run
            visit(url, page(0, 0))
        print(f"server RSS after one warm-up visit per page: {meter.rss() / 1e6:.0f} MB [{load_average()}]")
        phases = args.phases.split(",")
        if "memory" in phases:
            memory_phase(url, meter, args)
        if "hall" in phases:
            hall_phase(url, meter, args)
        if "hostile" in phases:
            for number, page in enumerate(args.hostile.split(",")):
                hostile_phase(url, meter, "" if page == "playground" else page, number, args)
        meter.close()
    print(f"\n{load_average()} at the end")


if __name__ == "__main__":
    main()
