"""The page model and the plotting layer share their facts: one definition, and the page asks no more than
the plotting layer can draw."""

import choices
import viz.player
from playground import state
from viz.palette import STYLES, palette


def test_the_page_and_the_map_read_the_one_list_of_layouts():
    assert state.LAYOUTS is choices.LAYOUTS and viz.player.LAYOUTS is choices.LAYOUTS


def test_every_lane_the_page_allows_gets_its_own_colour_dash_and_marker():
    assert state.MAX_LANES <= STYLES
    styles = palette(state.MAX_LANES)
    assert len({(s.color, s.dash, s.symbol) for s in styles}) == state.MAX_LANES
    assert len({s.color for s in styles}) == state.MAX_LANES
