"""PNG bytes of the landscape raster, written by Pillow, and the data URI a layout image needs.

The landscape is drawn as a raster image because plotly.js drops contour and heatmap traces from the drawing
when frames animate with ``redraw: false``; a layout image is left alone by the animation.

A contour raster has few distinct colours (one per band, one per band's iso-line, one for "not finite"), so
it is stored in palette mode with an exact palette: lossless, and smaller than truecolour. An image with
more than 256 colours is stored as truecolour.
"""

import base64
import io

import numpy as np
from PIL import Image

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PALETTE_SIZE = 256


def _palette_image(rgb: np.ndarray) -> Image.Image | None:
    """The image in palette mode with exactly its own colours, or None when it has too many."""
    height, width, _ = rgb.shape
    flat = rgb.reshape(-1, 3).astype(np.uint32)
    # One integer per colour: a 1-D unique is many times faster than a unique over rows.
    keys, index = np.unique((flat[:, 0] << 16) | (flat[:, 1] << 8) | flat[:, 2], return_inverse=True)
    if len(keys) > PALETTE_SIZE:
        return None
    colours = np.stack([keys >> 16, (keys >> 8) & 255, keys & 255], axis=1)
    image = Image.frombytes("P", (width, height), index.astype(np.uint8).tobytes())
    image.putpalette(colours.astype(np.uint8).ravel().tolist())
    return image


def encode_png(rgb: np.ndarray) -> bytes:
    """Encode an ``(height, width, 3)`` uint8 array (row 0 at the top) as PNG bytes, losslessly."""
    rgb = np.asarray(rgb)
    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.dtype != np.uint8:
        raise ValueError(f"expected an (height, width, 3) uint8 array, got {rgb.dtype} {rgb.shape}")
    if rgb.shape[0] == 0 or rgb.shape[1] == 0:
        raise ValueError("cannot encode an empty image")
    image = _palette_image(rgb) or Image.fromarray(np.ascontiguousarray(rgb))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def data_uri(png: bytes) -> str:
    """A ``data:image/png;base64,...`` URI for a layout image."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
