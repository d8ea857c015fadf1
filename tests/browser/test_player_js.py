"""Unit tests of the map player's pure JavaScript (ui/map_player/*.js, exported as ``pure``), run in Chromium
on a blank page (the ``player_js`` fixture): ticks and their labels, where the maps and panels go, and
labels that keep apart. No app is served and nothing is drawn for real: each call takes milliseconds."""

import itertools

import pytest

CALL = "([name, args]) => window.MP[name](...args)"
CALL_CTX = "([name, args]) => window.MP[name](window.CTX, ...args)"  # functions that measure text
FONT = "13px Arial, Helvetica, sans-serif"


def call(page, name, *args):
    return page.evaluate(CALL, [name, list(args)])


@pytest.mark.parametrize(
    ("low", "high", "count", "ticks"),
    [
        (0, 200, 5, [0, 40, 80, 120, 160, 200]),
        (0, 1, 4, [0, 0.25, 0.5, 0.75, 1]),
        (-1, 1, 4, [-1, -0.5, 0, 0.5, 1]),
        (0, 1000, 3, [0, 400, 800]),
        (3, 3, 5, [3]),  # an empty range: its one value
    ],
)
def test_nice_ticks_step_by_1_2_2_5_4_or_5_times_a_power_of_ten(player_js, low, high, count, ticks):
    got = call(player_js, "niceTicks", low, high, count)
    assert got == pytest.approx(ticks, abs=1e-12)
    assert all(low - 1e-9 <= v <= high + 1e-9 for v in got) and len(got) <= count + 2


def test_nice_ticks_put_zero_at_zero_not_at_a_rounding_error(player_js):
    got = call(player_js, "niceTicks", -0.3, 0.3, 6)
    assert 0 in got and got[got.index(0) - 1] == pytest.approx(-0.1)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (2.5, "2.5"),
        (-40, "-40"),
        (0.1 + 0.2, "0.3"),
        (1e5, "1e+5"),
        (0.0004, "4e-4"),
        (12345, "12345"),
    ],
)
def test_tick_text_rounds_and_switches_to_exponents_far_from_one(player_js, value, text):
    assert call(player_js, "tickText", value) == text


@pytest.mark.parametrize(("k", "text"), [(0, "10⁰"), (3, "10³"), (-12, "10⁻¹²"), (10, "10¹⁰")])
def test_decades_are_written_with_superscripts(player_js, k, text):
    assert call(player_js, "decade", k) == text


def test_decade_labels_keep_a_line_apart_and_inside_the_panel(player_js):
    box, line = {"x": 0, "y": 50, "w": 200, "h": 100}, 18
    got = call(player_js, "decadeLabels", box, [-12, 0], line, list(range(-12, 1)))
    # 100 px over 12 decades: 8.3 px a decade, so every third (25 px >= 20); 10⁻¹² and 10⁰ sit on the edges,
    # where half their label would hang outside the panel
    assert got == [-9, -6, -3]
    roomy = call(player_js, "decadeLabels", {**box, "h": 600}, [-12, 0], line, list(range(-12, 1)))
    assert roomy == list(range(-11, 0)), "a tall panel labels every decade but the two on its edges"


def test_decade_labels_never_crowd_at_any_height(player_js):
    line = 18
    for height in (40, 73, 120, 250, 500):
        box = {"x": 0, "y": 0, "w": 100, "h": height}
        got = call(player_js, "decadeLabels", box, [-12.3, 2.4], line, list(range(-12, 3)))
        ys = [height - (k + 12.3) / 14.7 * height for k in got]
        assert all(abs(a - b) >= line + 2 for a, b in itertools.pairwise(ys)), height
        assert all(line / 2 - 0.5 <= y <= height - line / 2 + 0.5 for y in ys), height


def test_fit_box_keeps_the_aspect_within_the_room(player_js):
    assert call(player_js, "fitBox", 100, 30, 0.5) == [60, 30]  # height-bound
    assert call(player_js, "fitBox", 100, 100, 0.5) == [100, 50]  # width-bound
    assert call(player_js, "fitBox", 2, 2, 1) == [10, 10], "never below 10 px"


def rect(page, text, x, y, align, baseline):
    return page.evaluate(CALL_CTX, ["labelRect", [text, x, y, FONT, align, baseline]])


def test_a_label_box_sits_where_its_alignment_puts_the_text(player_js):
    left, right = (
        rect(player_js, "step", 100, 50, "left", "top"),
        rect(player_js, "step", 100, 50, "right", "bottom"),
    )
    centre = rect(player_js, "step", 100, 50, "center", "middle")
    assert left["w"] == right["w"] == centre["w"] > 6 and left["h"] == pytest.approx(13 * 1.25 + 2)
    assert (left["x"], left["y"]) == (97, 49), "3 px of padding left, 1 px above"
    assert right["x"] + right["w"] == pytest.approx(103) and right["y"] + right["h"] == pytest.approx(51)
    assert centre["x"] + centre["w"] / 2 == pytest.approx(100) and centre["y"] + centre[
        "h"
    ] / 2 == pytest.approx(50)
    wider = rect(player_js, "step 1000", 100, 50, "left", "top")
    assert wider["w"] > left["w"], "measured, not guessed"


@pytest.mark.parametrize(
    ("b", "area"),
    [
        ({"x": 5, "y": 5, "w": 10, "h": 10}, 25),  # a corner in common
        ({"x": 2, "y": 2, "w": 3, "h": 3}, 9),  # inside
        ({"x": 10, "y": 0, "w": 10, "h": 10}, 0),  # edges that touch do not overlap
        ({"x": 0, "y": 10.5, "w": 10, "h": 10}, 0),
    ],
)
def test_overlap_and_its_area(player_js, b, area):
    a = {"x": 0, "y": 0, "w": 10, "h": 10}
    assert call(player_js, "overlapArea", a, b) == pytest.approx(area)
    assert call(player_js, "overlapArea", b, a) == pytest.approx(area)
    assert call(player_js, "overlaps", a, b) is (area > 0)


def place(page, lines, x, y, bounds, avoid, gap=12):
    return page.evaluate(CALL_CTX, ["placeNote", [lines, x, y, FONT, "#222222", bounds, avoid, gap]])


def inside(box, bounds) -> bool:
    return (
        box["x"] >= bounds["x"] - 1e-9
        and box["y"] >= bounds["y"] - 1e-9
        and box["x"] + box["w"] <= bounds["x"] + bounds["w"] + 1e-9
        and box["y"] + box["h"] <= bounds["y"] + bounds["h"] + 1e-9
    )


def test_a_note_goes_above_its_point_when_nothing_is_there(player_js):
    bounds = {"x": 0, "y": 0, "w": 300, "h": 200}
    note = place(player_js, ["diverged at step 12"], 150, 100, bounds, [])
    assert note["y"] + note["h"] == pytest.approx(100 - 12) and note["x"] + note["w"] / 2 == pytest.approx(
        150
    )
    assert inside(note, bounds)


def test_a_note_keeps_clear_of_labels_already_drawn(player_js):
    bounds = {"x": 0, "y": 0, "w": 300, "h": 200}
    above = {"x": 0, "y": 40, "w": 300, "h": 50}  # a row of labels across the whole width above the point
    note = place(player_js, ["diverged at step 12"], 150, 100, bounds, [above])
    assert call(player_js, "overlapArea", note, above) == 0 and inside(note, bounds)
    assert note["y"] >= 100, "below the point, the first free spot"
    beside = {"x": 100, "y": 60, "w": 100, "h": 30}  # one label where the note would go: it moves past it
    note = place(player_js, ["diverged at step 12"], 150, 100, bounds, [beside])
    assert call(player_js, "overlapArea", note, beside) == 0 and inside(note, bounds)


def test_a_note_too_wide_splits_at_its_dots_and_stays_in_bounds(player_js):
    bounds = {"x": 0, "y": 0, "w": 160, "h": 200}
    note = place(player_js, ["left the view at step 8 · diverged at step 12"], 150, 190, bounds, [])
    assert note["h"] == pytest.approx(2 * 13 * 1.25 + 2), "two lines"
    assert inside(note, bounds)


def test_a_crowded_note_takes_the_spot_it_covers_least(player_js):
    bounds = {"x": 0, "y": 0, "w": 300, "h": 200}
    everywhere = [{"x": 0, "y": 0, "w": 300, "h": 95}, {"x": 0, "y": 105, "w": 300, "h": 95}]
    note = place(player_js, ["diverged"], 150, 100, bounds, everywhere)
    assert inside(note, bounds)
    cover = sum(call(player_js, "overlapArea", note, box) for box in everywhere)
    assert cover < note["w"] * note["h"], "it covers less than all of itself"


def header(n_lanes: int = 1, multiples: bool = False, presenter: bool = False, font: int = 14) -> dict:
    """What the layout reads of a message's header: a 2:1 window, the lanes, the font."""
    titles = {"titles": [f"lane {k}" for k in range(n_lanes)]} if multiples else None
    window = [[-4.0, 4.0], [-2.0, 2.0]]
    return {
        "window": window,
        "multiples": titles,
        "lanes": [{}] * n_lanes,
        "presenter": presenter,
        "font": font,
    }


def laid(page, head, width, height):
    return page.evaluate("([h, w, hh]) => window.MP.layout(h, w, hh, h.font)", [head, width, height])


def boxes_apart(boxes) -> bool:
    return all(
        a["x"] + a["w"] <= b["x"] + 1e-9
        or b["x"] + b["w"] <= a["x"] + 1e-9
        or a["y"] + a["h"] <= b["y"] + 1e-9
        or b["y"] + b["h"] <= a["y"] + 1e-9
        for a, b in itertools.combinations(boxes, 2)
    )


CASES = [  # width, height, lanes, small multiples, presenter
    (1200, 600, 1, False, False),
    (1400, 500, 3, False, False),
    (1000, 1200, 1, False, False),
    (1400, 900, 4, True, False),
    (1400, 900, 6, True, True),
    (900, 700, 2, True, False),
    (400, 700, 1, False, False),
    (390, 800, 3, True, False),
]


@pytest.mark.parametrize(("width", "height", "n", "multiples", "presenter"), CASES)
def test_every_layout_keeps_the_maps_aspect_and_its_boxes_apart_within_the_player(
    player_js, width, height, n, multiples, presenter
):
    g = laid(player_js, header(n, multiples, presenter, 24 if presenter else 14), width, height)
    maps = g["maps"]
    assert len(maps) == (n if multiples else 1) and g["map"] == maps[0]
    assert all(m["h"] / m["w"] == pytest.approx(0.5) for m in maps), "the window's aspect"
    assert len({(m["w"], m["h"]) for m in maps}) == 1, "small multiples share one size"
    assert boxes_apart([*maps, g["bar"], g["loss"], g["distance"]])
    assert all(b["x"] >= 0 and b["x"] + b["w"] <= width for b in [*maps, g["bar"], g["loss"], g["distance"]])
    assert g["narrow"] == (width < 640)
    if g["narrow"]:  # a phone: everything under the map, the page scrolls
        assert g["stacked"] and g["bar"]["horizontal"] and g["loss"]["y"] > maps[-1]["y"] + maps[-1]["h"]
    else:
        assert g["height"] <= height, "never taller than the room it was given"


def test_the_panels_go_beside_a_wide_room_and_below_a_tall_one(player_js):
    assert not laid(player_js, header(), 1200, 600)["stacked"]
    tall = laid(player_js, header(), 1000, 1200)
    assert tall["stacked"] and tall["loss"]["y"] > tall["map"]["y"] + tall["map"]["h"]
    assert tall["height"] < 1200, "a wide map leaves no empty band: the player shrinks to what it draws"


def test_small_multiples_take_the_number_of_columns_that_draws_each_map_largest(player_js):
    four = laid(player_js, header(4, multiples=True), 1400, 900)
    assert sorted({m["column"] for m in four["maps"]}) == [0, 1], "2 x 2 at 1400 x 900"
    strip = laid(player_js, header(4, multiples=True), 2400, 500)
    assert sorted({m["column"] for m in strip["maps"]}) == [0, 1, 2, 3], "one row in a wide, low room"
