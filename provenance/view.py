"""The viewer's questions of a story: the claim lens, search, the timeline and replay.
"""

from __future__ import annotations

from .drawing.layout import Layout
from .graph import neighbours
from .model import PublicationTime, Story


def search_reports(story: Story, query: str) -> tuple[str, ...]:
    """Reports whose id, actor name, title or text contains every word of ``query``.

    Case-insensitive; an empty query finds nothing.

    >>> from provenance.model import Story, Actor, Report
    >>> story = Story("S", actors=[Actor("ap", "Associated Press")],
    ...               reports=[Report("t", "ap", title="Joint strike"), Report("u", "ap")])
    >>> search_reports(story, "associated STRIKE")
    ('t',)
    """
    words = query.casefold().split()
    if not words:
        return ()
    names = {a.id: a.name for a in story.actors}
    found = []
    for report in story.reports:
        haystack = " ".join(filter(None, (
            report.id, names.get(report.actor, report.actor), report.title, report.text,
            *(m.quote for m in report.claims if m.quote),
        ))).casefold()
        if all(word in haystack for word in words):
            found.append(report.id)
    return tuple(found)




def timeline(story: Story) -> tuple[PublicationTime, ...]:
    """The distinct publication times of the story, earliest first."""
    times = {r.published.text: r.published for r in story.reports if r.published is not None}
    return tuple(sorted(times.values(), key=lambda t: (t.sort_key, t.text)))


def published_after(story: Story, moment: PublicationTime) -> frozenset[str]:
    """Reports published after ``moment`` (undated reports are never counted as after)."""
    return frozenset(
        r.id for r in story.reports
        if r.published is not None and r.published.sort_key > moment.sort_key
    )


def step(story: Story, layout: Layout, report_id: str, direction: str) -> str | None:
    """The report one key press away: along a link (``right`` to a report that drew on
    this one, ``left`` to a source) or within the same column (``up``, ``down``).

    Among several candidates the one nearest in height is chosen; None when there is
    nowhere to go.
    """
    here = layout.cards[report_id]
    y = here.y + here.height / 2
    if direction in ("left", "right"):
        sources, targets = neighbours(story, report_id)
        options = [r for r in (targets if direction == "right" else sources)
                   if r in layout.cards and r != report_id]
        if not options:
            return None
        return min(options, key=lambda r: (abs(layout.cards[r].y + layout.cards[r].height / 2
                                               - y), layout.cards[r].x, r))
    if direction in ("up", "down"):
        column = sorted((c for c in layout.cards.values() if c.layer == here.layer),
                        key=lambda c: (c.y, c.report))
        at = [c.report for c in column].index(report_id)
        at += -1 if direction == "up" else 1
        return column[at].report if 0 <= at < len(column) else None
    raise ValueError(f"direction must be left, right, up or down, not {direction!r}")


