"""The pages' side of the compute budget: work past its CPU deadline ends the rerun with a notice."""

from streamlit.testing.v1 import AppTest


def test_work_past_the_deadline_ends_the_rerun_with_a_notice_not_a_traceback():
    def page():
        import streamlit as st

        from ui.budget import interrupter

        stop = interrupter(0.01)
        total = 0
        while total < 10**9:  # far more than 10 ms of work: only the stop ends it
            total += sum(range(1000))
            stop()
        st.write("never reached")

    app = AppTest.from_function(page, default_timeout=60).run()
    assert not app.exception, app.exception
    assert any("took longer than this server's time limit" in e.value for e in app.error)
    assert not app.markdown
