"""What a notebook shows of a story, an analysis and a drawing: small, whatever the size."""

from __future__ import annotations

import io
import json

import pytest
from matplotlib.image import imread

import provenance
from benchmarks.cascade import cascade
from provenance import Story, analyze
from provenance.drawing.mpl import NOTEBOOK_PIXELS, draw
from provenance.notebook import story_svg

#: What a notebook may hold for one object's rich output.
RICH_LIMIT = 1_000_000


@pytest.fixture(scope="module")
def big() -> Story:
    return provenance.loads(json.dumps(cascade(5000, seed=1)))


def test_reprs_are_one_short_line(syria: Story) -> None:
    result = analyze(syria)
    assert repr(syria) == ("<Story 'Reported US-Russian joint strike in Syria': 11 reports, "
                           "17 links, 11 actors, 2 claims>")
    assert repr(result) == ("<Analysis: point of distortion 'ap-tweet' ('coalition-jets'); "
                            f"{len(result.distortions)} distortions, 2 claims, 0 cycles, "
                            f"{len(result.warnings)} warnings>")
    drawing = draw(syria, result)
    assert repr(drawing).startswith("<Drawing: 11 reports, ")
    assert "\n" not in repr(drawing)


def test_a_big_story_shows_small_in_a_notebook(big: Story) -> None:
    result = analyze(big)
    drawing = draw(big, result)
    for shown in (big, result, drawing):
        text = repr(shown)
        assert len(text) < 200 and "\n" not in text, text
    assert "5,000 reports" in repr(big)
    assert len(story_svg(big).encode("utf-8")) < RICH_LIMIT
    assert len(result._repr_html_().encode("utf-8")) < RICH_LIMIT
    png = drawing._repr_png_()
    assert len(png) < RICH_LIMIT
    height, width, _ = imread(io.BytesIO(png)).shape
    assert max(width, height) <= NOTEBOOK_PIXELS + 1


def test_a_drawing_shows_its_picture_without_matplotlib_inline(syria: Story) -> None:
    # Jupyter shows an object's image/png from its _repr_png_, whatever the backend.
    png = draw(syria)._repr_png_()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    height, width, _ = imread(io.BytesIO(png)).shape
    assert width > 300 and height > 100


def test_long_titles_and_ids_are_clipped(syria: Story) -> None:
    import attrs

    story = attrs.evolve(syria, title="x" * 10_000 + "\x1b[2J")
    assert len(repr(story)) < 200
    assert "\x1b" not in repr(attrs.evolve(syria, title="a\x1b[2Jb"))  # repr() escapes it


# --------------------------------------------------------------------------- #
# The picture is registered with IPython (provenance.notebook); the model draws nothing.

@pytest.fixture
def shell(tmp_path):
    """A real IPython shell (as a notebook's kernel runs), its files kept in ``tmp_path``."""
    interactiveshell = pytest.importorskip("IPython.core.interactiveshell")
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.hist_file = ":memory:"
    shells = interactiveshell.InteractiveShell
    yield shells.instance(config=config, ipython_dir=str(tmp_path))
    shells.clear_instance()


def test_in_a_running_ipython_a_story_is_shown_as_its_diagram(shell, syria: Story) -> None:
    shell.run_cell("import provenance", store_history=False)
    # provenance was imported before this shell started: register as the import does.
    assert provenance.notebook.register() is True
    shown, _ = shell.display_formatter.format(syria)
    assert shown["image/svg+xml"].lstrip().startswith(("<?xml", "<svg"))
    assert "text/plain" in shown  # the short repr stays beside the picture


def test_register_teaches_a_given_shell(shell, syria: Story) -> None:
    assert provenance.notebook.register(shell) is True
    assert provenance.notebook.register(shell) is True  # twice is harmless
    shown, _ = shell.display_formatter.format(syria)
    assert "<svg" in shown["image/svg+xml"]


def test_register_without_ipython_or_outside_a_shell_does_nothing(monkeypatch) -> None:
    import sys
    import types

    from provenance import notebook

    monkeypatch.delitem(sys.modules, "IPython", raising=False)
    assert notebook.register() is False
    monkeypatch.setitem(sys.modules, "IPython", types.SimpleNamespace(get_ipython=lambda: None))
    assert notebook.register() is False


def test_importing_provenance_inside_ipython_registers_the_picture(tmp_path) -> None:
    import os
    import subprocess
    import sys

    pytest.importorskip("IPython")
    # The terminal shows text only; a notebook's kernel turns the SVG formatter on.
    code = ("import provenance; "
            "story = provenance.load(provenance.sample_path(provenance.sample_names()[0])); "
            "svg = get_ipython().display_formatter.formatters['image/svg+xml']; "
            "svg.enabled = True; "
            "print('SVG' if '<svg' in (svg(story) or '') else 'none')")
    done = subprocess.run(
        [sys.executable, "-m", "IPython", "--quick", "--no-banner", "--colors=nocolor",
         f"--ipython-dir={tmp_path}", "-c", code],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "SVG"


def test_provenance_timeline_shows_as_its_chart(big: Story) -> None:
    story = provenance.load(provenance.sample_path("science-press-release"))
    chart = provenance.timeline(story)
    assert repr(chart).startswith("<TimelineDrawing: 2 claims, ") and "\n" not in repr(chart)
    png = chart._repr_png_()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    height, width, _ = imread(io.BytesIO(png)).shape
    assert width > 500 and height > 300
    large = provenance.timeline(big)
    assert len(repr(large)) < 200
    assert len(large._repr_png_()) < RICH_LIMIT


def test_in_a_running_ipython_a_timeline_is_shown_as_its_chart(shell) -> None:
    shell.run_cell("import provenance", store_history=False)
    story = provenance.load(provenance.sample_path("science-press-release"))
    shown, _ = shell.display_formatter.format(provenance.timeline(story))
    assert shown["image/png"].startswith(b"\x89PNG")
    assert shown["text/plain"].startswith("<TimelineDrawing: ")
