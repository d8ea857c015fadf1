"""A lecture driven by the clicker alone: 60+ random keys, some during playback, some with a slider focused.

Presenter mode at 1280x720, scenes stepped with PageDown / PageUp and the arrow keys, pressed in quick bursts
(several during one rerun), while the map plays, right after it ends, and after a slider had the focus (the
slider takes the keys then; a click on the title gives them back). After every burst the page must show the
scene the keys lead to, its title and its map at the scene's opening step, stopped, with no exception: every
key applied once, none lost. The random sequence is seeded, so a failure replays.

It waits for states (the app idle, every key applied, the map drawn), never for times: it holds on a busy
machine, only slower.
"""

import itertools
import random

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

import scenes
from tools.browser import PLAYER, wait_for_idle, wait_for_player
from ui.scenes import PRESETS

SEED = 21
NEXT = ("PageDown", "ArrowRight", "ArrowDown")
PREVIOUS = ("PageUp", "ArrowLeft", "ArrowUp")
INSPECTOR_STEP = ".st-key-pg_inspect_step input[type='range']"
SETTLE_MS = 180_000  # generous: a scene's first run computes its lanes, slow at load 15

# The page has run to its end with every clicker key applied, showing ``scene``.
SETTLED = """([player, scene]) => {
    const app = document.querySelector('[data-testid="stApp"]');
    const queue = window.__pgMoves || { moves: [], applied: 0 };
    const root = document.querySelector(player);
    return app.getAttribute('data-test-script-state') === 'notRunning'
        && queue.applied === queue.moves.length
        && new URLSearchParams(location.search).get('scene') === scene
        && !!root && root.dataset.image === '1';
}"""

# What the page shows: title, the map's step and run length, its lanes, playing or not, exceptions.
SHOWN = """(player) => {
    const root = document.querySelector(player);
    return {
        title: document.querySelector('h1')?.textContent.trim(),
        step: +root.dataset.step,
        steps: +root.querySelector('.mp-scrub').max,
        lanes: root.querySelectorAll('.mp-lane').length,
        playing: root.dataset.playing === '1',
        exceptions: document.querySelectorAll('[data-testid="stException"]').length,
    };
}"""


# Where the page is, for a failure's message.
WHERE = """(player) => {
    const queue = window.__pgMoves || {};
    const root = document.querySelector(player);
    return {
        script: document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state'),
        url: location.search, keys: (queue.moves || []).length, applied: queue.applied,
        title: document.querySelector('h1')?.textContent, map: !!root, image: root?.dataset.image,
        exception: [...document.querySelectorAll('[data-testid="stException"]')].map((e) => e.textContent),
    };
}"""


def _settle(page, scene_id: str, opened: bool = True) -> None:
    """Wait until the page shows ``scene_id`` with every key applied; check what it shows. ``opened``: the
    keys opened it (a key past the first or last scene opens nothing: the map may still play)."""
    try:
        page.wait_for_function(SETTLED, arg=[PLAYER, scene_id], timeout=SETTLE_MS, polling=100)
    except PlaywrightTimeout:
        raise AssertionError(f"{scene_id} not shown: {page.evaluate(WHERE, PLAYER)}") from None
    shown = page.evaluate(SHOWN, PLAYER)
    preset = PRESETS[scene_id]
    expected = {
        "title": scenes.get(scene_id).title,
        "step": preset.steps,  # the scene opens on its last step, stopped, whatever the previous one did
        "steps": preset.steps,
        "lanes": len(preset.lanes),
        "playing": False,
        "exceptions": 0,
    }
    if not opened:
        del shown["step"], shown["playing"], expected["step"], expected["playing"]
    assert shown == expected, (scene_id, shown)


def _playground_run() -> list[str]:
    """The longest run of Playground scenes next to each other in the lecture (presenter mode's keys walk
    the whole lecture, and a scene of another page opens that page)."""
    runs, run = [], []
    for scene_id in scenes.names():
        run = [*run, scene_id] if scene_id in PRESETS else []
        runs.append(run)
    return max(runs, key=len)


def _keys(rng, count: int, at: int, last: int) -> list[str]:
    """``count`` random moves from ``at``, forward more often than back (so that the walk reaches its end),
    never past scene 0 or ``last`` (the Playground's run of the lecture)."""
    ahead, moves = rng.random() < 0.72, []
    for _ in range(count):
        forward = rng.random() < (0.8 if ahead else 0.3)
        forward = (forward or at == 0) and at != last
        moves.append("next" if forward else "prev")
        at += 1 if forward else -1
    return moves


def _press(page, rng, moves: list[str]) -> None:
    """The clicker keys of ``moves`` in quick succession (a few land during the rerun of the one before)."""
    for move in moves:
        page.keyboard.press(rng.choice(NEXT if move == "next" else PREVIOUS))
        page.wait_for_timeout(rng.choice((0, 0, 50, 150, 400)))


def _focus_a_slider(page, rng) -> None:
    """Focus the inspector's step slider or the map's scrubber and press keys there: they move the slider,
    not the scene. A click on the title gives the keys back to the clicker."""
    slider = rng.choice((INSPECTOR_STEP, f"{PLAYER} .mp-scrub"))
    page.locator(slider).first.focus()
    for _ in range(rng.randint(1, 3)):
        page.keyboard.press(rng.choice(("ArrowLeft", "ArrowRight", "PageDown", "PageUp")))
    page.locator("h1").first.click()


def _play(page, rng, to_the_end: bool) -> None:
    """Play the map; keys then come while it plays, or just after it ended (at the fastest speed)."""
    if to_the_end:
        page.locator(f"{PLAYER} .mp-speed").select_option(label="4×")
    page.locator(f"{PLAYER} .mp-play").click()
    page.wait_for_function("(p) => document.querySelector(p).dataset.playing === '1'", arg=PLAYER)
    if to_the_end:
        page.wait_for_function(
            "(p) => document.querySelector(p).dataset.playing === '0'", arg=PLAYER, timeout=SETTLE_MS
        )


@pytest.mark.parametrize("seed", [SEED])
def test_a_lecture_of_random_clicker_keys_shows_every_scene(page, app_url, seed):
    rng = random.Random(seed)
    ids = _playground_run()
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/?scene={ids[0]}&presenter=1")
    wait_for_player(page)
    at, shown, pressed = 0, [ids[0]], 0
    _settle(page, ids[0])
    while pressed < 60 or len(set(shown)) < len(ids):
        assert pressed < 200, pressed
        action = rng.choices(("keys", "slider", "playing", "ended"), weights=(6, 2, 2, 1))[0]
        if action == "slider":
            _focus_a_slider(page, rng)
        elif action in ("playing", "ended"):
            _play(page, rng, to_the_end=action == "ended")
        if pressed < 60:
            moves = _keys(rng, rng.randint(1, 4), at, len(ids) - 1)
        else:  # the random keys are pressed: on to the nearest scene not shown yet
            target = min((i for i, s in enumerate(ids) if s not in shown), key=lambda i: abs(i - at))
            moves = ["next" if target > at else "prev"] * abs(target - at)
        _press(page, rng, moves)
        pressed += len(moves)
        opened = False
        for move in moves:
            went = min(at + 1, len(ids) - 1) if move == "next" else max(at - 1, 0)
            opened, at = opened or went != at, went
        _settle(page, ids[at], opened)
        shown.append(ids[at])
    print(f"\n{pressed} clicker keys, {len(shown)} scenes shown: {len(set(shown))} of {len(ids)}")


# Playing, and past step 10 of this play (Play on the last step starts over: until its first frame, the
# step shown is still the last one).
PLAYING_PAST_10 = """(p) => { const d = document.querySelector(p).dataset;
    return d.playing === '1' && +d.step > 10 && +d.step < +document.querySelector(p + ' .mp-scrub').max; }"""


def test_the_next_scene_opens_at_its_own_start_after_a_pause_or_during_play(page, app_url):
    """Paused mid-scene (the inspector following the map there), or still playing: PageDown opens the next
    scene as a fresh page shows it, at its last step, stopped, with the inspector on that step too."""
    ids = _playground_run()
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/?scene={ids[1]}&presenter=1")
    wait_for_player(page)
    play = page.locator(f"{PLAYER} .mp-play")
    page.locator(f"{PLAYER} .mp-speed").select_option(label="½×")
    limit = min(PRESETS[ids[1]].steps, PRESETS[ids[2]].steps)
    for _ in range(3):  # the clock follows elapsed time: a browser stalled for seconds (load 20) may reach
        play.click()  # the end before the pause; the click then plays again from step 0: pause again
        page.wait_for_function(PLAYING_PAST_10, arg=PLAYER)
        play.click()  # pause mid-scene: the page hears of the step, the inspector follows
        page.wait_for_function("(p) => document.querySelector(p).dataset.playing === '0'", arg=PLAYER)
        paused = int(page.locator(PLAYER).get_attribute("data-step"))
        if 10 < paused < limit:
            break
    assert 10 < paused < limit
    page.wait_for_function(
        "([s, v]) => document.querySelector(s)?.value === v", arg=[INSPECTOR_STEP, str(paused)]
    )
    page.keyboard.press("PageDown")
    _settle(page, ids[2])
    assert page.locator(INSPECTOR_STEP).input_value() == str(PRESETS[ids[2]].steps)
    play.click()  # and while it plays
    page.wait_for_function(PLAYING_PAST_10, arg=PLAYER)
    page.keyboard.press("PageDown")
    _settle(page, ids[3])
    assert page.locator(INSPECTOR_STEP).input_value() == str(PRESETS[ids[3]].steps)


LESSON_PAGES = ("activations", "initialisation")  # quick to open: no training run, unlike the lab's


def _border() -> tuple[str, str]:
    """A Playground scene and the next one in the lecture, on a lesson page."""
    ids = scenes.names()
    pairs = [
        (here, there)
        for here, there in itertools.pairwise(ids)
        if here in PRESETS and scenes.get(there).page.url_path in LESSON_PAGES
    ]
    assert pairs, "no Playground scene is followed by a lesson page's"
    return pairs[0]


def _lesson_shown(page, scene_id: str) -> None:
    """The scene's lesson page, in presenter mode, at rest, with no exception."""
    scene = scenes.get(scene_id)
    page.wait_for_url(f"**/{scene.page.url_path}?*scene={scene_id}*", timeout=SETTLE_MS)
    page.get_by_role("heading", name=scene.title).wait_for(timeout=SETTLE_MS)
    wait_for_idle(page)
    assert "presenter=1" in page.url
    assert page.locator("[data-testid='stException']").count() == 0


def test_pagedown_and_pageup_cross_the_playgrounds_border_with_a_lesson_page(page, app_url):
    """Presenter mode's PageDown from the Playground's scene to the next scene, on a lesson page; PageUp back
    to the Playground, at the scene's start as a fresh page shows it; PageDown out again."""
    here, there = _border()
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/?scene={here}&presenter=1")
    wait_for_player(page)
    _settle(page, here)
    for _ in range(2):
        page.keyboard.press("PageDown")
        _lesson_shown(page, there)
        page.keyboard.press("PageUp")
        _settle(page, here)


def _shown(page, scene_id: str) -> None:
    """``scene_id`` on screen, on whichever page holds it."""
    if scene_id in PRESETS:
        _settle(page, scene_id)
    else:
        _lesson_shown(page, scene_id)


@pytest.mark.parametrize("pause_ms", [0, 300])
def test_two_quick_pagedowns_across_the_border_land_two_scenes_on(page, app_url, pause_ms):
    """Two PageDowns pressed at once from the Playground's last scene before a lesson page: the second key
    comes while the first one's page switch runs; it must move the lecture one scene further, not be lost
    and not send the lecture back to its start. Then two quick PageUps come back."""
    here, _ = _border()
    ids = scenes.names()
    beyond = ids[ids.index(here) + 2]
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/?scene={here}&presenter=1")
    wait_for_player(page)
    _settle(page, here)
    page.keyboard.press("PageDown")
    page.wait_for_timeout(pause_ms)  # at once, or while the first key's run or page switch is under way
    page.keyboard.press("PageDown")
    _shown(page, beyond)
    page.keyboard.press("PageUp")
    page.wait_for_timeout(pause_ms)
    page.keyboard.press("PageUp")
    _shown(page, here)
