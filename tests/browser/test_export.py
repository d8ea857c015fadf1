"""The HTML export opened from disk with every network request blocked: it draws the map and plays it."""

from tests.viz.helpers import Bowl, lanes
from tools.browser import file_only
from ui import map_player
from viz import landscape, player

ROOT = "#map .mp-root"


def exported(tmp_path, steps: int = 300):
    land = landscape.compute(Bowl(), resolution=60, image_resolution=240)
    message = player.payload(land, lanes(3, steps), minima=Bowl.minima, min_loss=0.0, clickable=False)
    html = map_player.page(
        message,
        title="Three lanes <on> the bowl",
        formula=r"f(x, y) = \tfrac{1}{2}\left(x^2 + 10\, y^2\right)",
        caption=r"Momentum keeps a velocity that decays by $\mu = 0.9$ per step.",
        notes=["lane <b>1</b> settles first"],
    )
    path = tmp_path / "race.html"
    path.write_text(html, encoding="utf-8")
    return path


def test_the_exported_file_plays_offline(page, tmp_path, artifacts_dir):
    path = exported(tmp_path)
    outside = file_only(page.context)  # the file itself is the only thing the page may load
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    page.wait_for_function(f"() => document.querySelector('{ROOT}')?.dataset.image === '1'")
    assert page.title() == "Three lanes <on> the bowl"
    assert page.locator("h1").inner_text() == "Three lanes <on> the bowl", "user text shown as text"
    assert page.locator("p.formula math").count() == 1 and page.locator("p.caption math").count() == 1
    assert page.get_by_text("lane <b>1</b> settles first").count() == 1
    legend = page.locator(f"{ROOT} .mp-legend .mp-entry").all_inner_texts()
    assert legend[:3] == ["lane 0", "lane 1", "lane 2"] and "minimum" in legend
    assert page.locator(f"{ROOT} .mp-hint").inner_text() == "", "no 'click to start' in a file"

    def step():
        return int(page.locator(ROOT).get_attribute("data-step"))

    assert step() == 300, "opens on the full paths"
    # 1x: the whole run in 8 s, three frames or more even from a browser that draws one frame a second
    page.locator(f"{ROOT} select.mp-speed").select_option(label="1×")
    page.get_by_role("button", name="Play").click()
    # the first step drawn after Play, read in the page (a round trip may come after the run's end)
    early = page.wait_for_function(
        f"() => {{ const s = +document.querySelector('{ROOT}').dataset.step; return s < 300 && [s]; }}"
    ).json_value()[0]
    page.wait_for_function(f"() => +document.querySelector('{ROOT}').dataset.step > {early}")
    page.screenshot(path=str(artifacts_dir / "export_playing.png"))
    page.wait_for_function(f"() => document.querySelector('{ROOT}').dataset.playing === '0'", timeout=60_000)
    assert step() == 300, "plays to the end"
    frames = int(page.locator(ROOT).get_attribute("data-frames"))
    assert frames >= 3, "drawn frame after frame, not in one jump"
    assert not errors and not outside, (errors, outside)
