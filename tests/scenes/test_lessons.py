"""Every preset of the lesson pages opens without a notice, and the activation scenes' captions hold: measured
with the page's own functions, at the preset, with its setting x0.8 and x1.25 and for six seeds."""

import numpy as np
import pytest

import scenes
from nets import activations, lessons, mlp
from nets.lesson_settings import ACTIVATION_PAGE, INIT_PAGE, from_query
from scenes import lessons as scene_lessons
from scenes.lessons import ACTIVATION_SCENES, ACTIVATIONS_PAGE, INITIALISATION_SCENES

SCENES = ACTIVATION_SCENES + INITIALISATION_SCENES


@pytest.mark.parametrize("scene", SCENES, ids=[s.id for s in SCENES])
def test_preset_is_a_valid_page_state(scene):
    params = ACTIVATION_PAGE if scene.state.page == ACTIVATIONS_PAGE else INIT_PAGE
    _, notices = from_query(params, dict(scene.state.query))
    assert notices == []


@pytest.mark.parametrize("group", [ACTIVATION_SCENES, INITIALISATION_SCENES])
def test_presets_of_a_page_differ_from_each_other(group):
    assert len({scene.state.query for scene in group}) == len(group)


@pytest.mark.parametrize("depth", [24, scene_lessons.SIGMOID_DEPTH, 36])  # the depth x0.8 and x1.25
def test_a_deep_sigmoid_network_keeps_less_gradient_than_the_bound(depth):
    bound = lessons.derivative_product("sigmoid", depth)[-1]
    assert bound == pytest.approx(0.25**depth)
    for seed in range(6):  # 10 to 300 times below the bound over seeds 0-9 (3e-21 to 9e-20 at depth 30)
        assert scene_lessons.sigmoid_gradient_ratio(depth, seed) < bound, seed


def test_the_vanishing_caption_quotes_the_page_bound_and_measurement():
    scene = scenes.get("sigmoid-vanishes-deep")
    assert dict(scene.state.query) == {"depth": f"{scene_lessons.SIGMOID_DEPTH}"}
    assert f"0.25^30 = {0.25**30:.2e} of it" in scene.caption  # as the page's metrics show them
    assert f"gradient is {scene_lessons.sigmoid_gradient_ratio():.1e} of its last" in scene.caption


def _dying(lr, seed):
    names = ("relu", "leaky_relu", "elu")
    return {name: lessons.dead_after_large_step(name, lr=lr, seed=seed) for name in names}


@pytest.mark.parametrize("factor", [0.8, 1.0, 1.25])
@pytest.mark.parametrize("seed", range(10))
def test_one_large_step_kills_relus_and_no_leaky_relu_or_elu(factor, seed):
    lr = scene_lessons.DYING_LR * factor
    killed, _ = scene_lessons.killed_and_revived(lr, seed)
    # unit by unit: the dead share's net change is no measure (seed 7: it falls while a unit dies)
    assert killed[1] > 0  # the second layer loses units (measured 1 to 22 of 32 over seeds 0-19)
    assert killed[1] == killed.max()  # the layer the caption quotes is the one the step empties most
    shares = _dying(lr, seed)
    for name in ("leaky_relu", "elu"):
        assert not shares[name][1].any(), name


def test_killed_and_revived_count_the_units_whose_dead_share_changes():
    for seed in (0, 7):
        before, after = lessons.dead_after_large_step("relu", lr=scene_lessons.DYING_LR, seed=seed)
        killed, revived = scene_lessons.killed_and_revived(seed=seed)
        np.testing.assert_allclose(after - before, killed - revived)
    killed, revived = scene_lessons.killed_and_revived(seed=7)
    assert killed[1] > 0 and revived[1] > killed[1]  # dies and revives in one step: the net change is < 0


@pytest.mark.parametrize("seed", range(6))
def test_a_dead_unit_passes_no_gradient_to_its_own_weights(seed):
    step = lessons.large_step("relu", lr=scene_lessons.DYING_LR, seed=seed)
    forward_pass = mlp.forward(step.architecture, step.after, step.objective.inputs)
    grads = step.architecture.unflatten(step.objective.grad(step.after))
    dead_somewhere = False
    for z, (weight_grad, bias_grad, _) in zip(forward_pass.pre_activations, grads, strict=False):
        dead = np.all(z <= 0, axis=0)  # ReLU's slope is zero on every point
        dead_somewhere |= bool(dead.any())
        assert np.all(weight_grad[dead] == 0) and np.all(bias_grad[dead] == 0)
        assert np.any(weight_grad[~dead] != 0)  # the living units do get a gradient
    assert dead_somewhere


def test_the_dying_caption_quotes_the_page_network_and_five_other_seeds():
    scene = scenes.get("relus-die-large-step")
    assert dict(scene.state.query) == {"lr": f"{scene_lessons.DYING_LR:g}"}
    before, after = lessons.dead_after_large_step("relu", lr=scene_lessons.DYING_LR)  # the page's network
    assert f"goes from {before[1]:.0%} to {after[1]:.0%} dead" in scene.caption
    assert after[1] > 0.5  # an unlucky draw: most of the layer (69 %)
    kills = [scene_lessons.killed_and_revived(seed=seed)[0][1] for seed in range(1, 10)]
    assert f"kills {min(kills):.0%} to {max(kills):.0%} of that layer's units" in scene.caption
    assert max(kills) < 0.5  # "unlucky": the other draws lose far fewer
    revived = max(scene_lessons.killed_and_revived(seed=seed)[1][1] for seed in range(1, 10))
    assert f"revives up to {revived:.0%}." in scene.caption


@pytest.mark.parametrize("factor", [0.8, 1.0, 1.25])
def test_steeper_negative_sides_pull_the_mean_output_towards_zero(factor):
    slope, alpha = scene_lessons.STEEP_SLOPE * factor, scene_lessons.ELU_ALPHA * factor
    relu = lessons.activation_properties("relu")
    leaky = lessons.activation_properties("leaky_relu", negative_slope=slope)
    assert leaky.mean_output == pytest.approx((1 - slope) * relu.mean_output, rel=1e-6)
    assert leaky.saturated == () and not leaky.zero_centred  # nowhere flat, still well above zero
    closed_form = scene_lessons.gaussian_mean_output("leaky_relu", slope)
    assert leaky.mean_output == pytest.approx(closed_form, abs=1e-6)
    elu = lessons.activation_properties("elu", alpha=alpha)
    assert elu.low == pytest.approx(-alpha) and elu.zero_centred  # |mean| < 0.1 std (0.079 and -0.099)
    assert elu.mean_output == pytest.approx(scene_lessons.gaussian_mean_output("elu", alpha), abs=1e-6)
    if factor != 1.0:  # "a smaller alpha leaves it positive, a larger one makes it negative"
        assert np.sign(elu.mean_output) == np.sign(activations.SELU_ALPHA - alpha)
    torch_elu = lessons.activation_properties("elu")
    assert torch_elu.mean_output > 0.1 and not torch_elu.zero_centred


def test_the_steep_slope_caption_quotes_the_page_measurements():
    scene = scenes.get("leaky-relu-steep-slope")
    assert dict(scene.state.query) == {"negative_slope": "0.3", "alpha": "1.67"}
    leaky = lessons.activation_properties("leaky_relu", negative_slope=0.3)
    elu = lessons.activation_properties("elu", alpha=1.67)
    assert f"ReLU's, {leaky.mean_output:.3f}: nearer zero" in scene.caption
    assert f"its mean output is {elu.mean_output:.3f}, zero-centred" in scene.caption
    assert f"({lessons.activation_properties('elu').mean_output:.2f} at torch's α = 1)" in scene.caption
    assert abs(elu.mean_output) < 0.01 * elu.std_output  # at SELU's alpha the mean is (all but) zero
