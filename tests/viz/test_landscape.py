"""The landscape raster: grid, levels, and a PNG that matches the window."""

import base64

import numpy as np
import pytest

from tests.viz.helpers import WINDOW, Bowl, Valley
from tests.viz.test_png import decode_png
from viz import landscape


def png_of(land) -> np.ndarray:
    return decode_png(base64.b64decode(land.image.split(",", 1)[1]))


def test_grid_follows_the_window_with_square_pixels():
    land = landscape.compute(Bowl(), resolution=80, image_resolution=200)
    assert land.z.shape == (40, 80)  # the window is twice as wide as it is tall
    assert land.x[0] > WINDOW[0][0] and land.x[-1] < WINDOW[0][1]
    assert png_of(land).shape == (100, 200, 3)


def test_a_bowl_gets_linear_levels_and_a_valley_log_levels():
    assert landscape.compute(Bowl()).scale == "linear"
    valley = landscape.compute(Valley())
    assert valley.scale == "log"
    # log levels: each band spans the same factor of loss above the minimum
    gaps = np.diff(np.log10(valley.levels[1:-1] - valley.z_low + valley.delta))
    assert np.allclose(gaps, gaps[0])


def test_image_is_a_few_tens_of_kilobytes_with_iso_lines():
    land = landscape.compute(Valley())
    assert len(land.image) < 60_000
    pixels = png_of(land)
    colours = {tuple(p) for p in pixels.reshape(-1, 3)}
    assert len(colours) > land.n_levels  # bands plus darker iso-line pixels


def test_the_minimum_is_drawn_in_the_lowest_band_at_the_top_row_convention():
    land = landscape.compute(Bowl(), image_resolution=200)
    rows, cols = land.bands.shape
    assert land.bands[rows // 2, cols // 2] == 0  # the minimum (0, 0) sits at the centre
    assert land.bands[0, 0] > 0


def test_non_finite_values_are_grey_and_do_not_break_the_levels():
    class Log:
        window = ((-1.0, 1.0), (-1.0, 1.0))

        def value(self, p):
            p = np.asarray(p, dtype=float)
            with np.errstate(all="ignore"):
                return np.log(p[..., 0])

    land = landscape.compute(Log(), image_resolution=100)
    assert np.isfinite(land.z_low) and np.isfinite(land.z_high)
    assert (land.bands == 255).any()
    assert tuple(png_of(land)[50, 10]) == landscape.NON_FINITE_RGB


def test_constant_surface_says_so():
    class Flat:
        window = ((0.0, 1.0), (0.0, 1.0))

        def value(self, p):
            return np.zeros(np.shape(p)[:-1])

    assert "constant" in landscape.compute(Flat()).notice


@pytest.mark.parametrize("window", [((1, 0), (0, 1)), ((0, 1), (0, np.inf)), "nonsense"])
def test_bad_windows_are_clear_errors(window):
    with pytest.raises(ValueError, match="window"):
        landscape.compute(Bowl(), window=window)


def test_engine_surfaces_draw():
    import surfaces

    rosenbrock = landscape.compute(surfaces.get("rosenbrock"), resolution=60, image_resolution=120)
    assert rosenbrock.scale == "log"
    for name in surfaces.names():
        land = landscape.compute(surfaces.get(name), resolution=40, image_resolution=80)
        assert land.image.startswith("data:image/png;base64,"), name
