"""Figures of the Network lab's player: playback frames per second and the message's size.

Run with ``python benchmarks/lab_player.py`` (``--steps N``). Prints only; the targets (issue 23): playback
of two configurations at >= 30 frames drawn per second in headless Chromium with every step of a 1,000-step
run reachable, and a message not much larger than its arrays as raw float32 would be.

For one and two configurations of the default lab (two moons, 2 x 8 ReLU, Adam) trained for ``--steps``
steps with the page's recording (curves at every step, 101 checkpoints, the diagram), it prints the
message's size against the same arrays as float32, the time to build it, and the frames the player draws
per second while playing at 1x on a blank page in Chromium (the message handed to the player as the page
would, nothing served), at 1400 x 900, with the machine's load average.
"""

from __future__ import annotations

import argparse
import base64
import os
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import datasets  # noqa: E402
import training  # noqa: E402
from tools.serve import CHROMIUM_ARGS, SYSTEM_CHROMIUM  # noqa: E402
from training import lab  # noqa: E402
from training.diagram import diagram  # noqa: E402
from ui import lab_player as component  # noqa: E402
from viz import lab_player  # noqa: E402

CONFIGS = (lab.Config(), lab.Config(optimizer="sgd", hyperparams=(("lr", 0.1),)))
MOUNT = """
const bytes = Uint8Array.from(atob(document.getElementById("message").textContent), (c) => c.charCodeAt(0));
const ignore = () => {};
mountLabPlayer({ data: bytes, parentElement: document.getElementById("lab"), setStateValue: ignore,
  setTriggerValue: ignore });
window.mounted = true;
"""
CLOCK = "() => [performance.now(), Number(document.querySelector('.lp-root').dataset.frames)]"
# milliseconds to draw one step, both columns, as the scrubber moves over 200 steps (each a new checkpoint's
# images at most every tenth step): the work of one frame, whatever the frame rate the machine allows
SCRUB = """() => {
  const scrub = document.querySelector(".mp-scrub"), steps = Number(scrub.max), t0 = performance.now();
  for (let k = 0; k < 200; k++) {
    scrub.value = String(Math.round((k * steps) / 200));
    scrub.dispatchEvent(new Event("input"));
  }
  return (performance.now() - t0) / 200;
}"""


def runs_of(steps: int, count: int):
    state = lab.LabState(configs=CONFIGS[:count], steps=steps)
    runs, diagrams = [], []
    for index, config in enumerate(state.configs):
        spec = lab.network_spec(state, index)
        run = training.train(
            spec, lab.optimizer_of(config), steps, 0, 0, lab.CHECKPOINTS, trace=training.run.TRACE_POINTS
        )
        runs.append(run)
        diagrams.append(diagram(run, spec))
    spec = lab.network_spec(state, 0)
    return runs, diagrams, datasets.get(spec.dataset, **dict(spec.dataset_params))


def raw_float32(runs, diagrams, data) -> int:
    """Bytes of every array the message carries, each as float32."""
    count = sum(a.size for a in (data.train_points, data.train_targets))
    count += sum(a.size for a in (data.validation_points, data.validation_targets))
    for run, drawn in zip(runs, diagrams, strict=True):
        t = run.trace
        count += t.steps.size * 5 + t.update_ratio.size + run.checkpoint_steps.size
        count += run.grid_outputs.size + run.histograms.size + run.grad_norms.size
        count += sum(m.size for m in drawn.maps) + drawn.inputs.size + sum(w.size for w in drawn.weights)
        count += drawn.dead.size + drawn.twin.size
    return 4 * count


def frames_per_second(message: bytes, seconds: float = 4.0) -> tuple[float, int]:
    from playwright.sync_api import sync_playwright

    code = f"{component.script()}\n{MOUNT}"
    page_html = (
        f"<!doctype html><html><head><style>{component.style()}</style></head><body>"
        f'<div id="lab" style="width:1100px"></div>'
        f'<script type="application/octet-stream" id="message">{base64.b64encode(message).decode()}</script>'
        f'<script type="module">{code}</script></body></html>'
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=SYSTEM_CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.set_content(page_html)
        page.wait_for_function("() => window.mounted === true", timeout=60_000)
        page.click(".mp-play")
        page.wait_for_function("() => Number(document.querySelector('.lp-root').dataset.frames || 0) > 5")
        start = page.evaluate(CLOCK)
        page.wait_for_timeout(seconds * 1000)
        end = page.evaluate(CLOCK)
        step = int(page.evaluate("() => document.querySelector('.lp-root').dataset.step"))
        page.click(".mp-play")  # pause; then draw 200 steps one after another, as the scrubber would
        drawing = page.evaluate(SCRUB)
        browser.close()
    return (end[1] - start[1]) / ((end[0] - start[0]) / 1000), step, drawing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=1000)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} (2 cores); {args.steps} steps")
    for count in (1, 2):
        runs, diagrams, data = runs_of(args.steps, count)
        titles = [f"Configuration {k + 1}" for k in range(count)]
        started = time.perf_counter()
        message = lab_player.payload(runs, titles, data, diagrams=diagrams)
        built = time.perf_counter() - started
        raw = raw_float32(runs, diagrams, data)
        fps, step, drawing = frames_per_second(message)
        print(
            f"{count} configuration{'s' if count > 1 else ' '}: message {len(message) / 1e3:.0f} kB "
            f"(raw float32 {raw / 1e3:.0f} kB, {len(message) / raw:.2f}x), built in {built * 1e3:.0f} ms; "
            f"playing at 1x: {fps:.1f} frames/s (at step {step}); one step drawn in {drawing:.1f} ms; "
            f"load {os.getloadavg()[0]:.1f}"
        )


if __name__ == "__main__":
    main()
