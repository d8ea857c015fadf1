"""Zero-centring: why the lecture subtracts the mean of every input feature before training.

A linear model's per-sample gradient is its residual times its input,
:math:`\\nabla_w \\tfrac12 (w^\\top a_i - t_i)^2 = (w^\\top a_i - t_i)\\, a_i`, so when both inputs of a
sample have the same sign both components of its gradient do too. On the raw regression data almost every
sample is all-positive, and SGD with one sample per step can only move both weights up or both down. The
figures in the caption are computed from the data set itself when this module is imported.
"""

from __future__ import annotations

import numpy as np

import surfaces
from playground.state import Lane, PlaygroundState
from scenes.scene import Scene
from surfaces.data import FEATURE_MEAN
from surfaces.theory import quadratic_theory

TOPIC = "Data, noise and regularization"

# The four preprocessing choices of the linear-regression surface, by the sidebar's switches.
PREPROCESSING = {
    "raw": {},
    "centred only": {"center": True},
    "scaled only": {"scale": True},
    "standardized": {"standardize": True},
}


def same_sign_fraction(features) -> float:
    """Share of samples whose two inputs, hence whose two per-sample gradient components, share a sign."""
    features = np.asarray(features, dtype=float)
    return float(np.mean(np.sign(features[:, 0]) == np.sign(features[:, 1])))


def _facts(params: dict) -> tuple[float, float]:
    """(same-sign fraction, condition number) of the full data set under one preprocessing choice."""
    surface = surfaces.get("linear_regression", **params)
    return same_sign_fraction(surface.data.features), quadratic_theory(surface).condition_number


FACTS = {name: _facts(params) for name, params in PREPROCESSING.items()}
ZERO_CENTRING_BATCH = 1

ZERO_CENTRING = Scene(
    id="zero-centring",
    title="All-positive inputs: every per-sample gradient points up-up or down-down",
    caption=(
        "Both inputs of this regression are positive for almost every sample (means "
        f"{FEATURE_MEAN[0]:g} and {FEATURE_MEAN[1]:g}), and a per-sample gradient is the residual times "
        f"the input, $(w^\\top a_i - t_i)\\, a_i$: its two components share a sign for "
        f"{FACTS['raw'][0]:.0%} of the samples. With one sample per step SGD moves both weights up or "
        "both down at nearly every step, so it zigzags towards a minimum that needs one weight to rise and "
        "the other to fall. Tick *centre features* in the sidebar and the share drops to "
        f"{FACTS['centred only'][0]:.0%}; the condition number is {FACTS['raw'][1]:.0f} raw, "
        f"{FACTS['centred only'][1]:.0f} centred only, {FACTS['scaled only'][1]:.3g} scaled only and "
        f"{FACTS['standardized'][1]:.2g} with both, which is why the lecture centres and scales."
    ),
    rules=r"""\begin{aligned}
\nabla_w f_i(w) &= (w^\top a_i - t_i)\, a_i, \qquad a_i > 0 \Rightarrow \operatorname{sign} \nabla_w f_i
= \pm (1, 1) \\
\theta_t &= \theta_{t-1} - \eta\, \nabla f_{i_t}(\theta_{t-1}) \\
\hat a_{ij} &= a_{ij} - \mu_j \ \text{(centre)}, \qquad \hat a_{ij} = a_{ij} / \sigma_j \ \text{(scale)}
\end{aligned}""",
    state=PlaygroundState(
        surface="linear_regression",
        surface_params={"batch_size": ZERO_CENTRING_BATCH},
        lanes=(Lane("sgd", {"lr": 0.01}, label="SGD, one sample per step"),),
        steps=300,
    ),
    check="over 90 % of raw samples and of the run's steps have same-sign components, under 60 % once "
    "centred; the four condition numbers are ordered raw > centred > scaled > both, for every data seed.",
    topic=TOPIC,
)
