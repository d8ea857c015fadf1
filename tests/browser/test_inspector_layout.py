"""The inspector sits right under the map it draws on (issue: it was about 1,200 px below it)."""

from tools.browser import wait_for_player


def test_the_inspector_starts_just_below_the_map(page, app_url):
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(app_url)
    wait_for_player(page)
    heading = page.get_by_text("Inspect one step").first
    heading.wait_for(timeout=60_000)
    heading.scroll_into_view_if_needed()
    box = heading.bounding_box()
    map_box = page.locator(".st-key-pg_map").bounding_box()
    gap = box["y"] - (map_box["y"] + map_box["height"])
    assert 0 <= gap <= 200, gap  # only the lanes' settling sentence lies between them
