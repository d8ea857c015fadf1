"""The PNG encoder: decode its bytes by the specification and get the pixels back."""

import base64
import struct
import zlib

import numpy as np
import pytest

from viz.png import PNG_SIGNATURE, data_uri, encode_png


def decode_png(data: bytes) -> np.ndarray:
    """A strict decoder for what encode_png writes: checks every CRC, undoes the Sub/None/Up filters."""
    assert data[:8] == PNG_SIGNATURE
    offset, chunks = 8, []
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        payload = data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert crc == zlib.crc32(kind + payload) & 0xFFFFFFFF, f"bad CRC in {kind!r}"
        chunks.append((kind, payload))
        offset += 12 + length
    assert chunks[0][0] == b"IHDR" and chunks[-1][0] == b"IEND"
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    assert (depth, colour, interlace) == (8, 2, 0)
    raw = zlib.decompress(b"".join(p for k, p in chunks if k == b"IDAT"))
    stride = width * 3
    assert len(raw) == height * (stride + 1)
    rows, previous = [], np.zeros(stride, dtype=np.int32)
    for r in range(height):
        kind, line = (
            raw[r * (stride + 1)],
            np.frombuffer(raw[r * (stride + 1) + 1 : (r + 1) * (stride + 1)], np.uint8),
        )
        line = line.astype(np.int32)
        if kind == 1:
            for i in range(3, stride):
                line[i] = (line[i] + line[i - 3]) % 256
        elif kind == 2:
            line = (line + previous) % 256
        else:
            assert kind == 0, f"unexpected filter {kind}"
        rows.append(line)
        previous = line
    return np.array(rows, dtype=np.uint8).reshape(height, width, 3)


def test_png_round_trips_exactly():
    rng = np.random.default_rng(0)
    image = rng.integers(0, 256, size=(7, 11, 3), dtype=np.uint8)
    assert np.array_equal(decode_png(encode_png(image)), image)


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
