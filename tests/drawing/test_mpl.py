"""Drawing: files written and valid, distortions in their colour, the claim lens, raw text."""

from __future__ import annotations

import random
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import matplotlib.image
import pytest
from hypothesis import HealthCheck, given, settings
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from provenance import ProvenanceError, load
from provenance.drawing import style
from provenance.drawing.mpl import Drawing, draw, save_drawing, to_svg
from provenance.model import (
    Actor,
    ActorKind,
    Claim,
    ClaimMention,
    Link,
    Relation,
    Report,
    ReportKind,
    Stance,
    Story,
)

from ..conftest import SAMPLES, make_story, mention, report
from .test_layout import stories


def rgba(color: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    from matplotlib.colors import to_rgba

    return tuple(float(c) for c in to_rgba(color, alpha))  # type: ignore[return-value]


def same(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return all(abs(x - y) < 1e-6 for x, y in zip(a, b, strict=True))


@pytest.fixture
def drawing(syria: Story) -> Drawing:
    return draw(syria)


# --------------------------------------------------------------------------- #
# Files.

@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf", ".PNG"])
def test_files_written_and_valid(syria: Story, tmp_path: Path, suffix: str) -> None:
    path = save_drawing(syria, tmp_path / f"syria{suffix}")
    assert path == tmp_path / f"syria{suffix}"
    data = path.read_bytes()
    kind = suffix.lower()
    if kind == ".png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        image = matplotlib.image.imread(path)
        height, width = image.shape[:2]
        assert width >= 1000 and height >= 200
        assert width > height  # seven generations, left to right
    elif kind == ".svg":
        root = ET.fromstring(data)
        assert root.tag.endswith("svg")
    else:
        assert data.startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


@pytest.mark.parametrize("suffix", [".svg", ".pdf", ".png"])
def test_the_same_story_gives_the_same_file(syria: Story, tmp_path: Path, suffix: str) -> None:
    # A diagram kept under version control, or checked in a build, does not change
    # when nothing in the story did: no dates, no random ids.
    first = save_drawing(syria, tmp_path / f"first{suffix}").read_bytes()
    second = save_drawing(syria, tmp_path / f"second{suffix}").read_bytes()
    assert first == second
    if suffix == ".svg":
        assert to_svg(syria) == to_svg(syria)


def test_png_size_follows_dpi(syria: Story, tmp_path: Path) -> None:
    path = save_drawing(syria, tmp_path / "small.png", dpi=50)
    figure = draw(syria).figure
    height, width = matplotlib.image.imread(path).shape[:2]
    assert abs(width - figure.get_figwidth() * 50) <= 1
    assert abs(height - figure.get_figheight() * 50) <= 1


def test_unknown_suffix(syria: Story, tmp_path: Path) -> None:
    with pytest.raises(ProvenanceError, match=r"\.png, \.svg, \.pdf") as info:
        save_drawing(syria, tmp_path / "syria.jpeg")
    assert ".jpeg" in str(info.value)
    with pytest.raises(ProvenanceError, match="no suffix"):
        save_drawing(syria, tmp_path / "syria")
    assert list(tmp_path.iterdir()) == []


def test_write_is_atomic(syria: Story, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "syria.png"
    target.write_bytes(b"the old drawing")

    def broken(self: Figure, handle: Any, **kwargs: Any) -> None:
        handle.write(b"\x89PNG half a file")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Figure, "savefig", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        save_drawing(syria, target)
    assert target.read_bytes() == b"the old drawing"
    assert [p.name for p in tmp_path.iterdir()] == ["syria.png"]
    with pytest.raises(RuntimeError):
        save_drawing(syria, tmp_path / "new.svg")
    assert not (tmp_path / "new.svg").exists()


def test_unwritable_path(syria: Story, tmp_path: Path) -> None:
    with pytest.raises(ProvenanceError, match="cannot write"):
        save_drawing(syria, tmp_path / "missing-folder" / "syria.png")


# --------------------------------------------------------------------------- #
# What is drawn.

def test_point_of_distortion_in_distortion_colour(drawing: Drawing) -> None:
    red = rgba(style.DISTORTION_COLOR)
    assert same(drawing.card_edgecolor("ap-tweet"), red)
    # Its link from the source that carried the claim: red, faded by its confidence.
    assert same(drawing.link_color("ria-later", "ap-tweet"),
                rgba(style.DISTORTION_COLOR, style.link_alpha(0.7)))
    # The other distortion (the invention planted by RIA Novosti) too.
    assert same(drawing.card_edgecolor("ria-later"), red)
    assert same(drawing.link_color("mod-statement", "ria-later")[:3], red[:3])
    # Ordinary links and cards are not red.
    assert same(drawing.link_color("mod-statement", "state-media-reports"),
                rgba(style.RELATION_STYLES[Relation.PARAPHRASES].color))
    assert same(drawing.link_color("headlines", "dod-statement"),
                rgba(style.RELATION_STYLES[Relation.REBUTS].color))
    assert same(drawing.card_edgecolor("headlines"), rgba(style.CARD_EDGE_COLOR))
    assert same(drawing.card_facecolor("ap-tweet"),
                rgba(style.ACTOR_COLORS[ActorKind.WIRE_SERVICE]))


def test_point_of_distortion_marked(drawing: Drawing) -> None:
    assert drawing.halo is not None
    assert same(tuple(drawing.halo.get_edgecolor()), rgba(style.POINT_COLOR))
    assert drawing.labels["point_of_distortion"].get_text() == "POINT OF DISTORTION"
    assert set(drawing.planted) == {"ria-later"}
    assert same(tuple(drawing.planted["ria-later"].get_edgecolor()), rgba(style.PLANTED_COLOR))
    change = drawing.link_labels[("ria-later", "ap-tweet")].get_text()
    assert change.startswith("implies → attributes")
    assert "invented" in drawing.link_labels[("mod-statement", "ria-later")].get_text()


def test_caption_and_title(drawing: Drawing) -> None:
    assert drawing.labels["title"].get_text() == "Reported US-Russian joint strike in Syria"
    caption = drawing.labels["caption"].get_text()
    assert caption.startswith('Point of distortion: Associated Press (post) turned "implies" '
                              'into "attributes" for "Jets of the')
    assert "repeated by 2 reports" in caption


def test_caption_of_a_narrow_story_wraps_instead_of_losing_the_claim() -> None:
    story = make_story(
        [report("r1", "ria", mention("c", "implies")), report("r2", "ap", mention("c", "asserts"))],
        [{"source": "r1", "target": "r2", "relation": "cites"}])
    drawing = draw(story)
    lines = drawing.labels["caption"].get_text().split("\n")
    assert len(lines) == 2
    assert lines[0].startswith("Point of distortion:")
    assert lines[1].endswith("repeated by no later report")
    # Both lines fit inside the figure.
    renderer = FigureCanvasAgg(drawing.figure).get_renderer()
    box = drawing.labels["caption"].get_window_extent(renderer)
    assert box.x1 <= drawing.figure.bbox.x1


def test_relations_named_on_links(drawing: Drawing) -> None:
    texts = {key: label.get_text() for key, label in drawing.link_labels.items()}
    assert texts[("mod-statement", "state-media-reports")] == "paraphrases"
    assert texts[("headlines", "seed-article")] == "cites · 0.8"
    assert "rebuts" in texts[("headlines", "dod-statement")]


def test_card_text(drawing: Drawing) -> None:
    name, detail, *rest = drawing.card_labels["ap-tweet"]
    assert name.get_text() == "Associated Press"
    assert detail.get_text() == "post · 2017-01-23 12:18 -05:00"
    assert rest[-1].get_text() == "coalition-jets: attributes"
    assert drawing.card_labels["seed-article"][-1].get_text() == (
        "coalition-jets: attributes, denies")


def test_legend_names_the_kinds_present(drawing: Drawing) -> None:
    assert drawing.legend is not None
    names = [t.get_text() for t in drawing.legend.get_texts()]
    assert "state media" in names and "wire service" in names
    assert "broadcaster" not in names  # no broadcaster in the story
    assert "point of distortion" in names


def test_no_distortion() -> None:
    story = make_story([report("r1", "a", mention("c", "asserts")),
                        report("r2", "b", mention("c", "attributes", holder="a"))],
                       [{"source": "r1", "target": "r2", "relation": "quotes"}])
    drawing = draw(story)
    assert drawing.labels["caption"].get_text() == "No distortion found"
    assert drawing.halo is None
    assert "point_of_distortion" not in drawing.labels
    assert same(drawing.card_edgecolor("r2"), rgba(style.CARD_EDGE_COLOR))


def overlaps(a: Any, b: Any) -> bool:
    return bool(a.x0 < b.x1 - 0.5 and b.x0 < a.x1 - 0.5 and a.y0 < b.y1 - 0.5
                and b.y0 < a.y1 - 0.5)


def test_labels_never_overlap_cards_or_each_other(drawing: Drawing) -> None:
    FigureCanvasAgg(drawing.figure)
    renderer = drawing.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    transform = drawing.ax.transData
    from matplotlib.transforms import Bbox

    card_box = {}
    for rid, card in drawing.layout.cards.items():
        (x0, y0), (x1, y1) = transform.transform([(card.x, card.y),
                                                  (card.x + card.width, card.y + card.height)])
        card_box[rid] = Bbox.from_extents(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    cards = list(card_box.values())
    boxes = [label.get_window_extent(renderer) for label in drawing.link_labels.values()]
    for i, box in enumerate(boxes):
        assert not any(overlaps(box, card) for card in cards)
        assert not any(overlaps(box, other) for other in boxes[i + 1:])
    # Card text stays inside its card.
    for rid, texts in drawing.card_labels.items():
        card = card_box[rid]
        for text in texts:
            extent = text.get_window_extent(renderer)
            assert extent.x0 >= card.x0 - 0.5 and extent.x1 <= card.x1 + 0.5, text.get_text()
            assert extent.y0 >= card.y0 - 0.5 and extent.y1 <= card.y1 + 0.5, text.get_text()


# --------------------------------------------------------------------------- #
# The claim lens.

def test_claim_lens(syria: Story) -> None:
    drawing = draw(syria, claim="coalition-jets")
    assert same(drawing.card_facecolor("ria-later"), rgba(style.STANCE_COLORS[Stance.IMPLIES]))
    assert same(drawing.card_facecolor("ap-tweet"), rgba(style.STANCE_COLORS[Stance.ATTRIBUTES]))
    assert same(drawing.card_facecolor("dod-statement"), rgba(style.STANCE_COLORS[Stance.DENIES]))
    # The seed article attributes the claim and reports its denial: the affirmative one decides.
    assert same(drawing.card_facecolor("seed-article"),
                rgba(style.STANCE_COLORS[Stance.ATTRIBUTES]))
    # Reports that do not carry the claim are greyed.
    for rid in ("mod-statement", "state-media-reports", "daily-beast-account"):
        assert same(drawing.card_facecolor(rid), rgba(style.GREYED_COLOR))
        assert same(drawing.card_edgecolor(rid), rgba(style.GREYED_EDGE_COLOR))
    # Borders by role.
    from provenance.analysis import Role

    assert same(drawing.card_edgecolor("dod-statement"), rgba(style.ROLE_COLORS[Role.ORIGIN]))
    assert same(drawing.card_edgecolor("ap-tweet"), rgba(style.DISTORTION_COLOR))
    assert same(drawing.card_edgecolor("headlines"), rgba(style.ROLE_COLORS[Role.FAITHFUL]))
    assert drawing.halo is not None
    assert drawing.labels["caption"].get_text().startswith('Claim lens: "Jets of the')


def test_claim_lens_of_the_other_claim(syria: Story) -> None:
    drawing = draw(syria, claim="coordinates-channel")
    assert drawing.halo is None  # the point of distortion is about another claim
    assert same(drawing.card_facecolor("ap-tweet"), rgba(style.GREYED_COLOR))
    assert same(drawing.card_facecolor("mod-statement"),
                rgba(style.STANCE_COLORS[Stance.ASSERTS]))


def test_unknown_claim(syria: Story, tmp_path: Path) -> None:
    with pytest.raises(ProvenanceError, match='unknown claim "no-such-claim".*coalition-jets'):
        draw(syria, claim="no-such-claim")
    with pytest.raises(ProvenanceError, match="unknown claim"):
        save_drawing(syria, tmp_path / "x.png", claim="no-such-claim")
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- #
# Headless, raw text, any axes.

def test_never_shows_and_leaves_pyplot_alone(syria: Story,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import matplotlib.pyplot as plt

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("plt.show() called")

    monkeypatch.setattr(plt, "show", refuse)
    before = plt.get_fignums()
    drawing = draw(syria)
    assert isinstance(drawing.figure, Figure)
    assert plt.get_fignums() == before


def test_story_text_is_not_interpreted(tmp_path: Path) -> None:
    nasty = r"$x^2$ costs $5 and <b>html</b> & \frac{1}{0} $unbalanced"
    story = Story(
        nasty,
        actors=[Actor("a", nasty, kind=ActorKind.BLOG), Actor("b", "<script>x</script>")],
        claims=[Claim("c", nasty)],
        reports=[
            Report("r1", "a", ReportKind.POST, title=nasty,
                   claims=[ClaimMention("c", Stance.IMPLIES)]),
            Report("r2", "b", title="$$", claims=[ClaimMention("c", Stance.ASSERTS)]),
        ],
        links=[Link("r1", "r2", Relation.QUOTES, note=nasty)],
    )
    for suffix in (".png", ".svg", ".pdf"):
        path = save_drawing(story, tmp_path / f"nasty{suffix}")
        assert path.stat().st_size > 0
    ET.fromstring((tmp_path / "nasty.svg").read_bytes())
    drawing = draw(story)
    assert drawing.labels["title"].get_text().startswith("$x^2$ costs $5 and <b>html</b>")
    assert "$x^2$" in drawing.card_labels["r1"][0].get_text()
    assert "<script>x</script>" in drawing.labels["caption"].get_text()


def test_any_language(tmp_path: Path) -> None:
    story = make_story(
        [report("r1", "ria", mention("c", "implies"), title="Россия и коалиция"),
         report("r2", "ap", mention("c", "asserts"), title="Ελληνικά · עברית · 日本語 · ✓")],
        [{"source": "r1", "target": "r2", "relation": "translates"}],
        title="Ünïcødé — история")
    # Glyphs missing from the installed fonts draw as boxes (with a warning), never fail.
    path = save_drawing(story, tmp_path / "languages.png")
    assert path.read_bytes().startswith(b"\x89PNG")


def test_draw_into_given_axes(syria: Story) -> None:
    figure = Figure(figsize=(12, 5))
    ax = figure.add_subplot()
    drawing = draw(syria, ax=ax)
    assert drawing.ax is ax and drawing.figure is figure
    assert tuple(figure.get_size_inches()) == (12, 5)
    assert same(drawing.card_edgecolor("ap-tweet"), rgba(style.DISTORTION_COLOR))
    FigureCanvasAgg(figure).draw()


def test_unknown_ids_in_drawing(drawing: Drawing) -> None:
    with pytest.raises(ProvenanceError):
        drawing.card_facecolor("nope")
    with pytest.raises(ProvenanceError):
        drawing.link_color("ap-tweet", "mod-statement")


def test_empty_and_single_report_stories(tmp_path: Path) -> None:
    save_drawing(Story("Nothing yet"), tmp_path / "empty.png")
    one = Story("One", actors=[Actor("a", "Agency")], reports=[Report("r", "a")])
    drawing = draw(one)
    assert list(drawing.cards) == ["r"]
    save_drawing(one, tmp_path / "one.svg")


# --------------------------------------------------------------------------- #
# Big stories.

def cascade(n: int, seed: int = 1) -> Story:
    rng = random.Random(seed)
    actors = [Actor(f"a{i}", f"Outlet {i}", kind=rng.choice(list(ActorKind))) for i in range(40)]
    reports = []
    links = []
    for i in range(n):
        stance = rng.choice([Stance.ASSERTS, Stance.ATTRIBUTES, Stance.IMPLIES])
        reports.append(Report(f"r{i}", rng.choice(actors).id,
                              claims=[ClaimMention("c", stance)] if i % 3 else []))
        if i:
            for s in rng.sample(range(max(0, i - 30), i), min(i, rng.randint(1, 3))):
                links.append(Link(f"r{s}", f"r{i}", rng.choice(list(Relation)),
                                  confidence=rng.choice([1.0, 1.0, 0.6])))
    return Story("Cascade", actors=actors, claims=[Claim("c", "Something happened")],
                 reports=reports, links=links)


def test_thousand_reports(tmp_path: Path) -> None:
    story = cascade(1000)
    drawing = draw(story)
    assert len(drawing.cards) == 1000
    assert max(drawing.figure.get_size_inches()) <= 40.0 + 1e-6
    assert drawing.card_labels == {}  # cards too small to hold text: none drawn
    path = save_drawing(story, tmp_path / "cascade.png")
    assert matplotlib.image.imread(path).shape[0] > 100


def test_to_svg_small_and_capped() -> None:
    small = to_svg(cascade(20))
    ET.fromstring(small)
    big = cascade(400)
    svg = to_svg(big)
    ET.fromstring(svg)
    assert "Showing 300 of 400 reports" in svg


# --------------------------------------------------------------------------- #
# Random stories never break the drawing.

@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stories())
def test_random_stories_draw(case: tuple[Story, bool]) -> None:
    story, lens = case
    claim = "c" if lens else None
    drawing = draw(story, claim=claim)
    assert set(drawing.cards) == {r.id for r in story.reports}
    for link in story.links:
        if link.source in drawing.cards and link.target in drawing.cards:
            assert (link.source, link.target) in drawing.links
    FigureCanvasAgg(drawing.figure).draw()


def test_a_story_with_texts_only_shows_the_estimate_marked_as_such() -> None:
    story = load(SAMPLES / "unannotated-press-release.json")
    drawing = draw(story)
    caption = drawing.labels["caption"].get_text()
    assert caption.startswith("Likely point of distortion, estimated from the words")
    assert "Example University press office" in caption
    label = drawing.link_labels[("paper", "press-release")].get_text()
    assert "correlational" in label and "(from text)" in label
    assert same(drawing.link_color("paper", "press-release"), rgba(style.DISTORTION_COLOR))
    assert drawing.labels["point_of_distortion"].get_text() == "LIKELY POINT (FROM TEXT)"


def _counting_measures(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every character the renderer measures (as it lays out card text)."""
    import provenance.drawing._text as render

    measured: list[str] = []
    real = render._char_em

    def counted(char: str, bold: bool) -> float:
        measured.append(char)
        return real(char, bold)

    monkeypatch.setattr(render, "_char_em", counted)
    return measured


@pytest.mark.parametrize("length", [1_000, 32_000])
def test_a_long_word_in_a_title_is_measured_only_as_far_as_it_fits(
        monkeypatch: pytest.MonkeyPatch, length: int) -> None:
    # Each cut of a 32,000-character word re-measured it from the start: 126 s to draw.
    story = make_story([report("r", "a", title="x" * length, text="y" * length)],
                       title="z" * length)
    measured = _counting_measures(monkeypatch)
    drawing = draw(story)
    title_lines = drawing.card_labels["r"][-1].get_text().split("\n")
    assert title_lines[0].startswith("xxx") and title_lines[-1].endswith("…")
    assert sum(map(len, title_lines)) < 200
    assert len(measured) < 2_000  # what fits on the card, whatever the word's length
    assert len(drawing.labels["title"].get_text()) < 200


def test_combining_marks_cannot_make_a_card_line_endless(monkeypatch: pytest.MonkeyPatch) -> None:
    story = make_story([report("r", "a", title="a" + "\u0301" * 32_000 + " tail")])
    measured = _counting_measures(monkeypatch)
    drawing = draw(story)
    title = drawing.card_labels["r"][-1].get_text()
    assert title.startswith("a\u0301") and title.endswith("…")
    assert len(title) < 2_000
    assert len(measured) < 5_000


def test_paint_draws_the_picture_it_is_given(syria: Story, tmp_path: Path) -> None:
    from provenance.drawing.mpl import paint, save_picture
    from provenance.drawing.picture import describe, prepare

    ready = prepare(syria)
    picture = describe(syria, ready.analysis, layout=ready.layout, estimate=ready.estimate)
    drawing = paint(picture)
    assert sorted(drawing.cards) == sorted(picture.cards)
    assert drawing.labels["caption"].get_text().startswith(picture.caption[0][:40])
    changed = next(view for view in picture.links if view.changes and view.label)
    assert drawing.link_labels[changed.key].get_text().startswith(changed.changes[0][:10])
    assert save_picture(picture, tmp_path / "s.svg").read_bytes().startswith(b"<?xml")
    with pytest.raises(ProvenanceError, match="no layout"):
        paint(describe(syria))
