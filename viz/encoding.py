"""How arrays travel to the browser: plotly.js typed arrays (base64 in JSON), float32 where exact enough.

Every builder in viz/ returns a plain figure dict whose arrays are already encoded here, so nothing
downstream (Streamlit, plotly.io) has to walk numpy arrays again.
"""

import base64

import numpy as np
import plotly.io as pio

FLOAT32_MAX = 3.0e38
_INTEGER_CODES = ((np.int8, "i1"), (np.int16, "i2"), (np.int32, "i4"))


def compact(values) -> np.ndarray:
    """float32 when every finite value fits, else float64.

    float32 halves the bytes of every drawn array (7 significant digits: a ten-thousandth of a pixel on a
    window of any size; every step is still drawn). float64 is kept when a value would overflow float32: a
    diverging point can be huge and must stay finite.
    """
    values = np.asarray(values, dtype=float)
    finite = np.abs(values[np.isfinite(values)])
    if finite.size == 0 or finite.max() < FLOAT32_MAX:
        return values.astype(np.float32)
    return values


def _spec(values: np.ndarray, code: str) -> dict:
    data = np.ascontiguousarray(values, dtype="<" + code).tobytes()
    spec = {"dtype": code, "bdata": base64.b64encode(data).decode("ascii")}
    if values.ndim > 1:
        spec["shape"] = ", ".join(str(n) for n in values.shape)  # plotly.js reads "rows, columns"
    return spec


def typed(values, *, exact: bool = False) -> dict | list:
    """A plotly.js typed array ``{"dtype", "bdata"[, "shape"]}`` of floats: float32 when it fits
    (:func:`compact`), float64 with ``exact=True``. NaN stays NaN (plotly.js draws a gap); an empty array is
    an empty list."""
    values = np.asarray(values, dtype=float) if exact else compact(values)
    if values.size == 0:
        return []
    return _spec(values, "f4" if values.dtype == np.float32 else "f8")


def integers(values) -> dict | list:
    """A typed array of integers in the smallest signed type that holds them (steps, indices)."""
    values = np.asarray(values, dtype=np.int64)
    if values.size == 0:
        return []
    for kind, code in _INTEGER_CODES:
        info = np.iinfo(kind)
        if info.min <= values.min() and values.max() <= info.max:
            return _spec(values.astype(kind), code)
    return values.tolist()


def short(value: float) -> float:
    """A number for a tiny inline list (a marker's position): 6 significant digits."""
    return float(f"{float(value):.6g}")


def to_json(figure: dict) -> str:
    """The JSON text the browser receives, written the way ``st.plotly_chart`` writes it."""
    return pio.to_json(figure, validate=False)
