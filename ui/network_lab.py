"""The network lab's Streamlit pieces: the data and configuration controls, the cached run and figures,
and the panels of one configuration (regions, curves, histograms, gradient norms, update/weight ratios;
batch norm's statistics and PReLU's slopes when the network has them) and its debugging checklist."""

from __future__ import annotations

import streamlit as st

import datasets
import nets
import optimizers
import scenes
import training
from nets.lessons_deep import prelu_slopes
from optimizers import schedules
from optimizers.muon import LAB_NOTE
from paramspec.registry import excerpt
from playground import budget
from scenes.lessons import LAB_PAGE
from training import checklist, lab
from training.diagram import diagram
from training.lab import Config
from ui import budget as page_budget
from ui import cache, chart, lab_player
from ui.chart import plotly_chart
from ui.params import folded_params_widgets, params_widgets
from ui.session import init
from ui.text import plain, table
from viz import lab_player as lab_message
from viz import network_layers
from viz.theme import fitted_height

# the data set's everyday settings; the rest (offset, scale, extra features, seed) sit in an expander
MAIN_DATA = ("n_points", "noise", "label_noise", "n_classes", "validation_fraction", "preprocessing")
NETWORK_MAIN = ("hidden_layers", "width", "activation", "init", "loss")


def data_controls(dataset: str, params: tuple, prefix: str) -> tuple[str, tuple]:
    """The data set picker and its parameters; ``(name, sorted non-default items)``."""
    # your points are offered while the state trains on them (the "Your own data" block sets them)
    names = [dataset, *datasets.names()] if dataset in datasets.USER_SETS else datasets.names()
    name = st.selectbox(
        "Data set", names, key=init(prefix + "data", dataset), format_func=lambda n: datasets.spec(n).title
    )
    spec = datasets.spec(name)
    st.caption(spec.description)
    base = dict(params) if name == dataset else {}
    main = [p for p in spec.params if p.name in MAIN_DATA]
    values = params_widgets(main, base, f"{prefix}d:{name}")
    values |= folded_params_widgets(
        "More data options (offset, scale, features, seed)",
        [p for p in spec.params if p.name not in (*MAIN_DATA, "points")],
        base,
        f"{prefix}d:{name}",
        key=f"{prefix}more_data",
    )
    if "points" in base:
        values["points"] = base["points"]
    return name, tuple(sorted(values.items()))


def _checked(make, fallback, what: str):
    try:
        make()
    except (ValueError, TypeError) as error:
        st.error(plain(f"{error}. {what} keeps its previous settings until this is fixed."))
        return fallback
    return None


def config_controls(config: Config, prefix: str) -> Config:
    """Network, regularisation, optimizer and schedule of one configuration (keys start with prefix)."""
    main = [p for p in nets.PARAMS if p.name in NETWORK_MAIN]
    network = params_widgets(main, dict(config.network), prefix + "n")
    layers = network.get("hidden_layers", lab.NETWORK["hidden_layers"].default)
    # the rarer settings are drawn when their expander is open (and open when the state uses them)
    given = dict(config.network)
    network |= folded_params_widgets(
        "Width per layer", lab.LAYER_WIDTHS[:layers], given, prefix + "n", key=prefix + "widths"
    )
    regularisation = [p for p in nets.PARAMS if p.name not in NETWORK_MAIN]
    network |= folded_params_widgets(
        "Regularisation", regularisation, given, prefix + "n", key=prefix + "regularisation"
    )
    network |= folded_params_widgets("Augmentation", lab.AUGMENT, given, prefix + "n", key=prefix + "augment")
    st.markdown("**Optimizer**")
    names = optimizers.names(networks=True)  # with Muon: a network has weight matrices to orthogonalise
    name = st.selectbox(
        "Optimizer",
        names,
        key=init(prefix + "opt", config.optimizer),
        format_func=lambda n: optimizers.spec(n).title,
    )
    if optimizers.spec(name).needs_matrices:
        st.caption(LAB_NOTE)
    base = dict(config.hyperparams) if name == config.optimizer else lab.start_hyperparams(name)
    lr = [p for p in optimizers.spec(name).params if p.name == "lr"]
    others = [p for p in optimizers.spec(name).params if p.name != "lr"]
    hyper = params_widgets(lr, base, f"{prefix}o:{name}")
    hyper |= folded_params_widgets(
        "More hyperparameters", others, base, f"{prefix}o:{name}", key=f"{prefix}o:{name}:more"
    )
    kept = _checked(lambda: optimizers.get(name, **hyper), (config.optimizer, dict(config.hyperparams)), "It")
    name, hyper = kept or (name, hyper)
    schedule = st.selectbox(
        "Learning-rate schedule",
        schedules.names(),
        key=init(prefix + "schedule", config.schedule),
        format_func=lambda n: schedules.spec(n).title,
    )
    sbase = dict(config.schedule_params) if schedule == config.schedule else {}
    sparams = params_widgets(schedules.spec(schedule).params, sbase, f"{prefix}s:{schedule}")
    fallback = (config.schedule, dict(config.schedule_params))
    schedule, sparams = _checked(lambda: schedules.get(schedule, **sparams), fallback, "The schedule") or (
        schedule,
        sparams,
    )
    return Config(
        network=tuple(sorted(network.items())),
        optimizer=name,
        hyperparams=tuple(sorted(hyper.items())),
        schedule=schedule,
        schedule_params=tuple(sorted(sparams.items())),
    )


def view_controls() -> tuple[bool, bool]:
    """How the decision regions are drawn (not in the link): validation points shown, output discretised."""
    validation = st.toggle(
        "Show validation points", value=True, key="nl_view:validation", help="The open markers."
    )
    discrete = st.toggle(
        "Discretise the output",
        value=False,
        key="nl_view:discrete",
        help="Colour each point by its most likely class alone (regression: eight bands of the output).",
    )
    return validation, discrete


def estimate(state: lab.LabState, steps: int | None = None) -> budget.Estimate:
    """The cost of every configuration of ``state`` together (:func:`training.lab.seconds`), as the
    Playground's budget counts it."""
    per_step, fixed = lab.seconds(state, steps)
    return budget.Estimate(state.steps if steps is None else steps, per_step, 0.0, fixed)


def decide(state: lab.LabState, seconds: float) -> budget.Plan:
    """Run, cut or refuse ``state`` within ``seconds``: the Playground's rule, one budget for both runs; a
    cut run's fixed cost is its own (fewer checkpoints)."""
    return budget.decide(
        estimate(state),
        seconds,
        what=lab.describe(state),
        advice=lab.ADVICE,
        cut_seconds=lambda steps: estimate(state, steps).seconds,
    )


def plan(state: lab.LabState) -> budget.Plan:
    """The plan under this server's budget; shows its notice, and ends the page if it is refused."""
    return page_budget.show(decide(state, page_budget.budget_seconds()))


# a Run is immutable but holds its architecture (not picklable): shared, not copied. At most about 6 MB
# (101 checkpoints of a 40 x 40 grid of up to 4 classes, 5.2 MB, per-layer statistics, the traced curves)
@st.cache_resource(max_entries=16, ttl=cache.TTL, show_spinner="Training…")
def run(
    spec: training.NetworkSpec, config: Config, steps: int, batch: int, seed: int, _stop=None
) -> training.Run:
    """One configuration's :class:`training.Run`. ``_stop`` (left out of the cache key by its underscore)
    is the run loop's stop (:func:`ui.budget.stopper`); a rerun it ends by an exception is not cached."""
    return lab.train(spec, config, steps, batch, seed, stop=_stop, trace=training.run.TRACE_POINTS)


@st.cache_data(max_entries=16, ttl=cache.TTL, show_spinner=False)
def layer_figures(
    spec: training.NetworkSpec, config: Config, steps: int, batch: int, seed: int, _result=None
) -> dict:
    """The Plotly figures the player does not draw, of one configuration's run (``_result``, the
    :func:`run` of the same arguments): batch normalisation's statistics and PReLU's slopes, when used."""
    result = _result if _result is not None else run(spec, config, steps, batch, seed)
    return _layer_figures(result)


@st.cache_data(max_entries=16, ttl=cache.TTL, show_spinner=False)
def player_message(
    state: lab.LabState, steps: int, shown: tuple, titles: tuple, view: tuple, presenter: bool, _runs=()
) -> bytes:
    """The lab player's one message (:func:`viz.lab_player.payload`) of the runs ``_runs`` of the
    configurations ``shown`` of ``state``, trained for ``steps`` steps; ``view`` as :func:`figures`'."""
    specs = [lab.network_spec(state, index) for index in shown]
    data = datasets.get(specs[0].dataset, **dict(specs[0].dataset_params))
    diagrams = [diagram(run, spec) for run, spec in zip(_runs, specs, strict=True)]
    return lab_message.payload(
        _runs, titles, data, diagrams=diagrams, validation=view[0], discrete=view[1], presenter=presenter
    )


PLAYER_CONTROLS = 130  # px above and beside the figures in presenter mode: the player's controls


def player(message: bytes, key: str, screen=None) -> None:
    """The lab player; in presenter mode (``screen``, the clicker's window) in a container the clicker
    measures, its figures scrolling within the height left below its top, so that it fits the window."""
    if screen is None:
        lab_player.lab_player(message, key=key)
        return
    with st.container(key=chart.fit_key(key)):
        height = fitted_height(900, screen) - PLAYER_CONTROLS
        selector = f".st-key-{chart.fit_key(key)} .lp-columns"
        st.html(f"<style>{selector} {{ max-height: {height}px; overflow-y: auto; }}</style>")
        lab_player.lab_player(message, key=key)


def player_words(runs: list, titles: tuple) -> None:
    """The player as text and a table, in a folded expander under it: what it shows and where each run
    ended (the canvas's description), and the curves at eleven steps."""
    # drawn when opened (a rerun), as the player's canvas says the same to a screen reader (its description)
    box = st.expander("Figures as text and table", key="nl_words", on_change="rerun")
    if box.open:
        with box:
            st.markdown(plain(lab_message.describe(runs, titles)["description"]))
            table(lab_message.table_rows(runs, titles))


def _layer_figures(result: training.Run) -> dict:
    """Batch normalisation's running std and scale per layer, PReLU's learned slope per layer (when used)."""
    at, figs = result.checkpoint_steps, {}
    if result.running_std is not None:
        figs["running_std"] = network_layers.hidden_series_figure(
            at,
            result.running_std,
            title="batch norm: running std per layer (mean over units; torch starts at 1)",
            reference=1.0,
            diverged_at=result.diverged_at,
        )
        figs["norm_scale"] = network_layers.hidden_series_figure(
            at,
            result.norm_scale,
            title="batch norm: learned scale γ per layer (mean over units)",
            reference=1.0,
            diverged_at=result.diverged_at,
        )
    if result.architecture.activation == "prelu":
        figs["slopes"] = network_layers.hidden_series_figure(
            at,
            prelu_slopes(result.architecture, result.params),
            title="PReLU: learned negative-side slope per layer",
            reference=float(result.architecture.activation_params["init"]),
            diverged_at=result.diverged_at,
        )
    return figs


def read_link(query: dict) -> tuple:
    """``(state, notices, scene id or None)`` from the URL: ``?scene=ID`` of a Network lab scene (a
    :class:`scenes.lessons.LessonPreset` of this page) opens its query, the link's other keys over it."""
    query = {k: v for k, v in query.items() if k != "presenter"}
    wanted = (query.pop("scene", None) or [None])[0]
    by_id = {s.id: s for s in scenes.scenes() if s.page == LAB_PAGE}
    if wanted in by_id:
        query = {**{k: [v] for k, v in by_id[wanted].state.query}, **query}
    loaded, found = lab.from_query(query)
    if wanted is not None and wanted not in by_id:
        found = [f"No scene {excerpt(wanted)!r} on this page.", *found]
    return loaded, found, wanted if wanted in by_id else None


def scene_query(scene_id: str | None, state: lab.LabState) -> dict[str, str]:
    """``{"scene": id}`` while the page still shows scene ``scene_id``'s state (its link read alone), so
    that a reload reopens the scene, where presenter mode's clicker stands; ``{}`` once it is changed."""
    if scene_id is None:
        return {}
    opened, _, _ = read_link({"scene": [scene_id]})
    return {"scene": scene_id} if opened == state else {}


def panels(result: training.Run, figs: dict, key: str, side_by_side: bool) -> None:
    """The run's failures named first, then what the player does not draw: batch normalisation's and
    PReLU's figures (two a row unless configurations are compared)."""
    for sentence in result.notes:
        st.warning(plain(sentence), icon=":material/warning:")
    hint = lab.hint(result)
    if hint:
        st.info(plain(hint), icon=":material/lightbulb:")
    best = int(result.best_step)
    st.caption(
        f"Lowest validation loss at step {best} (the early-stopping point, the green dotted line on the "
        f"curves); final validation loss {result.validation_loss[-1]:.4g}."
    )
    extra = [name for name in LAYER_FIGURES if name in figs]
    per_row = 1 if side_by_side else 2
    for row in range(0, len(extra), per_row):
        for column, name in zip(st.columns(per_row), extra[row : row + per_row], strict=False):
            with column:
                plotly_chart(figs[name], key=f"{key}_{name}")


LAYER_FIGURES = ("running_std", "norm_scale", "slopes")  # drawn only for batch norm / PReLU networks


@st.cache_data(max_entries=16, ttl=cache.TTL, show_spinner="Overfitting 20 points…")
def small_sample_loss(spec: training.NetworkSpec, config: Config, _stop=None) -> float | None:
    """The checklist's small-sample run (:func:`training.checklist.small_sample_run`); a stopped one
    (``None``) is not kept, so a later visit tries again."""
    loss = checklist.small_sample_run(spec, lab.optimizer_of(config), lab.schedule_of(config), stop=_stop)
    if loss is None:
        raise _StoppedError
    return loss


class _StoppedError(Exception):
    """The small-sample run was stopped: leave the cache empty."""


def checklist_room(state: lab.LabState, decision: budget.Plan) -> float:
    """Seconds of the budget the planned training leaves for the checklists' small-sample runs."""
    return page_budget.budget_seconds() - estimate(state, decision.steps).seconds


def checks(result: training.Run, state: lab.LabState, index: int, stop, room: float) -> float:
    """The debugging checklist of configuration ``index``'s run as a compact table (check, measured, what
    to try); its small-sample run only if its estimate fits in ``room`` seconds. Returns the room left."""
    spec, config = lab.network_spec(state, index), state.configs[index]
    price, ran, loss = lab.small_sample_seconds(state, index), False, None
    if price <= room:
        ran, room = True, room - price
        try:
            loss = small_sample_loss(spec, config, _stop=stop)
        except _StoppedError:
            loss = None
    data = datasets.get(spec.dataset, **dict(spec.dataset_params))
    rows = checklist.checklist(result, spec.loss, data.n_classes, loss, small_sample=ran)
    if not ran:
        rows = (
            rows[0],
            checklist.Check(
                f"Overfit {checklist.SMALL_SAMPLE} points",
                "n/a",
                f"not run: about {price:.2g} s, more than the {max(room, 0):.2g} s the training left",
                "Try it with fewer training steps or a cheaper optimizer.",
            ),
            *rows[1:],
        )
    st.markdown("**Debugging checklist**")
    # a Markdown table: every cell is computed text shown literally, no keyboard stop (a data grid would be
    # one), and no pandas in the server (st.table and st.dataframe load it for good, about 60 MB)
    table(
        [
            {
                "check": c.title,
                "": {"ok": "✓", "warn": "⚠", "n/a": "–"}[c.status],
                "measured": c.measured,
                "what to try": c.advice,
            }
            for c in rows
        ]
    )
    return room


def defaults(stop=None) -> list:
    """What the page computes when opened with its default state, one call each, for :mod:`ui.warm`: the
    run, the player's message (as the page asks for them: not compared, validation points shown, output
    not discretised, outside presenter mode) and the checklist's small-sample run. ``stop`` goes to the
    long ones."""
    state, _ = lab.from_query({})  # the page's state with no link (read_link's, written back)
    spec, config = lab.network_spec(state, 0), state.configs[0]
    args = (spec, config, state.steps, state.batch, state.seed)

    def message():
        result = run(*args, _stop=stop)
        return player_message(state, state.steps, (0,), ("",), (True, False), False, _runs=(result,))

    return [message, lambda: small_sample_loss(spec, config, _stop=stop)]
