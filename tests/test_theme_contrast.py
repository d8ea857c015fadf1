"""The theme's text colour keeps captions and help text at WCAG AA contrast (4.5:1) on every background.

Streamlit draws ``st.caption`` (and widget help) as the theme's text colour at 60 % opacity (measured in
Chromium: the caption's container has ``opacity: 0.6``); the backgrounds are the light theme's page, sidebar
and secondary background. tests/browser/test_accessibility.py checks the pages themselves with axe-core.
"""

import pathlib
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[1]
CAPTION_OPACITY = 0.6
BACKGROUNDS = {"page": "#FFFFFF", "sidebar": "#F8F8F7", "secondary": "#F1F0EE"}
AA_TEXT = 4.5


def rgb(hex_colour: str) -> tuple[float, float, float]:
    text = hex_colour.lstrip("#")
    return tuple(int(text[i : i + 2], 16) / 255 for i in (0, 2, 4))


def luminance(colour) -> float:
    """WCAG 2 relative luminance of an sRGB colour (components 0..1)."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in colour]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b) -> float:
    low, high = sorted((luminance(a), luminance(b)))
    return (high + 0.05) / (low + 0.05)


def blend(front, back, alpha: float):
    return tuple(alpha * f + (1 - alpha) * b for f, b in zip(front, back, strict=True))


def test_contrast_matches_wcag_examples():
    assert round(contrast(rgb("#000000"), rgb("#FFFFFF")), 2) == 21.0
    assert round(contrast(rgb("#767676"), rgb("#FFFFFF")), 2) == 4.54  # the lightest AA grey on white


def test_captions_in_the_theme_reach_aa_contrast_on_every_background():
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    text = rgb(theme["textColor"])
    ratios = {}
    for name, back in BACKGROUNDS.items():
        ratios[name] = contrast(blend(text, rgb(back), CAPTION_OPACITY), rgb(back))
    assert all(ratio >= AA_TEXT for ratio in ratios.values()), ratios
    default = rgb("#2F2D2B")  # Streamlit's own text colour: its captions were 3.8:1 on the sidebar
    assert contrast(blend(default, rgb("#F8F8F7"), CAPTION_OPACITY), rgb("#F8F8F7")) < AA_TEXT
