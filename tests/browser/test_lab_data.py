"""Your own points in headless Chromium: a click on the board adds a point of the chosen class, a click on
a point removes it, and the board's points train and travel in the link. A screenshot at 1400x900 goes to
artifacts/ for a person to look at."""

from __future__ import annotations

from datasets import user

ROWS = "x1,x2,label\n" + "\n".join(f"{0.1 * i - 1},{(-1) ** i * 0.5},{i % 2}" for i in range(20))
BOARD = "section[data-testid='stSidebar'] .js-plotly-plot"


def test_clicks_on_the_board_add_points_that_train_and_travel_in_the_link(page, app_url, artifacts_dir):
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{app_url}/network_lab?data=user:points={user.encode(user.parse_csv(ROWS))}&steps=5")
    page.get_by_text("Train on these 20 points").wait_for()
    board = page.locator(BOARD).first
    board.scroll_into_view_if_needed()
    box = board.locator(".nsewdrag").first.bounding_box()
    page.locator("section[data-testid='stSidebar'] button", has_text="class 1").click()
    page.get_by_text("Train on these 20 points").wait_for()
    page.mouse.click(box["x"] + box["width"] * 0.85, box["y"] + box["height"] * 0.15)  # empty: top right
    page.get_by_text("Train on these 21 points").click()
    page.wait_for_function("() => location.search.length > 0 && document.title !== ''")
    page.get_by_text("Your 21 points (CSV)").wait_for()
    page.screenshot(path=str(artifacts_dir / "lab_data_board_1400x900.png"))
    added = page.evaluate("() => new URLSearchParams(location.search).get('data')")
    points = user.decode(added.removeprefix("user:points="))
    assert len(points) == 21 and points.target[-1] == 1 and points.x1[-1] > 1 and points.x2[-1] > 1


def test_an_uploaded_file_trains_and_an_oversized_one_changes_nothing(page, app_url):
    page.goto(f"{app_url}/network_lab?data=xor&steps=5")
    page.get_by_text("Your own data").click()
    upload = page.locator("section[data-testid='stSidebar'] input[type='file']")
    upload.set_input_files(
        files=[{"name": "big.csv", "mimeType": "text/csv", "buffer": b"1,2,0\n" * 600_000}]
    )
    page.wait_for_timeout(3_000)  # the browser refuses the 3.6 MB file; nothing reaches the page's state
    assert page.evaluate("() => new URLSearchParams(location.search).get('data')") == "xor"
    upload.set_input_files(files=[{"name": "mine.csv", "mimeType": "text/csv", "buffer": ROWS.encode()}])
    page.get_by_text("Your 20 points (CSV)").wait_for()
    # the address changes by a message of its own, which can reach the browser after the button (a CI run)
    page.wait_for_function("() => (new URLSearchParams(location.search).get('data') || '').startsWith('u')")
    data = page.evaluate("() => new URLSearchParams(location.search).get('data')")
    assert user.decode(data.removeprefix("user:points=")) == user.parse_csv(ROWS)
