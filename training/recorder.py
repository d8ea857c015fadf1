"""What a training run measures as it goes (:class:`Recorder`, of :func:`training.run.run_loop`): the
checkpoints (the curves, the decision grid, every layer's statistics, norms and spread) and the trace (the
curves at nearly every step).

What does not have to be read at once waits and is read for many steps together, with the numbers of one
step at a time: the layers' statistics of a small network's checkpoints
(:class:`training.stats.LayerStatistics`), the norms and the units' spread of all checkpoints, and the
traced steps' passes (``nets.outputs_of_many``), so that a small network's instruments are not a few dozen
small calls a step.
"""

from __future__ import annotations

import numpy as np

from nets import NetworkObjective, Workspace, activations, forward, losses
from nets.mlp import outputs_of_many

from . import stats

TRACE_VALUES = 1 << 18  # parameters of the traced steps read together (2 MB)
PASS_VALUES = 1 << 18  # hidden values of one stacked pass over several steps' parameters (2 MB)


class Recorder:
    """Measures the checkpoints and the trace into lists; what can wait (the layers' statistics, the norms
    and the units' spread) is read for many checkpoints at once, in :meth:`arrays`."""

    def __init__(self, objective: NetworkObjective, data, grid: int, bins: int):
        self.objective, self.data = objective, data
        (x_low, x_high), (y_low, y_high) = data.window
        self.grid_x, self.grid_y = np.linspace(x_low, x_high, grid), np.linspace(y_low, y_high, grid)
        points = np.stack(np.meshgrid(self.grid_x, self.grid_y), axis=-1)
        self.grid_inputs = data.inputs(points).reshape(grid * grid, -1)
        self.grid = grid
        self.edges = stats.histogram_edges(objective.architecture, bins)
        self.loss = losses.get(objective.loss)
        self.classification = data.task == "classification"
        targets = np.asarray(data.validation_targets)  # as objective.loss_of_outputs reads them
        self.validation_targets = targets if objective.loss == "mse" else targets.astype(np.int64)
        self.rows: dict[str, list] = {}
        self.vectors: list[tuple] = []  # (parameters, gradient, parameters before the step) per checkpoint
        self.running: list[tuple] = []
        self.traced: dict[str, list] = {}
        self.waiting: list[tuple] = []  # traced steps not yet read: (step, parameters, before, outputs, loss)
        entry = activations.get(objective.architecture.activation)
        # passes stack where the network allows it (no normalisation, no learned activation) and where they
        # are small: a larger pass costs its arithmetic, not its calls, and runs in the workspaces
        arch = objective.architecture
        stackable = arch.norm == "none" and entry.learned is None
        units = max(1, sum(arch.hidden))
        self.batched = stackable and PASS_VALUES // (units * grid * grid) >= 2  # the checkpoints' passes
        rows = max(len(objective.inputs), len(data.validation_inputs))
        together = min(TRACE_VALUES // arch.size, PASS_VALUES // (units * rows))
        self.trace_batch = together if stackable and together >= 2 else 1  # traced steps read together
        # one pass per set and checkpoint, into arrays kept from checkpoint to checkpoint
        self.workspaces = {name: Workspace() for name in ("train", "validation", "grid", "statistics")}
        self.statistics = stats.LayerStatistics(
            objective.architecture, self.edges, self.workspaces["statistics"]
        )

    def add(self, step: int, theta: np.ndarray, previous: np.ndarray | None, running=None, evaluated=None):
        """Measure the checkpoint at ``step`` (evaluation mode: with batch normalisation's ``running``).

        ``evaluated``: the training step's own evaluation at ``theta`` (a ``StepPass``), where it is the
        evaluation-mode one (a deterministic objective without batch normalisation): its loss, gradient
        and forward pass are then read, not computed again. ``previous`` is not written to afterwards."""
        objective, data, loss = self.objective, self.data, self.loss
        if evaluated is None:
            value, grad = objective.loss_and_grad(theta, running=running)
            fwd = self._outputs(theta, objective.inputs, running, "train")
        else:
            value, grad, fwd = evaluated.value, evaluated.grad, evaluated.fwd
        penalty = objective.penalty(theta)
        row = {
            "checkpoint_steps": step,
            "train_loss": value - penalty,
            "penalty": penalty,
            "train_accuracy": self._accuracy(fwd.outputs, objective.targets),
        }
        if not self.batched:  # else the validation and grid passes of all checkpoints wait for arrays()
            validation = self._outputs(theta, data.validation_inputs, running, "validation").outputs
            grid = self._outputs(theta, self.grid_inputs, running, "grid").outputs
            row["validation_loss"] = loss.value(validation, self.validation_targets)
            row["validation_accuracy"] = self._accuracy(validation, self.validation_targets)
            # a copy: mse's predictions are the outputs themselves, which the next grid pass overwrites
            row["grid_outputs"] = np.array(loss.predict(grid)).reshape(self.grid, self.grid, -1)
        self.statistics.add(theta, fwd)
        self.vectors.append((theta.copy(), np.array(grad, dtype=float), previous))
        if running is not None:
            for name, values in stats.normalisation_statistics(
                objective.architecture, theta, running
            ).items():
                row[_NORM_FIELDS[name]] = values
            self.running.append(tuple(running))
        for name, value in row.items():
            self.rows.setdefault(name, []).append(value)

    def _evaluated(self, params: np.ndarray) -> dict[str, np.ndarray]:
        """The validation loss and accuracy and the grid's outputs at every checkpoint's ``params``: a
        stacked pass per set for as many checkpoints as :data:`PASS_VALUES` hidden values allow."""
        arch, loss, scale = self.objective.architecture, self.loss, self.objective.test_scale
        columns = {"validation_loss": [], "validation_accuracy": [], "grid_outputs": []}
        units = max(1, sum(arch.hidden))
        for inputs in (self.data.validation_inputs, self.grid_inputs):
            per = max(1, PASS_VALUES // (units * len(inputs)))
            for start in range(0, len(params), per):
                outputs = outputs_of_many(arch, params[start : start + per], inputs, scale)
                if inputs is self.grid_inputs:
                    columns["grid_outputs"].append(loss.predict(outputs))
                else:
                    columns["validation_loss"].append(loss.value(outputs, self.validation_targets))
                    columns["validation_accuracy"].append(self._accuracy(outputs, self.validation_targets))
        out = {name: np.concatenate(parts) for name, parts in columns.items()}
        out["grid_outputs"] = out["grid_outputs"].reshape(len(params), self.grid, self.grid, -1)
        return out

    def _accuracy(self, outputs, targets) -> float:
        return losses.class_accuracy(self.loss.classes(outputs), targets, self.classification)

    def trace(self, step: int, theta: np.ndarray, previous: np.ndarray | None, running=None, evaluated=None):
        """The curves at ``step``: the data loss and accuracy on both sets (evaluation mode) and the
        update/weight ratio, without the gradient, the grid or the histograms of :meth:`add`
        (``evaluated`` as there; ``theta`` and ``previous`` are not written to afterwards).

        Where the network allows it (no normalisation, no learned activation) and its passes are small, the
        steps wait, ``trace_batch`` of them (their parameters up to :data:`TRACE_VALUES`, their passes' hidden
        values up to :data:`PASS_VALUES`), and are read together (:meth:`read_traced`)."""
        train = None if evaluated is None else evaluated.fwd.outputs.T.copy()  # (K, n), as passes keep it
        loss = np.nan if evaluated is None else evaluated.data_loss  # the loss of those outputs
        self.waiting.append((step, theta, previous, train, loss))
        if len(self.waiting) >= self.trace_batch:
            self.read_traced(running)

    def read_traced(self, running=None) -> None:
        """The waiting steps' curves: one stacked pass per set for all of them (``nets.outputs_of_many``,
        the numbers of one pass per step), and each loss, accuracy and norm one call for all of them."""
        if not self.waiting:
            return
        objective, arch, loss = self.objective, self.objective.architecture, self.loss
        steps, thetas, previous, train, train_loss = zip(*self.waiting, strict=True)
        self.waiting = []
        thetas = np.stack(thetas)
        if self.trace_batch > 1:
            validation = outputs_of_many(arch, thetas, self.data.validation_inputs, objective.test_scale)
            missing = [index for index, outputs in enumerate(train) if outputs is None]
            if missing:  # the step's own pass was not the evaluation one: the training set's pass too
                passes = outputs_of_many(arch, thetas[missing], objective.inputs, objective.test_scale)
                train = list(train)
                for index, outputs in zip(missing, passes, strict=True):
                    train[index] = outputs.T
        else:  # one step: its passes, with batch normalisation's running statistics
            validation = self._outputs(thetas[0], self.data.validation_inputs, running, "validation").outputs
            validation = validation[None]
            if train[0] is None:
                train = [self._outputs(thetas[0], objective.inputs, running, "train").outputs.T]
        train = np.stack(train).transpose(0, 2, 1)  # (k, n, K)
        columns = {
            "steps": np.array(steps),
            "train_loss": self._train_losses(train, np.array(train_loss)),
            "validation_loss": loss.value(validation, self.validation_targets),
            "train_accuracy": self._accuracy(train, objective.targets),
            "validation_accuracy": self._accuracy(validation, self.validation_targets),
            "update_ratio": self._update_ratios(thetas, previous),
        }
        for name, values in columns.items():
            self.traced.setdefault(name, []).extend(values)

    def _train_losses(self, train: np.ndarray, known: np.ndarray) -> np.ndarray:
        """The training set's data loss of each traced step: the step's own where it evaluated these
        outputs (``known``, NaN where not), else of its outputs ``train`` ``(k, n, K)``."""
        missing = np.isnan(known)
        if missing.any():
            known[missing] = self.loss.value(train[missing], self.objective.targets)
        return known

    def traced_arrays(self) -> dict[str, np.ndarray]:
        """The columns of ``training.run.Trace`` of every traced step (those still waiting read now)."""
        self.read_traced()
        return {name: np.array(values) for name, values in self.traced.items()}

    def _update_ratios(self, thetas: np.ndarray, previous) -> np.ndarray:
        """``(k, L + 1)`` ``|dW| / |W|`` of the steps that ended at ``thetas`` (NaN where none did)."""
        arch = self.objective.architecture
        ratio = np.full((len(thetas), len(arch.layers)), np.nan)
        stepped = [index for index, before in enumerate(previous) if before is not None]
        with np.errstate(all="ignore"):  # a layer with no weight left (0 / 0) has no ratio
            if len(stepped) == 1:  # one step: the norms of two vectors, a product per block
                (index,) = stepped
                before = previous[index]
                ratio[index] = stats.layer_norms(arch, thetas[index] - before) / stats.layer_norms(
                    arch, before
                )
            elif stepped:
                before = np.array([previous[index] for index in stepped])
                norms = stats.layer_norms(arch, np.concatenate([thetas[stepped] - before, before]))
                ratio[stepped] = norms[: len(stepped)] / norms[len(stepped) :]
        return ratio

    def _outputs(self, theta, inputs, running, name: str):
        """The evaluation-time pass of ``objective.outputs`` (what is measured reads it before the next)."""
        objective = self.objective
        return forward(
            objective.architecture,
            theta,
            inputs,
            None,
            objective.test_scale,
            running=running,
            workspace=self.workspaces[name],
        )

    def arrays(self) -> dict[str, np.ndarray]:
        """Every checkpoint's measurements, ``(m, ...)`` read-only arrays."""
        out = {name: np.array(values) for name, values in self.rows.items()}
        for name, values in self.statistics.arrays().items():
            out[_LAYER_FIELDS[name]] = values
        arch = self.objective.architecture
        params = np.array([theta for theta, _, _ in self.vectors])
        out["params"] = params
        out["grad_norms"] = stats.layer_norms(arch, np.array([grad for _, grad, _ in self.vectors]))
        out["weight_norms"] = stats.layer_norms(arch, params)
        out["update_ratio"] = self._update_ratios(params, [previous for _, _, previous in self.vectors])
        if self.batched:
            out.update(self._evaluated(params))
        out["unit_spread"] = stats.unit_spread(arch, params)
        out["symmetric"] = (out["unit_spread"] <= stats.SYMMETRY_TOLERANCE) & (np.array(arch.hidden) > 1)
        for array in out.values():
            array.setflags(write=False)
        return out


_NORM_FIELDS = {
    "running_mean": "running_mean",
    "running_std": "running_std",
    "scale": "norm_scale",
    "shift": "norm_shift",
}

_LAYER_FIELDS = {
    "mean": "activation_mean",
    "std": "activation_std",
    "histogram": "histograms",
    "outside": "outside",
    "dead": "dead_fraction",
    "saturated": "saturated_fraction",
}
