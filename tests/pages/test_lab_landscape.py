"""The Network lab's landscape section under AppTest: off by default (nothing computed), drawn when asked
with the plane's explained variance and gap stated, and not drawn, with the reason, when it would not fit
what the budget left."""

from __future__ import annotations

import functools

import optimizers
import training
from tests.pages.helpers import open_page
from ui import lab_landscape

open_lab = functools.partial(open_page, page="network_lab", timeout=180)
SPEC = training.NetworkSpec(dataset="two_moons", hidden=(6,), activation="tanh", init="xavier_uniform")


def _words(app) -> str:
    return "\n".join(str(e.value) for e in [*app.markdown, *app.caption, *app.info]).replace("\\", "")


def test_the_path_is_drawn_when_asked_with_what_the_plane_misses():
    app = open_lab({"steps": "60"})
    assert "The plane shows" not in _words(app)
    app.toggle(key="nl_landscape").set_value(True).run()
    assert not app.exception, app.exception
    words = _words(app)
    assert "The plane shows" in words and "of the path's movement" in words
    assert "differs from the run's recorded training loss by up to" in words
    assert "grid" in words


def test_the_finest_grid_that_fits_what_the_budget_left():
    run = training.train(SPEC, optimizers.get("adam", lr=0.05), 20, checkpoints=5)
    assert lab_landscape._fitting_grid(SPEC, run, 1e6)[0] == lab_landscape.GRIDS[0]
    grid, price = lab_landscape._fitting_grid(SPEC, run, 0.0)
    assert grid is None and price > 0  # then the page says what it would cost instead of drawing
    middle = lab_landscape._fitting_grid(SPEC, run, lab_landscape._fitting_grid(SPEC, run, 1e6)[1] * 0.6)
    assert middle[0] in lab_landscape.GRIDS[1:]
