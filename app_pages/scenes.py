"""Scenes gallery: every lecture scene as a card with its picture, with links that open it in its page."""

import html
import itertools
import pathlib

import streamlit as st

import scenes
from scenes.gallery import app_base, card_check, card_head, link, numbered
from ui import lecture
from ui import scenes as scenes_ui

# Drawn by tools/make_scene_cards.py and checked to be current by tests/scenes/test_cards.py; served as
# files (Streamlit's static serving, .streamlit/config.toml) so that the browser can load them lazily.
CARDS = pathlib.Path(__file__).resolve().parents[1] / "static" / "scenes"
CARD_ADDRESS = "app/static/scenes/{}.png"  # relative to the page: also under a server's base path

COLUMNS = 2
EVERY_SECTION = "Every section"
PRESENTER_COLUMNS = 3  # a projector: three cards a row, so that a card's picture fits the screen

# A rules block wider than its card scrolls sideways instead of spilling over; the links look like buttons.
CARD_CSS = """
<style>
div[data-testid="stVerticalBlockBorderWrapper"] .katex-display { overflow-x: auto; overflow-y: hidden; }
div[data-testid="stVerticalBlockBorderWrapper"] .katex-display .katex { font-size: 1.05em; }
.scene-links { display: flex; gap: 0.5rem; flex-wrap: wrap; margin: 0.25rem 0 0.5rem 0; }
.scene-links a {
  text-decoration: none; padding: 0.3rem 0.8rem; border-radius: 0.5rem; font-size: 0.9rem;
  border: 1px solid rgba(49, 51, 63, 0.2); color: inherit;
}
.scene-links a:first-child { background: #0072B2; border-color: #0072B2; color: white !important; }
.scene-links a:hover { border-color: #0072B2; }
img.scene-picture { display: block; width: 100%; height: auto; aspect-ratio: 16 / 9; margin: 0.25rem 0; }
p.scene-title { margin: 0 0 0.25rem 0; }
p.scene-summary { font-size: 0.875rem; color: rgba(18, 17, 15, 0.6); margin: 0; }
</style>
"""


def href(base: str, page: scenes.ScenePage, query: dict[str, str]) -> str:
    """A link as the value of a raw-HTML ``href``: quoted by :func:`link`, then HTML-escaped."""
    return html.escape(link(base, page, query), quote=True)


def card(number: int, scene: scenes.Scene, base: str) -> None:
    """A card: its head and its links are HTML (no Markdown to parse), its caption Markdown (its math),
    its update rules LaTeX."""
    with st.container(border=True):
        picture = CARD_ADDRESS.format(scene.id) if (CARDS / f"{scene.id}.png").exists() else None
        st.html(card_head(number, scene, picture))
        st.markdown(scene.caption)
        if scene.rules:
            st.latex(scene.rules)
        # presenter mode (a projector layout with previous / next through the lecture): every page has it
        st.html(
            f'<div class="scene-links"><a href="{href(base, scene.page, scene.query)}">▶&nbsp; Open in the '
            f"{html.escape(scene.page.title)}</a>"
            f'<a href="{href(base, scene.page, scene.presenter_query)}">Present for a projector</a></div>'
            + card_check(scene)
        )


def lecturer_notes(base: str) -> None:
    first_scene = scenes.scenes()[0]
    st.markdown(
        f"""
- **Deep links.** Every scene has a stable address: the app's address plus `?scene=ID`, for example
  `{link(base, first_scene.page, first_scene.query)}`. Put these links on your slides; they always open the
  same picture.
- **Presenter mode.** Add `&presenter=1` (or use *Present for a projector* on a card) to hide the sidebar,
  enlarge text and figures for a projector, and get ◀ / ▶ buttons that walk through every scene in the
  order below, from page to page. A clicker's PageDown / PageUp (or the arrow keys) do the same.
- **Live changes.** A scene is only a starting point: change a learning rate, add a lane or move the start
  and the page updates at once. The address bar then holds the whole edited state, so a link to it reproduces
  exactly what the room saw.
"""
    )
    st.markdown("Deep links of all scenes, in lecture order (copy them into your slides):")
    st.code("\n".join(link(base, scene.page, scene.query) for scene in scenes.scenes()), language=None)


base = app_base(st.context.url)  # the browser's report: rebuilt from checked parts
presenter = lecture.presenter()
lecture.keys(None, (), None)  # presenter mode: PageDown starts the lecture
scenes_ui.style(presenter)
st.html(CARD_CSS)  # style alone: Streamlit puts it aside, no gap on the page
INTRO = (
    "Each scene is one lesson of a lecture on training neural networks, set up in one of the app's pages so "
    "that its phenomenon is on screen the moment it opens. The lecture runs in two parts, the network and "
    "its data, then optimizing it; presenter mode's PageDown walks through every scene in this order, from "
    "page to page. Every scene is checked by a test that measures the phenomenon in the numbers the page "
    "draws, so what you show is what the math says."
)
if presenter:
    lecture.header("Lecture scenes", None, INTRO)
else:
    st.title("Lecture scenes")
    st.markdown(INTRO)
starts = scenes.lecture.part_starts(scenes.scenes())
# One section at a time (the first, until another is chosen): every card of the lecture on one screen was
# more than a browser draws quickly, and a lecture is prepared section by section.
outline = numbered(scenes.lecture.sections(scenes.scenes()))
with st.container(horizontal=True, vertical_alignment="center", key="lecture_starts"):
    for part, first in starts.items():
        start_link = href(base, first.page, first.presenter_query)
        st.html(
            f'<div class="scene-links"><a href="{start_link}">▶&nbsp; Present '
            f"{html.escape(scenes.lecture.PARTS[part])}</a></div>",
            width="content",
        )
    chosen = st.selectbox(
        "Section of the lecture",
        [section.title for section, _ in outline] + [EVERY_SECTION],
        format_func=lambda title: title if title == EVERY_SECTION else f"Section: {title}",
        key="sc_section",
        label_visibility="collapsed",
        width=360,
    )
# drawn when opened (a rerun): its list of every deep link is a code block the browser would highlight
lecturers = st.expander("For lecturers: deep links and presenter mode", key="sc_lecturers", on_change="rerun")
if lecturers.open:
    with lecturers:
        lecturer_notes(base)

shown = outline if chosen == EVERY_SECTION else [entry for entry in outline if entry[0].title == chosen]
columns_per_row = PRESENTER_COLUMNS if presenter else COLUMNS
for part, sections in itertools.groupby(shown, key=lambda entry: entry[0].part):
    st.header(scenes.lecture.PARTS[part])
    for section, cards in sections:
        st.subheader(section.title)
        pages = list(dict.fromkeys(scene.page.title for _, scene in cards))
        st.caption("Scenes of the " + " and the ".join(pages) + (" page" if len(pages) == 1 else " pages"))
        for row_start in range(0, len(cards), columns_per_row):
            columns = st.columns(columns_per_row)
            for column, (number, scene) in zip(
                columns, cards[row_start : row_start + columns_per_row], strict=False
            ):
                with column:
                    card(number, scene, base)
