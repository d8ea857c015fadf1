"""The served app's Streamlit settings that its figures rest on (docs/benchmarks.md, the lecture hall)."""

import pathlib
import tomllib

CONFIG = pathlib.Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml"


def test_the_server_does_not_watch_its_source_files():
    # With a file watcher, every session's run ended with a walk over every loaded module's path on the
    # server's event loop: about 0.3 s of CPU per visit, more than a page's own run.
    server = tomllib.loads(CONFIG.read_text())["server"]
    assert server["fileWatcherType"] == "none"
    assert server["runOnSave"] is False
