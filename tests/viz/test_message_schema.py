"""viz.message_schema, the check of every map message's header: it agrees with the ``jsonschema`` package on
real headers and on headers broken one field at a time, and refuses a schema keyword it does not read."""

import copy

import jsonschema
import numpy as np
import pytest

from tests.viz.helpers import Bowl, lanes
from viz import landscape, message_schema, player
from viz.figures import InspectArrows, MarkedPoint, TheoryOverlay

REFERENCE = jsonschema.Draft202012Validator(player.SCHEMA)


@pytest.fixture(scope="module")
def headers():
    land = landscape.compute(Bowl(), resolution=40, image_resolution=80)
    arrows = InspectArrows(
        lane=0, step=3, position=np.ones(2), gradient=np.ones(2), update=np.array([np.nan, 1])
    )
    theory = TheoryOverlay(np.zeros(2), np.eye(2), np.array([1.0, 4.0]), 4.0)
    rich = dict(theory=theory, marks=[MarkedPoint((0, 0), "m")], inspected=player.Inspected(0, 3, arrows))
    messages = [
        player.payload(land, lanes(2, 40, diverge=1), minima=Bowl.minima, **rich),
        player.payload(land, lanes(3, 20), layout="multiples", presenter=True),
        player.payload(land, [], minima=None),
    ]
    return [player.unpack(m)[0] for m in messages]


def agrees(header) -> bool:
    """Both checks give the same verdict; returns it."""
    ours = True
    try:
        message_schema.validate(header, player.SCHEMA)
    except message_schema.SchemaError:
        ours = False
    assert ours == REFERENCE.is_valid(header), header
    return ours


def test_real_headers_pass_both(headers):
    assert all(agrees(h) for h in headers)


BREAKS = [
    lambda h: h.pop("steps"),
    lambda h: h.update(extra=1),
    lambda h: h.update(version=2),
    lambda h: h.update(version=True),
    lambda h: h.update(steps=2.5),
    lambda h: h.update(steps=-1),
    lambda h: h.update(presenter=1),
    lambda h: h.update(line=0),
    lambda h: h.update(window=[[0, 1]]),
    lambda h: h.update(notice=3),
    lambda h: h.update(multiples={"titles": [1]}),
    lambda h: h.update(theory={"lines": []}),
    lambda h: h["colorbar"]["bands"].append("red"),
    lambda h: h["colorbar"]["ticks"].append(["0.5", 1]),
    lambda h: h["speeds"].append(["8x", 0]),
    lambda h: h["panels"]["distance"].pop("none"),
    lambda h: h["panels"]["loss"].update(range=[1, None]),
    lambda h: h["lanes"][0].pop("xy"),
    lambda h: h["lanes"][0].update(end=-2),
    lambda h: h["lanes"][0].update(cross={"step": 1}),
    lambda h: h["lanes"][0].update(average={"name": "a", "xy": [0, 2], "loss": None, "distance": [4]}),
    lambda h: h["inspected"]["arrows"].update(update=["a", 1]),
    lambda h: h["text"].update(name=None),
]


@pytest.mark.parametrize("k", range(len(BREAKS)))
def test_a_header_broken_in_one_field_fails_both(headers, k):
    header = copy.deepcopy(headers[0])
    BREAKS[k](header)
    assert not agrees(header)


def test_a_keyword_it_does_not_read_is_refused():
    message_schema.check_schema(player.SCHEMA)
    with pytest.raises(message_schema.SchemaError, match="uniqueItems"):
        message_schema.check_schema({**player.SCHEMA, "properties": {"a": {"uniqueItems": True}}})
