"""Shared fixtures: the repository root on sys.path and a place for test artifacts."""

import os
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ARTIFACTS = ROOT / "artifacts"
# no background warming of the lesson pages (ui/warm.py) in the tests' processes or the servers they start
os.environ.setdefault("PLAYGROUND_WARM", "0")
# one BLAS thread per process, as the app runs (app.py): `make test` runs two workers on two cores, and a
# worker whose products fan out over both cores only waits for the other one (numpy reads these at import)
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")


@pytest.fixture(scope="session")
def artifacts_dir() -> pathlib.Path:
    """Screenshots and other outputs that a human may want to look at after a run."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def patient_server():
    """The app served with a budget of ten minutes a rerun, and its CPU meter (tests/served.py)."""
    from tests import served

    with served.patient_server() as server:
        yield server
