"""training.ensemble: k members from different seeds under one budget and one stop, their validation scores
and the averaged prediction's; a checkpoint ensemble of one run; batch norm scored with running statistics."""

import numpy as np
import pytest

import optimizers
import training
from nets import ensemble as nets_ensemble
from training import ensemble

MOONS = training.NetworkSpec(dataset="two_moons", dataset_params={"n_points": 200}, hidden=(8, 8))
ADAM = optimizers.get("adam", lr=0.02)


def test_members_differ_by_seed_and_the_average_is_scored_on_validation():
    result = ensemble.train_ensemble(MOONS, ADAM, steps=60, k=3, batch_size=16, seed=2)
    assert len(result.members) == 3 and not result.stopped
    finals = [run.params[-1] for run in result.members]
    assert not np.array_equal(finals[0], finals[1]) and not np.array_equal(finals[1], finals[2])
    # member 0 is the lab's own run of the spec and seed
    lab_run = training.train(MOONS, ADAM, 60, 16, 2, checkpoints=2)
    np.testing.assert_array_equal(finals[0], lab_run.params[-1])
    data, _, _ = training.build(MOONS)
    expected = nets_ensemble.ensemble_scores(
        result.members[0].architecture, MOONS.loss, finals, data.validation_inputs, data.validation_targets
    )
    np.testing.assert_allclose(result.scores.member_losses, expected.member_losses)
    assert result.scores.ensemble_loss == pytest.approx(expected.ensemble_loss)
    assert result.scores.loss_gain >= 0  # Jensen: the average's loss is at most the members' mean


def test_one_stop_ends_the_ensemble_and_says_so():
    def stop(step):  # asked about every STOP_CHECK_SECONDS: ends the first member once it has stepped
        return step >= 1

    result = ensemble.train_ensemble(MOONS, optimizers.get("sgd", lr=0.1), steps=5000, k=4, stop=stop)
    assert result.stopped and result.requested == 4 and len(result.members) < 4
    nothing = ensemble.train_ensemble(MOONS, ADAM, steps=4000, k=2, stop=lambda step: True)
    assert nothing.stopped and nothing.members == () and nothing.scores is None


def test_the_price_is_k_runs_and_bad_counts_are_refused():
    one = ensemble.ensemble_seconds(MOONS, ADAM, 300, 1)
    assert ensemble.ensemble_seconds(MOONS, ADAM, 300, 5) == pytest.approx(5 * one)
    with pytest.raises(ValueError, match="1 to 16 members"):
        ensemble.ensemble_seconds(MOONS, ADAM, 300, 0)


def test_a_checkpoint_ensemble_averages_the_last_checkpoints():
    run = training.train(MOONS, ADAM, 100, checkpoints=11)
    scores = ensemble.checkpoint_ensemble(run, MOONS, last=4)
    data, _, _ = training.build(MOONS)
    expected = nets_ensemble.ensemble_scores(
        run.architecture, MOONS.loss, run.params[-4:], data.validation_inputs, data.validation_targets
    )
    assert scores.ensemble_loss == pytest.approx(expected.ensemble_loss)
    assert scores.member_losses[-1] == pytest.approx(run.validation_loss[-1])
    with pytest.raises(ValueError, match="between 1 and the run's 11"):
        ensemble.checkpoint_ensemble(run, MOONS, last=12)


def test_batch_norm_members_are_scored_with_their_running_statistics():
    spec = training.NetworkSpec(**{**MOONS.__dict__, "norm": "batch"})
    result = ensemble.train_ensemble(spec, ADAM, steps=40, k=2, batch_size=20)
    # each member's own validation loss in evaluation mode is what the lab's run recorded
    for run, loss in zip(result.members, result.scores.member_losses, strict=True):
        assert loss == pytest.approx(run.validation_loss[-1], rel=1e-9)
    scores = ensemble.checkpoint_ensemble(result.members[0], spec, last=1)
    assert scores.ensemble_loss == pytest.approx(result.members[0].validation_loss[-1], rel=1e-9)


def _scores(member_losses, member_accuracies, loss, accuracy):
    return nets_ensemble.EnsembleScores(np.array(member_losses), np.array(member_accuracies), loss, accuracy)


def test_the_page_table_and_sentences_quote_the_scores_as_measured():
    scores = _scores([0.5, 0.7], [0.8, 0.9], 0.45, 0.85)
    rows = ensemble.score_rows(scores, ["member 1 (seed 0)", "member 2 (seed 1)"])
    assert rows[-1] == {
        "network": "average of the 2",
        "validation loss": "0.450",
        "validation accuracy": "85.0%",
    }
    assert rows[0]["validation loss"] == "0.500" and rows[1]["validation accuracy"] == "90.0%"
    line = ensemble.verdict(scores, "networks")
    assert "validation loss 0.450 against their mean 0.600 (best 0.500): below every member's" in line
    assert "accuracy 85.0% against their mean 85.0% (+0.0 points)" in line
    worse = ensemble.verdict(_scores([0.5, 0.7], [0.8, 0.9], 0.55, 0.8), "networks")
    assert "not below the best member's" in worse and "(-5.0 points)" in worse
    final = ensemble.snapshot_verdict(_scores([0.3, 0.4], [0.9, 0.8], 0.32, 0.9))
    assert (
        final == "Averaging the last 2 checkpoints gives validation loss 0.320 against the final network's "
        "0.400; accuracy 90.0% against 80.0%."
    )
    regression = _scores([0.5, 0.7], [np.nan, np.nan], 0.45, np.nan)
    assert ensemble.score_rows(regression, ["a", "b"])[-1]["validation accuracy"] == "–"
    assert "accuracy" not in ensemble.verdict(regression, "networks")
