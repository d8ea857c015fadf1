"""Where the map goes and how its text sits, measured in Chromium: a scene opened from its card shows its
map first, whole, on the first screen; the caption follows it.

The map's drawing area is the canvas player's map box (``data-map``), read by tools/screenshots.py's MEASURE.
"""

import re

import pytest

import scenes
from tools.browser import PLAYER
from tools.screenshots import MAP, MEASURE, inside, wait_for_map

CAPTION = """(words) => {  // the top of the paragraph that starts with the scene caption's first words
    const texts = Array.from(document.querySelectorAll('[data-testid="stMarkdownContainer"] p'))
        .filter((p) => p.textContent.startsWith(words)).map((p) => p.getBoundingClientRect().top);
    return texts.length ? texts[0] : null;
}"""


@pytest.mark.parametrize(
    ("scene_id", "width", "height"), [("adagrad-stalls", 1400, 900), ("sgd-zigzag", 1280, 720)]
)
def test_a_scene_opened_from_its_card_shows_its_map_first(
    page, app_url, artifacts_dir, scene_id, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{app_url}/?scene={scene_id}")
    wait_for_map(page)
    figures = page.evaluate(MEASURE, MAP)
    page.screenshot(path=str(artifacts_dir / f"scene-{scene_id}-{width}x{height}.png"))
    land = figures["land"]
    assert inside(land, (width, height)), land  # the whole drawing area on the first screen
    assert land["y"] < 0.4 * height, land  # under the scene bar and the title, nothing else
    words = re.sub(r"[*_$`\\]", "", scenes.get(scene_id).caption).split()[:3]  # as Markdown shows them
    caption = page.evaluate(CAPTION, " ".join(words))
    assert caption is not None and caption > land["y"] + land["h"], (caption, land)  # the caption follows


LABELS = """(selector) => {  // every label the player drew (data-labels) and its canvas's size
    const root = document.querySelector(selector);
    const canvas = root.querySelector('canvas.mp-canvas');
    return {labels: JSON.parse(root.dataset.labels), size: [canvas.clientWidth, canvas.clientHeight]};
}"""


def _overlapping(labels: list[dict]) -> list[tuple[dict, dict]]:
    def meet(a, b):
        (ax, ay, aw, ah), (bx, by, bw, bh) = a["box"], b["box"]
        return ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah

    return [(a, b) for i, a in enumerate(labels) for b in labels[i + 1 :] if meet(a, b)]


def _outside(labels: list[dict], size) -> list[dict]:
    width, height = size
    return [
        label
        for label in labels
        if label["box"][0] < -0.5
        or label["box"][1] < -0.5
        or label["box"][0] + label["box"][2] > width + 0.5
        or label["box"][1] + label["box"][3] > height + 0.5
    ]


def _drawn(page) -> dict:
    drawn = page.evaluate(LABELS, PLAYER)
    # the theory's eigenvalue labels sit on the map by the Plotly map's rule: checked against the notes only
    drawn["text"] = [label for label in drawn["labels"] if label["kind"] != "theory"]
    return drawn


def test_the_panels_tick_labels_keep_apart_at_720p_in_presenter_mode(page, app_url, artifacts_dir):
    page.set_viewport_size({"width": 1280, "height": 720})
    ids = list(scenes.presets())  # the Playground's scenes (the issue counted them, not the whole lecture's)
    for number in (2, 6, 8, 12, 16):  # scenes whose small log panels stacked their labels ("10¹ 1 10 10")
        page.goto(f"{app_url}/?scene={ids[number - 1]}&presenter=1")
        wait_for_map(page)
        page.screenshot(path=str(artifacts_dir / f"presenter-ticks-{number}-1280x720.png"))
        drawn = _drawn(page)
        ticks = [label for label in drawn["text"] if label["kind"] == "tick"]
        assert len(ticks) >= 12, (number, ticks)  # map, colour bar and both panels are labelled
        assert not _overlapping(drawn["text"]), (number, _overlapping(drawn["text"]))
        assert not _outside(drawn["labels"], drawn["size"]), (
            number,
            _outside(drawn["labels"], drawn["size"]),
        )


@pytest.mark.parametrize(
    "query",
    [
        "scene=feature-scaling",  # a path that leaves the view at step 1 and diverges at step 6
        "surface=custom&expr=log(x)%2By**2&start=2.5,-2&lane1=sgd:lr=0.3&lane2=sgd:lr=0.5",  # two lanes end
    ],
)
def test_where_a_path_ended_is_written_once_inside_the_map_and_as_the_warning_says(page, app_url, query):
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{app_url}/?{query}")
    wait_for_map(page)
    drawn = _drawn(page)
    notes = [label for label in drawn["labels"] if label["kind"] in ("cross", "stop")]
    assert notes, drawn["labels"]
    assert not _outside(drawn["labels"], drawn["size"]), _outside(drawn["labels"], drawn["size"])
    clashes = [
        pair for pair in _overlapping(drawn["labels"]) if {"cross", "stop"} & {p["kind"] for p in pair}
    ]
    assert not clashes, clashes
    warnings = " ".join(page.locator("[data-testid='stAlert']").all_inner_texts())
    for note in notes:  # each note's words and step are the warning's
        words = note["text"].split(" · ")[-1]
        assert words in warnings, (words, warnings)


BOXES = """(selector) => {  // the player's maps and panels (canvas pixels) and its canvas's width
    const root = document.querySelector(selector);
    const boxes = (text) => text.split(';').map((b) => b.split(',').map(Number));
    return {maps: boxes(root.dataset.maps), panels: boxes(root.dataset.panels),
            width: root.querySelector('canvas.mp-canvas').clientWidth};
}"""


@pytest.mark.parametrize(
    ("query", "width", "height", "least"),
    [
        ("scene=sgd-zigzag", 390, 844, 0.75),  # a phone: the map across the screen, the panels below
        ("scene=adam-combines&layout=multiples", 1400, 900, 0.35),  # three maps, each large
    ],
)
def test_maps_take_the_width_they_can(page, app_url, artifacts_dir, query, width, height, least):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{app_url}/?{query}")
    wait_for_map(page)
    page.screenshot(path=str(artifacts_dir / f"maps-{width}x{height}.png"), full_page=True)
    drawn = page.evaluate(BOXES, PLAYER)
    assert all(w >= least * drawn["width"] for _, _, w, _ in drawn["maps"]), drawn
    if width < 640:  # the panels under the map, as wide as it
        bottom = max(y + h for _, y, _, h in drawn["maps"])
        assert all(y > bottom and w >= drawn["maps"][0][2] for _, y, w, _ in drawn["panels"]), drawn
