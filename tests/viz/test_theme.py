"""One rule sizes the map for the screen, and presenter text stays readable from the back of a hall."""

import pytest

from tests.viz.helpers import Bowl, lanes
from viz import landscape, player, theme


def test_the_map_takes_the_rest_of_the_window_below_its_top():
    assert theme.fitted_height(700, (1920, 1080, 150)) == 1080 - 150 - theme.SCREEN_GAP
    assert theme.fitted_height(700, (1280, 720, 120)) == 720 - 120 - theme.SCREEN_GAP


def test_until_the_browser_reports_or_on_a_phone_the_map_keeps_its_natural_height():
    assert theme.fitted_height(700, None) == 700
    assert theme.fitted_height(700, (1400, 900, None)) == 700  # the map is not on the page yet
    assert theme.fitted_height(700, (390, 844, 300)) == 700  # a phone scrolls instead


@pytest.mark.parametrize(("top", "expected"), [(700, theme.MIN_MAP_HEIGHT), (-5000, theme.MAX_MAP_HEIGHT)])
def test_the_fitted_height_stays_within_limits(top, expected):
    assert theme.fitted_height(700, (1400, 900, top)) == expected


def test_presenter_text_is_24_px_or_more_and_a_laptops_on_a_phone():
    assert theme.presenter_font((1920, 1080, 0)) == theme.presenter_font((1280, 720, 0)) == 24
    assert theme.presenter_font(None) == player.PRESENTER_FONT == 24  # before the browser has reported
    assert theme.Look.of(True).font - 2 >= 24  # Plotly's tick labels
    assert theme.presenter_font((390, 844, 0)) == theme.Look.of(False).font


def test_the_player_message_carries_the_presenter_font():
    bowl = landscape.compute(Bowl(), resolution=30, image_resolution=60)
    paths = lanes(1, 10)

    def header(**options):
        return player.unpack(player.payload(bowl, paths, minima=Bowl.minima, **options))[0]

    assert header(presenter=True, font=20)["font"] == 20
    assert header(presenter=True)["font"] >= theme.PRESENTER_FONT
    assert header()["font"] == theme.Look.of(False).font


def test_a_legend_swatch_names_a_colour_and_draws_nothing_on_the_axes():
    swatch = theme.legend_swatch("diverged", "#D62728")
    assert swatch["name"] == "diverged" and swatch["marker"]["color"] == "#D62728"
    assert swatch["x"] == [None] and swatch["y"] == [None]


def test_a_figures_presenter_text_follows_the_window_as_the_pages_text_does():
    sizes = [theme.presenter_chart_font((w, h, 0)) for w, h in ((1280, 720), (1920, 1080), (3840, 2160))]
    assert sizes == [18, 24, 32]  # the page's clamp(18px, min(2.25vh, 1.3vw), 32px)


def test_scaled_text_keeps_the_figures_proportions_and_leaves_the_figure_alone():
    figure = {
        "data": [{"type": "scatter", "x": [1, 2], "textfont": {"size": 14, "color": "#000"}}],
        "layout": {
            "font": {"family": "Arial", "size": 12},
            "annotations": [{"text": "a", "font": {"size": 18}}, {"text": "b"}],
            "xaxis": {"title": {"text": "x", "font": {"size": 10}}, "range": [0, 3]},
        },
        "frames": [{"data": [{"textfont": {"size": 14}}]}],
    }
    big = theme.scaled_text(figure, 24)
    assert big["layout"]["font"] == {"family": "Arial", "size": 24}
    assert [a.get("font") for a in big["layout"]["annotations"]] == [{"size": 36}, None]
    assert big["layout"]["xaxis"]["title"]["font"]["size"] == 20 and big["layout"]["xaxis"]["range"] == [0, 3]
    assert big["data"][0]["textfont"] == {"size": 28, "color": "#000"} and big["data"][0]["x"] == [1, 2]
    assert big["frames"][0]["data"][0]["textfont"]["size"] == 28
    # what the figure leaves to Streamlit's template (ticks at 12 px, the legend) gets the size too
    assert big["layout"]["xaxis"]["tickfont"] == big["layout"]["legend"]["font"] == {"size": 24}
    assert figure["layout"]["font"]["size"] == 12 and figure["data"][0]["textfont"]["size"] == 14
