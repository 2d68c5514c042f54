"""The story model: actors, claims, reports, claim mentions, links and the story.

Every class is an immutable attrs value. Collections are tuples; unknown keys read
from a story file are kept in ``extra`` so that they survive a round trip. Use
:func:`attrs.evolve` to make a changed copy.

Examples
--------
>>> story = Story(
...     title="Example",
...     actors=(Actor("a", "Agency A"), Actor("b", "Outlet B", kind=ActorKind.NEWSPAPER)),
...     claims=(Claim("c1", "Something happened"),),
...     reports=(
...         Report("r1", "a", claims=(ClaimMention("c1", Stance.IMPLIES),)),
...         Report("r2", "b", claims=(ClaimMention("c1", Stance.ASSERTS),)),
...     ),
...     links=(Link("r1", "r2", Relation.PARAPHRASES),),
... )
>>> story.report("r2").actor, story.actor("b").name
('b', 'Outlet B')
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

import attrs

__all__ = [
    "ActorKind",
    "ReportKind",
    "Stance",
    "Relation",
    "PublicationTime",
    "Actor",
    "Claim",
    "ClaimMention",
    "Report",
    "Link",
    "Account",
    "Genre",
    "Part",
    "Story",
    "OF_ATTRIBUTION",
    "account_story",
    "required_version",
    "STANCE_STRENGTH",
    "TRANSMITTING",
]


class _Choice(str, Enum):
    """A value from the format's lists; prints as the word used in story files."""

    def __str__(self) -> str:
        return str(self.value)


class ActorKind(_Choice):
    """What sort of actor published a report."""

    GOVERNMENT = "government"
    MILITARY = "military"
    STATE_MEDIA = "state_media"
    WIRE_SERVICE = "wire_service"
    NEWSPAPER = "newspaper"
    BROADCASTER = "broadcaster"
    ONLINE_OUTLET = "online_outlet"
    SOCIAL_ACCOUNT = "social_account"
    BLOG = "blog"
    ENCYCLOPEDIA = "encyclopedia"
    FACT_CHECKER = "fact_checker"
    RESEARCHER = "researcher"
    PERSON = "person"
    OTHER = "other"


class ReportKind(_Choice):
    """What sort of publication a report is."""

    STATEMENT = "statement"
    PRESS_RELEASE = "press_release"
    ARTICLE = "article"
    HEADLINE = "headline"
    POST = "post"
    BROADCAST = "broadcast"
    TRANSLATION = "translation"
    ANALYSIS = "analysis"
    DENIAL = "denial"
    CORRECTION = "correction"
    ENCYCLOPEDIA_ENTRY = "encyclopedia_entry"
    PAPER = "paper"
    OTHER = "other"


class Stance(_Choice):
    """How a report carries a claim."""

    ASSERTS = "asserts"
    ATTRIBUTES = "attributes"
    IMPLIES = "implies"
    QUESTIONS = "questions"
    DENIES = "denies"

    @property
    def affirmative(self) -> bool:
        """True for every stance but ``denies``."""
        return self is not Stance.DENIES


class Genre(_Choice):
    """What a report is written as (format version 2): news, or satire not meant as fact."""

    NEWS = "news"
    SATIRE = "satire"


class Part(_Choice):
    """Where in its report a claim mention is (format version 2)."""

    BODY = "body"
    HEADLINE = "headline"


#: The one value of a mention's ``of`` (format version 2): it disputes an attribution.
OF_ATTRIBUTION = "attribution"


#: Strength of each affirmative stance (``denies`` has the opposite polarity).
STANCE_STRENGTH: Mapping[Stance, int] = {
    Stance.ASSERTS: 4,
    Stance.ATTRIBUTES: 3,
    Stance.IMPLIES: 2,
    Stance.QUESTIONS: 1,
}


class Relation(_Choice):
    """How the target of a link drew on its source."""

    QUOTES = "quotes"
    PARAPHRASES = "paraphrases"
    SUMMARIZES = "summarizes"
    TRANSLATES = "translates"
    CITES = "cites"
    REBUTS = "rebuts"
    CORRECTS = "corrects"

    @property
    def transmits(self) -> bool:
        """True when claims travel along a link of this relation."""
        return self in TRANSMITTING


#: The relations along which claims travel.
TRANSMITTING: frozenset[Relation] = frozenset(
    {Relation.QUOTES, Relation.PARAPHRASES, Relation.SUMMARIZES, Relation.TRANSLATES,
     Relation.CITES}
)

_TIME_RE = re.compile(
    r"(\d{4})(?:-(\d{2})(?:-(\d{2})"
    r"(?:T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?"
    r"(Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?",
    re.ASCII,  # digits 0-9 only, not other scripts' digits
)
# What PublicationTime.parse refuses with its own message rather than "not ISO 8601".
_SPACED_TIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}[ \t]+\d{2}:\d{2}.*", re.ASCII | re.DOTALL)
_LONG_FRACTION_RE = re.compile(r"[^.,]*T\d{2}:\d{2}:\d{2}[.,]\d{10,}.*", re.ASCII | re.DOTALL)
#: The most digits a fraction of a second may have (nanoseconds).
MAX_FRACTION_DIGITS = 9
_EPOCH = datetime(1970, 1, 1)
# Offsets in use on Earth run from -12:00 to +14:00: a time without an offset
# could be anywhere in that span.
_EAST = 14 * 3600.0
_WEST = 12 * 3600.0


def _later(start: datetime, end: Callable[[], datetime]) -> datetime:
    """The end of an interval, or the last instant datetime holds (the year 9999)."""
    try:
        return end()
    except (ValueError, OverflowError):
        return datetime.max


@attrs.frozen
class PublicationTime:
    """A publication time as the story gives it: a year, month, day or instant.

    It is an interval: ``2017-01-23`` is the whole day, and a time without an
    offset could be in any time zone. Two times compare sensibly through
    :meth:`definitely_before`.

    Examples
    --------
    >>> day = PublicationTime.parse("2017-01-23")
    >>> noon = PublicationTime.parse("2017-01-23T12:00:00+03:00")
    >>> day.definitely_before(noon), noon.definitely_before(day)
    (False, False)
    >>> PublicationTime.parse("2017-01-22").definitely_before(noon)
    True
    """

    text: str
    #: Start and end of the interval in seconds, read as local wall-clock time.
    local_start: float
    local_end: float
    #: The UTC offset in seconds, or None when the text gives none.
    offset: float | None

    @classmethod
    def parse(cls, text: str) -> PublicationTime:
        """Read an ISO 8601 date (``2017``, ``2017-01``, ``2017-01-23``) or date and time.

        The date and the time are joined by ``T`` (a space is refused, with a message
        that says so); a fraction of a second has at most nine digits; a leap second
        (``23:59:60``) is read as the last second of its minute.

        Raises
        ------
        ValueError
            If ``text`` is not such a date or time.
        """
        match = _TIME_RE.fullmatch(text)
        if match is None:
            if _SPACED_TIME_RE.fullmatch(text):
                raise ValueError("a space between the date and the time: ISO 8601 joins them "
                                 "with T (2017-01-23T12:00)")
            if _LONG_FRACTION_RE.fullmatch(text):
                raise ValueError(f"more than {MAX_FRACTION_DIGITS} digits of a second "
                                 "(nanoseconds are the finest a time may give)")
            raise ValueError("not an ISO 8601 date or date-time (e.g. 2017-01-23T12:00:00+03:00)")
        year, month, day, hour, minute, second, fraction, zone = match.groups()
        # A leap second (23:59:60) is read as the last second of its minute, so that it
        # stays in its minute and its day.
        if second is not None and int(second) > 59:
            if second != "60":
                raise ValueError("not a real time (seconds run from 00 to 59, and 60 for a "
                                 "leap second)")
            second = "59"
        try:
            if month is None:
                start = datetime(int(year), 1, 1)
                end = _later(start, lambda: datetime(int(year) + 1, 1, 1))
            elif day is None:
                start = datetime(int(year), int(month), 1)
                end = _later(start, lambda: (start + timedelta(days=32)).replace(day=1))
            elif hour is None:
                start = datetime(int(year), int(month), int(day))
                end = _later(start, lambda: start + timedelta(days=1))
            else:
                micros = int((fraction or "0")[:6].ljust(6, "0"))
                start = datetime(
                    int(year), int(month), int(day), int(hour), int(minute),
                    int(second or 0), micros,
                )
                step = timedelta(microseconds=1) if fraction else timedelta(
                    seconds=1 if second is not None else 60)
                end = _later(start, lambda: start + step)
        except (ValueError, OverflowError) as err:
            raise ValueError(f"not a real date or time ({err})") from None
        offset: float | None = None
        if zone is not None:
            if zone == "Z":
                offset = 0.0
            else:
                digits = zone[1:].replace(":", "")
                hours, minutes = int(digits[:2]), int(digits[2:] or 0)
                if hours > 18 or minutes > 59:
                    raise ValueError("UTC offset out of range")
                offset = (hours * 3600 + minutes * 60) * (1 if zone[0] == "+" else -1)
        return cls(
            text,
            (start - _EPOCH).total_seconds(),
            (end - _EPOCH).total_seconds(),
            offset,
        )

    @property
    def utc_start(self) -> float:
        """Earliest instant (UTC seconds) the text can mean."""
        return self.local_start - (self.offset if self.offset is not None else _EAST)

    @property
    def utc_end(self) -> float:
        """Latest instant (UTC seconds) the text can mean."""
        return self.local_end - (self.offset if self.offset is not None else -_WEST)

    @property
    def sort_key(self) -> float:
        """A single number for ordering (the middle of the interval, UTC)."""
        base = self.offset if self.offset is not None else 0.0
        return (self.local_start + self.local_end) / 2 - base

    def definitely_before(self, other: PublicationTime) -> bool:
        """True when this time is before ``other`` at the precision both give.

        Times with offsets are compared in UTC. A bare date (or month, or year) is
        compared with the other's calendar date as its publisher wrote it, so
        ``2017-01-22`` is before ``2017-01-23T00:30+03:00`` and ``2017-01-23`` is
        not before any time on the 23rd. A time without an offset could be in any
        zone (UTC-12 to UTC+14) unless both lack one, when they share a zone.
        """
        if self.offset is not None and other.offset is not None:
            return self.utc_end <= other.utc_start
        if not self.has_time or not other.has_time or (
                self.offset is None and other.offset is None):
            return self.local_end <= other.local_start
        return self.utc_end <= other.utc_start

    @property
    def has_time(self) -> bool:
        """True when the text gives a time of day, not only a date."""
        return self.local_end - self.local_start <= 60

    def __str__(self) -> str:
        return self.text


def _mentions(items: Iterable[ClaimMention]) -> tuple[ClaimMention, ...]:
    return tuple(items)


def _actors(items: Iterable[Actor]) -> tuple[Actor, ...]:
    return tuple(items)


def _claims(items: Iterable[Claim]) -> tuple[Claim, ...]:
    return tuple(items)


def _reports(items: Iterable[Report]) -> tuple[Report, ...]:
    return tuple(items)


def _links(items: Iterable[Link]) -> tuple[Link, ...]:
    return tuple(items)


def _ids(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(items)


def _accounts_field() -> Any:
    return attrs.field(default=(), kw_only=True, converter=_ids)


def _extra_field() -> Any:
    return attrs.field(factory=dict, kw_only=True, eq=True, hash=False, repr=False)


def _optional_str() -> Any:
    return attrs.field(default=None, kw_only=True)


@attrs.frozen
class Actor:
    """Someone who publishes: a ministry, an outlet, an account, a person."""

    id: str
    name: str
    kind: ActorKind = ActorKind.OTHER
    country: str | None = _optional_str()
    url: str | None = _optional_str()
    audience: float | None = _optional_str()
    #: Keys of the story file this library does not know, kept for the round trip.
    extra: Mapping[str, Any] = _extra_field()


@attrs.frozen
class Claim:
    """One short, checkable proposition."""

    id: str
    text: str
    #: Version 2: the claim this one is context for ("in mice" qualifies "X cures Y").
    qualifies: str | None = _optional_str()
    extra: Mapping[str, Any] = _extra_field()


@attrs.frozen
class ClaimMention:
    """A claim as one report carries it: with which stance, attributed to whom."""

    claim: str
    stance: Stance
    holder: str | None = _optional_str()
    quote: str | None = _optional_str()
    #: Overrides the report's ``firsthand`` for this one claim.
    firsthand: bool | None = _optional_str()
    #: Version 2: in the headline or the body of its report.
    part: Part = attrs.field(default=Part.BODY, kw_only=True)
    #: Version 2: ``"attribution"`` on a denial that ``holder`` ever said the claim.
    of: str | None = _optional_str()
    #: Version 2: a denial said with doubt ("probably not true").
    hedged: bool = attrs.field(default=False, kw_only=True)
    #: Version 2: the accounts this mention belongs to (empty: every account).
    accounts: tuple[str, ...] = _accounts_field()
    extra: Mapping[str, Any] = _extra_field()

    @property
    def disputes_attribution(self) -> bool:
        """True for a denial that the holder ever said the claim (``of: attribution``)."""
        return self.of == OF_ATTRIBUTION


@attrs.frozen
class Report:
    """Something an actor published: a statement, an article, a tweet, a headline."""

    id: str
    actor: str
    kind: ReportKind = ReportKind.OTHER
    published: PublicationTime | None = _optional_str()
    title: str | None = _optional_str()
    text: str | None = _optional_str()
    url: str | None = _optional_str()
    language: str | None = _optional_str()
    #: As given in the file; None means "the default" (see :meth:`Story.is_firsthand`).
    firsthand: bool | None = _optional_str()
    claims: tuple[ClaimMention, ...] = attrs.field(default=(), kw_only=True, converter=_mentions)
    #: Version 2: satire says nothing as fact.
    genre: Genre = attrs.field(default=Genre.NEWS, kw_only=True)
    #: Version 2: the accounts this report belongs to (empty: every account).
    accounts: tuple[str, ...] = _accounts_field()
    extra: Mapping[str, Any] = _extra_field()


@attrs.frozen
class Link:
    """The target report drew on the source report."""

    source: str
    target: str
    relation: Relation = Relation.CITES
    confidence: float = attrs.field(default=1.0, kw_only=True)
    note: str | None = _optional_str()
    #: Version 2: the accounts this link belongs to (empty: every account).
    accounts: tuple[str, ...] = _accounts_field()
    extra: Mapping[str, Any] = _extra_field()

    @property
    def transmits(self) -> bool:
        """True when claims travel along this link."""
        return self.relation in TRANSMITTING


@attrs.frozen
class Account:
    """Version 2: one of the competing versions of a story (what the ministry says...)."""

    id: str
    name: str
    #: The actor who gives this account, where one does.
    by: str | None = _optional_str()
    summary: str | None = _optional_str()
    url: str | None = _optional_str()
    extra: Mapping[str, Any] = _extra_field()


def _accounts(items: Iterable[Account]) -> tuple[Account, ...]:
    return tuple(items)


@attrs.frozen
class Story:
    """A whole story: who published what, drawing on whom, carrying which claims.

    Build one in code (its references are not checked), or read one with
    :func:`provenance.load`, which checks them and reports every problem at once.

    Notes
    -----
    A story keeps what is derived from it and asked for again in ``_cache``, which is
    not part of its value (equality, hash and repr ignore it): its id indexes
    (``_index``) and the reports a transmitting link feeds, here; the networkx graph,
    by :func:`provenance.graph.story_graph`; the fast reader's columns, by
    :func:`provenance.columns.attach_columns`; the pairs of claim and holder a report
    denies the holder said, by :mod:`provenance.wording.account`. Those modules are the
    only others to use
    it, each under its own key; the cache is the package's private business. Since the
    story is frozen, what is cached never goes stale.
    """

    title: str
    summary: str | None = _optional_str()
    actors: tuple[Actor, ...] = attrs.field(
        default=(), kw_only=True, converter=_actors)
    claims: tuple[Claim, ...] = attrs.field(
        default=(), kw_only=True, converter=_claims)
    reports: tuple[Report, ...] = attrs.field(
        default=(), kw_only=True, converter=_reports)
    links: tuple[Link, ...] = attrs.field(
        default=(), kw_only=True, converter=_links)
    #: Version 2: the competing accounts (empty: one story, as in version 1).
    accounts: tuple[Account, ...] = attrs.field(
        default=(), kw_only=True, converter=_accounts)
    extra: Mapping[str, Any] = _extra_field()
    _cache: dict[str, Any] = attrs.field(
        factory=dict, init=False, eq=False, hash=False, repr=False
    )

    def _index(self, name: str) -> dict[str, Any]:
        index: dict[str, Any] | None = self._cache.get(name)
        if index is None:
            items = getattr(self, name)
            index = {item.id: item for item in items}
            self._cache[name] = index
        return index

    def actor(self, actor_id: str) -> Actor:
        """The actor with this id (``KeyError`` if there is none)."""
        actor: Actor = self._index("actors")[actor_id]
        return actor

    def claim(self, claim_id: str) -> Claim:
        """The claim with this id (``KeyError`` if there is none)."""
        claim: Claim = self._index("claims")[claim_id]
        return claim

    def report(self, report_id: str) -> Report:
        """The report with this id (``KeyError`` if there is none)."""
        report: Report = self._index("reports")[report_id]
        return report

    def is_firsthand(self, report_id: str, claim_id: str | None = None) -> bool:
        """Whether the report (or its mention of ``claim_id``) speaks firsthand.

        The default, when the file says nothing, is true for a report that no
        transmitting link feeds, false otherwise.
        """
        report = self.report(report_id)
        if claim_id is not None:
            for mention in report.claims:
                if mention.claim == claim_id and mention.firsthand is not None:
                    return mention.firsthand
        if report.firsthand is not None:
            return report.firsthand
        fed: set[str] | None = self._cache.get("fed")
        if fed is None:
            fed = {link.target for link in self.links if link.relation in TRANSMITTING}
            self._cache["fed"] = fed
        return report_id not in fed

    def __repr__(self) -> str:
        """One short line, whatever the story's size: its title and its counts.

        >>> Story("Demo", actors=[Actor("a", "A")], reports=[Report("r", "a")])
        <Story 'Demo': 1 report, 0 links, 1 actor, 0 claims>
        """
        title = self.title if len(self.title) <= 60 else self.title[:59] + "…"
        counts = ", ".join(
            f"{len(items):,} {name}{'' if len(items) == 1 else 's'}"
            for name, items in (("report", self.reports), ("link", self.links),
                                ("actor", self.actors), ("claim", self.claims)))
        return f"<Story {title!r}: {counts}>"


def _in(accounts: tuple[str, ...], account_id: str) -> bool:
    return not accounts or account_id in accounts


def account_story(story: Story, account_id: str) -> Story:
    """The story as one of its accounts tells it: the items that belong to that account.

    Items without ``accounts`` belong to every account. The result has no accounts of
    its own and no item keeps its ``accounts``, so it is analysed as a version 1 story
    would be. ``KeyError`` if the story has no such account.

    >>> s = Story("S", accounts=[Account("a", "A"), Account("b", "B")],
    ...           actors=[Actor("x", "X")],
    ...           reports=[Report("r1", "x"), Report("r2", "x", accounts=["b"])])
    >>> [r.id for r in account_story(s, "a").reports]
    ['r1']
    """
    if account_id not in {a.id for a in story.accounts}:
        raise KeyError(account_id)
    reports = tuple(
        attrs.evolve(r, accounts=(), claims=tuple(
            attrs.evolve(m, accounts=()) for m in r.claims if _in(m.accounts, account_id)))
        for r in story.reports if _in(r.accounts, account_id))
    links = tuple(attrs.evolve(link, accounts=())
                  for link in story.links if _in(link.accounts, account_id))
    return attrs.evolve(story, reports=reports, links=links, accounts=())


def required_version(story: Story) -> int:
    """The lowest format version that holds ``story``: 2 if it uses a version 2 feature.

    >>> required_version(Story("S"))
    1
    >>> required_version(Story("S", claims=[Claim("q", "in mice", qualifies="c")]))
    2
    """
    if story.accounts or any(c.qualifies is not None for c in story.claims):
        return 2
    if any(link.accounts for link in story.links):
        return 2
    for report in story.reports:
        if report.genre is not Genre.NEWS or report.accounts:
            return 2
        for m in report.claims:
            if m.part is not Part.BODY or m.of is not None or m.hedged or m.accounts:
                return 2
    return 1
