"""A visitor of the served app, spoken over Streamlit's own websocket protocol, and a meter of the server.

:func:`visit` opens ``ws://host/_stcore/stream`` as the browser does and sends one ``BackMsg`` whose
``rerun_script`` carries the page (``page_name``, the page's url_path, "" for the default page) and the
link's query string; the server answers with ``ForwardMsg`` deltas (one per element) and
``script_finished``. The times are the server's: from the request to the first chart element (a Plotly
chart, the canvas map, a picture) and to the end of the run. :class:`ServerMeter` reads the server's RSS
and CPU time from /proc. benchmarks/load.py composes crowds of these.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib
import statistics
import threading
import time
from urllib.parse import urlencode, urlparse

from websockets.sync.client import connect

from ui import map_player

TIMEOUT = 120.0  # seconds any one session may take before it counts as failed
# the elements that count as "the chart is there": Plotly figures, the canvas map player, pictures
CHARTS = ("plotly_chart", "bidi_component", "imgs")
MAP_PLAYER = map_player.NAME


@dataclasses.dataclass(frozen=True)
class Link:
    """A page (its url_path, "" for the default page) and its query, as a shared link gives them."""

    page: str
    query: tuple[tuple[str, str], ...] = ()

    @staticmethod
    def of(page: str, **query) -> Link:
        return Link(page, tuple((key, str(value)) for key, value in query.items()))

    def address(self) -> str:
        return f"/{self.page}?{urlencode(self.query)}" if self.query else f"/{self.page}"


@dataclasses.dataclass
class Visit:
    chart_seconds: float | None = None  # request to the first chart element
    done_seconds: float | None = None  # request to the end of the script run
    error: str | None = None
    alerts: list[str] = dataclasses.field(default_factory=list)  # notices the page showed (first 160 chars)

    @property
    def shown_seconds(self) -> float | None:
        """Time to the chart, or to the end of the run on a page without one (the Welcome page)."""
        return self.chart_seconds if self.chart_seconds is not None else self.done_seconds


def visit(
    url: str, link: Link, *, leave_after: float | None = None, stay: float = 0.0, leave_when=None
) -> Visit:
    """One visitor: open a session, ask for ``link``'s page, wait for the chart and the end of the run.

    ``leave_after`` closes the connection that many seconds after the request (a closed tab), whatever
    has arrived; ``stay`` keeps the session open that long after the run (a visitor looking at the chart);
    ``leave_when()`` returning True (asked about every 0.2 s) closes it too.
    """
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    host = urlparse(url).netloc
    result = Visit()
    request = BackMsg()
    request.rerun_script.query_string = urlencode(link.query)
    request.rerun_script.page_name = link.page
    try:
        with connect(
            f"ws://{host}/_stcore/stream",
            subprotocols=["streamlit"],
            origin=f"http://{host}",
            max_size=None,
            open_timeout=30,
            ping_interval=None,  # a busy server answers pings late; a browser does not close for that
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
                _read(ForwardMsg.FromString(raw), time.perf_counter() - started, result)
            if stay > 0 and result.error is None:
                time.sleep(stay)
    except Exception as error:  # a benchmark reports what went wrong instead of stopping halfway
        result.error = f"{type(error).__name__}: {error}"
    return result


def _read(message, elapsed: float, result: Visit) -> None:
    kind = message.WhichOneof("type")
    if kind == "script_finished":
        result.done_seconds = elapsed
    if kind != "delta" or message.delta.WhichOneof("type") != "new_element":
        return
    element = message.delta.new_element
    what = element.WhichOneof("type")
    if what == "bidi_component" and MAP_PLAYER not in element.bidi_component.component_name:
        return  # the page's other components (the clicker, the scroll helper) draw nothing
    if what in CHARTS and result.chart_seconds is None:
        result.chart_seconds = elapsed
    elif what == "alert":
        result.alerts.append(element.alert.body[:160])
    elif what == "exception":
        result.error = f"traceback: {element.exception.message[:160]}"


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


def crowd(url: str, links: list[Link], spacing: float, stay: float) -> list[Visit]:
    """Visitors arriving ``spacing`` seconds apart, each staying ``stay`` seconds after its run."""
    results: list[Visit | None] = [None] * len(links)

    def one(i):
        time.sleep(i * spacing)
        results[i] = visit(url, links[i], stay=stay)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(links))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT * 2 + spacing * len(links) + stay)
    return [r if r is not None else Visit(error="did not finish") for r in results]


def quantiles(visits: list[Visit]) -> tuple[float, float, int]:
    """p50 and p95 time to chart of the visits that got one, and how many did not."""
    times = sorted(v.shown_seconds for v in visits if v.error is None and v.shown_seconds is not None)
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
    """The machine's load average over 1, 5 and 15 minutes (the machine is shared: read with every figure)."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.1f} {five:.1f} {fifteen:.1f}"
