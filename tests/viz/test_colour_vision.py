"""Colour is never the only carrier, and what colour carries survives a red-green colour-vision deficiency.

Deuteranopia and protanopia are simulated with Machado, Oliveira and Fernandes (2009), severity 1, applied
in linear RGB (the model Chromium's ``Emulation.setEmulatedVisionDeficiency`` uses too); distances are CIE
1976 ΔE in L*a*b* (D65). Lanes and classes also differ by shape (dash and symbol), and the landscape's ramp
runs from blue to yellow, the axis these deficiencies keep.
"""

import itertools

import numpy as np
import pytest

from viz.explorer_basins import BASIN_COLORS
from viz.landscape import ramp_rgb
from viz.network import CLASS_COLORS, CLASS_SYMBOLS, region_colours
from viz.palette import LANE_COLORS, LANE_DASHES, LANE_SYMBOLS

DEFICIENCIES = {
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),
}
SRGB_TO_XYZ = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
WHITE = np.array([0.95047, 1.0, 1.08883])
CLEARLY_APART = 15.0  # ΔE: two colours a glance tells apart (2.3 is a just noticeable difference)


def linear(srgb):
    srgb = np.asarray(srgb, dtype=float)
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def hex_rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])


def lab(linear_rgb) -> np.ndarray:
    t = (SRGB_TO_XYZ @ np.clip(linear_rgb, 0, 1)) / WHITE
    f = np.where(t > 0.008856, np.cbrt(t), 7.787 * t + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def seen(colour: str, deficiency: str) -> np.ndarray:
    return lab(DEFICIENCIES[deficiency] @ linear(hex_rgb(colour)))


def test_the_simulation_keeps_grey_and_merges_red_with_green():
    for deficiency in DEFICIENCIES:
        assert np.allclose(seen("#808080", deficiency), lab(linear(hex_rgb("#808080"))), atol=0.6)
    red, green = seen("#CC3333", "deuteranopia"), seen("#669933", "deuteranopia")
    assert np.linalg.norm(red - green) < 0.5 * np.linalg.norm(
        lab(linear(hex_rgb("#CC3333"))) - lab(linear(hex_rgb("#669933")))
    )


def test_every_two_lanes_differ_in_dash_and_symbol_not_only_in_colour():
    assert len(set(LANE_DASHES)) == len(set(LANE_SYMBOLS)) == len(LANE_COLORS)


def test_every_two_classes_differ_in_marker_shape():
    assert len(set(CLASS_SYMBOLS)) == len(CLASS_SYMBOLS) >= len(CLASS_COLORS)


# the lab's decision regions: each class's colour where the network is certain, mixed with white
CLASS_REGIONS = tuple("#" + "".join(f"{v:02X}" for v in c) for c in region_colours(np.eye(len(CLASS_COLORS))))


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
@pytest.mark.parametrize(
    "colours",
    [LANE_COLORS, CLASS_COLORS, CLASS_REGIONS, BASIN_COLORS],
    ids=["lanes", "classes", "class regions", "explorer basins"],
)
def test_lane_class_and_basin_colours_stay_apart_under_a_red_green_deficiency(colours, deficiency):
    distances = {
        (a, b): float(np.linalg.norm(seen(a, deficiency) - seen(b, deficiency)))
        for a, b in itertools.combinations(colours, 2)
    }
    assert min(distances.values()) > CLEARLY_APART, sorted(distances.items(), key=lambda item: item[1])[:3]


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
def test_the_landscape_ramp_runs_from_blue_to_yellow_for_every_viewer(deficiency):
    colours = ramp_rgb(np.linspace(0.0, 1.0, 41)) / 255
    b_star = [lab(DEFICIENCIES[deficiency] @ linear(c))[2] for c in colours]
    assert np.all(np.diff(b_star) > 0)  # low losses bluer, high losses yellower, at every step of the ramp
    assert b_star[-1] - b_star[0] > 25
