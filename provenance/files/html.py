"""A page for readers: the story's picture as one self-contained HTML file.

:func:`page_html` writes the :class:`~provenance.drawing.picture.Picture` of a story
(the same cards, lines, looks, marks, links and legend as ``provenance draw``) as
JSON inside the page, and the page's own small script (``page/page.js``, package data)
paints it in SVG and lets a reader pan, zoom, open a report, read what changed along a
link, choose a claim lens and follow a report's lineage. Nothing is laid out twice:
every position and look comes from the picture.

The file needs nothing else: no network (its Content-Security-Policy forbids it; the
script and style are allowed by their SHA-256 hashes), no font or image; it opens from
disk and can stand in an ``<iframe>``. Every string from the story reaches the page as
JSON escaped for a ``<script>`` element and is shown as text (``textContent``); a URL
is a link only when it is http(s).

Past :data:`PAGE_MAX_REPORTS` reports the page shows the distortion skeleton
(:func:`~provenance.drawing.picture.skeleton`, the rule the Mermaid export uses): the
point of distortion, its sources, where it was planted, the rebuttals and every other
distortion, with each distortion's faithful repeats as one counted group a reader
expands by clicking it.

Lineage: the page gets the links and walks them itself, up and down from a report,
the rule of :func:`provenance.graph.lineage` (every link, either way, cycles fine);
shipping each report's ancestors would grow with the square of the story.

Examples
--------
>>> import provenance
>>> from provenance.drawing.picture import describe
>>> page = page_html(describe(provenance.load("samples/syria-joint-strike.json")))
>>> page.startswith("<!DOCTYPE html>"), "default-src 'none'" in page
(True, True)
"""

from __future__ import annotations

import base64
import hashlib
import json
import warnings
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

from ..analysis import Analysis
from ..drawing.layout import layout_story
from ..drawing.picture import (
    CardLook,
    LinkView,
    Picture,
    describe,
    prepare,
    skeleton,
)
from ..drawing.style import POINT_COLOR
from ..errors import ExportWarning
from ..model import Link, Report, Story
from ..wording import account
from ..wording.names import claim_text, clip, is_noncharacter
from .cytoscape import _page_safe_json

__all__ = ["PAGE_MAX_REPORTS", "page_data", "page_html"]

#: Past this many reports the page shows the distortion skeleton, not every card: a
#: browser paints two thousand cards and their links at once in well under a second.
PAGE_MAX_REPORTS = 2000
#: At most this many claims get a lens on the page (the first ones, in story order).
PAGE_MAX_LENSES = 40
#: The page's heading (and window title) shows at most this many characters of the
#: story's title: a browser takes a minute to lay out a heading of a million.
PAGE_MAX_TITLE = 300


def _asset(name: str) -> str:
    return resources.files("provenance.files").joinpath("page").joinpath(name).read_text("utf-8")


def _look(look: CardLook, palette: dict[tuple[Any, ...], int]) -> int:
    key = (look.face, look.edge, round(look.width, 2), look.text)
    return palette.setdefault(key, len(palette))


def _link_look(link: LinkView, palette: dict[tuple[Any, ...], int]) -> int:
    key = (link.color, round(link.width, 2), link.dashed, round(link.alpha, 3))
    return palette.setdefault(key, len(palette))


def _placed(picture: Picture) -> tuple[Picture, bool]:
    """The picture laid out: as given when it is, else prepared like ``provenance
    draw``'s; past :data:`PAGE_MAX_REPORTS`, unplaced (the skeleton is laid out
    apart). Also whether the skeleton is what the page shows."""
    story = picture.story
    big = len(story.reports) > PAGE_MAX_REPORTS
    if picture.layout is not None or big:
        return picture, big
    ready = prepare(story, picture.analysis)
    return describe(story, ready.analysis, layout=ready.layout, claim=picture.claim,
                    estimate=ready.estimate), False


def _skeleton_boxes(picture: Picture, shown: Sequence[str], kept: Sequence[LinkView],
                    groups: Mapping[str, int]) -> tuple[dict[str, Any], dict[int, Any],
                                                        dict[str, Any], float, float]:
    """Where the skeleton's cards, links and groups go: the layout of the story made of
    its reports, with each group of repeats a report drawn from the one it repeats."""
    story = picture.story
    keep = set(shown)
    links = [story.links[link.index] for link in kept]
    reports = [r for r in story.reports if r.id in keep]
    taken = {r.id for r in story.reports}
    group_ids: dict[str, str] = {}
    for rid in groups:
        name = f"{rid} repeats"
        while name in taken:
            name += "+"
        taken.add(name)
        group_ids[rid] = name
    by_id = {r.id: r for r in reports}
    reports += [Report(name, by_id[rid].actor) for rid, name in group_ids.items()]
    links += [Link(rid, name) for rid, name in group_ids.items()]
    actors = {r.actor for r in reports}
    sub = Story(story.title, actors=[a for a in story.actors if a.id in actors],
                claims=story.claims, reports=reports, links=links)
    layout = layout_story(sub)
    routes = {kept[route.link].index: route for route in layout.routes
              if route.link < len(kept)}
    placed = {rid: (layout.cards[name], next(
        route for route in layout.routes if route.target == name))
        for rid, name in group_ids.items()}
    return dict(layout.cards), routes, placed, layout.width, layout.height


def page_data(picture: Picture) -> dict[str, Any]:
    """What the page shows, as the JSON value the page carries.

    ``cards`` (in story order) hold each report's lines, box, look (an index into
    ``looks``), marks and the reader's fields (actor, date, title, text, url); ``links``
    their ends (card indexes), route, look (into ``linkLooks``) and changes; ``lenses``
    the claim lens of each claim (every card's look and every link's look through it);
    ``groups`` the skeleton's counted repeats.
    """
    picture, big = _placed(picture)
    story, analysis = picture.story, picture.analysis
    groups: dict[str, int] = {}
    placed: dict[str, Any] = {}
    if big:
        shown, kept, groups = skeleton(picture)
        boxes, routes, placed, width, height = _skeleton_boxes(picture, shown, kept,
                                                               groups)
        warnings.warn(ExportWarning(
            f"html: the story has {len(story.reports):,} reports, past what the page draws "
            f"({PAGE_MAX_REPORTS:,}): wrote its distortion skeleton instead ({len(shown):,} "
            "reports, faithful repeats counted in groups a reader opens)"), stacklevel=3)
        links_shown: list[LinkView] = list(kept)
    else:
        assert picture.layout is not None
        shown = list(picture.cards)
        boxes = dict(picture.layout.cards)
        routes = {route.link: route for route in picture.layout.routes}
        width, height = picture.layout.width, picture.layout.height
        links_shown = list(picture.links)
    index = {rid: i for i, rid in enumerate(shown)}
    by_id = {r.id: r for r in story.reports}
    looks: dict[tuple[Any, ...], int] = {}
    link_looks: dict[tuple[Any, ...], int] = {}
    cards = []
    for rid in shown:
        card = picture.cards[rid]
        box = boxes[rid]
        report = by_id[rid]
        cards.append({
            "id": rid, "lines": list(card.lines), "stance": card.stance,
            "x": round(box.x, 1), "y": round(box.y, 1),
            "w": round(box.width, 1), "h": round(box.height, 1),
            "look": _look(card.look, looks), "legend": card.look.legend,
            "ring": card.ring, "planted": card.planted, "distorted": card.distorted,
            "tag": card.tag,
            "actor": card.name, "date": str(report.published) if report.published else "",
            "kind": report.kind.value, "title": report.title or "", "text": report.text or "",
            "url": report.url or "",
        })
    links = []
    for link in links_shown:
        route = routes.get(link.index)
        if route is None or link.source not in index or link.target not in index:
            continue
        links.append({
            "i": link.index, "s": index[link.source], "t": index[link.target],
            "points": [[round(x, 1), round(y, 1)] for x, y in route.points],
            "look": _link_look(link, link_looks), "relation": link.relation_label,
            "relations": list(link.relations), "label": link.label,
            "changes": list(link.changes), "confidence": link.confidence,
            "note": story.links[link.index].note or "",
        })
    lenses = []
    claim_ids = [c.id for c in story.claims][:PAGE_MAX_LENSES]
    if picture.claim is None:
        for claim in claim_ids:
            lens = describe(story, analysis, claim=claim, estimate=None)
            lens_links = {view.index: view for view in lens.links}
            lenses.append({
                "id": claim, "text": claim_text(story, claim),
                "caption": list(lens.caption),
                "looks": [_look(lens.cards[rid].look, looks) for rid in shown],
                "carries": [bool(lens.cards[rid].look.legend) for rid in shown],
                "legends": [lens.cards[rid].look.legend for rid in shown],
                "linkLooks": [_link_look(lens_links[link["i"]], link_looks)
                              if link["i"] in lens_links else links_looks_of(link)
                              for link in links],
                "changes": [list(lens_links[link["i"]].changes) if link["i"] in lens_links
                            else [] for link in links],
                "marked": lens.marked if lens.marked in index else None,
                "legend": [_legend(entry) for entry in lens.legend],
            })
    group_list = []
    if big:
        for rid, count in groups.items():
            reach: list[str] = []
            for distortion in analysis.distortions:
                if distortion.report == rid and len(distortion.reach) == count:
                    reach = list(distortion.reach)
                    break
            box, route = placed[rid]
            group_list.append({
                "of": index[rid], "count": count,
                "x": round(box.x, 1), "y": round(box.y, 1), "w": round(box.width, 1),
                "h": round(box.height, 1),
                "points": [[round(x, 1), round(y, 1)] for x, y in route.points],
                "members": [{"id": r, "actor": picture.cards[r].name,
                             "detail": picture.cards[r].detail,
                             "title": picture.cards[r].title} for r in reach[:500]],
            })
    words = account(story, analysis, heading=False)
    return {
        "title": picture.title, "caption": list(picture.caption),
        "width": round(width, 1), "height": round(height, 1),
        "cards": cards, "links": links,
        "looks": [list(key) for key in looks], "linkLooks": [list(key) for key in link_looks],
        "legend": [_legend(entry) for entry in picture.legend],
        "marked": picture.marked, "pointColor": POINT_COLOR,
        "lenses": lenses, "lensesLeftOut": max(0, len(story.claims) - len(claim_ids)),
        "account": words,
        "skeleton": {"shown": len(shown), "of": len(story.reports)} if big else None,
        "groups": group_list,
    }


def links_looks_of(link: Mapping[str, Any]) -> int:
    """A link the lens does not describe keeps its look."""
    look: int = link["look"]
    return look


def _legend(entry: Any) -> dict[str, Any]:
    return {"label": entry.label, "shape": entry.shape, "color": entry.color,
            "face": entry.face, "width": entry.width, "dash": list(entry.dash),
            "alpha": entry.alpha}


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def page_html(picture: Picture, *, timeline: bool = True) -> str:
    """The page of a picture: one self-contained HTML document (see the module).

    ``timeline``: show the story's spread over time (:mod:`provenance.drawing.timeline`)
    under the chart.
    """
    data = page_data(picture)
    script = _asset("page.js")
    css = _asset("page.css")
    blob = _page_safe_json(json.dumps(data, ensure_ascii=False, allow_nan=False,
                                      separators=(",", ":")))
    chart = _timeline_block(_timeline(picture.story, picture.analysis) if timeline else None)
    csp = (f"default-src 'none'; script-src {_hash(script)}; style-src {_hash(css)}; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    title = _escape_text(clip(picture.title, PAGE_MAX_TITLE))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="provenance">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<header><h1 id="title">{title}</h1><p id="caption"></p></header>
<div id="controls" role="toolbar" aria-label="Chart controls">
<label>Claim lens <select id="lens"><option value="">none: colour by actor kind</option>
</select></label>
<button type="button" id="zoom-in" aria-label="Zoom in">+</button>
<button type="button" id="zoom-out" aria-label="Zoom out">&#8722;</button>
<button type="button" id="zoom-fit" aria-label="Fit the whole picture">Fit</button>
<button type="button" id="lineage" aria-pressed="false">Lineage</button>
<span id="hint">Drag to move, wheel or pinch to zoom (keys: + &#8722; arrows); open a report
or a link to read it.</span>
</div>
<main id="layout">
<section id="chart-area" aria-label="The chain of reports">
<div id="chart" tabindex="-1"></div>
<ul id="legend" aria-label="Legend"></ul>
{chart}</section>
<div id="side">
<aside id="details" aria-live="polite" aria-labelledby="details-heading" hidden>
<button type="button" id="details-close" aria-label="Close details">&#215;</button>
<h2 id="details-heading"></h2><dl id="details-body"></dl>
</aside>
<section id="account-area" aria-labelledby="account-heading">
<h2 id="account-heading">The point of distortion</h2>
<pre id="account"></pre>
</section>
</div>
</main>
<section id="reports-area" class="visually-hidden" aria-labelledby="reports-heading">
<h2 id="reports-heading">Reports</h2>
<table id="reports"><thead><tr><th scope="col">Actor</th><th scope="col">Published</th>
<th scope="col">Title</th><th scope="col">Finding</th><th scope="col">URL</th></tr></thead>
<tbody></tbody></table>
</section>
<noscript><p>The chart needs JavaScript; the account above and the story file hold the
same findings.</p></noscript>
<script type="application/json" id="story-data">{blob}</script>
<script>{script}</script>
</body>
</html>
"""


def _escape_text(text: str) -> str:
    """Text for the page's markup (the title, an alternative text): markup characters as
    entities, and what HTML refuses (controls, lone surrogates, non-characters) as
    U+FFFD; the JSON keeps the exact value."""
    kept = "".join(
        "\ufffd" if (ch < " " and ch not in "\t\n\r") or "\x7f" <= ch <= "\x9f"
        or "\ud800" <= ch <= "\udfff" or is_noncharacter(ch) else ch
        for ch in text)
    return (kept.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


#: The timeline goes in as SVG up to this size, else as a PNG (a chart of thousands of
#: dated reports draws a mark for each: as SVG it would outweigh the rest of the page).
TIMELINE_SVG_MAX = 200_000


def _timeline(story: Story, analysis: Analysis) -> tuple[str, bytes, str] | None:
    """The timeline chart (:mod:`provenance.drawing.timeline`, painted by
    :mod:`provenance.drawing.timeline_mpl`): its media type, its bytes (SVG with its text
    as text, or PNG past :data:`TIMELINE_SVG_MAX`) and the words that tell it (its
    alternative text); None for a story without reports."""
    if not story.reports:
        return None
    import io
    import warnings

    import matplotlib

    from ..drawing.timeline_mpl import draw_timeline

    drawing = draw_timeline(story, analysis)
    described = drawing.timeline
    words = [clip(described.title, PAGE_MAX_TITLE)]
    if not described.has_dates:
        words.append(described.empty_message)
    words += [f"{claim.text}: {claim.caption}" for claim in described.claims]
    words += list(drawing.notes)
    alt = ". ".join(w.rstrip(".") for w in words if w) + "."
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        # The SVG keeps its text as text: the browser finds the glyphs matplotlib lacks.
        warnings.filterwarnings("ignore", "Glyph .* missing from font", UserWarning)
        with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "provenance"}):
            drawing.figure.savefig(buffer, format="svg", metadata={"Date": None})
    if buffer.tell() <= TIMELINE_SVG_MAX:
        return "image/svg+xml", buffer.getvalue(), alt
    buffer = io.BytesIO()
    drawing.figure.savefig(buffer, format="png", dpi=100)
    return "image/png", buffer.getvalue(), alt


def _timeline_block(chart: tuple[str, bytes, str] | None) -> str:
    """The timeline section: the chart as an image from a data: URL (an SVG image runs
    no script and loads nothing) with its words as the alternative text, or nothing."""
    if chart is None:
        return ""
    mime, content, words = chart
    encoded = base64.b64encode(content).decode("ascii")
    return ('<section id="timeline-area" aria-labelledby="timeline-heading">\n'
            '<h2 id="timeline-heading">The spread over time</h2>\n'
            f'<img id="timeline" alt="{_escape_text(words)}" '
            f'src="data:{mime};base64,{encoded}">\n</section>\n')


def _html(picture: Picture) -> str:
    """The registry's writer (``export --to html``)."""
    return page_html(picture)

