"""The Network lab's scenes hold: measured with the lab's own spec (``training.lab.network_spec``) and the
checklist the lab shows, at the preset, for six seeds and under small changes of width and depth; the
scene's link opens its preset with no notice."""

import dataclasses
import math

import pytest

import scenes
from scenes import network_lab
from training import checklist, lab
from ui.network_lab import read_link

SCENE = "checklist-large-initial-weights"


def _changed(state, seed=0, width=32, layers=2):
    configs = tuple(
        dataclasses.replace(
            c, network=tuple(sorted({**dict(c.network), "width": width, "hidden_layers": layers}.items()))
        )
        for c in state.configs
    )
    return dataclasses.replace(state, configs=configs, seed=seed)


CHANGES = [{"seed": s} for s in range(6)] + [{"width": 26}, {"layers": 3}, {"width": 26, "layers": 3}]


@pytest.mark.parametrize("change", CHANGES, ids=str)
def test_large_initial_weights_fail_the_first_check_and_the_default_passes(change):
    state = _changed(network_lab.LARGE_INIT_STATE, **change)
    large, fixed = network_lab.initial_checks(state)
    assert large.status == "warn" and "too large" in large.advice
    assert fixed.status == "ok"
    start_large, start_fixed = network_lab.initial_losses(state)
    assert start_large > checklist.FAR_FROM_CHANCE * math.log(2) > start_fixed


def test_the_caption_quotes_the_lab_run_and_the_link_opens_it():
    scene = scenes.get(SCENE)
    loaded, notices, opened = read_link({"scene": [SCENE]})
    assert notices == [] and opened == SCENE and loaded == network_lab.LARGE_INIT_STATE
    large, fixed = network_lab.initial_losses(loaded)
    assert f"starts at {large:.1f}, more than {checklist.FAR_FROM_CHANCE:g} times ln 2" in scene.caption
    assert f"starts at {fixed:.2f} and passes" in scene.caption
    assert lab.network_spec(loaded, 1).init == "kaiming_uniform"  # "the lab's Kaiming weights"
