"""The viewer's state without Qt: selection, claim lens, search and replay, and what
each lights or dims, as sets of ids (:class:`ViewState`); and the questions behind
them: search, the timeline, replay and keyboard steps.

The viewer (``gui/``) maps a state to its items and a user's action to a transition;
the rules live here, where a test needs no screen.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

import attrs

from .analysis import Analysis
from .drawing.layout import Layout
from .drawing.picture import LegendEntry, claim_lens, legend_entries
from .errors import ProvenanceError
from .graph import answering_links, lineage, neighbours
from .model import PublicationTime, Story
from .wording import time_text

if TYPE_CHECKING:
    from .drift.estimate import LinkDrift


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


def pair_link(story: Story, source: str, target: str) -> int | None:
    """The index of the link that answers for the pair ``source → target``
    (:func:`provenance.graph.answering_links`); None when no link joins them.

    >>> from provenance.model import Story, Actor, Report, Link, Relation
    >>> story = Story("S", actors=[Actor("a", "A")], reports=[Report("r", "a"), Report("s", "a")],
    ...               links=[Link("r", "s", Relation.REBUTS), Link("r", "s")])
    >>> pair_link(story, "r", "s"), pair_link(story, "s", "r")
    (1, None)
    """
    return answering_links(story).get((source, target))


@attrs.frozen(eq=False)
class ViewState:
    """What the viewer shows of a story, without Qt: the selection (a report, a link
    or nothing), the claim lens, the search and the replay moment, and what they
    light and dim.

    Every change is a method that returns a new state; the viewer maps a state to
    its items and never decides on its own. The rules, once:

    * a report chosen by hand (a click, a key, the analysis panel) lights its
      lineage: every report upstream and downstream of it (:func:`~provenance.graph.lineage`);
    * a search lights its matches and selects the first one, whose lineage is
      *not* lit (the matches stay lit); an empty query searches for nothing;
    * the replay dims the reports published after its moment (undated ones stay);
    * what any lens dims is dimmed: a report is lit only when every lens lets it;
    * a link is dimmed when a report it joins is, except the selected link;
    * the claim lens dims nothing: it greys the reports that do not carry the claim
      (:attr:`greyed`) and recolours the rest.

    >>> from provenance.model import Story, Actor, Report, Link
    >>> from provenance.analysis import analyze
    >>> story = Story("S", actors=[Actor("a", "Agency")],
    ...               reports=[Report("r1", "a"), Report("r2", "a"), Report("r3", "a")],
    ...               links=[Link("r1", "r2")])
    >>> state = ViewState(story, analyze(story)).select_report("r2")
    >>> sorted(state.lit_reports), sorted(state.dimmed_reports)
    (['r1', 'r2'], ['r3'])
    >>> state.clear().dimmed_reports
    frozenset()
    """

    story: Story
    analysis: Analysis
    #: The likely point estimated from the words, where the story has one (the legend
    #: rings it).
    estimate: LinkDrift | None = attrs.field(default=None, repr=False)
    #: The selected report's id, or None.
    report: str | None = None
    #: The selected link's index in ``story.links``, or None.
    link: int | None = None
    #: The reports the lineage lens lights (the hand-picked report's lineage), or None.
    lineage: frozenset[str] | None = attrs.field(default=None, repr=False)
    claim: str | None = None
    #: The search as typed, and the reports it found (story order).
    query: str = ""
    matches: tuple[str, ...] = attrs.field(default=(), repr=False)
    #: The replay's moment; None shows every report (the end of the timeline).
    moment: PublicationTime | None = None
    #: The reports published after ``moment``.
    after: frozenset[str] = attrs.field(default=frozenset(), repr=False)
    #: The report the view should move to after this change (None: stay where it is).
    centre: str | None = None
    #: The story's distinct publication times (:func:`timeline`), worked out once.
    times: tuple[PublicationTime, ...] = attrs.field(
        default=attrs.Factory(lambda self: timeline(self.story), takes_self=True), repr=False)

    # ------------------------------------------------------------ transitions
    def select_report(self, report_id: str, centre: bool = True) -> ViewState:
        """Select a report by hand: its lineage is lit; ``centre`` moves the view to it
        (a click does not: the card is already where the pointer is).

        Raises
        ------
        ProvenanceError
            If the story has no such report.
        """
        return attrs.evolve(self, report=report_id, link=None,
                            lineage=lineage(self.story, report_id).related,
                            centre=report_id if centre else None)

    def select_link(self, index: int) -> ViewState:
        """Select the link ``story.links[index]``: the lineage lens goes with the report."""
        if not 0 <= index < len(self.story.links):
            raise ProvenanceError(f"the story has no link number {index}")
        return attrs.evolve(self, report=None, link=index, lineage=None, centre=None)

    def select_point(self) -> ViewState:
        """Select the point of distortion; unchanged when there is none."""
        point = self.analysis.point_of_distortion
        return self.select_report(point.report) if point is not None else self._still()

    def navigate(self, layout: Layout, direction: str) -> ViewState:
        """One key press (``left``, ``right``, ``up``, ``down``, see :func:`step`) from
        the selected report; with none selected, to the point of distortion."""
        if self.report is None:
            return self.select_point()
        target = step(self.story, layout, self.report, direction)
        return self.select_report(target) if target is not None else self._still()

    def clear_selection(self) -> ViewState:
        """Nothing selected (a click on empty space); the search and replay stay."""
        return attrs.evolve(self, report=None, link=None, lineage=None, centre=None)

    def clear(self) -> ViewState:
        """Esc: no selection, no search, the replay at the end; the claim lens stays."""
        return attrs.evolve(self, report=None, link=None, lineage=None, query="",
                            matches=(), moment=None, after=frozenset(), centre=None)

    def set_claim(self, claim_id: str | None) -> ViewState:
        """The claim lens on ``claim_id`` (None: every claim, cards by actor kind).

        Raises
        ------
        ProvenanceError
            If the story has no such claim.
        """
        if claim_id is not None and claim_id not in {c.id for c in self.story.claims}:
            raise ProvenanceError(f'the story has no claim "{claim_id}"')
        return attrs.evolve(self, claim=claim_id, centre=None)

    def search(self, query: str) -> ViewState:
        """Search for ``query`` (:func:`search_reports`): the first match is selected and
        the view moves to it; no match selects nothing; an empty query ends the search
        and leaves the selection as it is."""
        if not query.strip():
            return attrs.evolve(self, query=query, matches=(), centre=None)
        matches = search_reports(self.story, query)
        first = matches[0] if matches else None
        return attrs.evolve(self, query=query, matches=matches, report=first, link=None,
                            lineage=None, centre=first)

    def next_match(self) -> ViewState:
        """Enter: the match after the selected report (the first when it is none of
        them), round to the first again; unchanged without matches."""
        if not self.matches:
            return self._still()
        at = self.matches.index(self.report) + 1 if self.report in self.matches else 0
        chosen = self.matches[at % len(self.matches)]
        return attrs.evolve(self, report=chosen, link=None, lineage=None, centre=chosen)

    def replay_to(self, moment: PublicationTime | None) -> ViewState:
        """Replay the spread up to ``moment``, one of :attr:`times` (None, or the last
        time: every report)."""
        if moment is not None and moment not in self.times:
            raise ProvenanceError(f"{moment.text} is not a publication time of the story")
        if moment is None or moment == self.times[-1]:
            return attrs.evolve(self, moment=None, after=frozenset(), centre=None)
        return attrs.evolve(self, moment=moment, after=published_after(self.story, moment),
                            centre=None)

    def _still(self) -> ViewState:
        return self if self.centre is None else attrs.evolve(self, centre=None)

    # ------------------------------------------------------------ answers
    @property
    def searching(self) -> bool:
        """True while a query is typed (even one that matches nothing)."""
        return bool(self.query.strip())

    @cached_property
    def dimmed_reports(self) -> frozenset[str]:
        """The reports some lens dims."""
        dimmed = set(self.after)
        if self.lineage is not None or self.searching:
            everyone = {r.id for r in self.story.reports}
            if self.lineage is not None:
                dimmed |= everyone - self.lineage
            if self.searching:
                dimmed |= everyone.difference(self.matches)
        return frozenset(dimmed)

    @cached_property
    def lit_reports(self) -> frozenset[str]:
        """The reports every lens lets through."""
        dimmed = self.dimmed_reports
        return frozenset(r.id for r in self.story.reports if r.id not in dimmed)

    @cached_property
    def dimmed_links(self) -> frozenset[int]:
        """The links (indices in ``story.links``) that join a dimmed report, but the
        selected one."""
        dimmed = self.dimmed_reports
        if not dimmed:
            return frozenset()
        return frozenset(i for i, k in enumerate(self.story.links)
                         if i != self.link and (k.source in dimmed or k.target in dimmed))

    @cached_property
    def lit_links(self) -> frozenset[int]:
        """Every other link."""
        return frozenset(range(len(self.story.links))) - self.dimmed_links

    @cached_property
    def greyed(self) -> frozenset[str]:
        """The reports the claim lens greys: those that do not carry its claim."""
        if self.claim is None:
            return frozenset()
        lens = claim_lens(self.story, self.analysis, self.claim)
        return frozenset(rid for rid, view in lens.items() if not view.carries)

    def legend(self) -> list[LegendEntry]:
        """What the picture in this state needs explained."""
        return legend_entries(self.story, self.analysis, self.claim, estimate=self.estimate)

    @property
    def replay_index(self) -> int:
        """The replay moment's place in :attr:`times` (the last one for every report)."""
        if self.moment is None:
            return max(0, len(self.times) - 1)
        return self.times.index(self.moment)

    @property
    def replay_label(self) -> str:
        """What the replay shows, beside its slider: "all (2020-01-03)", "until 2020-01-01"."""
        if not self.times:
            return "no dates"
        if self.moment is None:
            return f"all ({time_text(self.times[-1])})"
        return f"until {time_text(self.moment)}"

    @property
    def status(self) -> str:
        """The status bar's message: what the search found and what the replay shows,
        else what the story holds."""
        said = []
        if self.searching:
            count = len(self.matches)
            if count:
                more = " (Enter: next)" if count > 1 else ""
                said.append(f"{count} report{'s' if count != 1 else ''} match "
                            f"“{self.query}”{more}")
            else:
                said.append(f"No report matches “{self.query}”")
        if self.moment is not None:
            total = len(self.story.reports)
            said.append(f"Replay: {total - len(self.after)} of {total} reports published by "
                        f"{time_text(self.moment)} (undated ones always shown)")
        if said:
            return "; ".join(said)
        return (f"{len(self.story.reports)} reports, {len(self.story.links)} links, "
                f"{len(self.analysis.distortions)} distortion(s)")
