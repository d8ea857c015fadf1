r"""The inspector: one step of one lane, as a table of the numbers the update used and the rule that ran.

Step ``k`` goes from :math:`x_{k-1}` to :math:`x_k`. The trajectory records the gradient of the loss at
:math:`x_{k-1}` (noise included); the optimizer descends the gradient *it* defines, so the inspector shows
that one as :math:`g_k`: :math:`-\nabla f` when maximizing, plus :math:`\lambda x_{k-1}` with (coupled)
weight decay.
Decoupled weight decay (AdamW) shrinks the parameters apart from :math:`g_k`, and its line is in the rule.

The rule shown is the optimizer's own (``OptimizerSpec.latex``) with the lines of the variants that were on
(weight decay, maximize, centered RMSprop, RMSprop with momentum, AMSGrad), and the table shows only the state
fields that variant keeps. After a divergence the inspector shows the last step with numbers.
"""

from __future__ import annotations

import dataclasses

import numpy as np

import optimizers
from choices import stop_words
from playground.state import Lane

# Working memory that only some variants keep: field -> the hyperparameters that make it live.
_FIELD_NEEDS = {
    "max_second_moment": lambda h: bool(h.get("amsgrad")),
    "grad_avg": lambda h: bool(h.get("centered")),
    "velocity": lambda h: float(h.get("momentum", 0.0)) != 0.0,
}


@dataclasses.dataclass(frozen=True)
class StepView:
    """The numbers of step ``step`` of one lane (``(2,)`` arrays), as the update used them.

    ``loss_grad`` is the gradient of the loss (noise included) and ``grad`` the one the optimizer descended.
    ``requested`` is the step the user asked for; ``step`` differs from it after a divergence.
    """

    step: int
    requested: int
    position: np.ndarray
    loss_grad: np.ndarray
    grad: np.ndarray
    lr: float
    effective_lr: np.ndarray
    update: np.ndarray
    next: np.ndarray
    states: dict
    hyperparams: dict
    diverged_at: int | None


def resolved_hyperparams(lane: Lane) -> dict:
    """Every hyperparameter of ``lane``'s optimizer, defaults included (torch.optim names)."""
    return dict(optimizers.get(lane.optimizer, **lane.hyperparams).hyperparams)


def decoupled(name: str, hyperparams: dict) -> bool:
    """Whether weight decay shrinks the parameters apart from the gradient (AdamW's way)."""
    return name == "adamw" or bool(hyperparams.get("decoupled_weight_decay"))


def descent_gradient(name: str, hyperparams: dict, loss_grad, position) -> np.ndarray:
    """The gradient the optimizer descends: sign for ``maximize``, then coupled weight decay (torch order)."""
    g = np.asarray(loss_grad, dtype=float)
    if hyperparams.get("maximize"):
        g = -g
    decay = float(hyperparams.get("weight_decay", 0.0))
    if decay and not decoupled(name, hyperparams):
        g = g + decay * np.asarray(position, dtype=float)
    return g


def shown_step(step: int, steps: int, diverged_at) -> int:
    """The step the inspector can show: within 1..steps, and not past a divergence."""
    step = min(max(int(step), 1), max(int(steps), 1))
    return step if diverged_at is None else min(step, max(int(diverged_at), 1))


def step_view(lane: Lane, trajectory, step: int) -> StepView:
    """The numbers of ``step`` (clamped by :func:`shown_step`) of ``lane``'s ``trajectory``."""
    diverged = None if trajectory.diverged_at is None else int(trajectory.diverged_at)
    k = shown_step(step, len(trajectory.lrs), diverged)
    row = k - 1
    hyperparams = resolved_hyperparams(lane)
    position = np.asarray(trajectory.positions[row], dtype=float)
    loss_grad = np.asarray(trajectory.grads[row], dtype=float)
    states = {
        name: np.asarray(values[row], dtype=float)
        for name, values in trajectory.states.items()
        if _FIELD_NEEDS.get(name, lambda h: True)(hyperparams)
    }
    return StepView(
        step=k,
        requested=int(step),
        position=position,
        loss_grad=loss_grad,
        grad=descent_gradient(lane.optimizer, hyperparams, loss_grad, position),
        lr=float(np.asarray(trajectory.lrs)[row]),
        effective_lr=np.asarray(trajectory.effective_lr[row], dtype=float),
        update=np.asarray(trajectory.updates[row], dtype=float),
        next=np.asarray(trajectory.positions[row + 1], dtype=float),
        states=states,
        hyperparams=hyperparams,
        diverged_at=diverged,
    )


def number(value: float) -> str:
    """4 significant digits; ``inf``/``nan`` in words (a diverged number is not a number to read)."""
    value = float(value)
    if np.isnan(value):
        return "undefined"
    if np.isinf(value):
        return "∞" if value > 0 else "−∞"
    return f"{value:.4g}"


def latex_number(value: float) -> str:
    """:func:`number` written for LaTeX: ``1.245e-58`` as :math:`1.245 \\times 10^{-58}` (KaTeX would set
    ``e-58`` as a product and a minus), ``∞`` as ``\\infty``, "undefined" as upright text."""
    text = number(value)
    if text == "undefined":
        return "\\text{undefined}"
    text = text.replace("∞", "\\infty").replace("−", "-")
    mantissa, _, exponent = text.partition("e")
    if not exponent:
        return text
    return f"{mantissa} \\times 10^{{{int(exponent)}}}"


def vector(values) -> str:
    """``(0.1234, -5)`` for a pair, ``0.5`` for a scalar."""
    values = np.atleast_1d(np.asarray(values, dtype=float)).ravel()
    parts = ", ".join(number(v) for v in values)
    return f"({parts})" if values.size > 1 else parts


def table_rows(lane: Lane, view: StepView) -> list[tuple[str, str]]:
    """``(quantity, value)`` rows of the table, quantity in Markdown with inline LaTeX."""
    spec = optimizers.spec(lane.optimizer)
    k = view.step
    rows = [(f"position before, $x_{{{k - 1}}}$", vector(view.position))]
    if not np.array_equal(view.grad, view.loss_grad, equal_nan=True):
        rows.append((f"gradient of the loss, $\\nabla f(x_{{{k - 1}}})$", vector(view.loss_grad)))
    rows.append((f"gradient used, $g_{{{k}}}$", vector(view.grad)))
    for field, value in view.states.items():
        label = spec.state_labels.get(field, field)
        rows.append((f"{field.replace('_', ' ')}, ${label}$", vector(value)))
    rows += [
        (f"learning rate this step, $\\eta_{{{k}}}$", number(view.lr)),
        ("effective per-axis lr", vector(view.effective_lr)),
        (f"step taken, $\\Delta x_{{{k}}}$", vector(view.update)),
        (f"position after, $x_{{{k}}}$", vector(view.next)),
    ]
    return rows


def table_markdown(lane: Lane, view: StepView) -> str:
    body = "\n".join(f"| {quantity} | {value} |" for quantity, value in table_rows(lane, view))
    return "| quantity | value (x, y) |\n|---|---|\n" + body


def _gradient_line(name: str, hyperparams: dict) -> str | None:
    sign = "-" if hyperparams.get("maximize") else ""
    decay = float(hyperparams.get("weight_decay", 0.0)) and not decoupled(name, hyperparams)
    if not sign and not decay:
        return None
    return f"g_t &= {sign}\\nabla f(\\theta_{{t-1}})" + (" + \\lambda\\,\\theta_{t-1}" if decay else "")


def _rmsprop_rule(hyperparams: dict) -> str:
    lines = [r"v_t &= \alpha\, v_{t-1} + (1-\alpha)\, g_t^2"]
    denominator = r"\sqrt{v_t} + \epsilon"
    if hyperparams.get("centered"):
        lines.append(r"\bar g_t &= \alpha\, \bar g_{t-1} + (1-\alpha)\, g_t")
        denominator = r"\sqrt{v_t - \bar g_t^2} + \epsilon"
    if float(hyperparams.get("momentum", 0.0)):
        lines.append(f"b_t &= \\mu\\, b_{{t-1}} + \\frac{{g_t}}{{{denominator}}}")
        lines.append(r"\theta_t &= \theta_{t-1} - \eta\, b_t")
    else:
        lines.append(f"\\theta_t &= \\theta_{{t-1}} - \\eta\\, \\frac{{g_t}}{{{denominator}}}")
    return "\\\\\n".join(lines)


def _adam_rule(name: str, hyperparams: dict) -> str:
    lines = []
    if decoupled(name, hyperparams) and float(hyperparams.get("weight_decay", 0.0)):
        lines.append(r"\theta'_{t-1} &= \theta_{t-1}\,(1 - \eta\lambda)")
    lines.append(
        r"m_t &= \beta_1 m_{t-1} + (1-\beta_1)\, g_t, \qquad v_t = \beta_2 v_{t-1} + (1-\beta_2)\, g_t^2"
    )
    second = "v_t"
    if hyperparams.get("amsgrad"):
        lines.append(r"\hat v_t^{\max} &= \max(\hat v_{t-1}^{\max},\, v_t)")
        second = r"\hat v_t^{\max}"
    before = r"\theta'_{t-1}" if lines[0].startswith(r"\theta'") else r"\theta_{t-1}"
    lines.append(
        f"\\theta_t &= {before} - \\eta\\, \\frac{{m_t / (1-\\beta_1^t)}}"
        f"{{\\sqrt{{{second} / (1-\\beta_2^t)}} + \\epsilon}}"
    )
    return "\\\\\n".join(lines)


def _variant_body(name: str, hyperparams: dict) -> str | None:
    """The rule of the variant that ran, where it differs from the optimizer's plain rule."""
    if name == "rmsprop" and (hyperparams.get("centered") or float(hyperparams.get("momentum", 0.0))):
        return _rmsprop_rule(hyperparams)
    if name in ("adam", "adamw") and (hyperparams.get("amsgrad") or decoupled(name, hyperparams)):
        return _adam_rule(name, hyperparams)
    return None


def rule_latex(lane: Lane, hyperparams: dict | None = None) -> str:
    """The update rule that ran for ``lane`` (one ``aligned`` block), variants and gradient line included."""
    spec = optimizers.spec(lane.optimizer)
    hyperparams = resolved_hyperparams(lane) if hyperparams is None else hyperparams
    body = _variant_body(lane.optimizer, hyperparams)
    if body is None:
        body = spec.latex.strip().removeprefix(r"\begin{aligned}").removesuffix(r"\end{aligned}").strip()
    gradient = _gradient_line(lane.optimizer, hyperparams)
    if gradient:
        body = gradient + "\\\\\n" + body
    return "\\begin{aligned}\n" + body + "\n\\end{aligned}"


def arithmetic_latex(view: StepView) -> str:
    """This step's numbers in the rule's last line: :math:`x_k = x_{k-1} + \\Delta x_k`."""
    k, g, u, x = view.step, view.grad, view.update, view.next

    def pair(v) -> str:
        return f"({latex_number(v[0])},\\ {latex_number(v[1])})"

    return (
        "\\begin{aligned}"
        f"g_{{{k}}} &= {pair(g)}\\\\"
        f"\\Delta x_{{{k}}} &= {pair(u)}\\\\"
        f"x_{{{k}}} &= x_{{{k - 1}}} + \\Delta x_{{{k}}} = {pair(x)}"
        "\\end{aligned}"
    )


def divergence_note(view: StepView, stop: tuple[int, bool] | None = None) -> str | None:
    """A sentence when the requested step lies past the lane's divergence (the view shows an earlier one).

    ``stop``: :func:`playground.compute.stop_event` of the lane, so that the note names the end as the
    warning and the map do (:func:`choices.stop_words`: one wording, one step); without it, the
    trajectory's own divergence step.
    """
    if view.diverged_at is None or view.requested <= view.diverged_at:
        return None
    step, left_domain = stop if stop is not None else (view.diverged_at, False)
    return (
        f"This lane {stop_words(step, left_domain=left_domain)}; later steps have no numbers, so this shows "
        f"step {view.step}, the last one it took."
    )
