"""User text (lane names, formulas, titles) is shown literally: in plotly labels, in the map player's message
(drawn as text) and in the HTML export."""

import numpy as np
import pytest

from tests.viz.helpers import Bowl, lanes
from ui import map_player
from viz import figures, landscape, player
from viz.figures import LanePath
from viz.theme import plain

LINK = '<a href="https://evil.example">Click</a>'
HOSTILE = f"{LINK} <b>bold</b> %{{x}} & more"


@pytest.fixture(scope="module")
def land():
    return landscape.compute(Bowl(), resolution=40, image_resolution=120)


def hostile_lanes(n: int = 2, steps: int = 30, diverge: int | None = None) -> list[LanePath]:
    out = []
    for path in lanes(n, steps, diverge=diverge):
        average = np.cumsum(np.nan_to_num(path.positions), axis=0) / np.arange(1, steps + 2)[:, None]
        out.append(LanePath(HOSTILE, path.positions, path.losses, path.style, path.diverged_at, average))
    return out


def strings(value):
    """Every string in a figure dict, at any depth."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def test_plain_escapes_markup_and_template_variables():
    assert (
        plain(HOSTILE)
        == '&lt;a href="https://evil.example"&gt;Click&lt;/a&gt; &lt;b&gt;bold&lt;/b&gt; &#37;{x} &amp; more'
    )


@pytest.mark.parametrize("layout", ["overlay", "multiples"])
def test_lane_names_travel_to_the_player_as_they_are(land, layout):
    # The player writes them with fillText and textContent, never as HTML: the message keeps them whole.
    header, _ = player.unpack(player.payload(land, hostile_lanes(diverge=1), layout=layout))
    assert [lane["label"] for lane in header["lanes"]] == [HOSTILE, HOSTILE]
    assert header["lanes"][0]["average"]["name"].startswith(HOSTILE)
    if layout == "multiples":
        assert all(HOSTILE.startswith(title.rstrip("…")) for title in header["multiples"]["titles"])


def test_lane_names_are_plain_text_in_the_loss_and_3d_figures(land):
    for figure in (
        figures.loss_figure(hostile_lanes(), minima=Bowl.minima),
        figures.surface3d_figure(land, hostile_lanes(), minima=Bowl.minima),
    ):
        texts = list(strings(figure))
        assert not any("<a" in text or "%{x} &" in text for text in texts)
        assert any(text.startswith(plain(HOSTILE)) for text in texts)


def test_the_html_export_cannot_be_broken_out_of(land):
    label = "</script><script>alert(1)</script>" + LINK
    path = lanes(1, 20)[0]
    message = player.payload(land, [LanePath(label, path.positions, path.losses, path.style)])
    page = map_player.page(message, title=label, notes=[label])
    assert LINK not in page and "<script>alert(1)" not in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown literally, as text
    assert label not in page, "the lane's label travels inside the base64 message"
