"""The sidebar's lane list: user text shown literally and escaped once."""

import html

from ui.lanes import literal_html


def test_a_lane_name_is_escaped_once_and_reads_back_as_typed():
    name = "<b>fast</b> & **bold** [a](b) 5% `x`"
    text = literal_html(name)
    for syntax in "<>&*[]()`%":  # nothing Markdown or HTML could read as syntax is left as it is
        assert syntax not in text.replace("&#", "")
    assert html.unescape(text) == name  # the browser decodes each reference once: the name as typed
    assert "&amp;" not in text and "&lt;" not in text


def test_a_bare_address_in_a_lane_name_is_no_link():
    shown = html.unescape(literal_html("see http://evil.example/b or www.evil.example"))
    assert "://" not in shown and "www." not in shown  # broken by a zero-width space
    assert shown.replace("\u200b", "") == "see http://evil.example/b or www.evil.example"
