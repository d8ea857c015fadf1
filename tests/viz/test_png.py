"""The PNG writer: read its bytes back with Pillow and get exactly the same pixels."""

import base64
import io

import numpy as np
import pytest
from PIL import Image

from tests.viz.helpers import Bowl
from viz import landscape
from viz.png import PNG_SIGNATURE, data_uri, encode_png


def decode_png(data: bytes) -> np.ndarray:
    assert data[:8] == PNG_SIGNATURE
    image = Image.open(io.BytesIO(data))
    image.load()  # checks every chunk's CRC
    return np.asarray(image.convert("RGB"))


def test_png_round_trips_exactly():
    rng = np.random.default_rng(0)
    image = rng.integers(0, 256, size=(7, 11, 3), dtype=np.uint8)
    assert np.array_equal(decode_png(encode_png(image)), image)


def test_an_image_with_more_colours_than_a_palette_round_trips_as_truecolour():
    rng = np.random.default_rng(1)
    image = rng.integers(0, 256, size=(40, 40, 3), dtype=np.uint8)  # about 1,600 colours
    data = encode_png(image)
    assert Image.open(io.BytesIO(data)).mode == "RGB"
    assert np.array_equal(decode_png(data), image)


def test_contour_raster_is_stored_with_an_exact_palette():
    land = landscape.compute(Bowl(), resolution=40, image_resolution=200)
    rgb = landscape.render_bands(land.bands, land.n_levels)
    data = encode_png(rgb)
    assert Image.open(io.BytesIO(data)).mode == "P"
    assert np.array_equal(decode_png(data), rgb)  # the same colour in every pixel


def test_flat_bands_compress_to_little():
    image = np.zeros((200, 300, 3), dtype=np.uint8)
    image[:, 150:] = (200, 220, 240)
    assert len(encode_png(image)) < 2_000


def test_data_uri_is_base64_png():
    uri = data_uri(encode_png(np.zeros((2, 2, 3), np.uint8)))
    assert uri.startswith("data:image/png;base64,")
    assert base64.b64decode(uri.split(",", 1)[1])[:8] == PNG_SIGNATURE


@pytest.mark.parametrize(
    "bad", [np.zeros((2, 2), np.uint8), np.zeros((2, 2, 3), float), np.zeros((0, 2, 3), np.uint8)]
)
def test_bad_images_are_refused(bad):
    with pytest.raises(ValueError):
        encode_png(bad)
