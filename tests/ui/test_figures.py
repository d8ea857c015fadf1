"""The page model and the plotting layer agree on the facts both need (viz cannot import the page model)."""

from playground.state import LAYOUTS, MAX_LANES
from viz.figures import LAYOUTS as VIZ_LAYOUTS
from viz.palette import palette


def test_the_page_offers_exactly_the_layouts_the_map_draws():
    assert LAYOUTS == VIZ_LAYOUTS


def test_every_lane_the_page_allows_gets_its_own_colour_dash_and_marker():
    styles = palette(MAX_LANES)
    assert len({(s.color, s.dash, s.symbol) for s in styles}) == MAX_LANES
    assert len({s.color for s in styles}) == MAX_LANES
