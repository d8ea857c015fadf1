"""The standalone animation in headless Chromium: Play grows the paths and the landscape stays drawn.

No app is needed: the figure is exported with viz.export and opened from a file:// URL, as a lecturer would
open it offline. Timings are printed (run with -s), never asserted.
"""

import time

import pytest

from tests.viz.helpers import Bowl, lanes
from viz import export, figures, landscape

PLOT = ".js-plotly-plot"

# Points drawn per map panel: chunk, mid and head traces of the lanes that are not hidden (opacity 0).
DRAWN = """() => {
    const gd = document.querySelector('.js-plotly-plot');
    const counts = {};
    gd._fullData.forEach((t) => {
        const lane = String(t.legendgroup || '').startsWith('lane');
        if (!lane || !String(t.mode || '').startsWith('lines')) return;
        if (t.dx !== undefined && t.x0 !== undefined && !gd.data[t.index].x) return;  // loss curves
        if (t.opacity === 0) return;
        counts[t.xaxis] = (counts[t.xaxis] || 0) + (t._length || 0);
    });
    return counts;
}"""

LANDSCAPE = """() => {
    const gd = document.querySelector('.js-plotly-plot');
    return [...gd.querySelectorAll('.imagelayer image')].map((img) => {
        const box = img.getBBox();
        const style = getComputedStyle(img);
        return {href: (img.getAttribute('href') || '').slice(0, 22), width: box.width, height: box.height,
                visible: style.display !== 'none' && style.visibility !== 'hidden' && style.opacity !== '0'};
    });
}"""


def current_frame(page) -> int:
    name = page.evaluate(f"() => document.querySelector('{PLOT}')._fullLayout._currentFrame")
    return int(name) if name is not None and str(name).isdigit() else -1


@pytest.mark.parametrize("layout", ["overlay", "multiples"])
def test_play_grows_every_path_and_the_landscape_survives(page, tmp_path, artifacts_dir, layout):
    land = landscape.compute(Bowl())
    figure = figures.map_figure(land, lanes(6, 300), layout=layout, minima=Bowl.minima, max_frames=150)
    html = tmp_path / f"animation-{layout}.html"
    html.write_text(export.standalone_html(figure, title=f"viz animation ({layout})"), encoding="utf-8")

    started = time.perf_counter()
    page.goto(html.as_uri())
    page.wait_for_function(
        "() => { const gd = document.querySelector('.js-plotly-plot');"
        " return !!(gd && gd._fullLayout && gd._transitionData && gd.querySelector('.main-svg')); }",
        timeout=60_000,
    )
    drawn_after = time.perf_counter() - started
    n_frames = page.evaluate(f"() => document.querySelector('{PLOT}')._transitionData._frames.length")
    full = page.evaluate(DRAWN)
    panels = 1 if layout == "overlay" else 6
    assert len(full) == panels

    page.evaluate(
        "() => { window.__frames = 0; document.querySelector('.js-plotly-plot')"
        ".on('plotly_animatingframe', () => { window.__frames += 1; }); }"
    )
    page.locator(".updatemenu-button").filter(has_text="Play").click()
    page.wait_for_function(f"() => Number(document.querySelector('{PLOT}')._fullLayout._currentFrame) >= 5")
    early = page.evaluate(DRAWN)
    play_started = time.perf_counter()
    page.wait_for_function(
        f"() => Number(document.querySelector('{PLOT}')._fullLayout._currentFrame) >= 40", timeout=60_000
    )
    later = page.evaluate(DRAWN)
    played = page.evaluate("() => window.__frames")
    fps = played / max(time.perf_counter() - play_started + 1e-9, 1e-9)
    page.screenshot(path=str(artifacts_dir / f"viz_animation_{layout}_playing.png"))

    for axis in full:
        assert early[axis] < full[axis]  # Play restarted from the first step
        assert later[axis] > early[axis]  # and the paths grew, in every panel
    images = page.evaluate(LANDSCAPE)
    assert len(images) == panels
    for image in images:
        assert image["href"] == "data:image/png;base64,"
        assert image["width"] > 100 and image["height"] > 40 and image["visible"]

    page.locator(".updatemenu-button").filter(has_text="Pause").click()
    paused_at = current_frame(page)
    page.wait_for_timeout(300)
    assert current_frame(page) - paused_at <= 1  # Pause stops the animation
    paused_at = current_frame(page)

    # A speed button plays on from where the animation was paused, not from the first step.
    page.evaluate(
        "() => { window.__names = []; document.querySelector('.js-plotly-plot')"
        ".on('plotly_animatingframe', (event) => window.__names.push(Number(event.name))); }"
    )
    page.locator(".updatemenu-header").filter(has_text="speed").click()  # opens the speed dropdown
    page.locator(".updatemenu-dropdown-button").filter(has_text="speed 2×").click()
    page.wait_for_function(f"() => window.__names.length >= 5 && window.__names.at(-1) > {paused_at + 3}")
    page.locator(".updatemenu-button").filter(has_text="Pause").click()
    assert min(page.evaluate("() => window.__names")) > paused_at

    # Scrub backwards with the slider: its first step shows only the start points.
    rail = page.locator(".slider-rail-rect").first.bounding_box()
    page.mouse.click(rail["x"] + 2, rail["y"] + rail["height"] / 2)
    page.wait_for_function(f"() => document.querySelector('{PLOT}')._fullLayout._currentFrame === '0'")
    scrubbed = page.evaluate(DRAWN)
    assert all(scrubbed[axis] <= 3 * 6 // panels for axis in full)  # start point (+ empty mid/head)
    assert len(page.evaluate(LANDSCAPE)) == panels

    page.screenshot(path=str(artifacts_dir / f"viz_animation_{layout}.png"))
    size = figures.figure_json_size(figure)
    print(
        f"\nviz {layout}: {size / 1e3:.0f} kB JSON, {n_frames} frames (incl. base frames), "
        f"drawn {drawn_after:.2f} s after navigation, about {fps:.1f} frames/s while playing"
    )


BOXES = """() => {
    const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    const gd = document.querySelector('.js-plotly-plot');
    const buttons = [...gd.querySelectorAll('.updatemenu-button')].map(box);
    const speed = [...gd.querySelectorAll('.updatemenu-header')].map(box);
    const bar = [...gd.querySelectorAll('.colorbar')].map(box);
    const ticks = (axis) => [...gd.querySelectorAll(`.${axis}tick text`)].map(box);
    const legend = [...gd.querySelectorAll('.legend .legendtext')].map((t) => t.textContent);
    const links = gd.querySelectorAll('.legend a, .annotation a, .gtitle a').length;
    return {buttons, speed, bar, lossTicks: ticks('y2'), distanceTicks: ticks('y3'), legend, links,
            width: gd.getBoundingClientRect().width};
}"""


def overlaps(a, b) -> bool:
    return a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1


@pytest.mark.parametrize("narrow", [False, True])
def test_a_phone_wide_map_keeps_controls_and_colour_bar_apart_and_names_literal(
    page, tmp_path, artifacts_dir, narrow
):
    """At 390 px the speed menu must not cover Pause and a lane name written as a link is shown as text; in
    the phone layout (``narrow``: panels below the map) the colour bar does not run into any panel's ticks."""
    land = landscape.compute(Bowl())
    paths = lanes(3, 200)
    paths[0].label = '<a href="https://evil.example">Click</a>'
    figure = figures.map_figure(land, paths, minima=Bowl.minima, max_frames=40, narrow=narrow)
    html = tmp_path / "phone.html"
    html.write_text(export.standalone_html(figure), encoding="utf-8")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(html.as_uri())
    page.wait_for_function("() => !!document.querySelector('.js-plotly-plot .main-svg .colorbar')")
    boxes = page.evaluate(BOXES)
    page.screenshot(
        path=str(artifacts_dir / f"viz_phone_390{'_narrow' if narrow else ''}.png"), full_page=True
    )
    assert boxes["width"] <= 390
    (speed,) = boxes["speed"]
    assert len(boxes["buttons"]) >= 2 and not any(overlaps(speed, button) for button in boxes["buttons"][:2])
    (bar,) = boxes["bar"]
    ticks = boxes["lossTicks"] + boxes["distanceTicks"]
    assert ticks
    if narrow:
        assert not any(overlaps(bar, tick) for tick in ticks)
    assert boxes["links"] == 0
    assert any('<a href="https://evil.example">Click</a>' in text for text in boxes["legend"])
