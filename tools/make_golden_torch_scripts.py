"""Write tests/fixtures/golden/torch_scripts.json: what exported "Copy as PyTorch" scripts print under torch.

Development only (needs torch): ``/work/torchenv-main/bin/python -m tools.make_golden_torch_scripts``. The
torch environment cannot import the app, so the app's python exports each case's script
(``python -m training torch-script QUERY``, :mod:`training.torch_script`), this python runs it, and the
fixture keeps, per case, the lab URL query, the script's SHA-256 and the ``step,train_loss`` lines it
printed. ``tests/training/test_torch_script.py`` checks without torch that today's export of each query has
that hash and that the lab's own run gives the printed curve to 1e-6.
"""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "golden" / "torch_scripts.json"
LAB_PYTHON = os.environ.get("LAB_PYTHON", str(ROOT / ".venv" / "bin" / "python"))

# optimizers incl. SGD momentum and Nesterov, Adam, AdamW, RMSprop; schedules; L2 and L1; mini-batches and
# the full batch; tanh, relu, gelu, PReLU; batch normalisation; a regression and a binary loss; divergence
QUERIES = (
    "data=two_moons:n_points=200&net1=activation=tanh,l2=0.01&opt1=momentum:lr=0.05&steps=150&batch=32&seed=1",
    "data=xor:n_points=160&net1=l1=0.002&opt1=nesterov:lr=0.05&steps=120&seed=2",
    "data=circles:n_points=200&net1=activation=gelu&opt1=adam:lr=0.02,schedule=cosine&steps=150&batch=16",
    "data=blobs:n_points=200&net1=norm=batch,width=6&opt1=adamw:lr=0.01,schedule=step,schedule.step_size=40"
    "&steps=120&batch=32&seed=3",
    "data=regression:n_points=200&net1=activation=tanh&opt1=rmsprop:lr=0.005,momentum=0.5&steps=120&batch=16",
    "data=xor:n_points=160&net1=activation=prelu,loss=binary_cross_entropy,norm=batch,l2=0.001"
    "&opt1=sgd:lr=0.1,schedule=warmup,schedule.warmup_steps=30&steps=100&batch=20&seed=4",
    "data=spirals:n_points=200&net1=hidden_layers=3&opt1=adagrad:lr=0.05,schedule=one_cycle&steps=100&batch=40",
    # the other torch.optim optimizers of the lab, other activations, features, preprocessing, augmentation
    "data=linear:n_points=120&net1=activation=silu&opt1=nadam:lr=0.01,schedule=exponential,schedule.gamma=0.98"
    "&steps=80&batch=24",
    "data=circles:n_points=120,preprocessing=standardise,x1_squared=true&net1=activation=elu,width=6"
    "&opt1=rprop&steps=60",
    "data=two_moons:n_points=120&net1=activation=leaky_relu,augment=jitter,copies=2&opt1=asgd:lr=0.05"
    "&steps=80&batch=30",
    "data=blobs:n_points=150,n_classes=3&net1=activation=softplus&opt1=radam:lr=0.01&steps=60&batch=25",
    "data=xor:n_points=120&net1=activation=sigmoid&opt1=adamax:lr=0.02&steps=60",
    "data=xor:n_points=120&net1=activation=selu&opt1=adadelta&steps=60&batch=30&seed=5",
    # a run that diverges at step 4: the script stops where the lab does
    "data=regression:n_points=100&net1=hidden_layers=1,width=4,activation=linear&opt1=sgd:lr=1&steps=80",
)


def export(query: str) -> str:
    made = subprocess.run(
        [LAB_PYTHON, "-m", "training", "torch-script", query],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return made.stdout


def main() -> None:
    import torch

    cases = []
    for query in QUERIES:
        text = export(query)
        printed = subprocess.run(
            [sys.executable, "-"], input=text, check=True, capture_output=True, text=True
        )
        rows = [line.split(",") for line in printed.stdout.splitlines() if not line.startswith("#")]
        cases.append(
            {
                "query": query,
                "sha256": hashlib.sha256(text.encode()).hexdigest(),
                "steps": [int(step) for step, _ in rows],
                "train_loss": [float(loss) for _, loss in rows],
                "comments": [line for line in printed.stdout.splitlines() if line.startswith("#")],
            }
        )
    OUT.write_text(json.dumps({"torch": torch.__version__, "cases": cases}, indent=1) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes, {len(cases)} cases)")


if __name__ == "__main__":
    main()
