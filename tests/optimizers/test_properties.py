"""Property tests: any hyperparameters the app offers, on any built-in surface, never raise and never warn."""

import math
import warnings

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import optimizers
import surfaces

FIRST_ORDER = [name for name in optimizers.names() if optimizers.spec(name).order == 1]


def value_in_offered_range(param):
    if param.kind == "bool":
        return st.booleans()
    if param.kind == "int":
        return st.integers(int(param.low), int(param.high))
    if param.kind == "pair":
        return st.tuples(*[st.floats(param.low, param.high)] * 2)
    if param.log:
        return st.floats(math.log10(param.low), math.log10(param.high)).map(lambda e: 10.0**e)
    return st.floats(param.low, param.high)


@st.composite
def settings_from_the_app(draw):
    name = draw(st.sampled_from(FIRST_ORDER))
    spec = optimizers.spec(name)
    chosen = draw(
        st.lists(st.sampled_from(spec.params), unique_by=lambda p: p.name, max_size=len(spec.params))
    )
    hyperparams = {param.name: draw(value_in_offered_range(param)) for param in chosen}
    surface = surfaces.get(draw(st.sampled_from(surfaces.names())))
    (x_low, x_high), (y_low, y_high) = surface.window
    starts = draw(
        st.lists(st.tuples(st.floats(x_low, x_high), st.floats(y_low, y_high)), min_size=1, max_size=3)
    )
    return name, hyperparams, surface, np.array(starts), draw(st.integers(0, 150))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(settings_from_the_app())
def test_offered_settings_run_quietly_and_divergence_is_reported_not_raised(case):
    name, hyperparams, surface, starts, steps = case
    try:
        opt = optimizers.get(name, **hyperparams)
    except ValueError as error:
        # the torch rules that sliders over one value each can break: Nesterov needs momentum and no
        # dampening, and Rprop's etas must straddle 1 (one pair range bounds both entries)
        assert "Nesterov" in str(error) or "Invalid eta values" in str(error)
        assume(False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        t = optimizers.trajectory(opt, surface, starts, steps)
    assert t.positions.shape == (steps + 1, *starts.shape)
    for k, diverged_at in enumerate(t.diverged_at):
        lane = t.positions[:, k]
        last_good = steps if diverged_at < 0 else diverged_at - 1
        assert np.isfinite(lane[: last_good + 1]).all()
        assert (np.abs(lane[: last_good + 1]) <= 1e6).all()
        if diverged_at >= 0:
            assert np.isnan(lane[diverged_at + 1 :]).all()
            assert np.isnan(lane[diverged_at]).all() or np.isfinite(lane[diverged_at]).all()
