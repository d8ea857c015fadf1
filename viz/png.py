"""A minimal PNG encoder (truecolour, 8 bits per channel) written with zlib and struct only.

The landscape is drawn as a raster image because plotly.js drops contour and heatmap traces from the drawing
when frames animate with ``redraw: false``; a layout image is left alone by the animation.
"""

import base64
import struct
import zlib

import numpy as np

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, payload: bytes) -> bytes:
    # A chunk is length, type, payload and the CRC-32 of type + payload.
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def encode_png(rgb: np.ndarray, *, level: int = 9) -> bytes:
    """Encode an ``(height, width, 3)`` uint8 array (row 0 at the top) as PNG bytes.

    Every row uses the "Sub" filter (each byte minus the byte one pixel to its left): flat colour bands become
    runs of zeros, which deflate compresses to almost nothing.
    """
    rgb = np.asarray(rgb)
    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.dtype != np.uint8:
        raise ValueError(f"expected an (height, width, 3) uint8 array, got {rgb.dtype} {rgb.shape}")
    height, width, _ = rgb.shape
    if height == 0 or width == 0:
        raise ValueError("cannot encode an empty image")
    rows = rgb.reshape(height, width * 3).astype(np.int16)
    filtered = rows.copy()
    filtered[:, 3:] = rows[:, 3:] - rows[:, :-3]
    filtered = (filtered % 256).astype(np.uint8)
    scanlines = np.hstack([np.ones((height, 1), np.uint8), filtered])  # filter type 1 = Sub
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit truecolour, no interlace
    return (
        PNG_SIGNATURE
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(scanlines.tobytes(), level))
        + _chunk(b"IEND", b"")
    )


def data_uri(png: bytes) -> str:
    """A ``data:image/png;base64,...`` URI for a layout image."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
