"""Dropout's lessons in the engine: the three test-time rules measured on one network, the k-mask average of a
trained network, and batch normalisation in the deep experiment."""

import numpy as np
import pytest

from nets import lessons, lessons_dropout


def test_the_rules_share_weights_inputs_and_masks_so_the_forgotten_scale_is_exactly_one_over_q_per_layer():
    result = lessons_dropout.dropout_scale(keep=0.5, layers=3, width=60, n_points=80)
    # ReLU without biases is positively homogeneous: plain dropout is inverted dropout times q^l, exactly
    np.testing.assert_allclose(result.ratio("plain"), result.ratio("inverted"), rtol=1e-12)
    np.testing.assert_allclose(
        result.ratio("plain_unscaled") / result.ratio("inverted"), 2.0 ** np.arange(1, 4), rtol=1e-12
    )


def test_keep_must_leave_something_and_drop_something():
    for keep in (0.0, 1.0):
        with pytest.raises(ValueError, match="keep must be in"):
            lessons_dropout.dropout_scale(keep=keep)


def test_the_mask_average_curve_is_one_stream_against_two_references():
    curve = lessons_dropout.mask_average_curve(ks=(1, 4, 16), reference=64, hidden=(8,), steps=20, streams=2)
    assert curve.ks.tolist() == [1, 4, 16] and curve.to_scaled.shape == curve.to_average.shape == (3,)
    assert np.all(curve.to_scaled > 0) and curve.gap > 0  # a ReLU network: the one pass is not the average
    assert np.isfinite(curve.slope()) and 0.0 <= curve.validation_accuracy <= 1.0


def test_a_stopped_training_ends_the_mask_curve():
    with pytest.raises(lessons.Stopped):
        lessons_dropout.mask_average_curve(steps=50, stop=lambda step: True)


def test_batch_norm_divides_the_weights_scale_out_of_the_deep_experiment():
    small, large = (
        lessons.deep_init_experiment("tanh", setting, 6, 80, 120, norm="batch")
        for setting in ("small", "large")
    )
    np.testing.assert_allclose(small.std, large.std, rtol=1e-2)  # eps = 1e-5 is all that tells them apart
    plain = lessons.deep_init_experiment("tanh", "small", 6, 80, 120)
    assert plain.std[-1] < 1e-6 < small.std[-1]
    with pytest.raises(ValueError, match="norm must be"):
        lessons.deep_init_experiment(norm="layer")
