"""The Network lab in headless Chromium: it trains, its one player drives every figure, compare mode draws
both configurations at the same step.

Screenshots at 1400x900 and 1280x720 go to artifacts/ for a person to look at; times are printed, never
asserted.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

from tools.browser import PLOT
from training import lab_files

PLAYER = ".lp-root"


def columns(page) -> list[dict]:
    """Each configuration's column: the step it shows and the checkpoint its regions and histograms show."""
    return page.evaluate("() => Array.from(document.querySelectorAll('.lp-column'), (c) => ({...c.dataset}))")


def scrub_to(page, step: int) -> None:
    page.locator(f"{PLAYER} .mp-scrub").fill(str(step))
    page.wait_for_function(
        "(s) => Array.from(document.querySelectorAll('.lp-column')).every((c) => c.dataset.step === s)",
        arg=str(step),
    )


def dismiss_page_not_found(page) -> None:
    """Streamlit 1.67 shows a "Page not found" dialog when an st.navigation page is the first one a
    browser opens (streamlit issue 8860), then runs the page asked for; the dialog only needs closing."""
    dialog = page.get_by_role("dialog")
    if dialog.count():
        page.keyboard.press("Escape")
        dialog.wait_for(state="detached", timeout=30_000)


def test_the_lab_trains_and_its_player_draws_every_figure(page, app_url, artifacts_dir):
    started = time.perf_counter()
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{app_url}/network_lab?data=spirals&opt1=adam:lr%3D0.02&steps=300")
    page.wait_for_function("() => document.querySelector('.lp-column')?.dataset.step === '300'")
    dismiss_page_not_found(page)
    print(f"\nnetwork lab: navigation to the drawn player {time.perf_counter() - started:.2f} s")
    assert page.locator(PLOT).count() == 0, "no Plotly figure: the player draws them all"
    assert page.get_by_text("Lowest validation loss at step").first.is_visible()
    canvas = page.locator(f"{PLAYER} .lp-canvas").first.bounding_box()
    assert canvas["width"] > 700 and canvas["height"] > canvas["width"], "regions to instruments"
    page.screenshot(path=str(artifacts_dir / "network-lab-1400x900.png"))
    page.locator(f"{PLAYER} .mp-play").click()  # from the last step, Play starts again at the first
    page.wait_for_function("() => Number(document.querySelector('.lp-column').dataset.step) < 300")
    page.wait_for_function("() => Number(document.querySelector('.lp-column').dataset.step) > 20")
    page.set_viewport_size({"width": 1280, "height": 720})
    page.wait_for_timeout(800)
    page.screenshot(path=str(artifacts_dir / "network-lab-1280x720-playing.png"))


def test_compare_preset_draws_both_configurations(page, app_url, artifacts_dir):
    page.set_viewport_size({"width": 1400, "height": 900})
    query = urlencode(lab_files.PRESETS["SGD or Adam"], safe=":,|=")
    page.goto(f"{app_url}/network_lab?{query}")
    page.wait_for_selector(f"{PLAYER} .lp-column >> nth=1")
    dismiss_page_not_found(page)
    assert page.locator(PLOT).count() == 0
    assert page.get_by_text("Configuration 2: Adam").first.is_visible()
    scrub_to(page, 77)
    assert [c["step"] for c in columns(page)] == ["77", "77"], "one scrubber for both configurations"
    titles = page.locator(f"{PLAYER} .lp-title").all_text_contents()
    assert titles[0].startswith("Configuration 1") and titles[1].startswith("Configuration 2")
    page.screenshot(path=str(artifacts_dir / "network-lab-compare-1400x900.png"))
    page.set_viewport_size({"width": 1280, "height": 720})
    page.wait_for_timeout(800)
    page.screenshot(path=str(artifacts_dir / "network-lab-compare-1280x720.png"))


def test_one_player_moves_every_figure_to_every_step(page, app_url):
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{app_url}/network_lab?steps=240")
    page.wait_for_selector(f"{PLAYER} .lp-canvas")
    dismiss_page_not_found(page)
    page.wait_for_function("() => document.querySelector('.lp-root').dataset.step === '240'")
    scrub_to(page, 123)
    (column,) = columns(page)
    # the curves at step 123 itself; the regions at the last checkpoint reached (101 over 240 steps)
    assert column["step"] == "123" and 120 <= int(column["checkpoint"]) <= 123
    page.locator(f"{PLAYER} .mp-reset").click()
    page.wait_for_function("() => document.querySelector('.lp-column').dataset.step === '0'")
    page.locator(f"{PLAYER} .mp-stepper").click()
    page.wait_for_function("() => document.querySelector('.lp-column').dataset.step === '1'")
    live = page.locator(f"{PLAYER} .mp-live")
    assert live.text_content().startswith("Step 1 of 240. training loss")
    page.locator(f"{PLAYER} .mp-play").click()
    page.wait_for_function("() => Number(document.querySelector('.lp-column').dataset.step) > 5")
    page.locator(f"{PLAYER} .mp-play").click()  # pause: the live region says where
    page.wait_for_function("() => document.querySelector('.lp-root').dataset.playing === '0'")
    shown = page.evaluate("() => document.querySelector('.lp-column').dataset.step")
    assert live.text_content().startswith(f"Step {shown} of 240.")


def test_a_rerun_that_leaves_the_message_alone_does_not_send_it_again(page, app_url):
    """Streamlit sends an unchanged element of a rerun as a reference to the copy the browser holds (its
    forward-message cache): the player's message, a megabyte for the default run, crosses once per visit."""
    received = []
    page.on("websocket", lambda socket: socket.on("framereceived", lambda frame: received.append(len(frame))))
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{app_url}/network_lab?steps=240")
    page.wait_for_function("() => document.querySelector('.lp-root')?.dataset.step === '240'")
    dismiss_page_not_found(page)
    message = max(received)
    assert message > 100_000  # the player's message came whole
    received.clear()
    page.locator("section[data-testid='stSidebar']").get_by_text("Ensembles", exact=True).click()  # a rerun
    page.get_by_role("spinbutton", name="ensemble members").wait_for(timeout=60_000)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stApp]').dataset.testScriptState === 'notRunning'"
    )
    assert received and max(received) < message / 10, (max(received), message)
    assert page.evaluate("() => document.querySelector('.lp-root').dataset.step") == "240"
