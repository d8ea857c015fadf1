"""The landscape under the paths: a grid of loss values and its raster contour image.

Levels are linear, or logarithmic when the surface has a huge dynamic range (Rosenbrock: linear bands would
paint almost the whole map in one colour and hide the valley). With ``q = f - f_lo`` over the window and
``spread = f_hi - f_lo``, log levels are evenly spaced in ``w = log10(q + delta)`` with
``delta = 1e-5 spread``, so each band spans the same factor of loss above the lowest value.

When even those bands would leave most of the map in one colour (``1/(x^2 + y^2)``: a spike of 10^4 over a
plain near 0.1), the levels are the quantiles of the loss over the window ("quantile"): every band then
covers the same share of the map, and the colour bar names the loss at each band's edge.
"""

from dataclasses import dataclass, field

import numpy as np

from viz.png import data_uri, encode_png

# A light sequential ramp (low -> high): every lane colour keeps its contrast on every band, on a screen
# and on a washed-out projector. Low losses are the coolest and darkest so the eye finds the minimum first.
RAMP = (
    (0.00, (143, 179, 206)),
    (0.25, (189, 213, 226)),
    (0.50, (228, 236, 232)),
    (0.75, (245, 235, 212)),
    (1.00, (238, 206, 178)),
)
ISO_LINE_RGB = np.array([96, 104, 116], dtype=float)
ISO_LINE_ALPHA = 0.55
NON_FINITE_RGB = (200, 200, 200)
LOG_THRESHOLD = 50.0  # log levels when the 90th percentile of f - f_lo is 50 times its 10th percentile
LOG_DELTA = 1e-5
CROWDED = 0.5  # quantile levels when one band would cover more than half of the map


@dataclass(frozen=True, eq=False)
class Landscape:
    """A sampled loss surface over a window, ready to draw.

    ``x (nx,)``, ``y (ny,)``, ``z (ny, nx)`` (``z[i, j] = f(x[j], y[i])``, NaN where not finite);
    ``scale`` is "log" or "linear"; ``levels`` the ``n_levels + 1`` loss values bounding the colour bands;
    ``image`` a PNG data URI of the bands with iso-lines (row 0 = top of the window); ``bands`` the band index
    of every image pixel (uint8, 255 where not finite), kept so smaller images can be made for small panels.
    """

    window: tuple[tuple[float, float], tuple[float, float]]
    x: np.ndarray
    y: np.ndarray
    z: np.ndarray
    scale: str
    levels: np.ndarray
    z_low: float
    z_high: float
    delta: float
    image: str
    bands: np.ndarray = field(repr=False)
    title: str = ""
    notice: str | None = None

    @property
    def n_levels(self) -> int:
        return len(self.levels) - 1

    def normalize(self, values) -> np.ndarray:
        """Map losses to [0, 1] the way the colours do (log or linear); non-finite stays NaN."""
        values = np.asarray(values, dtype=float)
        with np.errstate(all="ignore"):
            if self.scale == "quantile":
                t = np.interp(values, self.levels, np.linspace(0.0, 1.0, len(self.levels)))
                t = np.where(np.isfinite(values), t, np.nan)
            elif self.scale == "log":
                low, high = np.log10(self.delta), np.log10(self.z_high - self.z_low + self.delta)
                t = (np.log10(np.maximum(values - self.z_low, 0.0) + self.delta) - low) / (high - low)
            else:
                span = self.z_high - self.z_low
                t = (values - self.z_low) / span if span > 0 else np.zeros_like(values)
        return np.clip(t, 0.0, 1.0)


def ramp_rgb(t: np.ndarray) -> np.ndarray:
    """Colours of the ramp at positions ``t`` in [0, 1], shape ``(..., 3)`` floats in 0..255."""
    stops = np.array([s for s, _ in RAMP])
    colours = np.array([c for _, c in RAMP], dtype=float)
    return np.stack([np.interp(t, stops, colours[:, k]) for k in range(3)], axis=-1)


def colorscale(n_levels: int = 20) -> list[list]:
    """A plotly colourscale with the same stepped bands as the image (for a colourbar)."""
    scale = []
    for k in range(n_levels):
        r, g, b = ramp_rgb(np.array((k + 0.5) / n_levels)).round().astype(int)
        colour = f"rgb({r},{g},{b})"
        scale += [[k / n_levels, colour], [(k + 1) / n_levels, colour]]
    return scale


def render_bands(bands: np.ndarray, n_levels: int) -> np.ndarray:
    """Colour a band-index raster and draw thin iso-lines where the band changes, ``(h, w, 3)`` uint8."""
    finite = bands != 255
    centres = (np.minimum(bands, n_levels - 1) + 0.5) / n_levels
    rgb = ramp_rgb(centres)
    rgb[~finite] = NON_FINITE_RGB
    # An iso-line pixel is one whose right or lower neighbour lies in another band: one pixel wide lines.
    edge = np.zeros(bands.shape, dtype=bool)
    edge[:, :-1] |= bands[:, :-1] != bands[:, 1:]
    edge[:-1, :] |= bands[:-1, :] != bands[1:, :]
    edge &= finite
    rgb[edge] = (1 - ISO_LINE_ALPHA) * rgb[edge] + ISO_LINE_ALPHA * ISO_LINE_RGB
    return np.clip(rgb.round(), 0, 255).astype(np.uint8)


def _grid(window, nx: int, ny: int):
    (x_min, x_max), (y_min, y_max) = window
    # Cell centres, so that the image pixels sit exactly on the window.
    x = x_min + (np.arange(nx) + 0.5) * (x_max - x_min) / nx
    y = y_min + (np.arange(ny) + 0.5) * (y_max - y_min) / ny
    return x, y


def _evaluate(surface, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    X, Y = np.meshgrid(x, y)
    points = np.stack([X, Y], axis=-1)
    with np.errstate(all="ignore"):
        try:
            z = np.asarray(surface.value(points), dtype=float)
        except (ArithmeticError, ValueError, TypeError):
            # Some user expressions do not broadcast: evaluate point by point rather than fail.
            z = np.array([[_safe_value(surface, p) for p in row] for row in points])
    if z.shape != X.shape:
        z = np.broadcast_to(z, X.shape).astype(float)
    return np.where(np.isfinite(z), z, np.nan)


def _safe_value(surface, point) -> float:
    try:
        return float(surface.value(point))
    except (ArithmeticError, ValueError, TypeError):
        return np.nan


def _shape(window, resolution: int) -> tuple[int, int]:
    (x_min, x_max), (y_min, y_max) = window
    width, height = x_max - x_min, y_max - y_min
    if width >= height:
        return resolution, max(2, round(resolution * height / width))
    return max(2, round(resolution * width / height)), resolution


def _check_window(window):
    try:
        (x_min, x_max), (y_min, y_max) = window
        x_min, x_max, y_min, y_max = (float(v) for v in (x_min, x_max, y_min, y_max))
    except (TypeError, ValueError) as error:
        raise ValueError(f"window must be ((x_min, x_max), (y_min, y_max)), got {window!r}") from error
    if not all(np.isfinite([x_min, x_max, y_min, y_max])) or x_min >= x_max or y_min >= y_max:
        raise ValueError(f"window must be finite with x_min < x_max and y_min < y_max, got {window!r}")
    return (x_min, x_max), (y_min, y_max)


def choose_scale(z: np.ndarray) -> str:
    """ "log" when linear bands would waste the colours on a huge dynamic range.

    With ``q = f - min f`` over the window, the ratio of its 90th to its 10th percentile is about 10 for a
    round bowl, 20-30 for a ravine or Booth, 100 for Rosenbrock and thousands for Beale: above
    ``LOG_THRESHOLD`` most of the map would fall into the lowest linear band.
    """
    finite = z[np.isfinite(z)]
    if finite.size == 0:
        return "linear"
    q = finite - finite.min()
    p10, p90 = np.percentile(q, [10, 90])
    if p90 <= 0:
        return "linear"
    return "log" if p10 <= 0 or p90 / p10 > LOG_THRESHOLD else "linear"


def _levels(scale: str, z_low, z_high, delta, n_levels: int, z_image) -> np.ndarray:
    """The ``n_levels + 1`` band edges (fewer for quantiles of a loss with repeated values)."""
    if scale == "log":
        w = np.linspace(np.log10(delta), np.log10(z_high - z_low + delta), n_levels + 1)
        levels = z_low + 10.0**w - delta
    elif scale == "quantile":
        finite = z_image[np.isfinite(z_image)]
        levels = np.unique(np.quantile(finite, np.linspace(0.0, 1.0, n_levels + 1))) if finite.size else []
        if len(levels) < 2:
            levels = np.array([z_low, z_high])
    else:
        levels = np.linspace(z_low, z_high, n_levels + 1)
    levels = np.array(levels, dtype=float)
    levels[0], levels[-1] = z_low, z_high
    return levels


def _largest_band_share(z_image, scale, levels, z_low, z_high, delta) -> float:
    """The share of the finite pixels that fall into the most crowded band."""
    probe = Landscape(((0, 1), (0, 1)), None, None, None, scale, levels, z_low, z_high, delta, "", None)
    t = probe.normalize(z_image[np.isfinite(z_image)])
    if t.size == 0:
        return 0.0
    n = len(levels) - 1
    return float(np.bincount(np.minimum((t * n).astype(int), n - 1), minlength=n).max() / t.size)


def compute(
    surface,
    window=None,
    resolution: int = 160,
    *,
    image_resolution: int = 480,
    n_levels: int = 20,
    scale: str | None = None,
) -> Landscape:
    """Sample ``surface.value`` over ``window`` (default ``surface.window``) and draw its contour raster.

    ``resolution`` is the number of grid cells along the longer side of the window (for hover, 3D and the
    colour range); ``image_resolution`` the same for the PNG. ``scale`` forces "log", "linear" or "quantile"
    levels; by default it is chosen from the data (``choose_scale``, then quantiles when one band would
    cover more than half of the map). Pure: the page caches the result.
    """
    window = _check_window(surface.window if window is None else window)
    if scale not in (None, "log", "linear", "quantile"):
        raise ValueError(f"scale must be None, 'log', 'linear' or 'quantile', got {scale!r}")
    resolution = int(np.clip(resolution, 8, 2000))
    image_resolution = int(np.clip(image_resolution, 16, 4000))
    n_levels = int(np.clip(n_levels, 2, 250))

    x, y = _grid(window, *_shape(window, resolution))
    z = _evaluate(surface, x, y)
    ix, iy = _grid(window, *_shape(window, image_resolution))
    z_image = _evaluate(surface, ix, iy)
    title = getattr(surface, "title", "") or getattr(surface, "name", "")
    return _assemble(window, x, y, z, z_image, scale, n_levels, title)


def from_grid(x, y, z, *, image_resolution: int = 320, n_levels: int = 20, title: str = "") -> Landscape:
    """The :class:`Landscape` of loss values already computed on a grid: ``z[i, j]`` at ``(x[j], y[i])``,
    ``x`` and ``y`` increasing and evenly spaced (a network's loss over a plane, where every value costs a
    pass over the data). The image's pixels are interpolated bilinearly between the grid's values, so its
    bands follow the grid, not a finer sampling of the loss.
    """
    x, y, z = np.asarray(x, float), np.asarray(y, float), np.asarray(z, float)
    if x.ndim != 1 or y.ndim != 1 or z.shape != (len(y), len(x)) or min(len(x), len(y)) < 2:
        raise ValueError(f"z must be (len(y), len(x)) with two points or more per axis, got {z.shape}")
    window = _check_window(((float(x[0]), float(x[-1])), (float(y[0]), float(y[-1]))))
    ix, iy = _grid(window, *_shape(window, int(np.clip(image_resolution, 16, 4000))))
    z_image = _bilinear(x, y, z, ix, iy)
    return _assemble(window, x, y, z, z_image, None, int(np.clip(n_levels, 2, 250)), title)


def _bilinear(x, y, z, ix, iy) -> np.ndarray:
    """``z`` interpolated at the grid ``(ix, iy)``: rows along ``iy``, columns along ``ix`` (NaN spreads to
    the pixels next to a NaN value)."""
    column = np.clip(np.interp(ix, x, np.arange(len(x))), 0, len(x) - 1)
    row = np.clip(np.interp(iy, y, np.arange(len(y))), 0, len(y) - 1)
    c0, r0 = np.minimum(column.astype(int), len(x) - 2), np.minimum(row.astype(int), len(y) - 2)
    tc, tr = (column - c0)[None, :], (row - r0)[:, None]
    top = z[r0][:, c0] * (1 - tc) + z[r0][:, c0 + 1] * tc
    bottom = z[r0 + 1][:, c0] * (1 - tc) + z[r0 + 1][:, c0 + 1] * tc
    return top * (1 - tr) + bottom * tr


def _assemble(window, x, y, z, z_image, scale, n_levels: int, title: str) -> Landscape:
    """The levels, colour bands and PNG of a sampled landscape (``z`` for the figures, ``z_image`` for the
    picture)."""
    both = np.concatenate([z.ravel(), z_image.ravel()])
    finite = both[np.isfinite(both)]
    notice = None
    if finite.size == 0:
        notice = "the loss is not finite anywhere in this window"
        z_low, z_high = 0.0, 1.0
    else:
        z_low, z_high = float(finite.min()), float(finite.max())
        if z_high <= z_low:
            notice = "the loss is constant over this window"
            z_high = z_low + 1.0
    forced = scale
    scale = scale or choose_scale(z_image)
    delta = LOG_DELTA * (z_high - z_low)
    levels = _levels(scale, z_low, z_high, delta, n_levels, z_image)
    if forced is None and scale != "quantile" and notice is None:
        share = _largest_band_share(z_image, scale, levels, z_low, z_high, delta)
        quantiles = _levels("quantile", z_low, z_high, delta, n_levels, z_image)
        if share > CROWDED and len(quantiles) > 3:
            scale, levels = "quantile", quantiles
    n_levels = len(levels) - 1

    landscape = Landscape(
        window=window,
        x=x,
        y=y,
        z=z,
        scale=scale,
        levels=levels,
        z_low=z_low,
        z_high=z_high,
        delta=delta,
        image="",
        bands=np.zeros((0, 0), np.uint8),
        title=title,
        notice=notice,
    )
    t = landscape.normalize(z_image)
    finite = np.isfinite(z_image)
    index = np.minimum((np.where(finite, t, 0.0) * n_levels).astype(int), n_levels - 1)
    bands = np.where(finite, index, 255)
    bands = bands[::-1].astype(np.uint8)  # image row 0 is the top of the window (largest y)
    image = data_uri(encode_png(render_bands(bands, n_levels)))
    object.__setattr__(landscape, "bands", bands)
    object.__setattr__(landscape, "image", image)
    return landscape
