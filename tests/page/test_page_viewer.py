"""The viewer's File > Export page writes the file `provenance export --to html` writes."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6", reason="the viewer needs PySide6 (pip install -e .[gui])")

from provenance.files.registry import export  # noqa: E402
from tests.gui.conftest import window  # noqa: E402, F401 - the viewer with the Syria story


def test_export_page_writes_the_command_line_s_page(window, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setattr(window, "ask_save_name", lambda *a: (str(tmp_path / "story"),
                                                             "HTML page (*.html)"))
    window.export_page_action.trigger()
    assert window.work.wait()  # written in the background
    written = tmp_path / "story.html"
    assert written.read_text("utf-8") == export(window.story, "html")
    assert "story.html" in window.statusBar().currentMessage()


def test_export_page_never_replaces_the_open_story(window, tmp_path, monkeypatch):  # noqa: F811
    copy = tmp_path / "story.json"
    copy.write_bytes(window.path.read_bytes())
    assert window.open_path(copy)
    monkeypatch.setattr(window, "ask_save_name", lambda *a: (str(window.path), ""))
    before = window.path.read_bytes()
    window.export_page_action.trigger()  # the story's own name: the page takes .html
    assert window.work.wait()
    assert window.path.read_bytes() == before
    assert (tmp_path / "story.json.html").read_text("utf-8").startswith("<!DOCTYPE html>")
