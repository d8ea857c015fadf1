"""The lane palette: six lanes that differ in colour, dash and marker, none of them yellow."""

import pytest

from viz.palette import LANE_COLORS, STYLES, lane_style, palette


def test_six_lanes_differ_in_colour_dash_and_symbol():
    assert STYLES == 6
    styles = palette(STYLES)
    assert len({s.color for s in styles}) == STYLES
    assert len({s.dash for s in styles}) == STYLES
    assert len({s.symbol for s in styles}) == STYLES


def test_palette_is_okabe_ito_without_yellow():
    okabe_ito = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}
    assert set(LANE_COLORS) <= okabe_ito
    assert "#F0E442" not in LANE_COLORS  # yellow vanishes on white and on a projector


def test_user_colour_keeps_the_dash_and_symbol_of_the_lane():
    own = lane_style(2, "#123456")
    assert own.color == "#123456"
    assert (own.dash, own.symbol) == (lane_style(2).dash, lane_style(2).symbol)


def test_indices_wrap_after_six():
    assert lane_style(6) == lane_style(0)


@pytest.mark.parametrize("bad", [-1, 1.5, "0", True])
def test_bad_index_is_a_clear_error(bad):
    with pytest.raises(ValueError, match="lane index"):
        lane_style(bad)
