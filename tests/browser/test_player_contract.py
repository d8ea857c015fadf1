"""The map player's message contract: what viz/player.py encodes, the JavaScript decoder reads back field by
field, in Chromium; a message of another magic or version, or one that lacks a field, is refused.

The player's script is loaded as the app sends it (the ``player_js`` fixture), into a blank page: no app is
served, so these take a second or two.
"""

import base64
import dataclasses
import json
import struct

import numpy as np
import pytest

from tests.viz.helpers import Bowl, lanes
from viz import landscape, player
from viz.figures import InspectArrows, MarkedPoint, TheoryOverlay

# The decoded message as plain JSON: every float32 array as a list (NaN as null), the PNG as base64.
READ_BACK = """(text) => {
  const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const { header, lanes, png } = window.MP.decode(bytes);
  const list = (a) => (a ? Array.from(a, (v) => (Number.isNaN(v) ? null : v)) : null);
  return {
    header,
    png: btoa(Array.from(png, (b) => String.fromCharCode(b)).join("")),
    lanes: lanes.map((l) => ({
      xy: list(l.xy), loss: list(l.lossValues), distance: list(l.distanceValues),
      avg: l.avg && {
        name: l.avg.name, xy: list(l.avg.xy), loss: list(l.avg.loss), distance: list(l.avg.distance),
      },
    })),
  };
}"""

# The decoder's error for a message (None: it read it).
REFUSAL = """(text) => {
  try { window.MP.decode(Uint8Array.from(atob(text), (c) => c.charCodeAt(0))); return null; }
  catch (error) { return error.message; }
}"""


def rich_message() -> bytes:
    """A message with every optional part: an averaged lane, a diverged one, theory, marks, the inspector's
    arrows (a NaN among them), small multiples, user text with markup in it."""
    land = landscape.compute(Bowl(), resolution=40, image_resolution=80)
    paths = lanes(3, 60, diverge=2)
    average = np.cumsum(paths[0].positions, axis=0) / np.arange(1, 62)[:, None]
    paths[0] = dataclasses.replace(
        paths[0], label='Adam <b>"bold"</b> & 100%', average=average, average_losses=Bowl().value(average)
    )
    arrows = InspectArrows(lane=1, step=5, position=np.ones(2), gradient=np.array([3.0, -4.0]),
                           update=np.array([np.nan, 0.5]))  # fmt: skip
    theory = TheoryOverlay(minimum=np.zeros(2), eigenvectors=np.eye(2), eigenvalues=np.array([1.0, 10.0]),
                           condition_number=10.0)  # fmt: skip
    return player.payload(
        land, paths, minima=Bowl.minima, min_loss=0.0, theory=theory,
        marks=[MarkedPoint((0.5, 0.5), "<i>m</i>")], inspected=player.Inspected(1, 5, arrows),
        layout="multiples", step=20,
        words={"name": "map", "description": "three lanes"},
    )  # fmt: skip


def floats(blob: bytes, where) -> list | None:
    return None if where is None else [None if np.isnan(v) else v for v in player.array(blob, where)]


def test_the_decoder_reads_back_every_field_python_encoded(player_js):
    message = rich_message()
    header, blob = player.unpack(message)
    read = player_js.evaluate(READ_BACK, base64.b64encode(message).decode("ascii"))
    assert read["header"] == header, "the header, field by field"
    assert header["version"] == player.VERSION and header["lanes"][0]["average"] is not None
    offset, count = header["image"]
    assert base64.b64decode(read["png"]) == blob[offset : offset + count]
    for entry, got in zip(header["lanes"], read["lanes"], strict=True):
        for name in ("xy", "loss", "distance"):
            assert got[name] == floats(blob, entry[name]), name  # float32 both sides: exactly equal
        average = entry["average"]
        assert (got["avg"] is None) == (average is None)
        if average is not None:
            assert got["avg"]["name"] == average["name"]
            for name in ("xy", "loss", "distance"):
                assert got["avg"][name] == floats(blob, average[name]), name
    assert None in read["lanes"][2]["xy"], "the diverged lane's NaN rows stay NaN"


def repacked(message: bytes, change) -> str:
    header, blob = player.unpack(message)
    change(header)
    text = json.dumps(header).encode("utf-8")
    text += b" " * ((-len(text)) % 4)
    return base64.b64encode(player.MAGIC + struct.pack("<I", len(text)) + text + blob).decode("ascii")


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (lambda h: h.update(version=h["version"] + 1), "version 2, this player reads 1"),
        (lambda h: h.pop("panels"), "the header lacks panels"),
        (lambda h: h["lanes"][1].pop("end"), "lane 1 lacks end"),
    ],
)
def test_the_decoder_refuses_another_version_or_a_missing_field(player_js, change, error):
    text = repacked(rich_message(), change)
    got = player_js.evaluate(REFUSAL, text)
    assert got is not None and error in got


def test_the_decoder_refuses_another_magic(player_js):
    text = base64.b64encode(b"MAP0" + rich_message()[4:]).decode("ascii")
    got = player_js.evaluate(REFUSAL, text)
    assert got == "not a map player message"
