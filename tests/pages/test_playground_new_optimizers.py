"""Issue 15's seven optimizers through the Playground page itself: picked in the lane editor, each one's
words shown, written to the URL, its state fields in the inspector, its own averaged point on the map."""

from __future__ import annotations

import optimizers
from tests.pages.test_playground import map_header, open_page, page_state, texts, url
from tests.playground.test_new_optimizers import AVERAGED, NEW


def test_each_new_optimizer_is_picked_described_linked_and_inspected_on_the_page():
    app = open_page()
    for name in NEW:
        app.selectbox(key="w:lane0:opt").set_value(name).run()
        assert not app.exception, (name, app.exception)
        spec = optimizers.spec(name)
        assert page_state(app).lanes[0].optimizer == name
        assert url(app)["lane1"].startswith(name + ":")
        assert spec.on_surface in texts(app.caption), name
        table = texts(app.markdown)
        for label in spec.state_labels.values():
            assert f"${label}$" in table, (name, label)
        header, _ = map_header(app)
        assert (header["lanes"][0]["average"] is not None) == (name in AVERAGED), name  # drawn dotted
