"""A load test of the served app: many visitors at once, one of them hostile, and what the server does.

Run with ``python benchmarks/load.py`` (``--sessions N``, ``--settle SECONDS``). It starts the app on a free
localhost port (tools/serve.py) and drives sessions over Streamlit's own websocket protocol (the protobuf
messages the browser sends and receives), so the figures are the server's: time from a visitor's request
to the chart's element leaving the server, CPU time and memory of the server process. Nothing leaves
localhost; every phase is bounded in sessions and seconds. It prints:

- p50/p95 time to chart of N normal sessions (distinct states), alone and then with a hostile visitor
  beside them who reopens the worst-case link as soon as it is drawn, and their ratio (the same run);
- the hostile session's server CPU time, and how fast the server stops working for a hostile visitor who
  closes the tab;
- the server's peak RSS, and its RSS after every session has left (sampled until ``--settle`` seconds).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import pathlib
import statistics
import sys
import threading
import time
from urllib.parse import urlencode, urlparse

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from websockets.sync.client import connect  # noqa: E402

from playground.defaults import new_lane_hyperparams  # noqa: E402
from playground.state import Lane, PlaygroundState, to_query  # noqa: E402
from tools.serve import serve_app  # noqa: E402

SURFACES = ("ravine", "rosenbrock", "himmelblau", "saddle", "beale", "six_hump_camel", "booth")
OPTIMIZERS = ("sgd", "momentum", "adam", "rmsprop", "nesterov")
LONG_FORMULA = " + ".join(f"{k / 10:g}*sin({k}*x + y)*cos(x - {k}*y)" for k in range(1, 15))
TIMEOUT = 120.0  # seconds any one session may take before it counts as failed
BLOCK = 5  # normal sessions per block; blocks alone and beside the hostile visitor alternate


def normal_state(index: int, variant: int) -> PlaygroundState:
    """A visitor's state: a built-in surface, three lanes at their own learning rates, a few hundred steps.

    ``variant`` shifts every learning rate a little, so that no phase finds another phase's lanes cached.
    """
    surface = SURFACES[index % len(SURFACES)]
    scale = 1.0 - 0.004 * index - 0.0013 * variant
    lanes = []
    for k in range(3):
        name = OPTIMIZERS[(index + k) % len(OPTIMIZERS)]
        hyper = new_lane_hyperparams(surface, name)
        hyper["lr"] = float(f"{hyper['lr'] * scale:.6g}")
        lanes.append(Lane(name, hyper))
    return PlaygroundState(surface=surface, lanes=tuple(lanes), steps=200 + 50 * (index % 5))


def hostile_state(variant: int) -> PlaygroundState:
    """The worst case: a long formula, 6 noisy L-BFGS lanes with strong-Wolfe and max_eval 100, 5,000
    steps, small multiples, Polyak averaging, every lane at its own lr so that nothing is cached."""
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


def query_string(state: PlaygroundState) -> str:
    return urlencode(to_query(state))


@dataclasses.dataclass
class Visit:
    chart_seconds: float | None = None  # request to the chart element
    done_seconds: float | None = None  # request to the end of the script run
    error: str | None = None


def visit(
    url: str, state: PlaygroundState, *, leave_after: float | None = None, stay: float = 0.0, leave_when=None
) -> Visit:
    """One visitor: open a session, ask for ``state``'s page, wait for the chart and the end of the run.

    ``leave_after`` closes the connection that many seconds after the request (a closed tab), whatever
    has arrived; ``stay`` keeps the session open that long after the run (a visitor looking at the chart);
    ``leave_when()`` returning True (asked about every 0.2 s) closes it too.
    """
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    host = urlparse(url).netloc
    result = Visit()
    request = BackMsg()
    request.rerun_script.query_string = query_string(state)
    try:
        with connect(
            f"ws://{host}/_stcore/stream",
            subprotocols=["streamlit"],
            origin=f"http://{host}",
            max_size=None,
            open_timeout=30,
        ) as socket:
            started = time.perf_counter()
            socket.send(request.SerializeToString())
            give_up = started + (leave_after if leave_after is not None else TIMEOUT)
            while result.done_seconds is None:
                left = give_up - time.perf_counter()
                if leave_when is not None and leave_when():
                    break
                if left <= 0:
                    if leave_after is None:
                        result.error = "timed out"
                    break
                try:
                    raw = socket.recv(timeout=min(left, 0.2))
                except TimeoutError:
                    continue
                message = ForwardMsg()
                message.ParseFromString(raw)
                kind = message.WhichOneof("type")
                elapsed = time.perf_counter() - started
                if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                    if message.delta.new_element.WhichOneof("type") in ("plotly_chart", "bidi_component"):
                        result.chart_seconds = result.chart_seconds or elapsed
                elif kind == "script_finished":
                    result.done_seconds = elapsed
            if stay > 0 and result.error is None:
                time.sleep(stay)
    except Exception as error:  # a benchmark reports what went wrong instead of stopping halfway
        result.error = f"{type(error).__name__}: {error}"
    return result


class ServerMeter:
    """Samples the server process's RSS and CPU time from /proc every 0.2 s in a background thread."""

    def __init__(self, pid: int):
        self.pid = pid
        self.peak_rss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def rss(self) -> int:
        for line in pathlib.Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0

    def cpu(self) -> float:
        fields = pathlib.Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime

    def reset_peak(self) -> None:
        self.peak_rss = self.rss()

    def _sample(self) -> None:
        while not self._stop.is_set():
            try:
                self.peak_rss = max(self.peak_rss, self.rss())
            except (FileNotFoundError, ProcessLookupError):
                return
            time.sleep(0.2)

    def close(self) -> None:
        self._stop.set()


def crowd(url: str, states: list[PlaygroundState], spacing: float, stay: float) -> list[Visit]:
    """Visitors arriving ``spacing`` seconds apart, each staying ``stay`` seconds after its chart."""
    results: list[Visit | None] = [None] * len(states)

    def one(i):
        time.sleep(i * spacing)
        results[i] = visit(url, states[i], stay=stay)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(states))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT * 2)
    return [r if r is not None else Visit(error="did not finish") for r in results]


def crowd_beside_hostile(url: str, states: list[PlaygroundState], args, block: int) -> list[Visit]:
    """:func:`crowd`, while a hostile visitor reopens the worst case (a new variant) once it is drawn."""
    phase_over = threading.Event()

    def hostile_reloads():
        variant = 100 * (block + 1)
        while not phase_over.is_set():
            visit(url, hostile_state(variant))
            variant += 1

    hammer = threading.Thread(target=hostile_reloads, daemon=True)
    hammer.start()
    time.sleep(0.5)  # the hostile run is under way when the first visitor arrives
    visits = crowd(url, states, args.spacing, args.stay)
    phase_over.set()
    hammer.join(TIMEOUT)
    return visits


def quantiles(visits: list[Visit]) -> tuple[float, float, int]:
    times = sorted(v.chart_seconds for v in visits if v.error is None and v.chart_seconds is not None)
    if not times:
        return float("nan"), float("nan"), len(visits)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, len(visits) - len(times)


def server_pid(port: int) -> int:
    """The pid of our child ``streamlit run`` serving ``port`` (read from /proc: serve_app keeps it)."""
    for entry in pathlib.Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            arguments = (entry / "cmdline").read_bytes().split(b"\0")
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if parent == os.getpid() and b"streamlit" in arguments and str(port).encode() in arguments:
            return int(entry.name)
    raise RuntimeError(f"no streamlit child process serves port {port}")


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20, help="normal sessions per phase (default 20)")
    parser.add_argument("--spacing", type=float, default=2.0, help="seconds between arrivals (default 2)")
    parser.add_argument(
        "--stay", type=float, default=10.0, help="seconds a visitor stays after the chart (default 10)"
    )
    parser.add_argument("--settle", type=float, default=180.0, help="seconds to watch memory after (180)")
    args = parser.parse_args()
    sessions = max(1, min(args.sessions, 60))
    print(f"load average at start (1, 5, 15 min): {load_average()} on {os.cpu_count()} cores")

    with serve_app() as url:
        meter = ServerMeter(server_pid(urlparse(url).port))
        visit(url, PlaygroundState())  # warm-up: imports, the default page's caches
        print(f"server RSS after one warm-up visit: {meter.rss() / 1e6:.0f} MB")
        meter.reset_peak()

        # Normal sessions alone and beside the hostile visitor, in alternating blocks: a change in the
        # machine's other load (it is shared) then weighs on both sides alike.
        alone, beside = [], []
        blocks = max(1, sessions // BLOCK)
        for block in range(blocks):
            indices = range(block * BLOCK, min(sessions, (block + 1) * BLOCK))
            alone += crowd(url, [normal_state(i, 0) for i in indices], args.spacing, args.stay)
            beside += crowd_beside_hostile(url, [normal_state(i, 1) for i in indices], args, block)
        p50_alone, p95_alone, failed_alone = quantiles(alone)
        p50_beside, p95_beside, failed_beside = quantiles(beside)

        cpu_before = meter.cpu()
        hostile = visit(url, hostile_state(0))
        hostile_cpu = meter.cpu() - cpu_before
        hostile_wall = hostile.done_seconds
        # memory: all sessions open at once, each with its own state
        together = crowd(url, [normal_state(i, 2) for i in range(sessions)], 0.5, 0.5 * sessions + 10)
        failed_together = sum(1 for v in together if v.error)
        peak = meter.peak_rss

        # a hostile visitor who closes the tab after one second: how much CPU does the server spend after?
        visit(url, hostile_state(2), leave_after=1.0)
        time.sleep(0.5)
        cpu_after_close = meter.cpu()
        time.sleep(3.0)
        busy_after_close = meter.cpu() - cpu_after_close

        print(
            f"\n{sessions} normal sessions alone and {sessions} beside the hostile visitor, in alternating"
            f" blocks of {BLOCK}, arriving {args.spacing:g} s apart, each staying {args.stay:g} s"
        )
        print(f"  time to chart alone:             p50 {p50_alone:6.2f} s  p95 {p95_alone:6.2f} s")
        print(f"  time to chart beside a hostile:  p50 {p50_beside:6.2f} s  p95 {p95_beside:6.2f} s")
        ratios = f"p50 {p50_beside / p50_alone:6.2f}    p95 {p95_beside / p95_alone:6.2f}"
        print(f"  ratio (beside / alone):          {ratios}")
        print(f"  failed or timed out: {failed_alone} alone, {failed_beside} beside")
        errors = {v.error for v in alone + beside if v.error}
        if errors:
            print(f"  errors: {sorted(errors)[:3]}")
        wall = f"{hostile_wall:.1f} s" if hostile_wall is not None else "no end within the time limit"
        print(f"hostile session alone: {hostile_cpu:.1f} s of server CPU, {wall} to the end of its run")
        print(f"hostile visitor who left after 1 s: server CPU in the 3 s after: {busy_after_close:.2f} s")
        print(f"server peak RSS, with {sessions} sessions open at once at the end: {peak / 1e6:.0f} MB")
        print(f"  ({failed_together} of those {sessions} failed or timed out)")

        settle_start = time.monotonic()
        samples = []
        while time.monotonic() - settle_start < args.settle:
            time.sleep(10)
            samples.append((time.monotonic() - settle_start, meter.rss()))
        meter.close()
        shown = ", ".join(
            f"{t:.0f} s: {rss / 1e6:.0f} MB" for t, rss in samples[:: max(1, len(samples) // 6)]
        )
        print(f"server RSS after every session left ({shown})")
        if samples:
            print(f"settled RSS: {samples[-1][1] / 1e6:.0f} MB after {samples[-1][0]:.0f} s")
    print(f"load average at the end: {load_average()}")


if __name__ == "__main__":
    main()
