"""A lecture driven by random clicker keys across every page, checked after every burst (issue 21).

Not a test (it takes minutes): a development script that serves the app (tools/serve.py), opens
``/?scene=<the lecture's first>&presenter=1`` in headless Chromium and presses random clicker keys
(PageDown / PageUp / ArrowLeft / ArrowRight, Space), in bursts, some during playback, some with the focus
on a slider (then a click outside gives the keys back), across the page borders of the lecture. It counts
the keys itself and, once the page has settled, checks: the URL's page and scene are the expected ones, the
title and the map (or the page's fitted figure) are visible, no exception or traceback is shown, no server
path appears in the page's text. A failure is recorded with a screenshot and the walk goes on from a fresh
load of the expected scene.

    .venv/bin/python -m tools.clicker_stress --size 1280x720 --keys 80 --seed 1 --out /tmp/stress
"""

from __future__ import annotations

import argparse
import contextlib
import json
import pathlib
import random
import time

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

import scenes
from tools.serve import CHROMIUM_ARGS, ROOT, SYSTEM_CHROMIUM, serve_app
from ui.scenes import PRESETS

NEXT, PREVIOUS = ("PageDown", "ArrowRight"), ("PageUp", "ArrowLeft")
SLIDERS = ".st-key-pg_inspect_step input[type='range'], [role='slider'], .mp-scrub"
SETTLE_MS = 240_000

# The page at rest: the script done, nothing stale, fitted to the window (presenter mode's mark), every key
# the element queued applied by the server.
AT_REST = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const queue = window.__pgMoves || { moves: [], applied: 0 };
    const idle = !!app && app.getAttribute('data-test-script-state') === 'notRunning'
        && !document.querySelector('[data-stale="true"]')
        && getComputedStyle(document.documentElement).getPropertyValue('--pg-fitted').trim() === '1';
    window.__rest = idle && queue.applied === queue.moves.length ? (window.__rest || 0) + 1 : 0;
    return window.__rest >= 4;
}"""

# What the page shows, for the checks.
SHOWN = """(player) => {
    const visible = (e) => { if (!e) return null; const r = e.getBoundingClientRect();
        const s = getComputedStyle(e);
        return {x: r.x, y: r.y, w: r.width, h: r.height,
                shown: r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'}; };
    const root = document.querySelector(player);
    const fitted = [...document.querySelectorAll('[class*="st-key-fit_"]')][0];
    const queue = window.__pgMoves || {};
    return {
        path: location.pathname, scene: new URLSearchParams(location.search).get('scene'),
        presenter: new URLSearchParams(location.search).get('presenter'),
        title: document.querySelector('h1')?.textContent.trim(),
        titleBox: visible(document.querySelector('h1')),
        map: root ? {...visible(root), image: root.dataset.image, playing: root.dataset.playing} : null,
        figure: fitted ? visible(fitted) : null,
        exceptions: [...document.querySelectorAll('[data-testid="stException"]')].map((e) => e.innerText),
        text: document.body.innerText,
        keys: (queue.moves || []).length, applied: queue.applied,
    };
}"""
SERVER_WORDS = ("Traceback", str(ROOT), "site-packages", "/usr/lib/python", '.py", line', "/work/")


def _url_path(scene_id: str) -> str:
    return "/" + scenes.get(scene_id).page.url_path


def _settle(page, timeout: int = SETTLE_MS) -> float:
    start = time.monotonic()
    page.evaluate("() => { window.__rest = 0; }")
    page.wait_for_function(AT_REST, timeout=timeout, polling=250)
    return time.monotonic() - start


def _problems(page, expected: str, size) -> list[str]:
    """What is wrong with the page, expected to show ``expected`` in presenter mode."""
    shown = page.evaluate(SHOWN, ".st-key-pg_map .mp-root")
    scene, found = scenes.get(expected), []
    if shown["scene"] != expected or shown["path"] != _url_path(expected):
        where = f"{shown['path']}?scene={shown['scene']}"
        found.append(f"url {where}, expected {_url_path(expected)}?scene={expected}")
    if shown["presenter"] != "1":
        found.append("presenter mode lost")
    if shown["title"] != scene.title:
        found.append(f"title {shown['title']!r}, expected {scene.title!r}")
    elif not (shown["titleBox"] and shown["titleBox"]["shown"] and shown["titleBox"]["y"] < size[1]):
        found.append(f"title not visible {shown['titleBox']}")
    figure = shown["map"] if expected in PRESETS else shown["figure"]
    if not figure or not figure["shown"] or figure["h"] < 50 or figure["y"] > size[1] - 40:
        found.append(f"{'map' if expected in PRESETS else 'figure'} not visible: {figure}")
    elif expected in PRESETS and shown["map"]["image"] != "1":
        found.append("map's landscape not drawn")
    if shown["exceptions"]:
        found.append("exception: " + " | ".join(e[:300] for e in shown["exceptions"]))
    for word in SERVER_WORDS:
        if word in shown["text"]:
            at = shown["text"].index(word)
            found.append(f"server text {word!r}: ...{shown['text'][max(at - 80, 0) : at + 80]!r}")
    return found


def _walk(at: int, move: str, last: int) -> int:
    return min(at + 1, last) if move == "next" else max(at - 1, 0)


def _burst(page, rng, at: int, last: int, log: list) -> tuple[int, int]:
    """One random action and its keys; returns (new index, keys pressed)."""
    action = rng.choices(("keys", "slider", "playing", "burst"), weights=(5, 2, 2, 2))[0]
    ids = scenes.names()
    pressed = 0
    if action == "slider":
        sliders = page.locator(SLIDERS).filter(visible=True)
        if sliders.count():
            slider = sliders.nth(rng.randrange(sliders.count()))
            try:
                slider.focus(timeout=5_000)
                focused = slider.evaluate("(e) => document.activeElement === e")
            except PlaywrightTimeout:
                focused = False
            if focused:  # the slider's keys: they move it, not the lecture
                for _ in range(rng.randint(1, 3)):
                    page.keyboard.press(rng.choice(("ArrowLeft", "ArrowRight", "PageUp", "PageDown")))
                    pressed += 1
            log.append(("slider" if focused else "slider not focused", ids[at]))
            page.wait_for_timeout(rng.choice((0, 100, 600)))
        page.locator("h1").first.click()  # click outside: the keys belong to the clicker again
    elif action == "playing" and ids[at] in PRESETS:
        if rng.random() < 0.5:
            page.locator(".st-key-pg_map .mp-play").first.click()
        else:
            page.keyboard.press("Space")
            pressed += 1
        page.wait_for_timeout(rng.choice((100, 500, 1500)))
        log.append(("play", ids[at]))
    count = rng.randint(3, 6) if action == "burst" else rng.randint(1, 3)
    forward = 0.75
    for _ in range(count):
        move = "next" if rng.random() < forward else "prev"
        key = rng.choice(NEXT if move == "next" else PREVIOUS)
        page.keyboard.press(key)
        pressed += 1
        at = _walk(at, move, last)
        page.wait_for_timeout(rng.choice((0, 30, 80) if action == "burst" else (0, 100, 300, 800)))
    log.append((action, count, ids[at]))
    print("   ", log[-2:], flush=True)
    return at, pressed


def run(url: str, browser, size: tuple[int, int], keys: int, seed: int, out: pathlib.Path) -> dict:
    rng = random.Random(seed)
    ids = scenes.names()
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.set_default_timeout(SETTLE_MS)
    page.goto(f"{url}/?scene={ids[0]}&presenter=1")
    at, pressed, settles, failures, log, waits = 0, 0, 0, [], [], []
    started = time.monotonic()
    try:
        waits.append(_settle(page))
    except PlaywrightTimeout:
        failures.append({"at": ids[0], "problems": ["first load did not settle"]})
    while pressed < keys:
        before = ids[at]
        at, n = _burst(page, rng, at, len(ids) - 1, log)
        pressed += n
        settles += 1
        try:
            waits.append(_settle(page))
            problems = _problems(page, ids[at], size)
        except PlaywrightTimeout:
            problems = [f"not at rest after {SETTLE_MS / 1000:g} s"]
        if problems:
            shot = out / f"fail-{size[0]}x{size[1]}-s{seed}-{settles}.png"
            page.screenshot(path=str(shot))
            failures.append(
                {"from": before, "at": ids[at], "problems": problems, "shot": str(shot), "log": log[-3:]}
            )
            print(f"  FAIL {size} seed {seed} #{settles} {before} -> {ids[at]}: {problems}", flush=True)
            page.goto(f"{url}{_url_path(ids[at])}?scene={ids[at]}&presenter=1")
            with contextlib.suppress(PlaywrightTimeout):
                _settle(page)
        else:
            print(f"  ok {size[0]}x{size[1]} #{settles} {ids[at]} ({pressed} keys, {waits[-1]:.1f} s)")
    context.close()
    return {
        "size": f"{size[0]}x{size[1]}",
        "seed": seed,
        "keys": pressed,
        "settles": settles,
        "failures": failures,
        "scenes": len({entry[-1] for entry in log}),
        "minutes": (time.monotonic() - started) / 60,
        "slowest_settle_s": max(waits, default=0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", action="append", default=None, help="WxH, repeatable")
    parser.add_argument("--keys", type=int, default=80)
    parser.add_argument("--seed", type=int, action="append", default=None)
    parser.add_argument("--out", default="/tmp/clicker-stress")
    parser.add_argument("--url", default=None, help="an app already served (else one is started)")
    args = parser.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    sizes = [tuple(int(v) for v in s.split("x")) for s in (args.size or ["1280x720"])]
    results = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=SYSTEM_CHROMIUM, args=CHROMIUM_ARGS)
        served = serve_app() if not args.url else None
        url = served.__enter__() if served else args.url
        try:
            for size in sizes:
                for seed in args.seed or [1]:
                    result = run(url, browser, size, args.keys, seed, out)
                    results.append(result)
                    print(json.dumps({k: v for k, v in result.items() if k != "failures"}), flush=True)
                    for failure in result["failures"]:
                        print("   ", json.dumps(failure), flush=True)
        finally:
            if served:
                served.__exit__(None, None, None)
            browser.close()
    (out / "results.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
