"""Networks the training tests share."""

from training import NetworkSpec

MOONS = NetworkSpec(
    dataset="two_moons", dataset_params={"n_points": 200, "seed": 1}, hidden=(8, 8), activation="tanh"
)


def dead_relus(hidden: tuple[int, ...]) -> NetworkSpec:
    """ReLU layers of ``hidden`` units that start dead: uncentred inputs (x1 + x2 around 10) and every weight
    -0.5, so that every first-layer ReLU is off everywhere."""
    return NetworkSpec(
        dataset="two_moons",
        dataset_params={"offset": (5.0, 5.0)},
        hidden=hidden,
        activation="relu",
        init="constant",
        init_params={"val": -0.5},
    )
