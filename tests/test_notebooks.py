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
